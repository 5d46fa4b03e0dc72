"""Upload → parse → match → weight → embed → cluster → store, in one transaction at the end."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from src.application.match_report import MatchReport
from src.application.ports.collaborative import CollaborativeRefresh
from src.application.ports.history import HistoryParser, MatchResult, MovieMatcher
from src.application.ports.progress import NoProgress, Progress
from src.application.ports.unit_of_work import UnitOfWork
from src.application.profile_inputs import BuiltProfile, ProfileFromHistory
from src.application.storable_text import storable_history
from src.application.taste_profile_builder import TasteProfileBuilder
from src.domain.errors import InvalidInputError, NextStep, UnreadableHistoryError, UserNotFoundError
from src.domain.history import ParsedHistory, WatchEntry
from src.domain.profile import TasteProfile, UserId
from src.domain.profile_window import ProfileWindow

log = logging.getLogger(__name__)
DEFAULT_MAX_ROWS = 50_000
# the stages a background import reports (done = stages finished, of len(STAGES))
STAGES = ("parsing", "matching", "embedding", "clustering", "storing", "collaborative model")


@dataclass(frozen=True, kw_only=True)
class ImportWatchHistoryCommand:
    user_id: UserId
    data: bytes
    filename: str | None = None
    format: str | None = None
    mode: Literal["replace", "append"] = "replace"
    window: ProfileWindow | None = None  # stored on the user with the import; None: keep the stored one


@dataclass(kw_only=True)
class HistoryImportReport:
    """What matching the file found (the same MatchReport a list import gives), and the profile built."""

    match: MatchReport
    rating_scale: str | None
    mode: str
    distinct_movies: int
    liked_count: int
    profile: TasteProfile
    timings: dict[str, float] = field(default_factory=dict)


class ImportWatchHistory:
    """Everything slow (parsing, matching, embedding, clustering) happens before the transaction opens;
    the history and profile are then replaced together under a per-user lock, so a failed import leaves
    the previous profile exactly as it was and concurrent uploads for one user are serialised.
    Append mode takes the per-user lock before it reads the stored history and keeps it (one
    transaction) until the merged history is written, so concurrent appends all survive.
    After the commit, `collaborative` is told (it rebuilds the shared model when enough changed); its
    failure never fails the import.
    More than `max_rows` rows (in append mode: together with the stored history) is refused with an
    InvalidInputError naming the count and the limit, before any matching."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        parser: HistoryParser,
        matcher: MovieMatcher,
        builder: TasteProfileBuilder,
        today: Callable[[], date] = date.today,
        max_rows: int = DEFAULT_MAX_ROWS,
        collaborative: CollaborativeRefresh | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._collaborative = collaborative
        self._max_rows = max_rows
        self._parser = parser
        self._matcher = matcher
        self._builder = builder
        self._today = today
        self._progress: Progress = NoProgress()

    async def validate(self, cmd: ImportWatchHistoryCommand) -> int:
        """Parse only, raising what execute() would raise for the file itself (unreadable, no rows,
        over the row limit); returns the rows read. An upload is checked this way before it becomes a
        background job, so a bad file is still refused at once."""
        parsed = await asyncio.to_thread(
            self._parser.parse, cmd.data, filename=cmd.filename, format=cmd.format
        )
        _require_rows(parsed)
        _within_limit(parsed.rows_read, self._max_rows, "the file has")
        return parsed.rows_read

    async def execute(
        self, cmd: ImportWatchHistoryCommand, progress: Progress | None = None
    ) -> HistoryImportReport:
        """`progress` hears of each stage in STAGES as it starts (a background job reports it)."""
        t: dict[str, float] = {}
        self._progress = progress or NoProgress()
        self._stage("parsing")
        clock = time.perf_counter()
        parsed = await asyncio.to_thread(
            self._parser.parse, cmd.data, filename=cmd.filename, format=cmd.format
        )
        parsed = storable_history(parsed)  # no NUL or other control characters reach the database
        _require_rows(parsed)
        _within_limit(parsed.rows_read, self._max_rows, "the file has")
        t["parse"], clock = time.perf_counter() - clock, time.perf_counter()
        entries = list(parsed.entries)
        async with self._uow_factory() as uow:
            if cmd.mode == "append":
                # Lock first, then read, merge and write in this one transaction: two appends for one
                # user are serialised, so neither is built on a stale read (the last writer won before).
                await uow.users.lock(cmd.user_id)
            if await uow.users.get(cmd.user_id) is None:
                raise UserNotFoundError(f"no user {cmd.user_id}: create one", next_step=NextStep.CREATE_USER)
            window = cmd.window or await uow.seeds.window(cmd.user_id)
            if cmd.mode == "append":
                old = await uow.histories.load(cmd.user_id)
                flags = [w.in_profile for w in old] + [True] * len(entries)  # left-out films stay out
                entries = [w.entry for w in old] + entries
                _within_limit(len(entries), self._max_rows, "with the stored history, the import has")
                built = await self._build(cmd.user_id, entries, t, window, flags)
                self._stage("storing")
                clock = time.perf_counter()
                await uow.histories.replace(cmd.user_id, built.stored)
                await uow.profiles.save(built.profile)
                if cmd.window is not None:
                    await uow.seeds.set_window(cmd.user_id, cmd.window)
                await uow.commit()
        if cmd.mode != "append":
            built = await self._build(cmd.user_id, entries, t, window)
            self._stage("storing")
            clock = time.perf_counter()
            async with self._uow_factory() as uow:
                await uow.users.lock(cmd.user_id)
                if await uow.users.get(cmd.user_id) is None:  # deleted while we worked
                    raise UserNotFoundError(f"user {cmd.user_id} was deleted during the import")
                await uow.histories.replace(cmd.user_id, built.stored)
                await uow.profiles.save(built.profile)
                if cmd.window is not None:
                    await uow.seeds.set_window(cmd.user_id, cmd.window)
                await uow.commit()
        t["store"], clock = time.perf_counter() - clock, time.perf_counter()
        self._stage("collaborative model")
        await self._refresh_collaborative()
        t["collaborative"] = time.perf_counter() - clock
        self._progress.finish()
        return _report(parsed, cmd.mode, built.matches, built.distinct, built.liked, built.profile, t)

    async def _build(
        self, user_id: UserId, entries: list[WatchEntry], t: dict[str, float], window: ProfileWindow,
        in_profile: list[bool] | None = None,
    ) -> BuiltProfile:
        """Match, weight, embed and cluster `entries` (timings added to `t`): profile_inputs.py."""
        return await ProfileFromHistory(self._matcher, self._builder, self._today).build(
            user_id, entries, window=window, in_profile=in_profile, stage=self._stage, timings=t
        )

    def _stage(self, name: str) -> None:
        self._progress.start(name, len(STAGES))
        self._progress.advance(STAGES.index(name))

    async def _refresh_collaborative(self) -> None:
        """After the commit: rebuild the collaborative model if enough changed. The import has already
        succeeded, so a failed rebuild is logged, never raised (the next import or `cinemai cf rebuild`
        tries again)."""
        if self._collaborative is None:
            return
        try:
            await self._collaborative.refresh_if_stale()
        except Exception:
            log.exception("collaborative model rebuild after an import failed; the import is kept")


def _within_limit(rows: int, limit: int, what: str) -> None:
    if rows > limit:
        raise InvalidInputError(
            f"{what} {rows:,} rows; the limit is {limit:,}. Split the file or keep the most recent rows.",
            details={"rows": rows, "limit": limit},
        )


def _require_rows(parsed: ParsedHistory) -> None:
    if parsed.entries:
        return
    if parsed.rejected:
        first = "; ".join(f"line {r.line}: {r.reason}" for r in parsed.rejected[:3])
        raise UnreadableHistoryError(
            f"none of the {parsed.rows_read} rows could be read ({first})",
            details={"rejected": [{"line": r.line, "reason": r.reason} for r in parsed.rejected[:50]]},
        )
    raise UnreadableHistoryError(
        f"the file has no movies to import ({len(parsed.skipped)} rows were series episodes or TV titles)"
        if parsed.skipped
        else "the file has no rows"
    )


def _report(
    parsed: ParsedHistory,
    mode: str,
    matches: list[MatchResult],
    distinct: int,
    liked: int,
    profile: TasteProfile,
    timings: dict[str, float],
) -> HistoryImportReport:
    return HistoryImportReport(
        match=MatchReport.of(parsed, matches),
        rating_scale=parsed.rating_scale,
        mode=mode,
        distinct_movies=distinct,
        liked_count=liked,
        profile=profile,
        timings={k: round(v, 4) for k, v in timings.items()},
    )

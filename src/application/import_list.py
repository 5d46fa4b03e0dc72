"""A list file → matched list items, stored for one user in one transaction (a watchlist, an include
list or an exclude list). Rows are matched exactly like a history's, and the match report is the same."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from src.application.import_watch_history import DEFAULT_MAX_ROWS
from src.application.match_report import MatchReport
from src.application.ports.history import MatchResult, MovieMatcher
from src.application.ports.lists import ListFileReader, ParsedList
from src.application.ports.unit_of_work import UnitOfWork
from src.application.storable_text import storable_history
from src.domain.errors import InvalidInputError, NextStep, UnreadableHistoryError, UserNotFoundError
from src.domain.history import ParsedHistory
from src.domain.profile import UserId
from src.domain.user_list import LIST_KINDS, ListItem, ListKind, UserList

NAME_CHARS = 200


@dataclass(frozen=True, kw_only=True)
class ImportListCommand:
    user_id: UserId
    data: bytes
    kind: ListKind = "watchlist"
    name: str | None = None
    member: str | None = None  # a file inside a Letterboxd export zip (default watchlist.csv)
    standing: bool = False  # exclude lists: apply to every recommendation request

    def __post_init__(self) -> None:
        if self.kind not in LIST_KINDS:
            raise InvalidInputError(f"kind must be one of {', '.join(LIST_KINDS)} (got {self.kind!r})")
        if self.standing and self.kind != "exclude":
            raise InvalidInputError("only an exclude list can be standing (applied to every request)")


@dataclass(frozen=True, kw_only=True)
class ListImportReport:
    """The stored list and what matching its file found (the same MatchReport a history import gives)."""

    saved: UserList
    match: MatchReport


class ImportList:
    """Parsing and matching happen before the transaction opens; the list is then stored at once.
    More than `max_rows` rows is refused (while reading, by the reader; here for formats counted after
    parsing) with an InvalidInputError naming the count and the limit."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        reader: ListFileReader,
        matcher: MovieMatcher,
        *,
        model: str,
        max_rows: int = DEFAULT_MAX_ROWS,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow_factory = uow_factory
        self._reader = reader
        self._matcher = matcher
        self._model = model
        self._max_rows = max_rows
        self._now = now

    async def execute(self, cmd: ImportListCommand) -> ListImportReport:
        parsed = await asyncio.to_thread(self._reader.read, cmd.data, member=cmd.member)
        return await self._store(cmd, parsed)

    async def from_export(self, user_id: UserId, data: bytes) -> ListImportReport | None:
        """The watchlist inside a Letterboxd export zip, stored as the user's watchlist; None when the
        upload is not a zip or has no (non-empty) watchlist.csv."""
        parsed = await asyncio.to_thread(self._reader.watchlist, data)
        if parsed is None or not parsed.history.entries:
            return None
        return await self._store(ImportListCommand(user_id=user_id, data=b"", kind="watchlist"), parsed)

    async def _store(self, cmd: ImportListCommand, parsed: ParsedList) -> ListImportReport:
        history = storable_history(parsed.history)
        _require_rows(history)
        if history.rows_read > self._max_rows:
            raise InvalidInputError(
                f"the file has {history.rows_read:,} rows; the limit is {self._max_rows:,}",
                details={"rows": history.rows_read, "limit": self._max_rows},
            )
        matches = await self._matcher.match(history.entries, model=self._model)
        items = _items(matches)
        name = (cmd.name or parsed.name or _default_name(cmd.kind)).strip()[:NAME_CHARS]
        user_list = UserList(
            id=0,
            user_id=cmd.user_id,
            name=name,
            kind=cmd.kind,
            format=history.format,
            standing=cmd.standing,
            created_at=self._now(),
            items=items,
            item_count=len(items),
        )
        async with self._uow_factory() as uow:
            if await uow.users.get(cmd.user_id) is None:
                raise UserNotFoundError(f"no user {cmd.user_id}: create one", next_step=NextStep.CREATE_USER)
            user_list.id = await uow.lists.add(user_list)
            await uow.commit()
        return ListImportReport(saved=user_list, match=MatchReport.of(history, matches))


def _items(matches: list[MatchResult]) -> list[ListItem]:
    """One item per film: a film listed twice (or two rows matching one film) is kept once."""
    seen: set[object] = set()
    items = []
    for m in matches:
        key: object = m.movie.id if m.movie is not None else (m.entry.title.casefold(), m.entry.year)
        if key in seen:
            continue
        seen.add(key)
        items.append(
            ListItem(
                line=m.entry.line,
                title=m.entry.title,
                year=m.entry.year,
                movie_id=m.movie.id if m.movie is not None else None,
                match_method=m.method,
            )
        )
    return items


def _default_name(kind: ListKind) -> str:
    return {"watchlist": "Watchlist", "include": "Include list", "exclude": "Never show these"}[kind]


def _require_rows(parsed: ParsedHistory) -> None:
    if parsed.entries:
        return
    if parsed.rejected:
        first = "; ".join(f"line {r.line}: {r.reason}" for r in parsed.rejected[:3])
        raise UnreadableHistoryError(f"none of the {parsed.rows_read} rows could be read ({first})")
    raise UnreadableHistoryError("the list has no films")



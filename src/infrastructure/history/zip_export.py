"""The whole Letterboxd export .zip: ratings.csv, diary.csv and watched.csv merged per film.

Members are looked up at the archive root, else at the shallowest folder that is not deleted/ or
orphaned/ (Letterboxd keeps removed entries there); reviews.csv, lists/ and the rest are ignored
(reviews repeat diary entries). A film is identified by normalised title + year. Each film gets
one entry (rewatch=False): its watch date from the diary's first viewing, else watched.csv, else
ratings.csv; its rating from ratings.csv, else that first diary row. Every further diary row for the
film is a rewatch=True entry with its own date and rating. Films only in watched.csv are unrated.
An entry's `line` is the line in the file it came from; rejected rows name their file in the reason.
`rows_read` counts films and rewatches after merging (plus rejected and skipped rows), so that it
equals entries + rejected + skipped as for every other format.

Hostile archives: more than `max_members` members, or more than `max_bytes` uncompressed (declared
or actually read), or a corrupt/encrypted archive → UnreadableHistoryError.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from datetime import date

from src.domain.errors import InvalidInputError, UnreadableHistoryError
from src.domain.history import ParsedHistory, RejectedRow, SkippedRow, WatchEntry
from src.infrastructure.history.letterboxd import KINDS, parse_letterboxd
from src.infrastructure.history.rows import film_key
from src.infrastructure.history.text import NO_ROWS, read_table
from src.infrastructure.history.values import LETTERBOXD_STARS

ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
)
_IGNORED_FOLDERS = ("deleted/", "orphaned/")


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def parse_letterboxd_zip(
    data: bytes, *, max_bytes: int, max_members: int, max_rows: int | None = None
) -> ParsedHistory:
    """max_rows: each member's rows are counted as read (before rewatches are merged) and the members
    together may hold at most max_rows rows."""
    members = _members(data, max_bytes=max_bytes, max_members=max_members)
    parsed: dict[str, ParsedHistory] = {}
    budget = max_rows
    for kind, raw in members.items():
        if history := _parse_member(kind, raw, budget):
            parsed[kind] = history
            if budget is not None:
                budget -= history.rows_read
                if budget < 0:
                    raise InvalidInputError(
                        f"the zip's csv files have more than {max_rows:,} rows; the limit is {max_rows:,}",
                        details={"limit": max_rows},
                    )
    if not parsed:
        raise UnreadableHistoryError(f"{NO_ROWS} (the export's {', '.join(members)} csv files are empty)")
    films: dict[tuple[str, int | None], _Film] = {}
    for kind in ("diary", "ratings", "watched"):
        for entry in parsed[kind].entries if kind in parsed else ():
            films.setdefault(film_key(entry), _Film()).add(kind, entry)
    entries = [entry for film in films.values() for entry in film.merged()]
    rejected = [
        RejectedRow(r.line, f"{kind}.csv: {r.reason}", r.raw)
        for kind, p in parsed.items()
        for r in p.rejected
    ]
    skipped = [
        SkippedRow(s.line, s.title, f"{kind}.csv: {s.reason}")
        for kind, p in parsed.items()
        for s in p.skipped
    ]
    rated = any(e.rating is not None for e in entries)
    return ParsedHistory(
        format="letterboxd_zip",
        rating_scale=LETTERBOXD_STARS.label if rated else None,
        rows_read=len(entries) + len(rejected) + len(skipped),
        entries=entries,
        rejected=rejected,
        skipped=skipped,
        encoding=parsed[next(iter(parsed))].encoding,
        delimiter=",",
    )


def _parse_member(kind: str, raw: bytes, max_rows: int | None = None) -> ParsedHistory | None:
    """The member parsed, None when it has no rows (a new account's diary.csv is header-only)."""
    try:
        return parse_letterboxd(read_table(raw, max_rows=max_rows), kind)
    except UnreadableHistoryError as exc:
        if exc.message.startswith(NO_ROWS):
            return None
        raise UnreadableHistoryError(f"{kind}.csv in the zip: {exc.message}") from exc


@dataclass
class _Film:
    diary: list[WatchEntry] = field(default_factory=list)
    rated: WatchEntry | None = None
    watched: WatchEntry | None = None

    def add(self, kind: str, entry: WatchEntry) -> None:
        if kind == "diary":
            self.diary.append(entry)
        elif kind == "ratings":
            self.rated = entry
        else:
            self.watched = entry

    def merged(self) -> list[WatchEntry]:
        diary = sorted(self.diary, key=lambda e: (e.watched_at or date.max, e.line))
        first = diary[0] if diary else None
        base = first or self.watched or self.rated
        assert base is not None  # a film exists only once one of its rows was added
        dates = [e.watched_at for e in (first, self.watched, self.rated) if e is not None]
        rating = (
            self.rated.rating
            if self.rated and self.rated.rating is not None
            else (first.rating if first else None)
        )
        main = replace(base, rating=rating, watched_at=next((d for d in dates if d), None), rewatch=False)
        return [main, *(replace(e, rewatch=True) for e in diary[1:])]


def _members(data: bytes, *, max_bytes: int, max_members: int) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > max_members:
                raise UnreadableHistoryError(f"the zip has more than {max_members} files")
            if sum(info.file_size for info in infos) > max_bytes:
                raise UnreadableHistoryError(f"the zip unpacks to more than {max_bytes:,} bytes")
            chosen = {kind: info for kind in KINDS if (info := _find(infos, f"{kind}.csv"))}
            if not chosen:
                names = ", ".join(info.filename for info in infos[:20]) or "(empty)"
                raise UnreadableHistoryError(
                    f"not a Letterboxd export: no ratings.csv, diary.csv or watched.csv in the zip "
                    f"(it holds: {names})"
                )
            budget = max_bytes
            members: dict[str, bytes] = {}
            for kind, info in chosen.items():
                with archive.open(info) as handle:
                    members[kind] = handle.read(budget + 1)
                budget -= len(members[kind])
                if budget < 0:
                    raise UnreadableHistoryError(f"the zip unpacks to more than {max_bytes:,} bytes")
            return members
    except ZIP_ERRORS as exc:
        raise UnreadableHistoryError(f"the zip archive cannot be read ({str(exc)[:120]})") from exc


def _find(infos: list[zipfile.ZipInfo], name: str) -> zipfile.ZipInfo | None:
    candidates = [
        info
        for info in infos
        if not info.is_dir()
        and (info.filename == name or info.filename.endswith("/" + name))
        and not any(folder in info.filename for folder in _IGNORED_FOLDERS)
    ]
    return min(candidates, key=lambda info: info.filename.count("/"), default=None)

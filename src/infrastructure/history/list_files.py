"""List files: Letterboxd watchlist.csv and lists/*.csv (alone or inside the export zip), IMDb watchlist
and list exports, any CSV with a title column.

A Letterboxd list export starts with a preamble before its films:
    Letterboxd list export v7
    Date,Name,Tags,URL,Description
    2024-01-02,Festival 2024,,https://boxd.it/abc,
    (blank)
    Position,Name,Year,URL,Description
    1,Parasite,2019,https://boxd.it/xyz,
The list's name is read from the preamble, whose lines are then blanked (blank lines are not rows), so
every film keeps its physical line number. The rest goes through the history parser (same detection,
same row limit counted while reading, same size limits); watchlist.csv is Letterboxd's watched.csv
shape (Date,Name,Year,Letterboxd URI) and IMDb's watchlist is its ratings export without ratings.
"""

from __future__ import annotations

import csv
import io
import zipfile

from src.application.ports.history import HistoryParser
from src.application.ports.lists import ListFileReader, ParsedList
from src.domain.errors import UnreadableHistoryError
from src.infrastructure.history.text import decode_text
from src.infrastructure.history.zip_export import ZIP_ERRORS, is_zip

LETTERBOXD_LIST_MAGIC = "letterboxd list export"
WATCHLIST = "watchlist.csv"
_IGNORED_FOLDERS = ("deleted/", "orphaned/")


class LetterboxdAwareListReader(ListFileReader):
    """max_zip_bytes / max_zip_members: the same caps on a zip's contents as a history upload."""

    def __init__(self, parser: HistoryParser, *, max_zip_bytes: int, max_zip_members: int = 1000) -> None:
        self._parser = parser
        self._max_zip_bytes = max_zip_bytes
        self._max_zip_members = max_zip_members

    def read(self, data: bytes, *, member: str | None = None) -> ParsedList:
        if is_zip(data):
            name, raw = self._member(data, member or WATCHLIST, required=True)
            return self._read_csv(raw, name)
        if member:
            raise UnreadableHistoryError("member names a file inside a zip, but the upload is not a zip")
        return self._read_csv(data, None)

    def watchlist(self, data: bytes) -> ParsedList | None:
        if not is_zip(data):
            return None
        name, raw = self._member(data, WATCHLIST, required=False)
        return self._read_csv(raw, name) if name is not None else None

    def _read_csv(self, data: bytes, member: str | None) -> ParsedList:
        list_name, data = _strip_letterboxd_preamble(data)
        history = self._parser.parse(data)
        if member is not None and list_name is None and member != WATCHLIST:
            list_name = member.rsplit("/", 1)[-1].removesuffix(".csv")
        return ParsedList(history=history, name=list_name, member=member)

    def _member(self, data: bytes, wanted: str, *, required: bool) -> tuple[str | None, bytes]:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
                if len(infos) > self._max_zip_members:
                    raise UnreadableHistoryError(f"the zip has more than {self._max_zip_members} files")
                if sum(info.file_size for info in infos) > self._max_zip_bytes:
                    raise UnreadableHistoryError(f"the zip unpacks to more than {self._max_zip_bytes:,} bytes")
                files = [
                    i
                    for i in infos
                    if not i.is_dir() and not any(f in i.filename for f in _IGNORED_FOLDERS)
                ]
                chosen = _find(files, wanted)
                if chosen is None:
                    if not required:
                        return None, b""
                    lists = [i.filename for i in files if _is_list_member(i.filename)]
                    raise UnreadableHistoryError(
                        f"the zip has no {wanted}; its lists: {', '.join(lists[:20]) or '(none)'}. "
                        "Name one with member (e.g. lists/my-list.csv).",
                        details={"members": lists},
                    )
                with archive.open(chosen) as handle:
                    raw = handle.read(self._max_zip_bytes + 1)
                if len(raw) > self._max_zip_bytes:
                    raise UnreadableHistoryError(f"the zip unpacks to more than {self._max_zip_bytes:,} bytes")
                return wanted if wanted == WATCHLIST else chosen.filename, raw
        except ZIP_ERRORS as exc:
            raise UnreadableHistoryError(f"the zip archive cannot be read ({str(exc)[:120]})") from exc


def _is_list_member(name: str) -> bool:
    return name.endswith(".csv") and (name.endswith("/" + WATCHLIST) or name == WATCHLIST or "lists/" in name)


def _find(infos: list[zipfile.ZipInfo], wanted: str) -> zipfile.ZipInfo | None:
    hits = [i for i in infos if i.filename == wanted or i.filename.endswith("/" + wanted)]
    return min(hits, key=lambda i: i.filename.count("/"), default=None)


def _strip_letterboxd_preamble(data: bytes) -> tuple[str | None, bytes]:
    """(the list's name, the file with the preamble lines blanked) for a Letterboxd list export; the
    data unchanged and no name for any other file."""
    if LETTERBOXD_LIST_MAGIC.encode() not in data[:200].lower():
        return None, data
    text, _ = decode_text(data)
    lines = text.splitlines(keepends=True)
    if not lines or not lines[0].strip().lower().startswith(LETTERBOXD_LIST_MAGIC):
        return None, data
    start = next(
        (i for i, line in enumerate(lines) if i > 0 and line.lower().startswith(("position,", "position;"))),
        None,
    )
    if start is None:
        raise UnreadableHistoryError("a Letterboxd list export without its Position,Name,Year,… table")
    name = None
    meta = [row for row in csv.reader(lines[1:start]) if any(f.strip() for f in row)]
    if len(meta) >= 2 and "Name" in meta[0]:
        position = meta[0].index("Name")
        name = meta[1][position].strip() if position < len(meta[1]) else None
    blanked = ["\n"] * start + lines[start:]
    return name or None, "".join(blanked).encode("utf-8")

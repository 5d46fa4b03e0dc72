"""AutoDetectHistoryParser: the HistoryParser port over every supported export format.

Detection is by content (zip magic, JSON shape, CSV header; see detect.py); `filename` is accepted
for the port and not needed. A `format` override skips detection; an unknown one is an
InvalidInputError naming the valid formats. Input larger than `max_bytes` is a TooLargeError.
"""

from __future__ import annotations

from collections.abc import Callable

from src.application.ports.history import HistoryParser
from src.domain.errors import InvalidInputError, TooLargeError, UnreadableHistoryError
from src.domain.history import ParsedHistory
from src.infrastructure.history.cinemai_json import parse_cinemai
from src.infrastructure.history.detect import detect_csv_format, detect_json_format
from src.infrastructure.history.generic_csv import parse_generic
from src.infrastructure.history.imdb import parse_imdb
from src.infrastructure.history.json_load import json_items, load_json, looks_like_json
from src.infrastructure.history.letterboxd import parse_letterboxd
from src.infrastructure.history.netflix import parse_netflix
from src.infrastructure.history.text import CsvTable, read_table
from src.infrastructure.history.tmdb import parse_tmdb
from src.infrastructure.history.trakt import parse_trakt
from src.infrastructure.history.zip_export import is_zip, parse_letterboxd_zip
from src.infrastructure.settings import MAX_UPLOAD_BYTES

CSV_PARSERS: dict[str, Callable[[CsvTable], ParsedHistory]] = {
    "letterboxd_ratings": lambda table: parse_letterboxd(table, "ratings"),
    "letterboxd_diary": lambda table: parse_letterboxd(table, "diary"),
    "letterboxd_watched": lambda table: parse_letterboxd(table, "watched"),
    "imdb_ratings": parse_imdb,
    "tmdb_export": parse_tmdb,
    "netflix": parse_netflix,
    "generic_csv": parse_generic,
}
JSON_PARSERS: dict[str, Callable[[list[object]], ParsedHistory]] = {
    "trakt_json": parse_trakt,
    "cinemai_json": parse_cinemai,
}
ZIP_FORMAT = "letterboxd_zip"
FORMATS: tuple[str, ...] = (*list(CSV_PARSERS)[:3], ZIP_FORMAT, *list(CSV_PARSERS)[3:], *JSON_PARSERS)


class AutoDetectHistoryParser(HistoryParser):
    """Parses Letterboxd (CSV and export zip), IMDb, TMDB, Trakt, Netflix, CinemAI JSON and generic CSV.

    max_bytes: largest accepted input; max_zip_bytes / max_zip_members: limits on a zip's contents (both
    default to the upload limit, CINEMAI_MAX_UPLOAD_MB's default; the container passes the setting);
    max_rows: a CSV with more data rows is refused while it is read, at the first row over the limit."""

    def __init__(
        self,
        *,
        max_bytes: int = MAX_UPLOAD_BYTES,
        max_zip_bytes: int = MAX_UPLOAD_BYTES,
        max_zip_members: int = 1000,
        max_rows: int | None = None,
    ) -> None:
        self._max_rows = max_rows
        self._max_bytes = max_bytes
        self._max_zip_bytes = max_zip_bytes
        self._max_zip_members = max_zip_members

    def parse(self, data: bytes, *, filename: str | None = None, format: str | None = None) -> ParsedHistory:
        if format is not None and format not in FORMATS:
            raise InvalidInputError(
                f"unknown format {format!r}; valid formats: {', '.join(FORMATS)}",
                details={"formats": list(FORMATS)},
            )
        if len(data) > self._max_bytes:
            raise TooLargeError(f"the file is larger than {self._max_bytes:,} bytes")
        if is_zip(data):
            return self._parse_zip(data, format)
        if format == ZIP_FORMAT:
            raise UnreadableHistoryError("format letterboxd_zip needs the Letterboxd export .zip file")
        if format in JSON_PARSERS or (format is None and looks_like_json(data)):
            return self._parse_json(data, format)
        table = read_table(data, max_rows=self._max_rows)
        return CSV_PARSERS[format or detect_csv_format(table)](table)

    def _parse_zip(self, data: bytes, format: str | None) -> ParsedHistory:
        if format not in (None, ZIP_FORMAT):
            raise UnreadableHistoryError(
                f"a .zip archive was given but format {format!r} is a single file; "
                "unpack it or use letterboxd_zip"
            )
        return parse_letterboxd_zip(
            data, max_bytes=self._max_zip_bytes, max_members=self._max_zip_members, max_rows=self._max_rows
        )

    def _parse_json(self, data: bytes, format: str | None) -> ParsedHistory:
        document, encoding = load_json(data)
        items = json_items(document)
        history = JSON_PARSERS[format or detect_json_format(items)](items)
        history.encoding = encoding
        return history

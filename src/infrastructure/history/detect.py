"""Which export a file is, from its CSV header or its JSON shape.

CSV, first match wins: a "Letterboxd URI" column (or only Letterboxd's own columns with Date, Name and
Year) → Letterboxd diary / ratings / watched by letterboxd_kind; Const with Your Rating / You rated /
Title Type → IMDb; TMDB ID with Type → TMDB; exactly Title and Date → Netflix; anything else →
generic CSV by column aliases. A specific format also needs its own title column (Name for
Letterboxd and TMDB, Title for IMDb); a header that looks like one but lacks it is read as generic CSV. JSON: any Trakt-shaped item → Trakt, else CinemAI JSON.
"""

from __future__ import annotations

from src.infrastructure.history.letterboxd import letterboxd_kind
from src.infrastructure.history.text import CsvTable
from src.infrastructure.history.trakt import is_trakt_item

LETTERBOXD_KEYS = frozenset(
    {"date", "name", "year", "letterboxduri", "rating", "rewatch", "tags", "watcheddate", "review"}
)


def detect_csv_format(table: CsvTable) -> str:
    keys = {key for key in table.keys if key}
    if "name" in keys and ("letterboxduri" in keys or {"date", "year"} <= keys <= LETTERBOXD_KEYS):
        return f"letterboxd_{letterboxd_kind(table.keys)}"
    if "title" in keys and "const" in keys and keys & {"yourrating", "yourated", "titletype"}:
        return "imdb_ratings"
    if "name" in keys and "tmdbid" in keys and "type" in keys:
        return "tmdb_export"
    if keys == {"title", "date"}:
        return "netflix"
    return "generic_csv"


def detect_json_format(items: list[object]) -> str:
    return "trakt_json" if any(is_trakt_item(item) for item in items) else "cinemai_json"

"""Property tests: no input crashes the parser, and every data row is accounted for."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from src.domain.errors import InvalidInputError, UnreadableHistoryError
from src.infrastructure.history import AutoDetectHistoryParser

PARSER = AutoDetectHistoryParser(max_zip_bytes=1_000_000)
SETTINGS = settings(max_examples=200, deadline=None)

CELL = st.text(st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n\t"), max_size=30) | \
    st.sampled_from(["", "4.5", "10", "-3", "1e400", "nan", "1995", "3021", "31/12/2023", "12/31/23",
                     "2023-01-01T10:00:00Z", "tt0113277", "Crouching Tiger, Hidden Dragon", 'say "hi"',
                     "Show: Season 1: Pilot", "Mission: Impossible", "movie", "TV Series", "Yes"])
TITLE_HEADER = st.sampled_from(["Title", "title", "NAME", "Movie", "film", "Primary_Title", "original title"])
OTHER_HEADER = st.sampled_from(["Year", "release_date", "Rating", "my rating", "Stars", "Date", "watched_at",
                                "Const", "imdb_id", "tmdb", "Genres", "Director", "Country", "Overview",
                                "Letterboxd URI", "Rewatch", "Title Type", "Your Rating", "Type", "TMDB ID",
                                "Watched Date", "Notes"])
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["title", "movie", "type", "rating", "year", "watched_at", "ids", "show", "movies"]),
        inner, max_size=4),
    max_leaves=20,
)


def _parse_or_unreadable(data: bytes) -> None:
    try:
        history = PARSER.parse(data)
    except (UnreadableHistoryError, InvalidInputError):
        return
    assert history.rows_read == len(history.entries) + len(history.rejected) + len(history.skipped)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_only_raise_unreadable(data: bytes) -> None:
    _parse_or_unreadable(data)


@SETTINGS
@given(st.sampled_from([b"PK\x03\x04", b"PK\x05\x06", b"[", b"{", b"\xef\xbb\xbf", b"\xff\xfe", b"Title,"]),
       st.binary(max_size=500))
def test_arbitrary_bytes_after_a_magic_prefix_only_raise_unreadable(prefix: bytes, data: bytes) -> None:
    _parse_or_unreadable(prefix + data)


@SETTINGS
@given(JSONISH)
def test_arbitrary_json_only_raises_unreadable(document: object) -> None:
    _parse_or_unreadable(json.dumps(document).encode())


@SETTINGS
@given(TITLE_HEADER, st.lists(OTHER_HEADER, max_size=6, unique=True), st.data())
def test_csv_with_a_title_column_accounts_for_every_row(title: str, others: list[str], data: st.DataObject) -> None:
    header = [title, *others]
    rows = data.draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=15))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    expected = sum(1 for row in rows if any(cell.strip() for cell in row))
    try:
        history = PARSER.parse(buffer.getvalue().encode())
    except UnreadableHistoryError as error:
        assert expected == 0, error.message
        return
    assert history.rows_read == expected
    assert history.rows_read == len(history.entries) + len(history.rejected) + len(history.skipped)
    for entry in history.entries:
        assert entry.title.strip() and (entry.rating is None or 0 <= entry.rating <= 10)

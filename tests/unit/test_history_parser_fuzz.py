"""More property tests on the history parsers: arbitrary CSVs (any header, delimiter, encoding) never crash
them; every row is accepted, skipped or rejected with a line number and a reason; field lengths stay capped.
(tests/unit/test_history_properties.py covers arbitrary bytes, magic prefixes and JSON.)"""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from src.domain.errors import InvalidInputError, UnreadableHistoryError
from src.domain.history import ParsedHistory
from src.infrastructure.history import AutoDetectHistoryParser
from src.infrastructure.history.values import MAX_TITLE_CHARS

PARSER = AutoDetectHistoryParser(max_zip_bytes=1_000_000)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# printable text (control characters make a file "binary": the arbitrary-bytes tests cover those)
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"), max_size=40)
CELL = TEXT | st.sampled_from(["", "8", "4.5", "10/10", "1999", "2023-01-01", "tt0113277", "movie", "Yes"])
HEADER_WORD = TEXT | st.sampled_from(["Title", "Name", "Year", "Rating", "Date", "Const", "Genres", "Type"])
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]


def check_accounting(history: ParsedHistory, data_rows: int) -> None:
    """Every row is accepted, skipped or rejected (with a line and a reason); nothing is lost."""
    assert history.rows_read == len(history.entries) + len(history.rejected) + len(history.skipped)
    assert history.rows_read <= data_rows
    for row in history.rejected:
        assert row.reason.strip() and row.line >= 1
    for skipped in history.skipped:
        assert skipped.reason.strip() and skipped.line >= 1
    for entry in history.entries:
        assert entry.title.strip() and len(entry.title) <= MAX_TITLE_CHARS
        assert entry.rating is None or 0 <= entry.rating <= 10
        assert entry.description is None or len(entry.description) <= 2000
        assert all(len(g) <= 100 for g in (*entry.genres, *entry.directors, *entry.countries))


def encode(rows: list[list[str]], delimiter: str, encoding: str) -> bytes | None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    try:
        return buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return None  # not representable in that encoding: not a file anyone could export


@SETTINGS
@given(
    header=st.lists(HEADER_WORD, min_size=1, max_size=6),
    title=st.none() | st.sampled_from(["Title", "name", "Movie", "Primary Title", "original_title"]),
    body=st.lists(st.lists(CELL, max_size=7), min_size=1, max_size=12),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(ENCODINGS),
)
def test_arbitrary_csvs_never_crash_and_account_for_every_row(
    header: list[str], title: str | None, body: list[list[str]], delimiter: str, encoding: str
) -> None:
    if title is not None:  # often give it a title column somewhere, so the row paths run too
        header.insert(len(body[0]) % (len(header) + 1), title)
    data = encode([header, *body], delimiter, encoding)
    if data is None:
        return
    try:
        history = PARSER.parse(data, filename="upload.csv")
    except (UnreadableHistoryError, InvalidInputError) as error:
        assert error.message.strip()  # refused files say why
        event("refused as unreadable")
        return
    event(f"parsed as {history.format}")
    check_accounting(history, data_rows=len(body) + data.count(b"\n") + 1)


@SETTINGS
@given(
    titles=st.lists(st.integers(min_value=1, max_value=MAX_TITLE_CHARS + 50), min_size=1, max_size=10),
    letter=st.sampled_from("aZé漢"),
)
def test_overlong_titles_are_rejected_by_line_and_the_rest_accepted(titles: list[int], letter: str) -> None:
    rows = [["Title", "Year", "Rating"], *[[letter * n, "1999", "8"] for n in titles]]
    data = encode(rows, ",", "utf-8")
    assert data is not None
    history = PARSER.parse(data)
    too_long = [i + 2 for i, n in enumerate(titles) if n > MAX_TITLE_CHARS]
    assert sorted(r.line for r in history.rejected) == too_long
    assert all(str(MAX_TITLE_CHARS) in r.reason for r in history.rejected)
    assert len(history.entries) == len(titles) - len(too_long)
    check_accounting(history, data_rows=len(titles))

"""B3 (issue 13): a small zip that inflates to many identical diary rows is refused by the row limit,
counted before rewatches are merged (before: 200 after 110 s, the limit bypassed), and a member may not
inflate past the upload cap."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from src.domain.errors import InvalidInputError, UnreadableHistoryError
from src.infrastructure.history.parser import AutoDetectHistoryParser

HEADER = b"Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
ROW = b"2022-01-01,Alien,1979,https://boxd.it/x,4,Yes,,2022-01-01\n"


def _zip(rows: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("diary.csv", HEADER + ROW * rows)
    return buffer.getvalue()


def test_identical_rewatch_rows_count_against_the_row_limit_in_bounded_memory() -> None:
    data = _zip(300_000)  # ~17 MB inflated, a few dozen KB compressed
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInputError, match="the limit is 50,000"):
            AutoDetectHistoryParser(max_rows=50_000, max_zip_bytes=20 * 1024 * 1024).parse(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 300 * 1024 * 1024, peak


def test_a_member_inflating_past_the_cap_is_refused() -> None:
    data = _zip(400_000)  # ~23 MB inflated
    with pytest.raises(UnreadableHistoryError, match="unpacks to more than"):
        AutoDetectHistoryParser(max_zip_bytes=20 * 1024 * 1024).parse(data)

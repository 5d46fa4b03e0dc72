"""B2 (issue 13): a 20 MB CSV of ten million one-character rows is refused at the first row over the limit,
in bounded memory (before: 5.6 GiB peak RSS and 352 s)."""

from __future__ import annotations

import tracemalloc

import pytest

from src.domain.errors import InvalidInputError
from src.infrastructure.history.parser import AutoDetectHistoryParser


def test_many_one_character_rows_are_refused_in_bounded_memory() -> None:
    data = b"Title\n" + b"a\n" * 10_000_000
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInputError, match="the limit is 50,000"):
            AutoDetectHistoryParser(max_rows=50_000).parse(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 300 * 1024 * 1024, peak  # the per-upload budget

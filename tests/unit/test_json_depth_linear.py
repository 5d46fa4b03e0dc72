"""The JSON nesting check is linear: hostile input that made the old backtracking regex quadratic
(`["` followed by many `\\"`) is refused as invalid JSON, and the depth limit still holds."""

from __future__ import annotations

import pytest

from src.domain.errors import UnreadableHistoryError
from src.infrastructure.history.json_load import MAX_DEPTH, _check_depth, load_json


def test_an_unterminated_string_of_escaped_quotes_is_invalid_json() -> None:
    hostile = ('["' + '\\"' * 2_000_000).encode()  # 4 MB: hours for the old pattern
    with pytest.raises(UnreadableHistoryError, match="not valid JSON"):
        load_json(hostile)


@pytest.mark.parametrize(
    ("text", "too_deep"),
    [
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), True),
        ("[" * MAX_DEPTH + "]" * MAX_DEPTH, False),
        ('["' + "[" * 100 + '"]', False),  # brackets inside a string do not count
        ('["a\\"[[[[", ' + "{" * 40, True),  # an escaped quote does not end the string
        ('["a\\\\"' + "[" * 40, True),  # an escaped backslash does not escape the quote
        ("[]" * 100_000, False),  # many shallow lists
        ('["\\', False),  # a lone trailing backslash
    ],
)
def test_depth_counts_brackets_outside_strings_only(text: str, too_deep: bool) -> None:
    if too_deep:
        with pytest.raises(UnreadableHistoryError, match=f"more than {MAX_DEPTH} levels"):
            _check_depth(text)
    else:
        _check_depth(text)

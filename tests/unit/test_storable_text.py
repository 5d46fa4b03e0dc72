"""storable_history: no control characters survive into what is stored; no row is lost on the way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from src.application.storable_text import plain, storable_history
from src.domain.history import ParsedHistory, RejectedRow, WatchEntry


def parsed(*entries: WatchEntry) -> ParsedHistory:
    return ParsedHistory(
        format="cinemai_json",
        rating_scale=None,
        rows_read=len(entries) + 1,
        entries=list(entries),
        rejected=[RejectedRow(line=99, reason="year 'x' is not a year")],
    )


def test_nul_and_control_characters_are_removed_from_every_text_field() -> None:
    entry = WatchEntry(
        line=2,
        title="Al\x00ien\t(director's\ncut)",
        original_title="\x00",
        imdb_id="tt0078748\x00",
        description="space\x07 horror\x1b[31m",
        genres=("Horror\x00", "\x00", "Sci-Fi"),
        directors=("Ridley\x0bScott",),
        countries=("UK\x7f",),
    )
    clean = storable_history(parsed(entry)).entries[0]
    assert clean.title == "Alien (director's cut)"
    assert clean.original_title is None and clean.imdb_id == "tt0078748"
    assert clean.description == "space horror[31m"
    assert (
        clean.genres == ("Horror", "Sci-Fi")
        and clean.directors == ("RidleyScott",)
        and clean.countries == ("UK",)
    )


def test_a_title_of_only_control_characters_rejects_its_row_with_a_reason() -> None:
    history = storable_history(parsed(WatchEntry(line=2, title="\x00\x01"), WatchEntry(line=3, title="Heat")))
    assert [e.title for e in history.entries] == ["Heat"]
    assert [(r.line, r.reason) for r in history.rejected] == [
        (99, "year 'x' is not a year"),
        (2, "the title has no printable characters"),
    ]
    assert history.rows_read == len(history.entries) + len(history.rejected) + len(history.skipped)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_plain_text_never_holds_a_control_character(text: str) -> None:
    cleaned = plain(text)
    assert not any(ord(c) < 0x20 or ord(c) == 0x7F for c in cleaned)
    assert len(cleaned) <= len(text)

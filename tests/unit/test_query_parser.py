"""The local query parser: constraints, negations, anchors and the free text left, over a vocabulary."""

from __future__ import annotations

import pytest

from src.application.ports.query import QueryVocabulary
from src.application.query_parser import parse_query
from src.application.understand_query import merge_filters
from src.domain.filters import Filters

VOCAB = QueryVocabulary(
    genres=("Drama", "Comedy", "Horror", "Crime", "Animation", "Sci-Fi", "Thriller", "Romance", "Family"),
    countries=("France", "United States", "South Korea", "United Kingdom", "Japan"),
    year_max=2014,
    titles={"heat": [5, 9], "alien": [7], "jaws": [8]},
    years={5: 2013, 9: 1995, 7: 1979, 8: 1975},
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a funny 80s film", Filters(genres=("Comedy",), year_min=1980, year_max=1989)),
        ("scary movie from the '70s", Filters(genres=("Horror",), year_min=1970, year_max=1979)),
        ("before 1980", Filters(year_max=1979)),
        ("after 2000", Filters(year_min=2001)),
        ("recent", Filters(year_min=2005)),
        ("1990s", Filters(year_min=1990, year_max=1999)),
        ("early nineties", Filters(year_min=1990, year_max=1993)),
        ("between 1950 and 1965", Filters(year_min=1950, year_max=1965)),
        ("short", Filters(runtime_max=90)),
        ("under two hours", Filters(runtime_max=120)),
        ("less than 90 minutes", Filters(runtime_max=90)),
        ("an hour and a half or less", Filters(runtime_max=90)),
        ("at least two hours long", Filters(runtime_min=120)),
        ("not horror, no animation", Filters(exclude_genres=("Horror", "Animation"))),
        ("nothing too scary", Filters(exclude_genres=("Horror",))),
        ("French", Filters(countries=("France",))),
        ("Korean thriller", Filters(genres=("Thriller",), countries=("South Korea",))),
        ("animated", Filters(genres=("Animation",))),
    ],
)
def test_constraints(query: str, expected: Filters) -> None:
    assert parse_query(query, VOCAB).constraints == expected


def test_anchor_year_picks_the_film_and_shorter_is_relative_to_it() -> None:
    p = parse_query("a 90s French crime film like Heat (1995) but shorter", VOCAB)
    assert p.anchor_ids == (9,) and p.relative_runtime == "shorter"
    assert p.constraints == Filters(genres=("Crime",), countries=("France",), year_min=1990, year_max=1999)
    assert p.remaining == ""


def test_several_anchors_and_the_free_text_left() -> None:
    p = parse_query("mind-bending like Jaws and Alien", VOCAB)
    assert p.anchor_ids == (8, 7) and p.remaining == "mind bending"


def test_like_without_a_title_stays_text_and_a_vocabulary_word_is_no_anchor() -> None:
    p = parse_query("something like a quiet horror", VOCAB)
    assert p.anchor_ids == () and p.constraints.genres == ("Horror",) and p.remaining == "quiet"


def test_values_outside_the_vocabulary_are_never_produced() -> None:
    p = parse_query("a western from Italy", VOCAB)  # neither is in this catalog
    assert p.constraints.is_empty and p.remaining == "western italy"


def test_contradictions_are_dropped_and_reported() -> None:
    p = parse_query("90s before 1980", VOCAB)
    assert p.constraints.year_min is None and p.constraints.year_max is None and p.unknown


def test_an_explicit_filter_wins_over_the_query_and_says_so() -> None:
    merged, applied, notes = merge_filters(
        Filters(year_min=2000), Filters(genres=("Comedy",), year_min=1990, year_max=1999)
    )
    assert merged == Filters(genres=("Comedy",), year_min=2000)
    assert applied == Filters(genres=("Comedy",)) and "explicit years filter wins" in notes[0]

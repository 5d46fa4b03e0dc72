"""Languages and country exclusion in the local parser; the LLM answer's validation against the catalog."""

from __future__ import annotations

import pytest

from src.application.ports.query import QueryVocabulary
from src.application.query_parser import parse_query
from src.application.validate_query import validate_answer
from src.domain.filters import Filters
from src.domain.movie import Movie

VOCAB = QueryVocabulary(
    genres=("Drama", "Comedy", "Horror", "Crime", "Thriller", "Sci-Fi"),
    countries=("France", "United States", "South Korea", "United Kingdom", "Italy"),
    languages=("English", "French", "Korean", "Italian", "Mandarin", "Chinese"),
    year_min=1940,
    year_max=2014,
    titles={"heat": [5, 9], "alien": [7]},
    years={5: 2013, 9: 1995, 7: 1979},
)


@pytest.mark.parametrize(
    ("query", "countries", "excluded", "languages"),
    [
        ("a thriller in Korean", (), (), ("Korean",)),
        ("Korean thriller", ("South Korea",), (), ()),
        ("French-language crime film", (), (), ("French",)),
        ("drama spoken in Italian", (), (), ("Italian",)),
        ("a drama in Chinese", (), (), ("Chinese", "Mandarin")),
        ("not American", (), ("United States",), ()),
        ("no French films", (), ("France",), ()),
        ("a comedy, nothing British", (), ("United Kingdom",), ()),
        ("a horror film not from the United States", (), ("United States",), ()),
        ("an English-speaking film from France", ("France",), (), ("English",)),
    ],
)
def test_languages_and_excluded_countries(
    query: str, countries: tuple[str, ...], excluded: tuple[str, ...], languages: tuple[str, ...]
) -> None:
    c = parse_query(query, VOCAB).constraints
    assert (c.countries, c.exclude_countries, c.languages) == (countries, excluded, languages)


def test_a_language_cannot_be_excluded_and_says_so() -> None:
    parsed = parse_query("a drama not in English", VOCAB)
    assert parsed.constraints.languages == () and parsed.constraints.genres == ("Drama",)
    assert any("language cannot be excluded" in u for u in parsed.unknown)


def test_a_country_both_asked_for_and_excluded_is_dropped() -> None:
    parsed = parse_query("a French film, not French", VOCAB)
    assert parsed.constraints.countries == () and parsed.constraints.exclude_countries == ()
    assert parsed.unknown


def test_filters_match_the_original_language_and_excluded_countries() -> None:
    korean = Movie(title="x", language="Korean, English", countries=("South Korea",))
    english = Movie(title="y", language="English, Korean", countries=("United States", "South Korea"))
    assert Filters(languages=("korean",)).matches(korean) and not Filters(languages=("Korean",)).matches(english)
    assert not Filters(exclude_countries=("United States",)).matches(english)
    assert Filters(exclude_countries=("United States",)).matches(korean)
    assert not Filters(languages=("Korean",)).matches(Movie(title="z"))


def _answer(**fields: object) -> dict[str, object]:
    return {"genres": [], "exclude_genres": [], "countries": [], "exclude_countries": [], "languages": [],
            "year_min": None, "year_max": None, "runtime_min": None, "runtime_max": None, "anchors": [],
            "relative_runtime": None, "remaining_text": ""} | fields  # fmt: skip


def test_values_outside_the_vocabulary_are_dropped_and_reported() -> None:
    parsed = validate_answer(
        _answer(
            genres=["sci-fi", "Neo-Noir"], countries=["USA", "Scandinavia"], languages=["korean", "Elvish"],
            year_min=1990, year_max=20199, runtime_max=-15,
            anchors=[{"title": "Heat", "year": 1995}, {"title": "The Midnight Courier", "year": None}],
            relative_runtime="shorter", remaining_text="a tense mood",
        ),
        "q", VOCAB, parser="openai:test",
    )  # fmt: skip
    c = parsed.constraints
    assert c.genres == ("Sci-Fi",) and c.countries == ("United States",) and c.languages == ("Korean",)
    assert (c.year_min, c.year_max, c.runtime_max) == (1990, None, None)
    assert parsed.anchor_ids == (9,) and parsed.relative_runtime == "shorter"
    assert parsed.remaining == "tense mood" and parsed.parser == "openai:test"
    assert len(parsed.rejected) == 6 and len(parsed.unknown) == 6
    for invented in ("Neo-Noir", "Scandinavia", "Elvish", "20199", "-15", "The Midnight Courier"):
        assert any(invented in r for r in parsed.rejected), parsed.rejected


def test_contradictions_and_wrong_types_are_dropped() -> None:
    parsed = validate_answer(
        _answer(genres="Drama", year_min=2000, year_max=1990, exclude_genres=["Drama"],
                anchors=[{"title": "Alien"}], relative_runtime="sideways", runtime_min=True),
        "q", VOCAB, parser="p",
    )  # fmt: skip
    c = parsed.constraints
    assert c == Filters(exclude_genres=("Drama",))
    assert parsed.anchor_ids == (7,) and parsed.relative_runtime is None
    assert len(parsed.rejected) == 4, parsed.rejected


def test_an_answer_that_is_not_an_object_keeps_nothing() -> None:
    parsed = validate_answer(["Drama"], "q", VOCAB, parser="p")
    assert parsed.constraints.is_empty and parsed.rejected

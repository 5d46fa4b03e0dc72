"""Long subtitled titles match their short catalog form, only with year agreement."""

from __future__ import annotations

from src.domain.history import WatchEntry
from src.domain.movie import normalize_title
from src.infrastructure.matching.catalog_index import CatalogIndex
from src.infrastructure.matching.rapidfuzz_matcher import RapidfuzzMovieMatcher, short_forms

STRANGELOVE = "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb"


def index(*films: tuple[int, str, int]) -> CatalogIndex:
    ix = CatalogIndex()
    for movie_id, title, year in films:
        norm = normalize_title(title)
        ix.by_title_year[(norm, year)] = movie_id
        ix.by_title[norm].append(movie_id)
        ix.by_year[year].append((norm, movie_id))
        ix.titles.append((norm, movie_id))
        ix.years[movie_id] = year
    return ix


def match(ix: CatalogIndex, title: str, year: int | None) -> tuple[int | None, str | None]:
    matcher = RapidfuzzMovieMatcher(None, None)  # type: ignore[arg-type]  # _match_one uses neither
    return matcher._match_one(WatchEntry(line=1, title=title, year=year), ix)


def test_short_forms() -> None:
    assert short_forms(STRANGELOVE) == ["Dr. Strangelove"]
    assert short_forms("Birdman or (The Unexpected Virtue of Ignorance)") == ["Birdman"]
    assert short_forms("Star Wars: Episode IV - A New Hope") == ["Star Wars: Episode IV", "Star Wars"]
    assert short_forms("Alien") == [] and short_forms("M*A*S*H") == [] and short_forms("Up: ") == []


def test_the_long_title_matches_the_short_catalog_form_with_the_same_year() -> None:
    ix = index((1, "Dr. Strangelove", 1964), (2, "Fail-Safe", 1964))
    assert match(ix, STRANGELOVE, 1964) == (1, "short")
    assert match(ix, STRANGELOVE, 1965) == (1, "short")  # within a year, like every other stage


def test_no_year_agreement_no_match() -> None:
    ix = index((1, "Dr. Strangelove", 1964))
    assert match(ix, STRANGELOVE, 1990) == (None, None)
    assert match(ix, STRANGELOVE, None) == (None, None)


def test_an_exact_full_title_still_wins() -> None:
    ix = index((1, "Star Wars", 1977), (2, "Star Wars: Episode IV - A New Hope", 1977))
    assert match(ix, "Star Wars: Episode IV - A New Hope", 1977) == (2, "exact")

from __future__ import annotations

import pytest

from src.domain.labels import Member, cluster_label, decade_span, dominant_genres, label_genre


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("science fiction film", "Sci-fi"),
        ("Sci-Fi", "Sci-fi"),
        ("drama film", "Drama"),
        ("horror film", "Horror"),
        ("  Thriller   Film ", "Thriller"),
        ("romantic comedy film", "Rom-com"),
        ("biographical film", "Biography"),
        ("psychological thriller film", "Psychological thriller"),
        ("animated film", "Animation"),
        ("film noir", "Noir"),
        ("film", "Film"),
        ("", ""),
    ],
)
def test_label_genre_normalises_for_display(raw: str, shown: str) -> None:
    assert label_genre(raw) == shown


def test_label_names_weighted_dominant_genres_and_decade() -> None:
    members = [
        (("science fiction film", "thriller film"), 1981, 2.0),
        (("science fiction film", "action film"), 1982, 1.5),
        (("science fiction film", "thriller film"), 1986, 1.0),
        (("comedy film",), 1984, 0.2),
    ]
    assert cluster_label(members) == "Sci-fi · Thriller · Action · 1980s"


def test_weight_decides_which_genres_count() -> None:
    light_comedies: list[Member] = [(("comedy film",), 1995, 0.1)] * 6
    heavy_dramas: list[Member] = [(("drama film", "romance film"), 2003, 3.0)] * 2
    assert cluster_label(light_comedies + heavy_dramas) == "Drama · Romance · 2000s"


def test_a_spread_of_decades_is_named_as_a_range() -> None:
    members = [(("drama film", "romance film"), year, 1.0) for year in (1993, 1997, 2001, 2005)]
    assert cluster_label(members) == "Drama · Romance · 1990s–2000s"


def test_missing_genres_give_mixed() -> None:
    assert cluster_label([((), 1972, 1.0), ((), 1975, 1.0)]) == "Mixed · 1970s"


def test_no_dominant_genre_gives_mixed() -> None:
    members = [((g,), 1975, 1.0) for g in ("drama", "comedy", "horror", "western", "war", "musical")]
    assert cluster_label(members) == "Mixed · 1970s"


def test_missing_years_leave_the_decade_out() -> None:
    assert cluster_label([(("horror film",), None, 1.0), (("horror film",), None, 2.0)]) == "Horror"


def test_nothing_known_is_mixed() -> None:
    assert cluster_label([]) == "Mixed"
    assert cluster_label([((), None, 1.0)]) == "Mixed"


def test_zero_weights_count_members_equally() -> None:
    assert (
        cluster_label([(("western film",), 1965, 0.0), (("western film",), 1968, 0.0)]) == "Western · 1960s"
    )


def test_duplicate_genre_spellings_count_once_per_movie() -> None:
    members = [(("science fiction film", "Sci-Fi"), 1980, 1.0), (("drama film",), 1981, 1.0)]
    assert dominant_genres(members) == ["Drama", "Sci-fi"]


def test_decade_span_prefers_the_shortest_heaviest_run() -> None:
    assert decade_span({1970: 5.0, 1980: 1.0, 1990: 1.0}) == (1970, 1970)
    assert decade_span({1970: 1.0, 1990: 1.0, 2000: 1.0}) == (1990, 2000)
    assert decade_span({}) is None


def test_label_for_drops_a_decade_span_the_film_is_outside() -> None:
    from src.domain.labels import label_decades, label_for

    assert label_decades("Horror · Drama · 1970s–1990s") == (1970, 1990) and label_decades("Drama") is None
    assert label_for("Horror · Drama · 1970s–1990s", 2012) == "Horror · Drama"
    assert label_for("Horror · Drama · 1970s–1990s", 1985) == "Horror · Drama · 1970s–1990s"
    assert (
        label_for("Horror · 1970s", 1979) == "Horror · 1970s"
        and label_for("Horror · 1970s", None) == "Horror"
    )
    assert label_for("Mixed · 1950s", 2001) == "Mixed" and label_for("Drama", 2001) == "Drama"

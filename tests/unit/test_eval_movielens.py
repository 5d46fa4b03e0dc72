from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from src.domain.errors import ExternalServiceError
from src.domain.movie import Movie
from src.evaluation.adapters.catalog_mapping import (
    MovieLensCatalogMapper,
    alias_keys,
    front_article,
    prefix_keys,
    split_alternatives,
    title_keys,
)
from src.evaluation.adapters.movielens import (
    INTER_MEMBER,
    ITEM_MEMBER,
    RecBoleMovieLensSource,
    split_title_year,
)
from src.evaluation.dataset import DatasetItem
from src.infrastructure.matching.rapidfuzz_titles import RapidfuzzTitles

INTER = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n196\t242\t3\t881250949\n22\t377\t1\t878887116\n"
ITEM = (
    "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n"
    "242\tKolya\t1996\tComedy\n"
    "12\tUsual Suspects, The\t1995\tCrime Thriller\n"
    "1412\tLand Before Time III: The Time of the Great Giving (1995)\tV\tAnimation Children's\n"
    "267\tunkonwn\tunkonwn\tunknown\n"
)


def _write_wheel(directory: Path) -> None:
    with zipfile.ZipFile(directory / "recbole-1.2.1-py3-none-any.whl", "w") as z:
        z.writestr(INTER_MEMBER, INTER)
        z.writestr(ITEM_MEMBER, ITEM)


def _offline(_: Path) -> None:
    raise ExternalServiceError("no network in this test")


def test_loads_atomic_files_from_the_wheel_downloading_it_once(tmp_path: Path) -> None:
    data = RecBoleMovieLensSource(tmp_path, downloader=_write_wheel).load()
    assert [(r.user, r.item, r.rating, r.timestamp) for r in data.ratings] == [
        ("196", "242", 6.0, 881250949),
        ("22", "377", 2.0, 878887116),
    ]
    assert data.items["12"] == DatasetItem(
        item="12", title="Usual Suspects, The", year=1995, genres=("Crime", "Thriller")
    )
    assert data.items["1412"].title == "Land Before Time III: The Time of the Great Giving"
    assert data.items["1412"].year == 1995
    assert data.items["267"].year is None and data.items["267"].genres == ()
    again = RecBoleMovieLensSource(tmp_path, downloader=_offline).load()  # served from the cache
    assert len(again.ratings) == 2


def test_a_failed_download_says_so(tmp_path: Path) -> None:
    with pytest.raises(ExternalServiceError):
        RecBoleMovieLensSource(tmp_path, downloader=_offline).load()


def test_title_year_split() -> None:
    assert split_title_year("Toy Story", "1995") == ("Toy Story", 1995)
    assert split_title_year("Toy Story (1995)", "") == ("Toy Story", 1995)
    assert split_title_year("unkonwn", "unkonwn") == ("unkonwn", None)


def test_movielens_title_spellings() -> None:
    assert front_article("Usual Suspects, The") == "The Usual Suspects"
    assert front_article("Enfer, L'") == "L'Enfer"
    assert front_article("Good, The Bad and The Ugly, The") == "The Good, The Bad and The Ugly"
    assert split_alternatives("City of Lost Children, The (Cité des enfants perdus, La) (1995)") == [
        "City of Lost Children, The",
        "Cité des enfants perdus, La",
    ]
    assert split_alternatives("Shall We Dance? (a.k.a. Shall We Dansu?)") == [
        "Shall We Dance?",
        "Shall We Dansu?",
    ]
    assert title_keys("Usual Suspects, The (1995)")[0] == "usual suspects"
    assert "killer" in title_keys("Die xue shuang xiong (Killer, The)")
    assert prefix_keys("Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb") == [
        "dr strangelove"
    ]
    assert alias_keys("Star Wars: Episode IV – A New Hope") == ["star wars", "new hope"]
    assert alias_keys("Rudolph the Red-Nosed Reindeer: The Movie") == ["rudolph the red nosed reindeer"]


CATALOG = [
    Movie(title="The Usual Suspects", year=1995, vote_count=100),
    Movie(title="The City of Lost Children", year=1995),
    Movie(title="Seven", year=1995),
    Movie(title="Fear", year=1996),
    Movie(title="Star Wars: Episode IV – A New Hope", year=1977),
    Movie(title="Three Colours: Red", year=1994),
    Movie(title="Heat", year=1995),
]


def _items(*rows: tuple[str, str, int | None]) -> list[DatasetItem]:
    return [DatasetItem(item=i, title=t, year=y) for i, t, y in rows]


def test_mapping_by_normalised_title_and_year_within_one() -> None:
    items = _items(
        ("12", "Usual Suspects, The", 1996),  # year off by one: still the same film
        ("919", "City of Lost Children, The (Cité des enfants perdus, La)", 1995),
        ("11", "Seven (Se7en)", 1995),
        ("99", "Heat", 1998),  # year off by three: another film
        ("267", "unkonwn", None),
        ("50", "Star Wars", 1977),
        ("59", "Three Colors: Red", 1994),
        ("1", "Fear", 1996),
        ("2", "Fear, The", 1995),  # claims Fear (1996) less well than item 1: left unmapped
    )
    found = MovieLensCatalogMapper(RapidfuzzTitles()).map(items, CATALOG)
    titles = {item: m.title for item, m in found.items()}
    assert titles == {
        "12": "The Usual Suspects",
        "919": "The City of Lost Children",
        "11": "Seven",
        "50": "Star Wars: Episode IV – A New Hope",
        "59": "Three Colours: Red",
        "1": "Fear",
    }
    assert all(found[i] is CATALOG[0] for i in ["12"])  # the catalog's own objects come back
    strict = MovieLensCatalogMapper(RapidfuzzTitles(), strict=True).map(items, CATALOG)
    assert set(strict) == {"12", "919", "11", "1"}


def test_true_duplicates_all_keep_their_movie() -> None:
    items = _items(("1256", "Designated Mourner, The", 1997), ("1257", "Designated Mourner, The", 1997))
    catalog = [Movie(title="The Designated Mourner", year=1997)]
    assert set(MovieLensCatalogMapper().map(items, catalog)) == {"1256", "1257"}

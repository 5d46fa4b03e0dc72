"""The offline (bokeh_sampledata movies.db) and file catalog sources, on real data and small files."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from src.domain.errors import InvalidInputError
from src.domain.movie import Movie
from src.infrastructure.catalog.fields import parse_runtime, parse_year, split_names
from src.infrastructure.catalog.file import FileCatalogSource
from src.infrastructure.catalog.offline import OfflineCatalogSource

# 17,472 rows; two imdbIDs appear twice (a film and its re-cut), the earlier release is kept.
OFFLINE_MOVIES = 17_470


async def _all(source: OfflineCatalogSource | FileCatalogSource, limit: int | None = None) -> list[Movie]:
    return [movie async for movie in source.movies(limit)]


@pytest.fixture(scope="module")
async def offline_movies() -> list[Movie]:
    return await _all(OfflineCatalogSource())


async def test_offline_count_is_exact(offline_movies: list[Movie]) -> None:
    source = OfflineCatalogSource()
    assert await source.count() == OFFLINE_MOVIES == len(offline_movies)
    assert await source.count(limit=25) == 25


async def test_offline_alien_has_director_genres_and_reviews(offline_movies: list[Movie]) -> None:
    (alien,) = [m for m in offline_movies if m.title == "Alien" and m.year == 1979]
    assert alien.directors == ("Ridley Scott",)
    assert {"Sci-Fi", "Horror"} <= set(alien.genres)
    assert alien.imdb_id == "tt0078748" and alien.source == "offline"
    assert alien.runtime == 117 and alien.language == "English"
    assert alien.countries == ("United Kingdom", "United States")
    assert "Sigourney Weaver" in alien.cast
    assert alien.vote_count == 208 and alien.popularity == 208.0
    assert alien.vote_average is not None and 0 <= alien.vote_average <= 10
    assert alien.id is None and alien.embedding is None


async def test_offline_is_deduplicated_stable_and_ordered(offline_movies: list[Movie]) -> None:
    ids = [m.imdb_id or "" for m in offline_movies]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    apocalypse = [m.title for m in offline_movies if m.imdb_id == "tt0078788"]
    assert apocalypse == ["Apocalypse Now"]  # not its 2001 Redux cut
    assert [m.imdb_id for m in await _all(OfflineCatalogSource(), limit=5)] == ids[:5]


async def test_offline_missing_values_are_none_or_empty(offline_movies: list[Movie]) -> None:
    assert any(m.genres == () for m in offline_movies)
    assert any(m.runtime is None for m in offline_movies)
    assert all("" not in m.genres and "" not in m.cast for m in offline_movies)
    assert all(m.vote_average is None or 0 <= m.vote_average <= 10 for m in offline_movies)
    assert all(m.year is not None and 1940 <= m.year <= 2014 for m in offline_movies)


async def test_offline_keeps_suffixed_names_whole(offline_movies: list[Movie]) -> None:
    names = {name for m in offline_movies for name in m.cast}
    assert "Ed Begley, Jr." in names
    assert "Jr." not in names


async def test_offline_limit_zero_yields_nothing() -> None:
    assert await _all(OfflineCatalogSource(), limit=0) == []


async def test_offline_unreadable_database_names_the_problem(tmp_path: Path) -> None:
    missing = OfflineCatalogSource(db_path=tmp_path / "nope.db")
    with pytest.raises(InvalidInputError, match=r"nope\.db does not exist"):
        await missing.count()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(InvalidInputError, match="unreadable"):
        await _all(OfflineCatalogSource(db_path=empty))


async def test_offline_without_the_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "bokeh_sampledata.movies_data", None)  # import now fails
    with pytest.raises(InvalidInputError, match=r"pip install bokeh_sampledata==2026\.1"):
        await OfflineCatalogSource().count()


def test_field_parsers_handle_real_world_shapes() -> None:
    assert parse_runtime("118 min") == parse_runtime(118.0) == parse_runtime("1h 58m") == 118
    assert parse_runtime("N/A") is None and parse_runtime(0) is None
    assert parse_year("1979-05-25") == parse_year(1979) == parse_year("May 25, 1979") == 1979
    assert parse_year("") is None
    assert split_names("Drama|Comedy") == ("Drama", "Comedy")
    assert split_names("Ed Begley, Jr., Kurt Russell") == ("Ed Begley, Jr.", "Kurt Russell")
    assert split_names([{"id": 18, "name": "Drama"}, {"id": 35, "name": "Comedy"}]) == ("Drama", "Comedy")


CSV_TEXT = """title,release_date,genres,production_countries,runtime,vote_average,vote_count,popularity,imdb_id,id,overview
Alien,1979-05-25,Horror|Science Fiction,"United Kingdom, United States",117 min,8.1,14000,80.5,tt0078748,348,A crew meets a creature.
,2001-01-01,Drama,France,90,5,10,1,,1,no title here
Amélie,2001-04-25,"Comedy, Romance",France,122,7.9,11000,40,tt0211915,194,
Alien,1979,Horror,,,,,,tt0078748,348,duplicate row
"""


async def test_file_csv_rows_become_movies(tmp_path: Path) -> None:
    path = tmp_path / "movies.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    source = FileCatalogSource(path)
    movies = await _all(source)
    assert [m.title for m in movies] == ["Alien", "Amélie"]
    alien, amelie = movies
    assert (alien.year, alien.runtime, alien.tmdb_id, alien.imdb_id) == (1979, 117, 348, "tt0078748")
    assert alien.genres == ("Horror", "Science Fiction")
    assert alien.countries == ("United Kingdom", "United States")
    assert (alien.vote_average, alien.vote_count, alien.popularity) == (8.1, 14000, 80.5)
    assert alien.description == "A crew meets a creature." and alien.source == "file"
    assert amelie.genres == ("Comedy", "Romance") and amelie.description is None
    assert source.stats is not None
    assert (source.stats.untitled_lines, source.stats.duplicate_lines) == ((3,), (5,))
    assert await source.count() == 2 and await source.count(limit=1) == 1
    assert [m.title for m in await _all(source, limit=1)] == ["Alien"]


async def test_file_jsonl_reads_tmdb_nested_fields(tmp_path: Path) -> None:
    rows = [
        {
            "id": 603,
            "title": "The Matrix",
            "release_date": "1999-03-30",
            "genres": [{"id": 28, "name": "Action"}, {"id": 878, "name": "Science Fiction"}],
            "production_countries": [{"iso_3166_1": "US", "name": "United States of America"}],
            "spoken_languages": [{"english_name": "English", "iso_639_1": "en", "name": "English"}],
            "credits": {
                "cast": [{"name": "Keanu Reeves"}],
                "crew": [{"job": "Director", "name": "Lana Wachowski"}],
            },
            "overview": "A hacker learns the truth.",
            "runtime": 136,
            "external_ids": {"imdb_id": "tt0133093"},
        },
        {"name": "Cosmos", "first_air_date": "1980-09-28", "genres": "Documentary", "vote_count": "1,234"},
        {"overview": "untitled"},
    ]
    path = tmp_path / "movies.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n\n", encoding="utf-8")
    source = FileCatalogSource(path)
    matrix, cosmos = await _all(source)
    assert matrix.genres == ("Action", "Science Fiction")
    assert matrix.countries == ("United States of America",)
    assert matrix.directors == ("Lana Wachowski",) and matrix.cast == ("Keanu Reeves",)
    assert (matrix.year, matrix.tmdb_id, matrix.imdb_id, matrix.language) == (
        1999,
        603,
        "tt0133093",
        "English",
    )
    assert (cosmos.year, cosmos.genres, cosmos.vote_count) == (1980, ("Documentary",), 1234)
    assert source.stats is not None and source.stats.untitled_lines == (3,)


async def test_file_json_list_and_tmdb_page(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"page": 1, "results": [{"title": "Up", "year": 2009}]}), encoding="utf-8")
    assert [(m.title, m.year) for m in await _all(FileCatalogSource(path))] == [("Up", 2009)]


async def test_file_csv_cell_with_tmdb_json_genres(tmp_path: Path) -> None:
    path = tmp_path / "tmdb_5000.csv"
    cell = json.dumps([{"id": 18, "name": "Drama"}]).replace('"', '""')
    path.write_text(f'title,genres,release_date\nWhiplash,"{cell}",2014-10-10\n', encoding="utf-8")
    (movie,) = await _all(FileCatalogSource(path))
    assert movie.genres == ("Drama",) and movie.year == 2014


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("broken.jsonl", '{"title": "Ok"}\n{"title": "Broken"\n', r"bad JSON at line 2"),
        ("scalar.jsonl", '{"title": "Ok"}\n42\n', r"line 2 is a JSON int"),
        ("movies.txt", "title\nAlien\n", r"unsupported movie file type '\.txt'"),
        ("bad.json", '{"title": ', r"bad JSON at line 1"),
        ("object.json", '{"title": "Alien"}', r"expected a JSON list"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", r"not UTF-8|NUL bytes"),
        ("empty.csv", "", r"empty CSV file"),
    ],
)
async def test_file_unreadable_names_file_and_problem(
    tmp_path: Path, name: str, content: str | bytes, problem: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=problem) as error:
        await _all(FileCatalogSource(path))
    assert name in error.value.message


async def test_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"missing\.csv: movie file not found"):
        await FileCatalogSource(tmp_path / "missing.csv").count()

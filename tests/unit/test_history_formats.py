"""One test per supported format, on the sample files under examples/."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from src.domain.history import ParsedHistory, WatchEntry
from src.infrastructure.history import FORMATS, AutoDetectHistoryParser

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def parser() -> AutoDetectHistoryParser:
    return AutoDetectHistoryParser()


def parse(parser: AutoDetectHistoryParser, name: str) -> ParsedHistory:
    path = EXAMPLES / name
    return parser.parse(path.read_bytes(), filename=path.name)


def entry(history: ParsedHistory, title: str, *, rewatch: bool = False) -> WatchEntry:
    return next(e for e in history.entries if e.title == title and e.rewatch == rewatch)


def assert_accounted(history: ParsedHistory) -> None:
    assert history.rows_read == len(history.entries) + len(history.rejected) + len(history.skipped)


def letterboxd_zip(tmp_path: Path) -> bytes:
    archive = tmp_path / "letterboxd-export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("ratings.csv", "diary.csv", "watched.csv"):
            zf.write(EXAMPLES / "letterboxd" / name, name)
        zf.writestr("reviews.csv", "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n")
        zf.writestr("deleted/diary.csv", "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
                                         "2020-01-01,Deleted Film,1999,https://boxd.it/x,1,,,2020-01-01\n")
    return archive.read_bytes()


def test_letterboxd_ratings(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "letterboxd/ratings.csv")
    assert (history.format, history.rating_scale, history.rows_read) == ("letterboxd_ratings", "0.5–5 stars", 34)
    assert entry(history, "Alien").rating == 9.0 and entry(history, "Mamma Mia!").rating == 3.0
    assert entry(history, "Alien").watched_at == date(2021, 1, 9)
    assert_accounted(history)


def test_letterboxd_diary_marks_rewatches(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "letterboxd/diary.csv")
    assert (history.format, history.rows_read, len(history.entries)) == ("letterboxd_diary", 24, 24)
    shining = [e for e in history.entries if e.title == "The Shining"]
    assert [(e.watched_at, e.rewatch) for e in shining] == [(date(2022, 10, 8), False), (date(2022, 10, 31), True)]
    assert sum(e.rewatch for e in history.entries) == 4
    assert entry(history, "Jaws").rating is None
    assert_accounted(history)


def test_letterboxd_watched_is_unrated(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "letterboxd/watched.csv")
    assert (history.format, history.rating_scale, len(history.entries)) == ("letterboxd_watched", None, 44)
    assert all(e.rating is None for e in history.entries)
    assert entry(history, "Les Misérables").year is None


def test_letterboxd_zip_merges_one_entry_per_film(parser: AutoDetectHistoryParser, tmp_path: Path) -> None:
    history = parser.parse(letterboxd_zip(tmp_path), filename="letterboxd-export.zip")
    assert (history.format, history.rating_scale) == ("letterboxd_zip", "0.5–5 stars")
    films = [e for e in history.entries if not e.rewatch]
    assert len(films) == 44 and len({(e.title, e.year) for e in films}) == 44
    assert sum(e.rewatch for e in history.entries) == 4
    pulp = entry(history, "Pulp Fiction")  # unrated in the diary, 5 stars in ratings.csv
    assert (pulp.rating, pulp.watched_at) == (10.0, date(2022, 6, 19))
    alien = entry(history, "Alien")  # ratings.csv wins the rating, the diary the watch date
    assert (alien.rating, alien.watched_at) == (9.0, date(2022, 5, 28))
    assert entry(history, "Alien", rewatch=True).rating == 10.0
    assert entry(history, "Titanic").rating is None  # watched-only
    assert not any(e.title == "Deleted Film" for e in history.entries)
    assert_accounted(history)


def test_imdb_new_export(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "imdb/ratings.csv")
    assert (history.format, history.rating_scale, len(history.entries)) == ("imdb_ratings", "1–10", 25)
    samurai = entry(history, "Seven Samurai")
    assert (samurai.rating, samurai.imdb_id, samurai.year) == (10.0, "tt0047478", 1954)
    assert samurai.original_title == "Shichinin no samurai" and samurai.directors == ("Akira Kurosawa",)
    assert {e.title for e in history.entries} >= {"Duel", "The Animatrix"}  # TV Movie, Video kept
    assert {s.reason for s in history.skipped} == {
        "title type 'TV Series' is not a movie", "title type 'TV Mini Series' is not a movie",
        "title type 'TV Episode' is not a movie", "title type 'Video Game' is not a movie"}


def test_imdb_old_export(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "imdb/ratings_old.csv")
    assert (history.format, len(history.entries), len(history.skipped)) == ("imdb_ratings", 21, 2)
    heat = entry(history, "Heat")
    assert (heat.rating, heat.imdb_id, heat.watched_at) == (9.0, "tt0113277", date(2011, 6, 17))
    assert entry(history, "Hoop Dreams").year == 1994  # Documentary kept


def test_tmdb_export(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "tmdb/tmdb_export.csv")
    assert (history.format, len(history.entries), len(history.skipped)) == ("tmdb_export", 22, 3)
    heat = entry(history, "Heat")
    assert (heat.rating, heat.tmdb_id, heat.imdb_id, heat.year) == (8.5, 949, "tt0113277", 1995)
    assert entry(history, "Alien").watched_at == date(2023, 1, 7)


def test_trakt_history(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "trakt/history.json")
    assert (history.format, history.rating_scale, history.rows_read) == ("trakt_json", None, 22)
    assert len(history.skipped) == 4 and all(s.reason == "episode is not a movie" for s in history.skipped)
    heats = sorted((e for e in history.entries if e.title == "Heat"), key=lambda e: e.line)
    assert [(e.line, e.rewatch) for e in heats] == [(1, True), (12, False)]  # newest first in the file
    assert (heats[0].imdb_id, heats[0].tmdb_id, heats[0].watched_at) == ("tt0113277", 949, date(2023, 11, 30))


def test_trakt_ratings(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "trakt/ratings.json")
    assert (history.format, history.rating_scale, len(history.entries)) == ("trakt_json", "1–10", 20)
    assert entry(history, "Alien").rating == 10.0
    assert {s.reason for s in history.skipped} == {"show is not a movie", "season is not a movie"}


def test_netflix_skips_episodes_and_reads_day_first(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "netflix/NetflixViewingHistory.csv")
    assert (history.format, history.rating_scale, history.encoding) == ("netflix", None, "utf-8-sig")
    assert (len(history.entries), len(history.skipped)) == (29, 15)
    assert all(s.reason == "series episode" for s in history.skipped)
    titles = {e.title for e in history.entries}
    assert {"Mission: Impossible", "Kill Bill: Vol. 1", "Harry Potter and the Deathly Hallows: Part 1",
            "Crouching Tiger, Hidden Dragon", "Black Mirror: Bandersnatch"} <= titles
    assert entry(history, "Goodfellas").watched_at == date(2023, 12, 31)
    assert entry(history, "Pulp Fiction").watched_at == date(2024, 1, 2)  # 02/01/2024 read day-first
    assert all(e.year is None for e in history.entries)


def test_cinemai_json(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "cinemai/history.json")
    assert (history.format, history.rating_scale, history.rows_read) == ("cinemai_json", "0–10", 21)
    amelie = entry(history, "Amélie")
    assert (amelie.rating, amelie.year, amelie.imdb_id) == (9.0, 2001, "tt0211915")
    assert amelie.original_title == "Le fabuleux destin d'Amélie Poulain" and amelie.countries == ("France",)
    assert entry(history, "La Haine").year is None and entry(history, "In the Mood for Love").rating is None
    assert [(r.line, r.reason) for r in history.rejected] == [(21, "missing title")]


def test_generic_semicolon_latin1(parser: AutoDetectHistoryParser) -> None:
    history = parse(parser, "generic/my_movies.csv")
    assert (history.format, history.encoding, history.delimiter) == ("generic_csv", "cp1252", ";")
    assert history.rating_scale == "0–5 stars"
    amelie = entry(history, "Amélie")
    assert (amelie.rating, amelie.watched_at, amelie.directors) == (9.0, date(2023, 12, 28), ("Jean-Pierre Jeunet",))
    assert entry(history, "8½").rating == 10.0 and entry(history, "Crouching Tiger, Hidden Dragon").year == 2000
    assert entry(history, "Les Misérables").year is None
    assert [(r.line, r.reason) for r in history.rejected] == [(19, "year 2962 is not a plausible release year")]


@pytest.mark.parametrize(("name", "liked_genre_films"), [("horror_fan.csv", 42), ("scifi_fan.csv", 42)])
def test_themed_histories(parser: AutoDetectHistoryParser, name: str, liked_genre_films: int) -> None:
    history = parse(parser, name)
    assert history.format == "letterboxd_ratings" and not history.rejected
    assert sum(1 for e in history.entries if e.rating is not None and e.rating >= 7) == liked_genre_films
    assert sum(1 for e in history.entries if e.rating is not None and e.rating <= 4) >= 4


def test_every_format_name_is_documented() -> None:
    assert set(FORMATS) == {"letterboxd_ratings", "letterboxd_diary", "letterboxd_watched", "letterboxd_zip",
                            "imdb_ratings", "tmdb_export", "trakt_json", "netflix", "cinemai_json", "generic_csv"}

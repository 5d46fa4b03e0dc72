"""Awkward inputs: quoting, colons, rewatches, missing years, encodings, delimiters, bad rows, hostile files."""

from __future__ import annotations

import codecs
import io
import json
import zipfile

import pytest

from src.domain.errors import InvalidInputError, TooLargeError, UnreadableHistoryError
from src.infrastructure.history import AutoDetectHistoryParser
from src.infrastructure.history.netflix import is_series_episode

LB_HEADER = "Date,Name,Year,Letterboxd URI,Rating\n"


@pytest.fixture(scope="module")
def parser() -> AutoDetectHistoryParser:
    return AutoDetectHistoryParser()


def test_titles_with_commas_quotes_and_colons_round_trip(parser: AutoDetectHistoryParser) -> None:
    data = (LB_HEADER
            + '2023-01-01,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/a,4\n'
            + "2023-01-02,Mission: Impossible,1996,https://boxd.it/b,3.5\n"
            + '2023-01-03,"Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb",1964,u,5\n'
            + '2023-01-04,"The ""Burbs""",1989,https://boxd.it/c,3\n')
    history = parser.parse(data.encode())
    assert [e.title for e in history.entries] == [
        "Crouching Tiger, Hidden Dragon", "Mission: Impossible",
        "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", 'The "Burbs"']
    assert [e.line for e in history.entries] == [2, 3, 4, 5]


def test_line_numbers_are_physical_lines(parser: AutoDetectHistoryParser) -> None:
    data = LB_HEADER + '2023-01-01,"A title\nover two lines",2000,u,4\n\n2023-01-02,,1999,u,4\n'
    history = parser.parse(data.encode())
    assert history.entries[0].line == 2 and history.entries[0].title == "A title\nover two lines"
    assert [(r.line, r.reason) for r in history.rejected] == [(5, "missing title")]


def test_diary_duplicates_are_rewatches_even_without_the_flag(parser: AutoDetectHistoryParser) -> None:
    data = ("Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
            "2023-05-02,Heat,1995,u,5,,,2023-05-01\n"
            "2021-01-02,Heat,1995,u,4,Yes,,2021-01-01\n"
            "2022-01-02,Heat,1995,u,,,,2022-01-01\n")
    entries = parser.parse(data.encode()).entries
    assert [(e.line, e.rewatch, e.rating) for e in entries] == [(2, True, 10.0), (3, False, 8.0), (4, True, None)]


def test_missing_year_and_unrated_rows_are_kept(parser: AutoDetectHistoryParser) -> None:
    history = parser.parse((LB_HEADER + "2023-01-01,Les Misérables,,u,\n").encode())
    assert (history.entries[0].year, history.entries[0].rating, history.rating_scale) == (None, None, None)


@pytest.mark.parametrize(("row", "reason"), [
    ("2023-01-01,Heat,1995,u,abc", "rating 'abc' is not a number"),
    ("2023-01-01,Heat,1995,u,7", "rating 7 is outside the 0.5–5 stars scale"),
    ("2023-01-01,Heat,1995,u,0", "rating 0 is outside the 0.5–5 stars scale"),
    ("2023-01-01,Heat,3021,u,4", "year 3021 is not a plausible release year"),
    ("2023-01-01,Heat,19x5,u,4", "year '19x5' is not a year"),
    ("2023-01-01,   ,1995,u,4", "missing title"),
    ("2023-01-01,Heat,1995,u,4,extra,fields", "the row has 7 fields but the header has 5"),
])
def test_bad_rows_are_rejected_with_their_reason(parser: AutoDetectHistoryParser, row: str, reason: str) -> None:
    history = parser.parse((LB_HEADER + "2023-01-01,Alien,1979,u,4\n" + row + "\n").encode())
    assert len(history.entries) == 1 and history.rows_read == 2
    assert history.rejected[0].line == 3 and history.rejected[0].reason.startswith(reason)
    assert history.rejected[0].raw.startswith("2023-01-01")


def test_unparseable_watch_date_keeps_the_row(parser: AutoDetectHistoryParser) -> None:
    history = parser.parse((LB_HEADER + "someday,Heat,1995,u,4\n").encode())
    assert history.entries[0].watched_at is None and not history.rejected


@pytest.mark.parametrize("title", [
    "Stranger Things: Season 1: Chapter One", "The Queen's Gambit: Limited Series: Openings",
    "Money Heist: Part 2: Episode 3", "House of Cards: Chapter 3", "Dark: Episode 5", "Ozark: Season 2",
    "Unbelievable: Limited Series", "Narcos: Series 1",
])
def test_netflix_episodes(title: str) -> None:
    assert is_series_episode(title)


@pytest.mark.parametrize("title", [
    "Mission: Impossible", "Star Wars: Episode IV - A New Hope", "Kill Bill: Vol. 1", "3:10 to Yuma",
    "Harry Potter and the Deathly Hallows: Part 1", "Black Mirror: Bandersnatch", "Inception",
    "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb",
])
def test_netflix_movies_with_colons(title: str) -> None:
    assert not is_series_episode(title)


@pytest.mark.parametrize(("dates", "expected"), [
    (["31/12/2023", "01/02/2024"], ["2023-12-31", "2024-02-01"]),  # a day above 12: day-first
    (["12/31/23", "01/02/24"], ["2023-12-31", "2024-01-02"]),  # a second part above 12: month-first
    (["01/02/2024", "03/04/2024"], ["2024-01-02", "2024-03-04"]),  # no evidence: month-first
    (["01.02.2024", "03.04.2024"], ["2024-02-01", "2024-04-03"]),  # no evidence, dotted: day-first
    (["13/01/24", "14/01/24", "01/13/24"], ["2024-01-13", "2024-01-14", "2024-01-13"]),  # majority wins
])
def test_netflix_date_order_is_detected_per_file(
        parser: AutoDetectHistoryParser, dates: list[str], expected: list[str]) -> None:
    data = "Title,Date\n" + "".join(f"Film {i},{d}\n" for i, d in enumerate(dates))
    history = parser.parse(data.encode())
    assert [e.watched_at.isoformat() if e.watched_at else None for e in history.entries] == expected


def test_no_title_column_names_the_columns_found(parser: AutoDetectHistoryParser) -> None:
    with pytest.raises(UnreadableHistoryError, match="Foo, Bar, Score"):
        parser.parse(b"Foo,Bar,Score\n1,2,3\n")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file has no rows"),
    (b"  \r\n\n", "the file has no rows"),
    (b"Date,Name,Year,Letterboxd URI,Rating\n", "only a header"),
    (b"[]", "the file has no rows"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (bytes(range(256)) * 4, "binary"),
    (b"PK\x03\x04garbage that is no zip", "zip"),
    (b"[" * 5000 + b"]" * 5000, "nested"),
    (b'{"movies": 3}', "expected a JSON list"),
    (b"[{\"title\": ", "not valid JSON"),
    (b'[{"foo": 1}, {"bar": 2}]', "found keys: bar, foo"),
])
def test_unreadable_files(parser: AutoDetectHistoryParser, data: bytes, message: str) -> None:
    with pytest.raises(UnreadableHistoryError, match=message):
        parser.parse(data)


def test_utf8_bom_and_latin1(parser: AutoDetectHistoryParser) -> None:
    bom = parser.parse(codecs.BOM_UTF8 + "Title,Year\nAmélie,2001\n".encode())
    latin = parser.parse("Title,Year\nAmélie,2001\nLe Samouraï,1967\n".encode("cp1252"))
    utf16 = parser.parse("Title,Year\nAmélie,2001\n".encode("utf-16"))
    assert (bom.encoding, bom.entries[0].title) == ("utf-8-sig", "Amélie")
    assert (latin.encoding, [e.title for e in latin.entries]) == ("cp1252", ["Amélie", "Le Samouraï"])
    assert (utf16.encoding, utf16.entries[0].title) == ("utf-16", "Amélie")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(parser: AutoDetectHistoryParser, delimiter: str) -> None:
    rows = [["Title", "Year", "Rating"], ["Crouching Tiger, Hidden Dragon", "2000", "8"], ["Heat", "1995", "9"]]
    text = "\n".join(delimiter.join(f'"{f}"' if delimiter in f or "," in f else f for f in r) for r in rows)
    history = parser.parse(text.encode())
    assert history.delimiter == delimiter
    assert [(e.title, e.year, e.rating) for e in history.entries] == [
        ("Crouching Tiger, Hidden Dragon", 2000, 8.0), ("Heat", 1995, 9.0)]


@pytest.mark.parametrize(("ratings", "scale", "normalised"), [
    (["4", "2.5", "5"], "0–5 stars", [8.0, 5.0, 10.0]),
    (["7", "10", "3"], "0–10", [7.0, 10.0, 3.0]),
    (["85", "40", "100"], "0–100", [8.5, 4.0, 10.0]),
])
def test_generic_rating_scale_from_column_max(
        parser: AutoDetectHistoryParser, ratings: list[str], scale: str, normalised: list[float]) -> None:
    data = "film_title,Release_Date,my rating,Watched On\n" + "".join(
        f"Film {i},1999-03-31,{r},2023-05-0{i + 1}\n" for i, r in enumerate(ratings))
    history = parser.parse(data.encode())
    assert (history.format, history.rating_scale) == ("generic_csv", scale)
    assert [e.rating for e in history.entries] == normalised and history.entries[0].year == 1999


def test_format_override(parser: AutoDetectHistoryParser) -> None:
    history = parser.parse(b"Title,Date\nHeat,2023-01-01\n", format="generic_csv")
    assert history.format == "generic_csv"
    with pytest.raises(InvalidInputError, match="valid formats: letterboxd_ratings"):
        parser.parse(b"Title\nHeat\n", format="myspace")
    with pytest.raises(UnreadableHistoryError, match="not valid JSON"):
        parser.parse(b"Title\nHeat\n", format="trakt_json")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def test_zip_bomb_and_member_count_are_refused() -> None:
    parser = AutoDetectHistoryParser(max_zip_bytes=1_000_000, max_zip_members=10)
    bomb = _zip({"ratings.csv": LB_HEADER.encode() + b"0" * 2_000_000})
    many = _zip({f"lists/list{i}.csv": b"x" for i in range(11)} | {"ratings.csv": b"x"})
    with pytest.raises(UnreadableHistoryError, match="more than 1,000,000 bytes"):
        parser.parse(bomb)
    with pytest.raises(UnreadableHistoryError, match="more than 10 files"):
        parser.parse(many)
    with pytest.raises(UnreadableHistoryError, match=r"no ratings\.csv, diary\.csv or watched\.csv"):
        parser.parse(_zip({"notes.txt": b"hello"}))


def test_zip_with_header_only_members_still_reads_the_others(parser: AutoDetectHistoryParser) -> None:
    data = _zip({"ratings.csv": (LB_HEADER + "2023-01-01,Heat,1995,u,4.5\n").encode(),
                 "diary.csv": b"Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"})
    history = parser.parse(data)
    assert [(e.title, e.rating) for e in history.entries] == [("Heat", 9.0)]


def test_too_large_input() -> None:
    with pytest.raises(TooLargeError):
        AutoDetectHistoryParser(max_bytes=10).parse(b"Title\nA long enough file\n")


def test_cinemai_json_scales_and_dates(parser: AutoDetectHistoryParser) -> None:
    items = [{"Title": "Heat", "rating": 4.5, "watched_at": 1_700_000_000_000, "Director": "Michael Mann"},
             {"name": "Alien", "rating": "3", "date": "2023-02-01", "genres": [{"name": "Horror"}]},
             {"originalTitle": "Das Boot", "rating": -1}, "not an object"]
    history = parser.parse(json.dumps(items).encode())
    assert (history.format, history.rating_scale) == ("cinemai_json", "0–5 stars")
    heat, alien = history.entries
    assert (heat.rating, heat.watched_at and heat.watched_at.year, heat.directors) == (9.0, 2023, ("Michael Mann",))
    assert (alien.rating, alien.genres) == (6.0, ("Horror",))
    assert [(r.line, r.reason) for r in history.rejected] == [
        (3, "rating -1 is outside the 0–5 stars scale"), (4, "not a JSON object")]

"""The benchmark's inputs: the 1,000-row Letterboxd file, the load generator's request encoding and its
HTTP response parsing, /proc/<pid>/stat reading."""

from __future__ import annotations

import os
import random

import pytest

from benchmarks.history_file import letterboxd_ratings_csv
from benchmarks.loadspec import LoadSpec, RequestSpec, encode
from benchmarks.procstat import parse_stat
from benchmarks.rawhttp import HttpProtocolError, multipart_body, parse_head
from src.domain.movie import Movie
from src.infrastructure.history.parser import AutoDetectHistoryParser


def catalog(n: int) -> list[Movie]:
    titles = ["Heat", "Alien", 'The "Quoted" One', "Crouching Tiger, Hidden Dragon", "Léon: The Professional"]
    return [Movie(id=i, title=f"{titles[i % len(titles)]} {i}", year=1940 + i % 75) for i in range(n)]


def test_the_file_parses_as_letterboxd_ratings_with_every_row_accepted() -> None:
    text = letterboxd_ratings_csv(catalog(1500), 1000, seed=3)
    parsed = AutoDetectHistoryParser().parse(text.encode(), filename="ratings.csv")
    assert parsed.format == "letterboxd_ratings"
    assert (parsed.rows_read, len(parsed.entries), parsed.rejected, parsed.skipped) == (1000, 1000, [], [])
    assert {e.rating for e in parsed.entries} <= {float(x) for x in range(1, 11)}  # 0.5–5 stars → 1–10
    assert len({(e.title, e.year) for e in parsed.entries}) == 1000
    known = {(m.title, m.year) for m in catalog(1500)}
    assert all((e.title, e.year) in known for e in parsed.entries)


def test_the_sample_is_seeded() -> None:
    movies = catalog(1200)
    assert letterboxd_ratings_csv(movies, 1000, seed=7) == letterboxd_ratings_csv(movies, 1000, seed=7)
    assert letterboxd_ratings_csv(movies, 1000, seed=7) != letterboxd_ratings_csv(movies, 1000, seed=8)


def test_duplicates_and_yearless_movies_are_not_sampled() -> None:
    movies = [Movie(title="Same", year=2000), Movie(title="same", year=2000), Movie(title="No year")]
    movies += [Movie(title=f"Film {i}", year=2001) for i in range(3)]
    lines = letterboxd_ratings_csv(movies, 4, seed=1).splitlines()
    assert lines[0] == "Date,Name,Year,Letterboxd URI,Rating"
    assert sorted(line.split(",")[1] for line in lines[1:]) in (
        ["Film 0", "Film 1", "Film 2", "Same"],
        ["Film 0", "Film 1", "Film 2", "same"],
    )


def test_too_small_a_catalog_is_an_error() -> None:
    with pytest.raises(ValueError, match="3 usable movies; 1000 rows"):
        letterboxd_ratings_csv(catalog(3), 1000)


def test_cold_requests_get_a_fresh_alpha_and_keep_the_rest_of_the_body() -> None:
    spec = RequestSpec(method="POST", path="/x", headers={"Authorization": "Bearer k"}, json={"limit": 10})
    rng = random.Random(1)
    bodies = [encode(spec, rng, (1.0, 9.0))[1] for _ in range(50)]
    assert len(set(bodies)) == 50
    headers, body = encode(spec, rng, None)
    assert headers == {"Authorization": "Bearer k", "Content-Type": "application/json"}
    assert body == b'{"limit":10}'


def test_load_spec_round_trips_through_json() -> None:
    spec = LoadSpec(
        name="n",
        base_url="http://127.0.0.1:1",
        requests=[RequestSpec(method="GET", path="/health")],
        vary_alpha=(1.0, 2.0),
        watch_pids={"server": 42},
    )
    assert LoadSpec.from_json(spec.to_json()) == spec


def test_multipart_body_carries_the_file_and_the_form_fields() -> None:
    headers, body = multipart_body("ratings.csv", b"Date,Name\n", {"mode": "replace"})
    boundary = headers["Content-Type"].split("boundary=")[1]
    assert body.startswith(f"--{boundary}\r\n".encode()) and body.endswith(f"--{boundary}--\r\n".encode())
    assert b'name="mode"\r\n\r\nreplace\r\n' in body
    assert b'name="file"; filename="ratings.csv"\r\nContent-Type: text/csv\r\n\r\nDate,Name\n\r\n' in body


def test_parse_head_reads_status_and_lower_cased_fields() -> None:
    status, fields = parse_head(
        b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 12\r\nRetry-After: 1\r\n\r\n"
    )
    assert status == 429
    assert fields == {"content-length": "12", "retry-after": "1"}
    with pytest.raises(HttpProtocolError):
        parse_head(b"garbage\r\n\r\n")


def test_parse_stat_counts_fields_after_the_command_name() -> None:
    # pid (comm) state ppid ... field 14 utime, 15 stime; the name holds a space and a ')'
    line = "1234 (py thon) x) S 77 1 1 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 100 0 0\n"
    ppid, seconds = parse_stat(line)
    assert ppid == 77
    assert seconds == pytest.approx(300 / os.sysconf("SC_CLK_TCK"))

"""The shared rerank validator, and the OpenAI reranker through the real SDK against the loopback stub
scripted to answer like GPT-4o with planted errors: every planted error is caught and replaced by the
local evidence wording for that item alone; every served justification then checks out."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import numpy as np
import openai
import pytest
from prometheus_client import CollectorRegistry

from src.application.validate_rerank import (
    HistoryFilm,
    ProposedItem,
    check_justification,
    history_films,
    repair_order,
    statements,
    validate_answer,
)
from src.domain.movie import Movie
from src.domain.profile import LikedMovie, TasteCluster, TasteProfile
from src.domain.recommendation import ScoredCandidate
from src.infrastructure.cache.memory import InProcessLruCache
from src.infrastructure.metrics import PrometheusRerankMetrics
from src.infrastructure.openai.reranker import OpenAIReranker
from src.infrastructure.openai.scripted import INVENTED_DIRECTOR, planted_ids, prompt_data, scripted_answer
from src.infrastructure.rerank.local import LocalReranker
from tests.stubs.openai_tmdb import StubServer, scripted_rerank_route

CHAT = "/v1/chat/completions"
PLANTED = ("wrong_year", "invented_director", "unrated_film", "wrong_rating", "swapped", "missing_id")
LABEL = "Horror · 1980s"


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


@pytest.fixture
async def client(stub: StubServer) -> AsyncIterator[openai.AsyncOpenAI]:
    c = openai.AsyncOpenAI(base_url=f"{stub.url}/v1", api_key="test", max_retries=0)
    yield c
    await c.close()


def _vec(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=8).astype(np.float32)


LIKED = [("Alien", 1979, ("Horror", "Science Fiction"), "Ridley Scott", 9.0),
         ("Halloween", 1978, ("Horror",), "John Carpenter", 8.0),
         ("The Fog", 1980, ("Horror", "Mystery"), "John Carpenter", 7.5),
         ("Poltergeist", 1982, ("Horror", "Fantasy"), "Tobe Hooper", 8.5),
         ("Videodrome", 1983, ("Horror", "Science Fiction"), "David Cronenberg", 9.5)]  # fmt: skip
CANDIDATES = [("The Thing", 1982, ("Horror", "Science Fiction"), "John Carpenter"),
              ("Scanners", 1981, ("Horror", "Thriller"), "David Cronenberg"),
              ("Prince of Darkness", 1987, ("Horror",), "John Carpenter"),
              ("The Changeling", 1980, ("Horror", "Mystery"), "Peter Medak"),
              ("Hellraiser", 1987, ("Horror",), "Clive Barker"),
              ("The Howling", 1981, ("Horror",), "Joe Dante"),
              ("Re-Animator", 1985, ("Horror", "Comedy"), "Stuart Gordon"),
              ("The Entity", 1982, ("Horror",), "Sidney J. Furie"),
              ("Christine", 1983, ("Horror", "Thriller"), "John Carpenter"),
              ("The Fly", 1986, ("Horror", "Science Fiction"), "David Cronenberg")]  # fmt: skip


def make_profile(version: int = 1) -> TasteProfile:
    liked = []
    for i, (title, year, genres, director, rating) in enumerate(LIKED):
        m = LikedMovie(title=title, year=year, weight=1.0, embedding=_vec(i), cluster_id=0, movie_id=100 + i,
                       genres=genres, directors=(director,), rating=rating)  # fmt: skip
        liked.append(m)
    cluster = TasteCluster(id=0, label=LABEL, centroid=np.ones(8, dtype=np.float32), weight=1.0, size=5)
    return TasteProfile(user_id=uuid.UUID(int=5), clusters=[cluster], algorithm="single", liked=liked,
                        version=version)  # fmt: skip


def make_candidates() -> list[ScoredCandidate]:
    return [
        ScoredCandidate(movie=Movie(id=200 + i, title=t, year=y, genres=g, directors=(d,), embedding=_vec(50 + i)),
                        score=0.9 - 0.02 * i, cluster_id=0, cluster_label=LABEL)
        for i, (t, y, g, d) in enumerate(CANDIDATES)
    ]


def sample(metrics: PrometheusRerankMetrics, name: str, **labels: str) -> float:
    registry = CollectorRegistry()
    registry.register(metrics)
    return registry.get_sample_value(name, labels) or 0.0


# ---------------------------------------------------------------- the checker


def test_statements_judge_each_claim_against_the_facts() -> None:
    thing = Movie(id=1, title="The Thing", year=1982, genres=("Horror", "Science Fiction"),
                  directors=("John Carpenter",), countries=("United States of America",))  # fmt: skip
    history = [HistoryFilm("Alien", 1979, 9.0, ("Horror", "Science Fiction"), ("Ridley Scott",))]
    good = "A 1982 American sci-fi horror film directed by John Carpenter, like Alien (1979), which you rated 9/10."
    assert [s.true for s in statements(good, thing, history)] == [True] * 8
    bad = {
        "A 1984 horror film.": ("year", "1984"),
        "Directed by Wes Craven: directed by Wes Craven.": ("director", "Wes Craven"),
        "Like Alien, which you rated 7/10.": ("rating", "Alien: 7/10"),
        "Since you loved Suspiria, try it.": ("film", "Suspiria"),
        "A Japanese horror film.": ("country", "Japanese"),
        "A seventies shocker.": ("decade", "seventies"),
        "A western like Alien.": ("genre", "western"),
        "Like Alien (1986).": ("year", "Alien (1986)"),
    }
    for text, (kind, claim) in bad.items():
        found = check_justification(text, thing, history)
        assert (kind, claim) in {(f.kind, f.text) for f in found}, text
    assert check_justification("Like Heat, a heist.", thing, history, other_titles=["Heat"])[0].kind == "film"
    assert check_justification("Fits your “Horror · 1980s” taste.", thing, history, labels=[LABEL]) == []
    assert check_justification("An English-language horror film.", thing, history) == []  # language, not country


def test_repair_order_says_what_it_repaired() -> None:
    order, repairs = repair_order([3, 9, 1, 3], [1, 2, 3])
    assert order == [3, 1, 2]
    assert repairs == ["unknown id 9 dropped", "duplicate id 3 dropped", "missing id 2 appended"]


def test_validate_answer_marks_missing_and_false_items_only() -> None:
    a = Movie(id=1, title="Alpha", year=2001, genres=("Drama",))
    b = Movie(id=2, title="Bravo", year=2002, genres=("Comedy",))
    checked = validate_answer(
        [ProposedItem(2, "Bravo is a 2002 comedy."), ProposedItem(1, "A 1999 drama.", ("h9",))],
        {1: (a, ""), 2: (b, ""), 3: (Movie(id=3, title="Charlie"), "")},
        [],
        evidence={1: ["h1"], 2: [], 3: []},
    )
    assert checked.order == [2, 1, 3] and checked.replaced == [1, 3]
    assert checked.verdicts[2].kept and checked.verdicts[3].reason == "missing"
    assert {f.kind for f in checked.verdicts[1].false_statements} == {"year", "evidence"}


# ---------------------------------------------------------------- through the SDK and the stub


async def test_every_planted_error_is_caught_and_every_item_keeps_a_valid_justification(
    stub: StubServer, client: openai.AsyncOpenAI
) -> None:
    scripted_rerank_route(stub, PLANTED)
    metrics = PrometheusRerankMetrics()
    profile, candidates = make_profile(), make_candidates()
    result = await OpenAIReranker(client, LocalReranker(), metrics=metrics).rerank(
        profile, candidates, limit=len(candidates), diversity=0.0
    )
    body = stub.requests_to(CHAT)[0].json()
    hit = {i for ids in planted_ids(body, PLANTED).values() for i in ids}
    assert len(hit) == 7 and result.reranker == "gpt-4o"
    assert sorted(r.movie.id or 0 for r in result.items) == sorted(c.movie.id or 0 for c in candidates)
    local = {r.movie.id: r.justification for r in (await LocalReranker().rerank(
        profile, candidates, limit=len(candidates), diversity=0.0)).items}  # fmt: skip
    faithful = {i["id"]: i["justification"] for i in scripted_answer(body)["items"]}
    for item in result.items:
        expected = local[item.movie.id] if item.movie.id in hit else faithful[item.movie.id]
        assert item.justification == expected, item.movie.title
    assert INVENTED_DIRECTOR not in " ".join(r.justification for r in result.items)
    history = history_films(profile.liked)
    titles = [c.movie.title for c in candidates]
    for item in result.items:
        others = [t for t in titles if t != item.movie.title]
        assert item.justification and check_justification(
            item.justification, item.movie, history, labels=[LABEL], other_titles=others
        ) == [], item.justification
    assert sample(metrics, "cinemai_rerank_answers_checked_total", reranker="gpt-4o") == 1
    assert sample(metrics, "cinemai_rerank_answers_replaced_total", reranker="gpt-4o") == 1
    assert sample(metrics, "cinemai_rerank_justifications_replaced_total", reranker="gpt-4o") == 7
    assert sample(metrics, "cinemai_rerank_order_repairs_total", reranker="gpt-4o") == 1
    for kind in ("year", "director", "film", "rating"):
        assert sample(metrics, "cinemai_rerank_false_statements_total", kind=kind) >= 1, kind
    assert sample(metrics, "cinemai_llm_tokens_total", model="gpt-4o", kind="prompt") == 812
    cost = sample(metrics, "cinemai_llm_cost_usd_total", model="gpt-4o")
    assert cost == pytest.approx((812 * 2.5 + 240 * 10.0) / 1e6)


async def test_a_faithful_answer_is_kept_whole_with_its_cited_films(
    stub: StubServer, client: openai.AsyncOpenAI
) -> None:
    scripted_rerank_route(stub, ("duplicate_id", "hallucinated_id"))
    metrics = PrometheusRerankMetrics()
    profile, candidates = make_profile(), make_candidates()
    result = await OpenAIReranker(client, LocalReranker(), metrics=metrics).rerank(
        profile, candidates, limit=4, diversity=0.0
    )
    faithful = scripted_answer(stub.requests_to(CHAT)[0].json())["items"]
    assert [(r.movie.id, r.justification) for r in result.items] == [(i["id"], i["justification"]) for i in faithful[:4]]
    assert all(r.because_you_liked for r in result.items)  # the evidence it cited, by title
    assert sample(metrics, "cinemai_rerank_justifications_replaced_total", reranker="gpt-4o") == 0
    assert sample(metrics, "cinemai_rerank_order_repairs_total", reranker="gpt-4o") == 2


async def test_a_second_identical_request_is_answered_from_the_answer_cache(
    stub: StubServer, client: openai.AsyncOpenAI
) -> None:
    scripted_rerank_route(stub, ("wrong_year",))
    metrics = PrometheusRerankMetrics()
    rr = OpenAIReranker(client, LocalReranker(), cache=InProcessLruCache(), metrics=metrics)
    first = await rr.rerank(make_profile(), make_candidates(), limit=5, diversity=0.2)
    again = await rr.rerank(make_profile(), make_candidates(), limit=5, diversity=0.2)
    assert len(stub.requests_to(CHAT)) == 1
    assert [(r.movie.id, r.justification, r.because_you_liked) for r in again.items] == [
        (r.movie.id, r.justification, r.because_you_liked) for r in first.items
    ]
    assert sample(metrics, "cinemai_rerank_answer_cache_lookups_total", result="hit") == 1
    await rr.rerank(make_profile(version=2), make_candidates(), limit=5, diversity=0.2)  # new profile version
    assert len(stub.requests_to(CHAT)) == 2


# ---------------------------------------------------------------- the local reranker, by construction


@pytest.mark.parametrize("diversity", [0.0, 0.5])
async def test_local_justifications_state_only_true_facts(diversity: float) -> None:
    profile, candidates = make_profile(), make_candidates()
    candidates[3].signal, candidates[3].because_you_liked = "collaborative", ["Halloween", "The Fog"]
    candidates[5].because_you_liked = ["Alien"]
    result = await LocalReranker().rerank(profile, candidates, limit=len(candidates), diversity=diversity)
    history, titles = history_films(profile.liked), [c.movie.title for c in candidates]
    found = [
        s
        for r in result.items
        for s in statements(r.justification, r.movie, history, labels=[LABEL],
                            other_titles=[t for t in titles if t != r.movie.title])
    ]
    assert found and [s for s in found if not s.true] == []
    assert {s.kind for s in found} >= {"film", "label", "genre"}


def test_cost_is_estimated_per_model_family_and_unknown_models_count_tokens_only() -> None:
    from src.infrastructure.openai.pricing import estimated_cost_usd

    assert estimated_cost_usd("gpt-4o-2024-08-06", 1_000_000, 0) == pytest.approx(2.5)
    assert estimated_cost_usd("gpt-4o-mini", 0, 1_000_000) == pytest.approx(0.6)
    assert estimated_cost_usd("local-llama", 10, 10) is None
    metrics = PrometheusRerankMetrics()
    metrics.usage("local-llama", prompt_tokens=10, completion_tokens=5, cost_usd=None)
    assert sample(metrics, "cinemai_llm_tokens_total", model="local-llama", kind="completion") == 5
    assert sample(metrics, "cinemai_llm_cost_usd_total", model="local-llama") == 0


# ---------------------------------------------------------------- ratings and genre claims


def test_every_stated_rating_is_checked_against_the_users_own_rating() -> None:
    thing = Movie(id=1, title="The Thing", year=1982, genres=("Horror",), directors=("John Carpenter",))
    history = [HistoryFilm("Halloween", 1978, 10.0, ("Horror",)), HistoryFilm("Alien", 1979, None, ("Horror",))]
    for good in ("Like Halloween, which you gave 5 stars.", "Like Halloween (your 10/10).",
                 "Halloween, 5★ from you.", "You rated Halloween 5/5.", "Halloween: ★★★★★."):  # fmt: skip
        assert [(s.kind, s.true) for s in statements(good, thing, history) if s.kind == "rating"] == [
            ("rating", True)
        ], good
        assert check_justification(good, thing, history) == [], good
    for bad in ("Like Halloween, which you gave 4.5 stars.", "Like Halloween (your 9/10).", "Halloween: ★★★★½.",
                "You rated Halloween 4/5.", "Like Alien, your 9/10.", "You gave it 5 stars."):  # fmt: skip
        found = check_justification(bad, thing, history)
        assert [f.kind for f in found] == ["rating"], (bad, found)
    assert check_justification("Like Halloween (your 9/10).", thing, history)[0].expected == "10/10"


def test_ordinary_words_are_not_genre_claims() -> None:
    heat = Movie(id=1, title="Heat", year=1995, genres=("Crime", "Thriller"), directors=("Michael Mann",))
    for text in ("Non-stop action from start to end.", "Set just after the war, a crime thriller.",
                 "A crime boss meets his match: a tense thriller.", "For your love of action and mystery.",
                 "An adventure of a heist, a thriller through and through."):  # fmt: skip
        found = statements(text, heat, [])
        assert [s for s in found if not s.true] == [], (text, found)
        assert all(s.text.lower() not in {"action", "war", "mystery", "adventure"} for s in found), text


def test_real_false_genre_claims_are_still_caught() -> None:
    heat = Movie(id=1, title="Heat", year=1995, genres=("Crime", "Thriller"), directors=("Michael Mann",))
    for text, claim in {"A war film about a heist.": "war", "An action and crime movie.": "action",
                        "A gripping western.": "western", "Action · Thriller, your side.": "Action",
                        "A romantic comedy with a heist.": "comedy", "A war drama.": "war",
                        "A sci-fi thriller.": "sci-fi"}.items():  # fmt: skip
        found = check_justification(text, heat, [])
        assert claim in {f.text for f in found if f.kind == "genre"}, (text, found)
    assert check_justification("A crime thriller directed by Michael Mann.", heat, []) == []


async def test_the_planted_wrong_rating_is_caught_against_the_stored_rating(
    stub: StubServer, client: openai.AsyncOpenAI
) -> None:
    scripted_rerank_route(stub, ("wrong_rating",))
    profile, candidates = make_profile(), make_candidates()
    result = await OpenAIReranker(client, LocalReranker()).rerank(
        profile, candidates, limit=len(candidates), diversity=0.0
    )
    body = stub.requests_to(CHAT)[0].json()
    ratings = {e["title"]: e["your_rating"] for c in prompt_data(body)["candidates"] for e in c["evidence"]}
    assert ratings and all(ratings[t] == r for t, *_, r in LIKED if t in ratings)  # the prompt carries them
    (target,) = planted_ids(body, ("wrong_rating",))["wrong_rating"]
    planted = next(i for i in scripted_answer(body, ("wrong_rating",))["items"] if i["id"] == target)
    movie = next(c.movie for c in candidates if c.movie.id == target)
    (false,) = check_justification(planted["justification"], movie, history_films(profile.liked))
    assert false.kind == "rating" and false.expected.endswith("/10")
    served = {r.movie.id: r.justification for r in result.items}
    assert served[target] != planted["justification"]
    assert all(check_justification(t, next(c.movie for c in candidates if c.movie.id == i),
                                   history_films(profile.liked)) == [] for i, t in served.items())  # fmt: skip

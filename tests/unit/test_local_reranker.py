from __future__ import annotations

import uuid

import numpy as np

from src.domain.movie import Movie
from src.domain.profile import ClusterMember, LikedMovie, TasteCluster, TasteProfile
from src.domain.recommendation import ScoredCandidate
from src.infrastructure.rerank.local import LocalReranker

HORROR = "Horror · Thriller · 1970s"
SCIFI = "Sci-fi · 1980s"


def vec(*values: float) -> np.ndarray:
    v = np.zeros(6, dtype=np.float32)
    v[: len(values)] = values
    return v


def liked(
    title: str, year: int, genres: tuple[str, ...], director: str, emb: np.ndarray, cluster: int
) -> LikedMovie:
    return LikedMovie(
        title=title,
        year=year,
        weight=1.0,
        embedding=emb,
        cluster_id=cluster,
        genres=genres,
        directors=(director,),
    )


def make_profile(*, with_members: bool = True) -> TasteProfile:
    liked_movies = [
        liked("Halloween", 1978, ("horror film", "thriller film"), "John Carpenter", vec(1, 0.1), 0),
        liked("The Exorcist", 1973, ("horror film",), "William Friedkin", vec(1, 0.2), 0),
        liked("Jaws", 1975, ("thriller film", "adventure film"), "Steven Spielberg", vec(1, 0.6, 0.3), 0),
        liked("Alien", 1979, ("science fiction film", "horror film"), "Ridley Scott", vec(0.3, 0, 1), 1),
        liked("Blade Runner", 1982, ("science fiction film",), "Ridley Scott", vec(0, 0, 1, 0.2), 1),
        liked(
            "The Thing", 1982, ("science fiction film", "horror film"), "John Carpenter", vec(0, 0, 1, 0.3), 1
        ),
    ]

    def members(cluster: int) -> list[ClusterMember]:
        if not with_members:
            return []
        return [
            ClusterMember(title=m.title, year=m.year, weight=m.weight)
            for m in liked_movies
            if m.cluster_id == cluster
        ]

    clusters = [
        TasteCluster(id=0, label=HORROR, centroid=vec(1, 0.3), weight=3.0, size=3, members=members(0)),
        TasteCluster(id=1, label=SCIFI, centroid=vec(0, 0, 1, 0.2), weight=2.0, size=3, members=members(1)),
    ]
    return TasteProfile(user_id=uuid.uuid4(), clusters=clusters, algorithm="kmeans", liked=liked_movies)


def candidate(
    title: str,
    year: int,
    genres: tuple[str, ...],
    director: str,
    emb: np.ndarray | None,
    cluster: int,
    score: float,
    **kwargs: object,
) -> ScoredCandidate:
    movie = Movie(title=title, year=year, genres=genres, directors=(director,), embedding=emb)
    label = HORROR if cluster == 0 else SCIFI
    return ScoredCandidate(movie=movie, score=score, cluster_id=cluster, cluster_label=label, **kwargs)  # type: ignore[arg-type]


THE_FOG = ("The Fog", 1980, ("horror film",), "John Carpenter", vec(1, 0.12), 0)
ESCAPE = (
    "Escape from New York",
    1981,
    ("science fiction film", "action film"),
    "John Carpenter",
    vec(0.1, 0, 1, 0.25),
    1,
)


async def test_justification_names_nearest_liked_and_only_true_shared_traits() -> None:
    result = await LocalReranker().rerank(make_profile(), [candidate(*THE_FOG, 0.8)], limit=5, diversity=0)
    item = result.items[0]
    assert item.because_you_liked == ["Halloween", "The Exorcist"]
    text = item.justification
    # The Fog (1980) is outside the label's 1970s: the sentence names the cluster without that decade
    assert "“Horror · Thriller”" in text and "1970s" not in text
    assert "Halloween" in text and "The Exorcist" in text and "Jaws" not in text
    claims = text.replace("“Horror · Thriller”", "")
    assert "horror" in claims  # shared with both cited films
    # The Fog is no thriller, is from the 1980s unlike both, and only Halloween shares its director.
    assert "thriller" not in claims.lower() and "1970s" not in claims and "1980s" not in claims
    assert "directed by John Carpenter" not in claims
    assert "Same director as Halloween: John Carpenter." in claims
    assert len(text) <= 240
    assert result.reranker == "local"


async def test_shared_decade_genre_and_same_cluster_neighbours() -> None:
    result = await LocalReranker().rerank(make_profile(), [candidate(*ESCAPE, 0.7)], limit=5, diversity=0)
    item = result.items[0]
    assert item.because_you_liked[:2] == ["The Thing", "Blade Runner"]
    assert "a 1980s sci-fi film" in item.justification.replace(f"“{SCIFI}”", "")


async def test_neighbours_from_the_matched_cluster_come_first() -> None:
    # Embedding closest to Halloween, but the candidate matched the sci-fi cluster.
    odd = candidate("Prince of Darkness", 1987, ("horror film",), "John Carpenter", vec(1, 0.1, 0.2), 1, 0.6)
    item = (await LocalReranker().rerank(make_profile(), [odd], limit=5, diversity=0)).items[0]
    assert item.because_you_liked[0] in {"Alien", "Blade Runner", "The Thing"}
    assert "Halloween" not in item.because_you_liked[:2]


async def test_without_embedding_falls_back_to_the_cluster() -> None:
    aliens = candidate("Aliens", 1986, ("science fiction film",), "James Cameron", None, 1, 0.66)
    item = (await LocalReranker().rerank(make_profile(), [aliens], limit=5, diversity=0)).items[0]
    assert item.because_you_liked == []
    assert SCIFI in item.justification and "1986 sci-fi film directed by James Cameron" in item.justification
    for title in ("Alien.", "Blade Runner", "The Thing"):
        assert title not in item.justification


async def test_given_because_you_liked_wins() -> None:
    fog = candidate(*THE_FOG, 0.8, because_you_liked=["Alien"])
    item = (await LocalReranker().rerank(make_profile(), [fog], limit=5, diversity=0)).items[0]
    assert item.because_you_liked == ["Alien"]
    assert "Alien" in item.justification and "Halloween" not in item.justification


async def test_justifications_stay_with_their_movies_when_mmr_reorders() -> None:
    fog = candidate(*THE_FOG, 0.90)
    fog_twin = candidate("The Fog (2005)", 2005, ("horror film",), "Rupert Wainwright", vec(1, 0.12), 0, 0.89)
    escape = candidate(*ESCAPE, 0.80)
    plain = await LocalReranker().rerank(make_profile(), [fog, fog_twin, escape], limit=3, diversity=0)
    diverse = await LocalReranker().rerank(make_profile(), [fog, fog_twin, escape], limit=3, diversity=0.7)
    assert [r.movie.title for r in plain.items] == ["The Fog", "The Fog (2005)", "Escape from New York"]
    assert [r.movie.title for r in diverse.items] == ["The Fog", "Escape from New York", "The Fog (2005)"]
    for item in diverse.items:
        nearest = "Halloween" if item.movie.title.startswith("The Fog") else "The Thing"
        assert item.because_you_liked[0] == nearest and nearest in item.justification
        assert item.movie.title.split(" (")[0] in {"The Fog", "Escape from New York"}
        assert item.cluster_label == (HORROR if nearest == "Halloween" else SCIFI)


async def test_limit_is_respected_and_scores_are_rounded_and_clamped() -> None:
    scores = [0.876, 1.3, -0.2, 0.5, 0.444]
    cands = [
        candidate(f"Film {i}", 1980, ("horror film",), "X", vec(1, i / 10), 0, s)
        for i, s in enumerate(scores)
    ]
    result = await LocalReranker().rerank(make_profile(), cands, limit=3, diversity=0)
    assert [r.score for r in result.items] == [1.0, 0.88, 0.5]
    assert (await LocalReranker().rerank(make_profile(), cands, limit=0, diversity=0.5)).items == []
    all_items = (await LocalReranker().rerank(make_profile(), cands, limit=10, diversity=0)).items
    assert [r.score for r in all_items] == [1.0, 0.88, 0.5, 0.44, 0.0]


async def test_long_titles_keep_justifications_short() -> None:
    profile = make_profile()
    for m in profile.liked:
        m.title = m.title + " — The Extended Director's Cut With A Very Long Subtitle Indeed"
    item = (await LocalReranker().rerank(profile, [candidate(*THE_FOG, 0.8)], limit=1, diversity=0)).items[0]
    assert 0 < len(item.justification) <= 240
    assert item.because_you_liked and all(t in item.justification for t in item.because_you_liked)


def test_taste_summary_names_clusters_with_shares_and_examples() -> None:
    summary = LocalReranker().taste_summary(make_profile())
    assert summary == (
        f"Your taste has 2 sides: {HORROR} (60%, e.g. Halloween, The Exorcist); "
        f"{SCIFI} (40%, e.g. Alien, Blade Runner)."
    )


def test_taste_summary_without_members_uses_liked_or_nothing() -> None:
    profile = make_profile(with_members=False)
    assert "e.g. Halloween" in LocalReranker().taste_summary(profile)
    profile.liked = []
    assert LocalReranker().taste_summary(profile) == f"Your taste has 2 sides: {HORROR} (60%); {SCIFI} (40%)."


async def test_profile_without_members_or_liked_still_justifies() -> None:
    profile = make_profile(with_members=False)
    profile.liked = []
    item = (await LocalReranker().rerank(profile, [candidate(*THE_FOG, 0.8)], limit=1, diversity=0.3)).items[
        0
    ]
    assert "“Horror · Thriller”" in item.justification and item.because_you_liked == []


async def test_displayed_scores_follow_the_order_even_when_diversity_reorders() -> None:
    picks = [
        candidate(*THE_FOG, 0.88),
        candidate(*ESCAPE, 0.86),
        candidate("Jaws 2", 1978, ("horror film",), "X", vec(1, 0.1), 0, 0.87),
    ]
    items = (await LocalReranker().rerank(make_profile(), picks, limit=3, diversity=0.6)).items
    scores = [i.score for i in items]
    assert scores == sorted(scores, reverse=True), scores


async def test_cites_the_highest_rated_among_the_nearest() -> None:
    """Halloween is nearest to The Fog, but the 5★ Jaws (within the nearest three) is the one cited."""
    profile = make_profile()
    for m in profile.liked:
        m.weight = 2.0 if m.title == "Jaws" else 0.6
    item = (
        await LocalReranker(max_cited=1).rerank(profile, [candidate(*THE_FOG, 0.8)], limit=1, diversity=0)
    ).items[0]
    assert item.because_you_liked == ["Jaws"], item.justification
    for m in profile.liked:
        m.weight = 1.0  # equal ratings: the nearest wins
    item = (
        await LocalReranker(max_cited=1).rerank(profile, [candidate(*THE_FOG, 0.8)], limit=1, diversity=0)
    ).items[0]
    assert item.because_you_liked == ["Halloween"], item.justification


async def test_the_users_own_rating_outranks_the_weight_proxy_and_is_stated() -> None:
    """Halloween weighs most (a recent watch) but Jaws has the higher rating: Jaws is cited, its 10/10
    stated; a film with no known rating never gets one stated."""
    profile = make_profile()
    for m in profile.liked:
        m.weight, m.rating = (3.0, 7.0) if m.title == "Halloween" else (0.5, 8.0)
        if m.title == "Jaws":
            m.rating = 10.0
    item = (
        await LocalReranker(max_cited=1).rerank(profile, [candidate(*THE_FOG, 0.8)], limit=1, diversity=0)
    ).items[0]
    assert item.because_you_liked == ["Jaws"] and "Jaws (your 10/10)" in item.justification
    for m in profile.liked:
        m.rating = None  # an export without ratings: back to the weight, and nothing stated
    item = (
        await LocalReranker(max_cited=1).rerank(profile, [candidate(*THE_FOG, 0.8)], limit=1, diversity=0)
    ).items[0]
    assert item.because_you_liked == ["Halloween"] and "/10" not in item.justification


async def test_rated_likes_come_before_unrated_ones_and_only_known_ratings_are_stated() -> None:
    profile = make_profile()
    for m in profile.liked:
        m.rating = 9.0 if m.title == "The Exorcist" else None
    item = (await LocalReranker().rerank(profile, [candidate(*THE_FOG, 0.8)], limit=1, diversity=0)).items[0]
    assert item.because_you_liked[0] != "Jaws" and "The Exorcist" in item.because_you_liked
    assert item.justification.count("/10") == 1 and "The Exorcist (your 9/10)" in item.justification

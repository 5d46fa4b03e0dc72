"""LocalReranker justifications for picks the collaborative signal carried: they name the liked movies
that vouched for them ("People who loved A and B also loved this"), never the content wording."""

from __future__ import annotations

from src.domain.recommendation import ScoredCandidate
from src.infrastructure.rerank.local import LocalReranker
from src.infrastructure.rerank.wording import MAX_CHARS
from tests.unit.test_local_reranker import ESCAPE, THE_FOG, candidate, make_profile


async def test_a_collaborative_pick_says_people_who_loved_its_titles_loved_it() -> None:
    pick = candidate(
        *ESCAPE, 0.9, signal="collaborative", because_you_liked=["Halloween", "The Thing"], support=5
    )
    item = (await LocalReranker().rerank(make_profile(), [pick], limit=1, diversity=0.0)).items[0]
    assert item.justification == (
        "People who loved Halloween and The Thing also loved this: "
        "a 1981 sci-fi and action film directed by John Carpenter."
    )
    assert item.because_you_liked == ["Halloween", "The Thing"]


async def test_content_picks_keep_the_content_wording() -> None:
    items = (
        await LocalReranker().rerank(
            make_profile(),
            [candidate(*THE_FOG, 0.9), candidate(*ESCAPE, 0.8, signal="collaborative")],  # nobody cited
            limit=2,
            diversity=0.0,
        )
    ).items
    assert all("People who loved" not in i.justification for i in items)
    assert "Horror" in items[0].justification or "Halloween" in items[0].justification


async def test_long_titles_cite_fewer_people_favourites_and_stay_short() -> None:
    long = ["A Very Long Title " * 4 + str(i) for i in range(3)]
    pick: ScoredCandidate = candidate(
        *THE_FOG, 0.9, signal="collaborative", because_you_liked=long, support=5
    )
    item = (await LocalReranker().rerank(make_profile(), [pick], limit=1, diversity=0.0)).items[0]
    assert item.justification.startswith("People who loved A Very Long Title")
    assert len(item.justification) <= MAX_CHARS and 1 <= len(item.because_you_liked) < 3


async def test_no_people_wording_below_k_supporters() -> None:
    """k-anonymity: a pair backed by fewer than min_support users is never explained by other people."""
    for support, expected in ((0, False), (4, False), (5, True), (9, True)):
        pick = candidate(
            *ESCAPE, 0.9, signal="collaborative", because_you_liked=["Halloween"], support=support
        )
        item = (
            await LocalReranker(min_support=5).rerank(make_profile(), [pick], limit=1, diversity=0.0)
        ).items[0]
        assert ("People who loved" in item.justification) is expected, (support, item.justification)
        assert item.justification

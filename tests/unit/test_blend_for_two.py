"""BlendForTwo on stateful fakes: each person is scored with their own recommendation scoring (their
history's collaborative signals included), so a film the transitions carry for one person joins the pool and
is explained for that person by the films that led others to it, only for pairs enough people made."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from src.application.blend_for_two import BlendCommand, BlendForTwo
from src.application.user_state import UserReads
from src.domain.user import User
from tests.fakes import FakeUnitOfWork
from tests.unit.test_hybrid_scoring import HEAT, USER, GenreReader, profile
from tests.unit.test_transitions_signal import learned_world, stored

PARTNER = uuid.UUID(int=8)


def blend(support: int) -> BlendForTwo:
    store, gather = learned_world(support)
    store.users[USER] = User(id=USER, api_key_hash="a", created_at=datetime.now(UTC), name="Ana")
    store.users[PARTNER] = User(id=PARTNER, api_key_hash="b", created_at=datetime.now(UTC), name="Ben")
    store.profiles[PARTNER] = profile(PARTNER)
    store.histories[PARTNER] = [stored(HEAT, "Heat", 1, date(2024, 1, 9))]
    reader = GenreReader(store.catalog)
    return BlendForTwo(UserReads(lambda: FakeUnitOfWork(store)), lambda: FakeUnitOfWork(store), reader, gather)


async def test_a_film_one_persons_history_leads_to_joins_the_blend_explained_for_them() -> None:
    result = await blend(support=6).execute(BlendCommand(first=USER, second=PARTNER, limit=3))
    by_title = {i.movie.title: i for i in result.items}
    assert set(by_title) == {"Close to Heat", "Other Drama", "Next Thriller"}  # 3: only Ana's transitions vouch
    ana, ben = by_title["Next Thriller"].reasons
    assert ana == "for Ana: people who watched Ronin went on to it"
    assert ben.startswith("for Ben: like ")  # nothing in Ben's history leads there: his content reason
    assert by_title["Next Thriller"].scores[0] > by_title["Next Thriller"].scores[1]


async def test_pairs_few_people_made_are_never_cited_in_a_blend() -> None:
    result = await blend(support=4).execute(BlendCommand(first=USER, second=PARTNER, limit=3))
    by_title = {i.movie.title: i for i in result.items}
    assert all("went on to" not in i.justification for i in result.items)
    assert by_title["Next Thriller"].reasons[0].startswith("for Ana: like ")

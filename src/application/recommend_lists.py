"""The candidate hook for a person's lists in the Recommend pipeline: `from_list` ranks only that list's
films (read from the catalog by id, so it works with any candidate source), `exclude_lists` and the
standing exclude lists remove their films like seen ones. Lists are always read for their owner only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from src.application.ports.catalog import CatalogReader
from src.application.ports.unit_of_work import UnitOfWork
from src.domain.errors import InvalidInputError, NextStep
from src.domain.filters import Filters
from src.domain.movie import Movie
from src.domain.profile import UserId
from src.domain.recommendation import Recommendation
from src.domain.user_list import ListNotFoundError, UserList


@dataclass(kw_only=True)
class ListRestriction:
    only: UserList | None = None
    excluded: set[int] = field(default_factory=set)

    async def candidates(self, reader: CatalogReader, filters: Filters) -> list[Movie]:
        """The from_list films the catalog has, with their vectors, that pass the filters."""
        assert self.only is not None
        ids = [i for i in self.only.movie_ids if i not in self.excluded]
        movies = await reader.get_many(ids, with_embeddings=True)
        return [m for m in movies if filters.is_empty or filters.matches(m)]

    def justify(self, items: list[Recommendation]) -> list[Recommendation]:
        """With from_list, each justification says where the film comes from: the first is "the best fit
        on your watchlist tonight", the rest "on your watchlist"."""
        if self.only is None:
            return items
        where = self.only.describe()
        out = []
        for n, item in enumerate(items):
            lead = f"The best fit on {where} tonight" if n == 0 else f"On {where}"
            out.append(replace(item, justification=f"{lead}: {_lower_first(item.justification)}"))
        return out

    def empty_message(self, filters: Filters) -> str | None:
        if self.only is None:
            return None
        return (
            f"Nothing left to rank on {self.only.describe()}: its films are seen, excluded, not in the "
            f"catalog, or outside these filters ({filters.describe()})."
        )


async def load_list_restriction(
    uow_factory: Callable[[], UnitOfWork], user_id: UserId, from_list: int | None, exclude: Sequence[int]
) -> ListRestriction:
    """Raises ListNotFoundError for a list id the user does not have, InvalidInputError for a from_list
    that is an exclude list."""
    async with uow_factory() as uow:
        only = await uow.lists.get(user_id, from_list) if from_list is not None else None
        if from_list is not None and only is None:
            raise ListNotFoundError(f"from_list: no list {from_list} for this user", next_step=NextStep.SHOW_LISTS)
        excluded: set[int] = set()
        for list_id in exclude:
            found = await uow.lists.get(user_id, list_id)
            if found is None:
                raise ListNotFoundError(f"exclude_lists: no list {list_id} for this user")
            excluded.update(found.movie_ids)
        for standing in await uow.lists.standing_excludes(user_id):
            excluded.update(standing.movie_ids)
    if only is not None and only.kind == "exclude":
        raise InvalidInputError(f"from_list: list {from_list} is an exclude list; name it in exclude_lists")
    return ListRestriction(only=only, excluded=excluded)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text

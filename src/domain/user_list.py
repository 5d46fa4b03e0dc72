"""A person's own lists: a watchlist, an include list (a festival lineup, a friend's list) or an exclude
list ("never show these"), each row matched to the catalog like a history row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

from src.domain.errors import NotFoundError
from src.domain.history import MatchMethod
from src.domain.profile import UserId

ListKind = Literal["watchlist", "include", "exclude"]
LIST_KINDS: tuple[str, ...] = get_args(ListKind)


class ListNotFoundError(NotFoundError):
    """The user has no list with this id (another user's list is never found)."""


@dataclass(frozen=True, kw_only=True)
class ListItem:
    """One row of a list file. movie_id is None when the catalog has no such film (it cannot be ranked)."""

    line: int
    title: str
    year: int | None = None
    movie_id: int | None = None
    match_method: MatchMethod | None = None


@dataclass(kw_only=True)
class UserList:
    """`standing` (exclude lists only): applied to every recommendation request, not only when named."""

    id: int
    user_id: UserId
    name: str
    kind: ListKind
    format: str
    standing: bool = False
    created_at: datetime | None = None
    items: list[ListItem] = field(default_factory=list)
    item_count: int = 0

    @property
    def movie_ids(self) -> list[int]:
        return [i.movie_id for i in self.items if i.movie_id is not None]

    def describe(self) -> str:
        """How a justification names the list: "your watchlist", or the list's own name."""
        return "your watchlist" if self.kind == "watchlist" else f"“{self.name}”"

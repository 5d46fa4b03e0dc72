from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from src.domain.history import ParsedHistory
from src.domain.profile import UserId
from src.domain.user_list import UserList


@dataclass(kw_only=True)
class ParsedList:
    """A list file as read: its rows as a ParsedHistory (same row accounting and line numbers), the
    list's own name when the file carries one (a Letterboxd list export does), and the file it came from
    (the zip member, or None for a file uploaded alone)."""

    history: ParsedHistory
    name: str | None = None
    member: str | None = None


class ListFileReader(Protocol):
    """Reads a list file: a Letterboxd watchlist.csv or lists/<name>.csv (alone, or inside the Letterboxd
    export zip: `member` picks a file in the zip, default watchlist.csv), an IMDb watchlist or list export,
    or any CSV with a title column. Rows are counted while read against the same row limit as a history.
    Raises UnreadableHistoryError naming what is wrong (a zip without the member, with the zip's lists
    named in details["members"]), InvalidInputError over the row limit, TooLargeError over the size limit.
    watchlist() returns the zip's watchlist.csv parsed, or None when `data` is not a zip or has none."""

    def read(self, data: bytes, *, member: str | None = None) -> ParsedList: ...

    def watchlist(self, data: bytes) -> ParsedList | None: ...


class ListRepository(Protocol):
    """A user's lists, always scoped by user: no method returns another user's list. Never commits.
    add() stores the list with its items and returns its id; get() returns the list with its items or
    None (also for another user's list); all() returns the user's lists without items (item_count set),
    oldest first; delete() and set_standing() return False when the user has no such list;
    standing_excludes() returns the user's standing exclude lists with their items; stamp() is a short
    string that changes whenever the user's lists change (for cache keys)."""

    async def add(self, user_list: UserList) -> int: ...

    async def get(self, user_id: UserId, list_id: int) -> UserList | None: ...

    async def all(self, user_id: UserId) -> list[UserList]: ...

    async def delete(self, user_id: UserId, list_id: int) -> bool: ...

    async def set_standing(self, user_id: UserId, list_id: int, standing: bool) -> bool: ...

    async def standing_excludes(self, user_id: UserId) -> list[UserList]: ...

    async def stamp(self, user_id: UserId) -> str: ...

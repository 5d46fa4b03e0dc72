from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile, UserId
from src.domain.recommendation import Recommendation, ScoredCandidate


class CandidateSource(Protocol):
    """Fetches candidate movies for a profile: every returned movie passes `filters`, carries its
    embedding in the profile's model space, and is not in `exclude_ids`. Returns up to `limit` movies
    (fewer only when fewer match). `name` is reported in responses. Raises ExternalServiceError when a
    remote source fails (callers fall back to the local catalog)."""

    name: str

    async def candidates(
        self, profile: TasteProfile, *, filters: Filters, limit: int, exclude_ids: Sequence[MovieId]
    ) -> list[Movie]: ...


@dataclass(kw_only=True)
class RerankResult:
    items: list[Recommendation]
    reranker: str  # for display: "local", "gpt-4o", "local (fallback: timeout)"
    fell_back: bool = False  # a reranker that answered with its fallback's order says so here


class Reranker(Protocol):
    """Orders the top candidates and writes one justification per movie, attached to that movie.
    Returns at most `limit` items, each a candidate given (never a new one). `diversity` (0–1) asks for
    maximal-marginal-relevance ordering. A remote reranker that fails or gives an invalid answer answers
    with its fallback's (the local reranker's) result and `fell_back=True`; it raises nothing for that."""

    name: str

    async def rerank(
        self, profile: TasteProfile, candidates: Sequence[ScoredCandidate], *, limit: int, diversity: float
    ) -> RerankResult: ...

    def taste_summary(self, profile: TasteProfile) -> str: ...


class Cache(Protocol):
    """Bytes by key with a time-to-live. get() returns None on a miss or when the backend is down
    (it logs, never raises); set() swallows backend failures the same way."""

    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None: ...


class PageStamps(Protocol):
    """A token per user, kept beside the page cache (in Redis with REDIS_URL), replaced after every
    committed write that can change that user's recommendation pages (upload, feedback, lists), so a
    cached page is found without reading the database. get(): the token, None when there is none
    (never started, expired, or the store is down). start(): the token held now, setting a fresh one
    unless one exists (None when the store is down). bump(): a token different from every earlier one.
    None of them raises."""

    async def get(self, user_id: UserId) -> str | None: ...

    async def start(self, user_id: UserId) -> str | None: ...

    async def bump(self, user_id: UserId) -> None: ...

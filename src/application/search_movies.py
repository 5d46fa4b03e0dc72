"""Search the catalog by title and by meaning, in one list; with a person, ranked by their taste too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from src.application.ports.catalog import CatalogReader
from src.application.ports.embedder import Embedder
from src.application.ports.unit_of_work import UnitOfWork
from src.application.understand_query import QUERY_WEIGHT
from src.domain.errors import InvalidInputError
from src.domain.movie import Movie
from src.domain.profile import TasteProfile, UserId
from src.domain.scoring import cosine_matrix, softmax_cluster_scores

TASTE_ALPHA = 5.0  # softmax sharpness over clusters without a setting (the container passes CINEMAI_ALPHA)
POOL_FACTOR = 3  # with a person: this many times `limit` semantic matches are re-ranked by taste
MAX_POOL = 150


@dataclass(frozen=True)
class SearchHit:
    movie: Movie
    match: Literal["title", "semantic"]
    score: float  # 1.0 for an exact title, lower for partial title matches; cosine for semantic ones


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    personalised: bool  # the semantic matches were ranked by the person's taste too


class SearchMovies:
    """Title matches first (exact, then prefix, then substring, popular first), then the movies whose
    embedding is nearest to the query text, without repeats. The query is embedded with the catalog's
    model, so "slow-burn 1970s paranoia thriller" finds films even when no title contains those words.

    For a person with a taste profile (`user_id`), the semantic matches are a larger pool re-ranked by
    w·cosine(query) + (1−w)·taste, taste being the recommendation's softmax over their taste clusters
    and w the recommendation query weight (CINEMAI_QUERY_WEIGHT): the same blend a recommendation
    query uses, seen from the query's side. Title matches keep their place. Without a profile (or with
    one built by another embedding model) the search is the anonymous one."""

    def __init__(
        self,
        reader: CatalogReader,
        embedder: Embedder,
        uow_factory: Callable[[], UnitOfWork] | None = None,
        *,
        query_weight: float = QUERY_WEIGHT,
        alpha: float = TASTE_ALPHA,
    ) -> None:
        self._alpha = alpha
        self._reader = reader
        self._embedder = embedder
        self._uow_factory = uow_factory
        self._weight = query_weight

    async def execute(
        self, query: str, *, limit: int = 20, semantic: bool = True, user_id: UserId | None = None
    ) -> SearchResult:
        query = query.strip()
        if not query:
            raise InvalidInputError("the search query is empty: pass ?q=<title or description>")
        if len(query) > 200:
            raise InvalidInputError("the search query is longer than 200 characters")
        hits = [
            SearchHit(m, "title", 1.0 if i == 0 and m.title.lower() == query.lower() else 0.9)
            for i, m in enumerate(await self._reader.search_titles(query, limit))
        ]
        personalised = False
        if semantic and len(hits) < limit:
            profile = await self._profile(user_id)
            seen = {h.movie.id for h in hits}
            vector = (await self._embedder.embed([query]))[0]
            pool = min(MAX_POOL, limit * POOL_FACTOR) if profile is not None else limit
            neighbours = await self._reader.nearest(
                vector, model=self._embedder.model_name, limit=pool, exclude_ids=[i for i in seen if i]
            )
            semantic_hits = [SearchHit(n.movie, "semantic", round(n.similarity, 4)) for n in neighbours]
            if profile is not None and semantic_hits:
                semantic_hits = self._by_taste(semantic_hits, profile)
                personalised = True
            hits += semantic_hits
        return SearchResult(hits=hits[:limit], personalised=personalised)

    async def _profile(self, user_id: UserId | None) -> TasteProfile | None:
        if user_id is None or self._uow_factory is None or self._weight >= 1:
            return None
        async with self._uow_factory() as uow:
            profile = await uow.profiles.get(user_id)
        if profile is None or not profile.clusters:
            return None
        if profile.embedding_model and profile.embedding_model != self._embedder.model_name:
            return None
        return profile

    def _by_taste(self, hits: list[SearchHit], profile: TasteProfile) -> list[SearchHit]:
        usable = [h for h in hits if h.movie.embedding is not None]
        centroids = profile.centroids()
        if not usable or centroids.shape[1] != usable[0].movie.embedding.shape[0]:  # type: ignore[union-attr]
            return hits
        matrix = np.stack([h.movie.embedding for h in usable if h.movie.embedding is not None])
        taste = softmax_cluster_scores(cosine_matrix(matrix, centroids), self._alpha).tolist()
        blended = [
            SearchHit(h.movie, "semantic", round(self._weight * h.score + (1 - self._weight) * t, 4))
            for h, t in zip(usable, taste, strict=True)
        ]
        return sorted(blended, key=lambda h: -h.score)

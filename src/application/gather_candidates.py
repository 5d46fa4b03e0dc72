"""Candidate gathering for a recommendation request, one collaborator of Recommend: the configured
source (the local catalog, or TMDB with the local catalog as fallback), popular films for a cold start,
any extra candidates the caller brings (a query's), the movies the stored collaborative model's neighbour
lists vouch for (movies the embedding space would miss), and finally watched removal."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from src.application.ports.catalog import CatalogReader
from src.application.ports.collaborative import CollaborativeSignal
from src.application.ports.history import FuzzyTitles
from src.application.ports.recommend import CandidateSource
from src.domain.collaborative import CollaborativeModel, vouched_for
from src.domain.errors import ExternalServiceError
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile
from src.domain.scoring.watched import (
    FUZZY_WATCHED_CUTOFF,
    WatchedSet,
    drop_fuzzy_seen,
    drop_seen,
    fuzzy_titles,
)

log = logging.getLogger(__name__)
OVERFETCH_FILTERED = 3  # with filters, fetch this many times the ids: some will not pass


@dataclass(frozen=True, kw_only=True)
class CollaborativeOptions:
    """`weight`: share of the score the collaborative signal takes when it has evidence (0 = off).
    `min_users`: a model fitted on fewer users is ignored (at least 2: no other users, no signal).
    `full_weight_users`: the weight grows with the model's users (CollaborativeModel.weight), reaching
    `weight` at this many; below the model's minimum pair support it is zero.
    `popularity_min_users`: from this many users, the popularity prior counts the service's own likes
    instead of catalog review counts. `candidates`: collaborative neighbours added to the pool."""

    weight: float = 0.0
    min_users: int = 2
    full_weight_users: int = 100
    popularity_min_users: int = 50
    candidates: int = 200


@dataclass(frozen=True, kw_only=True)
class GatherParams:
    """`pool`: candidates asked of the source (at least 5 per requested item); `fuzzy_threshold`: the
    title score (0–100) from which an unmatched history row hides a candidate (CINEMAI_FUZZY_THRESHOLD)."""

    pool: int = 200
    fuzzy_threshold: float = FUZZY_WATCHED_CUTOFF
    collaborative: CollaborativeOptions = CollaborativeOptions()


@dataclass(frozen=True, kw_only=True)
class CollaborativeContext:
    """What one request uses: the model when it counts (else None) and the weight its data earns, the
    like counts when the popularity prior should use them (else None: review counts), how many
    candidates it adds."""

    model: CollaborativeModel | None = None
    weight: float = 0.0
    popularity: Mapping[MovieId, int] | None = None
    limit: int = 0  # collaborative candidates to add


@dataclass(frozen=True, kw_only=True)
class Gathered:
    movies: list[Movie]  # unseen, deduplicated, in gathering order
    collaborative: CollaborativeContext


def remove_watched(
    candidates: Sequence[Movie],
    watched: WatchedSet,
    fuzzy: FuzzyTitles | None,
    *,
    cutoff: float = FUZZY_WATCHED_CUTOFF,
) -> list[Movie]:
    """The domain's watched rule (watched.py): id, exact title+year, duplicates, then fuzzy ≥ `cutoff`
    with the year within ±1 (skipped without a fuzzy comparer)."""
    kept = drop_seen(candidates, watched)
    if fuzzy is None or not watched.unmatched or not kept:
        return kept
    hits = fuzzy.best(fuzzy_titles(kept), watched.unmatched_titles, cutoff=cutoff)
    return drop_fuzzy_seen(kept, watched, hits)


class GatherCandidates:
    def __init__(
        self,
        reader: CatalogReader,
        source: CandidateSource,
        fallback: CandidateSource,
        fuzzy: FuzzyTitles,
        collaborative: CollaborativeSignal | None = None,
        params: GatherParams | None = None,
    ) -> None:
        self._reader = reader
        self._source = source
        self._fallback = fallback
        self._fuzzy = fuzzy
        self._collaborative = collaborative
        self._params = params or GatherParams()

    async def execute(
        self,
        profile: TasteProfile,
        watched: WatchedSet,
        filters: Filters,
        *,
        limit: int,
        cold_start: bool,
        extra: Sequence[Movie] = (),
        only: Sequence[Movie] | None = None,
    ) -> Gathered:
        """`only` (a list's films) replaces every source; otherwise source (or fallback) + popular on a
        cold start + `extra` + collaborative additions. Watched and duplicate movies are removed last."""
        context = await self.collaborative_context()
        if only is not None:
            movies = list(only)
        else:
            movies = await self._fetch(profile, watched, filters, limit, cold_start) + list(extra)
            movies += await self._vouched(context, profile, filters, watched.ids | {m.id for m in movies if m.id})
        cutoff = self._params.fuzzy_threshold
        return Gathered(movies=remove_watched(movies, watched, self._fuzzy, cutoff=cutoff), collaborative=context)

    async def collaborative_context(self) -> CollaborativeContext:
        if self._collaborative is None:
            return CollaborativeContext()
        model = await self._collaborative.current()
        if model is None:
            return CollaborativeContext()
        options = self._params.collaborative
        popularity = model.likes if model.users >= max(1, options.popularity_min_users) else None
        weight = model.weight(
            options.weight, min_users=options.min_users, full_users=options.full_weight_users
        )
        return CollaborativeContext(
            model=model if weight > 0 else None,
            weight=weight,
            popularity=popularity,
            limit=options.candidates,
        )

    async def _fetch(
        self, profile: TasteProfile, watched: WatchedSet, filters: Filters, limit: int, cold_start: bool
    ) -> list[Movie]:
        pool = max(self._params.pool, limit * 5)
        exclude = sorted(watched.ids)
        try:
            movies = await self._source.candidates(profile, filters=filters, limit=pool, exclude_ids=exclude)
        except ExternalServiceError as exc:
            log.warning("candidate source %s failed (%s); using the local catalog", self._source.name, exc)
            movies = await self._fallback.candidates(
                profile, filters=filters, limit=pool, exclude_ids=exclude
            )
        if cold_start:
            popular = await self._reader.popular(limit=pool // 2, filters=filters, exclude_ids=exclude)
            known = {m.id for m in movies}
            movies += [m for m in popular if m.id not in known]
        return movies

    async def _vouched(
        self, context: CollaborativeContext, profile: TasteProfile, filters: Filters, exclude: set[MovieId]
    ) -> list[Movie]:
        """Up to `context.limit` movies the profile's liked movies vouch for most, with embeddings in the
        profile's vector space, passing `filters`, none in `exclude` (watched, already a candidate). Empty
        when the signal is absent."""
        liked = [m.movie_id for m in profile.liked if m.movie_id is not None]
        if context.model is None or not liked or context.limit <= 0 or not profile.clusters:
            return []
        wanted = context.limit if filters.is_empty else context.limit * OVERFETCH_FILTERED
        ids = vouched_for(context.model.neighbours, liked, limit=wanted, exclude=exclude)
        dimension = profile.clusters[0].centroid.shape[0]
        fetched = await self._reader.get_many(ids, with_embeddings=True)
        kept = [
            m
            for m in fetched
            if m.embedding is not None and m.embedding.shape[-1] == dimension and filters.matches(m)
        ]
        return kept[: context.limit]

"""The collaborative half of a recommendation request: which stored model counts, and the candidates
its neighbour lists add to the content candidates (movies the embedding space would miss)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from src.application.ports.catalog import CatalogReader
from src.application.ports.collaborative import CollaborativeSignal
from src.domain.collaborative import CollaborativeModel, vouched_for
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile

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
class CollaborativeContext:
    """What one request uses: the model when it counts (else None) and the weight its data earns, the
    like counts when the popularity prior should use them (else None: review counts), how many
    candidates it adds."""

    model: CollaborativeModel | None = None
    weight: float = 0.0
    popularity: Mapping[MovieId, int] | None = None
    limit: int = 0  # collaborative candidates to add


async def collaborative_context(
    signal: CollaborativeSignal | None, options: CollaborativeOptions
) -> CollaborativeContext:
    if signal is None:
        return CollaborativeContext()
    model = await signal.current()
    if model is None:
        return CollaborativeContext()
    popularity = model.likes if model.users >= max(1, options.popularity_min_users) else None
    weight = model.weight(options.weight, min_users=options.min_users, full_users=options.full_weight_users)
    return CollaborativeContext(
        model=model if weight > 0 else None, weight=weight, popularity=popularity, limit=options.candidates
    )


async def collaborative_candidates(
    reader: CatalogReader,
    cf: CollaborativeContext,
    profile: TasteProfile,
    filters: Filters,
    exclude: set[MovieId],
) -> list[Movie]:
    """Up to `cf.limit` movies the profile's liked movies vouch for most, with embeddings in the
    profile's vector space, passing `filters`, none in `exclude` (watched, already a candidate). Empty
    when the signal is absent."""
    liked = [m.movie_id for m in profile.liked if m.movie_id is not None]
    if cf.model is None or not liked or cf.limit <= 0 or not profile.clusters:
        return []
    wanted = cf.limit if filters.is_empty else cf.limit * OVERFETCH_FILTERED
    ids = vouched_for(cf.model.neighbours, liked, limit=wanted, exclude=exclude)
    dimension = profile.clusters[0].centroid.shape[0]
    fetched = await reader.get_many(ids, with_embeddings=True)
    kept = [
        m
        for m in fetched
        if m.embedding is not None and m.embedding.shape[-1] == dimension and filters.matches(m)
    ]
    return kept[: cf.limit]

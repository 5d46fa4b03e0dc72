"""Candidate gathering for a recommendation request, one collaborator of Recommend: the configured
source (the local catalog, or TMDB with the local catalog as fallback), popular films for a cold start,
any extra candidates the caller brings (a query's), the movies the stored collaborative model's neighbour
lists vouch for (movies the embedding space would miss), and finally watched removal. With the learned
blend it also turns the person's history into the item signals the scoring blends (EASE over every film
they rated or watched, transitions from their latest dated watches: domain.scoring.history_signals)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from src.application.ports.catalog import CatalogReader
from src.application.ports.collaborative import CollaborativeSignal
from src.application.ports.history import FuzzyTitles
from src.application.ports.recommend import CandidateSource
from src.domain.collaborative import CollaborativeModel, ItemNeighbours, vouched_for
from src.domain.errors import ExternalServiceError
from src.domain.filters import Filters
from src.domain.history import DISLIKE_THRESHOLD
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile
from src.domain.scoring.history_signals import SignalWeights, Watch, history_signals
from src.domain.scoring.signals import ItemSignal
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
    instead of catalog review counts. `candidates`: collaborative neighbours added to the pool.
    `learned` (CINEMAI_SIGNAL_BLEND=learned): the stored neighbours score the person's whole history as
    item signals, beside the transitions at `transitions_weight` from the `recent` latest dated watches
    (decay^m), each z-scored; ratings under `dislike_threshold` are no evidence; `recency_floor`: the EASE
    weight of a film watched long ago (the latest up to 1); `popularity_penalty`: the weight of the
    crowd-popularity penalty in the learned blend (domain.scoring.signals.popularity_penalty)."""

    weight: float = 0.0
    learned: bool = False
    transitions_weight: float = 0.0
    recent: int = 10
    decay: float = 0.8
    dislike_threshold: float = DISLIKE_THRESHOLD
    recency_floor: float = 1.0
    popularity_penalty: float = 0.0
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
    learned: bool = False  # the model scores through `Gathered.signals`, not the hybrid blend
    transitions_weight: float = 0.0  # what the transitions earn (the same ramp as `weight`)
    popularity_penalty: float = 0.0  # the learned blend's crowd-popularity penalty (CollaborativeOptions)


@dataclass(frozen=True, kw_only=True)
class Gathered:
    movies: list[Movie]  # unseen, deduplicated, in gathering order
    collaborative: CollaborativeContext
    signals: list[ItemSignal] = field(default_factory=list)  # the learned blend's (empty otherwise)


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
        history: Sequence[Watch] = (),
    ) -> Gathered:
        """`only` (a list's films) replaces every source; otherwise source (or fallback) + popular on a
        cold start + `extra` + collaborative additions. Watched and duplicate movies are removed last.
        `history`: the person's matched rows, for the learned signals."""
        context = await self.collaborative_context()
        signals = self._signals(context, history)
        if only is not None:
            movies = list(only)
        else:
            movies = await self._fetch(profile, watched, filters, limit, cold_start) + list(extra)
            known = watched.ids | {m.id for m in movies if m.id}
            movies += await self._vouched(context, profile, filters, known, signals)
        cutoff = self._params.fuzzy_threshold
        kept = remove_watched(movies, watched, self._fuzzy, cutoff=cutoff)
        return Gathered(movies=kept, collaborative=context, signals=signals)

    def _signals(self, context: CollaborativeContext, history: Sequence[Watch]) -> list[ItemSignal]:
        if not context.learned or context.model is None or not history:
            return []
        o = self._params.collaborative
        weights = SignalWeights(
            ease=context.weight,
            transitions=context.transitions_weight,
            recent=o.recent,
            decay=o.decay,
            dislike_threshold=o.dislike_threshold,
            min_support=context.model.params.min_support,
            recency_floor=o.recency_floor,
        )
        return history_signals(history, context.model.neighbours, context.model.transitions, weights)

    async def collaborative_context(self) -> CollaborativeContext:
        if self._collaborative is None:
            return CollaborativeContext()
        model = await self._collaborative.current()
        if model is None:
            return CollaborativeContext()
        options = self._params.collaborative
        popularity = model.likes if model.users >= max(1, options.popularity_min_users) else None
        ramp = {"min_users": options.min_users, "full_users": options.full_weight_users}
        weight = model.weight(options.weight, **ramp)
        transitions = model.weight(options.transitions_weight, **ramp) if options.learned else 0.0
        if options.learned and not len(model.transitions):
            transitions = 0.0
        return CollaborativeContext(
            model=model if weight > 0 or transitions > 0 else None,
            weight=weight,
            popularity=popularity,
            limit=options.candidates,
            learned=options.learned,
            transitions_weight=transitions,
            popularity_penalty=options.popularity_penalty,
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
        self,
        context: CollaborativeContext,
        profile: TasteProfile,
        filters: Filters,
        exclude: set[MovieId],
        signals: Sequence[ItemSignal] = (),
    ) -> list[Movie]:
        """Up to `context.limit` movies the profile's liked movies (or, learned, each signal's history) vouch
        for most, with embeddings in the profile's vector space, passing `filters`, none in `exclude`
        (watched, already a candidate). Empty when the signal is absent."""
        liked = [m.movie_id for m in profile.liked if m.movie_id is not None]
        if context.model is None or context.limit <= 0 or not profile.clusters:
            return []
        wanted = context.limit if filters.is_empty else context.limit * OVERFETCH_FILTERED
        # learned: each signal's candidates are the ones it scores highest (its history weights)
        sources: list[tuple[ItemNeighbours, list[MovieId], Sequence[float] | None]] = (
            [(s.neighbours, list(s.history), list(s.weights)) for s in signals] if context.learned else []
        )
        if not context.learned and liked:
            sources = [(context.model.neighbours, liked, None)]
        ids: list[MovieId] = []
        for neighbours, history, weights in sources:
            ids += vouched_for(neighbours, history, limit=wanted, exclude=exclude | set(ids), weights=weights)
        if not ids:
            return []
        dimension = profile.clusters[0].centroid.shape[0]
        fetched = await self._reader.get_many(ids, with_embeddings=True)
        kept = [
            m
            for m in fetched
            if m.embedding is not None and m.embedding.shape[-1] == dimension and filters.matches(m)
        ]
        return kept[: context.limit * len(sources)]

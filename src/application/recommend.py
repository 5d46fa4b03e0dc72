"""Profile + filters → the best unseen movies, scored against every taste cluster and explained."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from src.application.collaborative_candidates import (
    CollaborativeOptions,
    collaborative_candidates,
    collaborative_context,
)
from src.application.filter_vocabulary import canonical_filters
from src.application.ports.catalog import CatalogReader
from src.application.ports.collaborative import CollaborativeSignal
from src.application.ports.history import FuzzyTitles
from src.application.ports.metrics import NullStageTimer, StageTimer, stage_timer
from src.application.ports.recommend import CandidateSource, Reranker
from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import Feedback, StoredWatch
from src.application.ranking import ScoringParams, WatchedSet, remove_watched, score_candidates
from src.application.recommend_lists import load_list_restriction
from src.application.understand_query import UnderstandQuery, UnderstoodQuery, justify
from src.application.user_snapshot import read_user_snapshot
from src.domain.errors import ExternalServiceError, InvalidInputError, ProfileNotFoundError
from src.domain.filters import Filters
from src.domain.history import DISLIKE_THRESHOLD
from src.domain.movie import Movie, normalize_title
from src.domain.profile import TasteProfile, UserId
from src.domain.recommendation import RecommendationList, ScoredCandidate

log = logging.getLogger(__name__)
COLD_START_LIKED = 6  # fewer liked movies than this: blend taste with popular, well-reviewed films
COLD_START_POPULARITY = 0.4  # the popularity-prior weight of that blend
RerankMode = Literal["auto", "llm", "local", "none"]


@dataclass(frozen=True, kw_only=True)
class RecommendCommand:
    user_id: UserId
    filters: Filters = field(default_factory=Filters)
    limit: int = 10
    alpha: float = 5.0
    diversity: float = 0.3
    rerank: RerankMode = "auto"
    query: str | None = None  # natural language, read by the query-understanding collaborator
    from_list: int | None = None  # rank only this list's films (recommend_lists.py)
    exclude_lists: tuple[int, ...] = ()  # never show these lists' films (standing excludes always apply)

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= 50:
            raise InvalidInputError(f"limit must be between 1 and 50 (got {self.limit})")
        if not 0 <= self.alpha <= 100:
            raise InvalidInputError(f"alpha must be between 0 and 100 (got {self.alpha})")
        if not 0 <= self.diversity <= 1:
            raise InvalidInputError(f"diversity must be between 0 and 1 (got {self.diversity})")


@dataclass(kw_only=True)
class UserState:
    profile: TasteProfile
    watched: WatchedSet
    disliked_ids: list[int]


class Recommend:
    """Candidates come from the configured source (the local catalog, or TMDB with the local catalog as
    fallback), already filtered and without watched ids; fuzzy watched removal and scoring happen here;
    the reranker orders the top ones and writes the justifications (local fallback on any LLM failure).
    With a `collaborative` signal that has other users' data, the movies the liked ones' neighbour lists
    vouch for join the candidates (filtered like the rest) and the score blends both signals
    (ranking.score_candidates); without one, everything is content only."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        reader: CatalogReader,
        candidates: CandidateSource,
        local_candidates: CandidateSource,
        local_reranker: Reranker,
        llm_reranker: Reranker | None,
        fuzzy: FuzzyTitles,
        *,
        pool: int = 200,
        popularity_weight: float = 0.0,
        quality_weight: float = 0.0,
        genre_weight: float = 0.0,
        timer: StageTimer | None = None,
        collaborative: CollaborativeSignal | None = None,
        collaborative_options: CollaborativeOptions | None = None,
        dislike_threshold: float = DISLIKE_THRESHOLD,
        query: UnderstandQuery | None = None,
    ) -> None:
        self._dislike_threshold = dislike_threshold
        self._query = query
        self._collaborative = collaborative
        self._cf_options = collaborative_options or CollaborativeOptions()
        self._uow_factory = uow_factory
        self._reader = reader
        self._candidates = candidates
        self._local_candidates = local_candidates
        self._local = local_reranker
        self._llm = llm_reranker
        self._fuzzy = fuzzy
        self._pool = pool
        self._popularity_weight = popularity_weight
        self._quality_weight = quality_weight
        self._genre_weight = genre_weight
        self._timer = timer or NullStageTimer()

    async def execute(self, cmd: RecommendCommand) -> RecommendationList:
        self._reranker(cmd.rerank)  # rerank=llm on a server without an LLM reranker: refused before any work
        with stage_timer(self._timer, "load_profile"):
            state = await self._load(cmd.user_id)
            filters = (
                cmd.filters
                if cmd.filters.is_empty
                else canonical_filters(cmd.filters, await self._reader.facets())
            )
            understood = await self._understand(cmd, filters, state)
            if understood is not None:
                filters = understood.filters
            lists = await load_list_restriction(
                self._uow_factory, cmd.user_id, cmd.from_list, cmd.exclude_lists
            )
            state.watched.ids |= lists.excluded  # exclude lists: removed like seen films, from every source
        with stage_timer(self._timer, "candidates"):
            cf = await collaborative_context(self._collaborative, self._cf_options)
            if lists.only is not None:  # from_list: the list's films are the candidates, whatever the source
                movies = await lists.candidates(self._reader, filters)
            else:
                movies = await self._fetch(state, filters, cmd.limit)
                if understood is not None and self._query is not None:
                    movies += await self._query.candidates(understood, sorted(state.watched.ids))
                movies += await collaborative_candidates(
                    self._reader,
                    cf,
                    state.profile,
                    filters,
                    state.watched.ids | {m.id for m in movies if m.id},
                )
            disliked = await self._disliked_vectors(state.disliked_ids)
        with stage_timer(self._timer, "score"):
            movies = remove_watched(movies, state.watched, self._fuzzy)
            blend = state.profile.liked_count < COLD_START_LIKED
            params = ScoringParams(
                alpha=cmd.alpha,
                popularity_weight=COLD_START_POPULARITY if blend else self._popularity_weight,
                quality_weight=self._quality_weight,
                genre_weight=self._genre_weight,
                collaborative_weight=cf.weight if cf.model is not None else 0.0,
                cf_min_support=cf.model.params.min_support if cf.model is not None else 1,
            )
            scored = score_candidates(
                state.profile,
                movies,
                params,
                disliked,
                collaborative=cf.model.neighbours if cf.model is not None else None,
                popularity=cf.popularity,
                top=None if understood is not None else _rerank_pool(cmd.limit),
            )
            if understood is not None and self._query is not None:
                scored = self._query.blend(scored, understood, _rerank_pool(cmd.limit))
            if blend:
                scored = _mark_popular(scored)
            scored = _own_country_first(scored, filters, cmd.limit)
        reranker = self._reranker(cmd.rerank)
        summary = self._local.taste_summary(state.profile)
        interpreted = understood.interpretation if understood is not None else None
        if not scored:
            return RecommendationList(
                items=[],
                taste_summary=summary,
                strategy="blend" if blend else "personal",
                reranker=reranker.name,
                message=lists.empty_message(filters)
                or f"No unseen movie in the catalog matches these filters ({filters.describe()}). "
                "Widen them: GET /api/v1/filters lists what exists.",
                interpreted=interpreted,
            )
        top = scored[: _rerank_pool(cmd.limit)]
        with stage_timer(self._timer, "rerank"):
            result = await reranker.rerank(
                state.profile, top, limit=cmd.limit, diversity=0.0 if cmd.rerank == "none" else cmd.diversity
            )
        items = justify(result.items, interpreted) if interpreted is not None else result.items
        return RecommendationList(
            items=lists.justify(items),
            taste_summary=summary,
            strategy="blend" if blend else "personal",
            reranker=result.reranker,
            interpreted=interpreted,
        )

    async def _understand(
        self, cmd: RecommendCommand, filters: Filters, state: UserState
    ) -> UnderstoodQuery | None:
        """The query's constraints, anchors and vectors (None without a query); anchors count as seen."""
        if not cmd.query:
            return None
        if self._query is None:
            raise InvalidInputError("this server has no query understanding configured; drop query")
        understood = await self._query.understand(cmd.query, filters)
        state.watched.ids |= understood.anchor_ids
        return understood

    async def _load(self, user_id: UserId) -> UserState:
        async def read(uow: UnitOfWork) -> tuple[TasteProfile | None, list[StoredWatch], list[Feedback]]:
            profile = await uow.profiles.get(user_id)
            if profile is None:
                return None, [], []
            return profile, await uow.histories.load(user_id), await uow.histories.feedback(user_id)

        # one committed state: an upload landing mid-read must not mix two profiles
        profile, watches, feedback = await read_user_snapshot(self._uow_factory, user_id, read)
        if profile is None:
            raise ProfileNotFoundError(
                "no taste profile yet: upload a watch history first "
                f"(POST /api/v1/users/{user_id}/watch-history)"
            )
        watched = WatchedSet()
        for w in watches:
            if w.movie_id is not None:
                watched.ids.add(w.movie_id)
            else:
                key = (normalize_title(w.entry.title), w.entry.year)
                watched.keys.add(key)
                watched.unmatched.append(key)
        # feedback meanings (README "Feedback"): every signal takes the movie off the page; like = seen
        # and liked (it also joins the profile), dislike = seen and disliked (its kin are pushed down)
        latest = {f.movie_id: f.signal for f in feedback}
        watched.ids |= set(latest)
        disliked = {m for m, s in latest.items() if s == "dislike"}
        # an upload's low ratings are the same negative evidence, unless feedback since said otherwise
        disliked |= {
            w.movie_id
            for w in watches
            if w.movie_id is not None
            and w.entry.rating is not None
            and w.entry.rating < self._dislike_threshold
            and latest.get(w.movie_id, "dislike") == "dislike"
        }
        return UserState(profile=profile, watched=watched, disliked_ids=sorted(disliked))

    async def _fetch(self, state: UserState, filters: Filters, limit: int) -> list[Movie]:
        pool = max(self._pool, limit * 5)
        exclude = sorted(state.watched.ids)
        try:
            movies = await self._candidates.candidates(
                state.profile, filters=filters, limit=pool, exclude_ids=exclude
            )
        except ExternalServiceError as exc:
            log.warning(
                "candidate source %s failed (%s); using the local catalog", self._candidates.name, exc
            )
            movies = await self._local_candidates.candidates(
                state.profile, filters=filters, limit=pool, exclude_ids=exclude
            )
        if state.profile.liked_count < COLD_START_LIKED:
            popular = await self._reader.popular(limit=pool // 2, filters=filters, exclude_ids=exclude)
            known = {m.id for m in movies}
            movies += [m for m in popular if m.id not in known]
        return movies

    async def _disliked_vectors(self, ids: list[int]) -> np.ndarray | None:
        if not ids:
            return None
        movies = await self._reader.get_many(ids, with_embeddings=True)
        vectors = [m.embedding for m in movies if m.embedding is not None]
        return np.stack(vectors) if vectors else None

    def _reranker(self, mode: RerankMode) -> Reranker:
        if mode in {"auto", "llm"} and self._llm is not None:
            return self._llm
        if mode == "llm":
            raise InvalidInputError("rerank=llm needs OPENAI_API_KEY on the server; use auto or local")
        return self._local


def _rerank_pool(limit: int) -> int:
    """How many of the best-scored candidates the reranker chooses from."""
    return max(limit * 3, 30)


def _own_country_first(scored: list[ScoredCandidate], filters: Filters, limit: int) -> list[ScoredCandidate]:
    """With a country filter, that country's own films (sole production country) rank above
    co-productions; when there are enough of them to fill the page, the reranker sees only them."""
    if not filters.countries:
        return scored
    own = [s for s in scored if filters.own_country(s.movie)]
    if len(own) >= limit:
        return own
    return own + [s for s in scored if not filters.own_country(s.movie)]


def _mark_popular(scored: list[ScoredCandidate]) -> list[ScoredCandidate]:
    for s in scored:
        if s.signal == "content" and (s.movie.vote_count or 0) >= 100:
            s.signal = "popular"
    return scored

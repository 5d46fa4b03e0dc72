"""Profile + filters → the best unseen movies, scored against every taste cluster and explained."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from src.application.filter_vocabulary import canonical_filters
from src.application.gather_candidates import GatherCandidates, Gathered
from src.application.personal_scoring import (
    RecommendParams,
    UserState,
    disliked_vectors,
    score_person,
    user_state,
)
from src.application.ports.catalog import CatalogReader
from src.application.ports.metrics import NullStageTimer, StageTimer, stage_timer
from src.application.ports.users import UserSnapshot
from src.application.recommend_order import mark_popular, own_country_first, rerank_pool
from src.application.reranker_choice import Rerankers, RerankMode
from src.application.understand_query import UnderstandQuery, UnderstoodQuery, justify
from src.application.user_state import UserReads
from src.domain.errors import InvalidInputError, NextStep, ProfileNotFoundError
from src.domain.filters import Filters
from src.domain.movie import Movie
from src.domain.profile import UserId
from src.domain.recommendation import RecommendationList, ScoredCandidate, Strategy
from src.domain.scoring.priors import is_cold_start


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


class Recommend:
    """The pipeline the README describes: load the profile and what the person has seen (history and
    feedback) → understand the query, if any → gather unseen candidates (GatherCandidates: the
    configured source with local fallback, popular films on a cold start, collaborative additions) →
    score them (domain.scoring.blend: softmax over taste clusters, priors, collaborative blend, dislike
    penalty) → the reranker orders the best and writes the justifications."""

    def __init__(
        self,
        users: UserReads,
        reader: CatalogReader,
        gather: GatherCandidates,
        rerankers: Rerankers,
        *,
        params: RecommendParams | None = None,
        query: UnderstandQuery | None = None,
        timer: StageTimer | None = None,
    ) -> None:
        self._users = users
        self._reader = reader
        self._gather = gather
        self._rerankers = rerankers
        self._params = params or RecommendParams()
        self._query = query
        self._timer = timer or NullStageTimer()

    async def execute(self, cmd: RecommendCommand) -> RecommendationList:
        reranker = self._rerankers.pick(cmd.rerank)  # rerank=llm without an LLM reranker: refused first
        with stage_timer(self._timer, "load_profile"):
            state, snapshot = await self._load(cmd.user_id)
            facets = None if cmd.filters.is_empty else await self._reader.facets()
            filters = cmd.filters if facets is None else canonical_filters(cmd.filters, facets)
            understood = await self._understand(cmd, filters, state)
            if understood is not None:
                filters = understood.filters
            lists = await self._users.lists(snapshot, cmd.user_id, cmd.from_list, cmd.exclude_lists)
            state.watched.ids |= lists.excluded  # exclude lists: removed like seen films, from every source
        cold_start = is_cold_start(state.profile)
        with stage_timer(self._timer, "candidates"):
            extra: list[Movie] = []
            if understood is not None and self._query is not None and lists.only is None:
                extra = await self._query.candidates(understood, sorted(state.watched.ids))
            only = await lists.candidates(self._reader, filters) if lists.only is not None else None
            gathered = await self._gather.execute(
                state.profile,
                state.watched,
                filters,
                limit=cmd.limit,
                cold_start=cold_start,
                extra=extra,
                only=only,
                history=state.history,
            )
            disliked = await disliked_vectors(self._reader, sorted(state.watched.disliked))
        with stage_timer(self._timer, "score"):
            scored = self._score(state, gathered, cmd, cold_start, disliked, understood)
            scored = own_country_first(scored, filters, cmd.limit)
        summary = self._rerankers.local.taste_summary(state.profile)
        interpreted = understood.interpretation if understood is not None else None
        strategy: Strategy = "blend" if cold_start else "personal"
        if not scored:
            listed = lists.empty_message(filters)
            return RecommendationList(
                items=[],
                taste_summary=summary,
                strategy=strategy,
                reranker=reranker.name,
                message=listed
                or f"No unseen movie in the catalog matches these filters ({filters.describe()}). Widen them.",
                next_step=None if listed else NextStep.LIST_FILTERS,
                interpreted=interpreted,
            )
        with stage_timer(self._timer, "rerank"):
            diversity = 0.0 if cmd.rerank == "none" else cmd.diversity
            result = await reranker.rerank(
                state.profile, scored[: rerank_pool(cmd.limit)], limit=cmd.limit, diversity=diversity
            )
        items = justify(result.items, interpreted) if interpreted is not None else result.items
        return RecommendationList(
            items=lists.justify(items),
            taste_summary=summary,
            strategy=strategy,
            reranker=result.reranker,
            reranker_fell_back=result.fell_back,
            interpreted=interpreted,
        )

    def _score(
        self,
        state: UserState,
        gathered: Gathered,
        cmd: RecommendCommand,
        cold_start: bool,
        disliked: np.ndarray | None,
        understood: UnderstoodQuery | None,
    ) -> list[ScoredCandidate]:
        top = None if understood is not None else rerank_pool(cmd.limit)
        scored = score_person(
            state, gathered.movies, gathered, self._params, alpha=cmd.alpha, cold_start=cold_start,
            disliked=disliked, top=top,
        )
        if understood is not None and self._query is not None:
            scored = self._query.blend(scored, understood, rerank_pool(cmd.limit))
        return mark_popular(scored) if cold_start else scored

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

    async def _load(self, user_id: UserId) -> tuple[UserState, UserSnapshot]:
        snapshot = await self._users.snapshot(user_id)  # one committed state: never half an upload
        if snapshot.profile is None:
            raise ProfileNotFoundError(
                "no taste profile yet: upload a watch history first", next_step=NextStep.UPLOAD_HISTORY
            )
        return user_state(snapshot, snapshot.profile, self._params), snapshot

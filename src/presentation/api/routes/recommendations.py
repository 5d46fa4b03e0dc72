"""Recommendations and feedback."""

from __future__ import annotations

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, Response

from src.application.recommend import RecommendCommand
from src.application.recommendation_pages import CachedRecommend
from src.application.record_feedback import RecordFeedback
from src.container import Container
from src.domain.recommendation import RecommendationList
from src.presentation.api.auth import CurrentUser
from src.presentation.api.provide import Provide
from src.presentation.api.recommend_schemas import FeedbackIn, FeedbackOut, RecommendationsOut, RecommendIn
from src.presentation.api.schemas import ErrorOut

router = APIRouter(
    prefix="/api/v1/users",
    tags=["recommendations"],
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
)


@router.post("/{user_id}/recommendations", response_model=RecommendationsOut)
@inject
async def recommend(
    user: CurrentUser,
    body: RecommendIn | None = None,
    use_case: CachedRecommend = Depends(Provide[Container.cached_recommend]),
    default_alpha: float = Depends(Provide[Container.settings.provided.alpha]),
    default_diversity: float = Depends(Provide[Container.settings.provided.diversity]),
) -> Response:
    """The best unseen movies for this user's taste profile, with filters, each with a justification.
    alpha and diversity left out take the server's CINEMAI_ALPHA and CINEMAI_DIVERSITY."""
    body = body or RecommendIn()
    page = await use_case.page(
        RecommendCommand(
            user_id=user.id,
            filters=body.filters(),
            limit=body.limit,
            alpha=default_alpha if body.alpha is None else body.alpha,
            diversity=default_diversity if body.diversity is None else body.diversity,
            rerank=body.rerank,
            query=body.query,
            from_list=body.from_list,
            exclude_lists=tuple(body.exclude_lists),
        ),
        render_recommendations,
    )
    return Response(content=page, media_type="application/json")  # stored bytes on a cache hit


def render_recommendations(result: RecommendationList) -> bytes:
    """The response body, as FastAPI would serialise RecommendationsOut."""
    return RecommendationsOut.of(result).model_dump_json().encode()


@router.post("/{user_id}/feedback", response_model=FeedbackOut)
@inject
async def feedback(
    user: CurrentUser,
    body: FeedbackIn,
    use_case: RecordFeedback = Depends(Provide[Container.record_feedback]),
) -> FeedbackOut:
    """like / dislike nudge the nearest taste cluster; watched / not_interested hide the movie for good."""
    r = await use_case.execute(user.id, body.movie_id, body.signal)
    return FeedbackOut(
        signal=r.signal, movie_id=r.movie_id, profile_version=r.profile_version, cluster_id=r.cluster_id
    )

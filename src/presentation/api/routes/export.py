"""The user's data export."""

from __future__ import annotations

from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, Query

from src.application.export_user_data import ExportUserData
from src.container import Container
from src.presentation.api.auth import CurrentUser
from src.presentation.api.export_schemas import UserExportOut
from src.presentation.api.provide import Provide
from src.presentation.api.schemas import ErrorOut

router = APIRouter(
    prefix="/api/v1/users",
    tags=["users"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)


@router.get("/{user_id}/export", response_model=UserExportOut)
@inject
async def export_user_data(
    user: CurrentUser,
    include_vectors: Annotated[
        bool, Query(description="also the cluster centroids and liked-movie embeddings (large)")
    ] = False,
    use_case: ExportUserData = Depends(Provide[Container.export_user_data]),
) -> UserExportOut:
    """Everything stored about this user, from one consistent moment: the account (never the API key
    or its hash), every history row with what it matched, the taste profile and every feedback."""
    return UserExportOut.of(await use_case.execute(user.id), vectors=include_vectors)

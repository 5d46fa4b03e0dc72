"""A blend for two: both people consent with their own key."""

from __future__ import annotations

from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, Header
from fastapi.security import HTTPAuthorizationCredentials

from src.application.authenticate_pair import AuthenticatePair
from src.application.blend_for_two import BlendCommand, BlendForTwo
from src.container import Container
from src.presentation.api.auth import API_KEY
from src.presentation.api.blend_schemas import BlendIn, BlendOut
from src.presentation.api.provide import Provide
from src.presentation.api.schemas import ErrorOut

router = APIRouter(
    prefix="/api/v1/blends",
    tags=["blends"],
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
)


@router.post("", response_model=BlendOut)
@inject
async def blend(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(API_KEY)],
    x_partner_key: Annotated[
        str | None, Header(description="the partner's own API key: their consent to the blend")
    ] = None,
    body: BlendIn | None = None,
    pair: AuthenticatePair = Depends(Provide[Container.authenticate_pair]),
    use_case: BlendForTwo = Depends(Provide[Container.blend_for_two]),
) -> BlendOut:
    """Films for two people to watch together: unseen by either, ranked so both would enjoy them (least
    misery, with a fairness term so neither taste dominates), each explained per person, plus the films
    both loved most. `Authorization: Bearer <your key>` and `X-Partner-Key: <the partner's key>`."""
    request = body or BlendIn()
    key = credentials.credentials.strip() if credentials is not None else None
    partner_key = x_partner_key.strip() if x_partner_key else None
    people = await pair.execute(key or None, partner_key or None, request.partner_id)
    result = await use_case.execute(
        BlendCommand(first=people.first.id, second=people.partner.id, limit=request.limit)
    )
    return BlendOut.of(result, (people.first.id, people.partner.id))

"""The per-user route guard: `Authorization: Bearer <key>` must be that user's key."""

from __future__ import annotations

import uuid
from typing import Annotated

from dependency_injector.wiring import Provide, inject
from fastapi import Depends, Header, Path

from src.application.manage_users import AuthenticateUser
from src.container import Container
from src.domain.user import User


@inject
async def current_user(
    user_id: Annotated[uuid.UUID, Path(description="the user's id, as returned by POST /api/v1/users")],
    authorization: Annotated[str | None, Header(description="Bearer <api key>")] = None,
    authenticate: AuthenticateUser = Depends(Provide[Container.authenticate_user]),
) -> User:
    return await authenticate.execute(user_id, bearer_key(authorization))


def bearer_key(authorization: str | None) -> str | None:
    """The key in an `Authorization: Bearer <key>` header; None for no header or another scheme."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


CurrentUser = Annotated[User, Depends(current_user)]

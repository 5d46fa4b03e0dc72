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
    key = None
    if authorization:
        scheme, _, value = authorization.partition(" ")
        key = value.strip() if scheme.lower() == "bearer" else None
    return await authenticate.execute(user_id, key)


CurrentUser = Annotated[User, Depends(current_user)]

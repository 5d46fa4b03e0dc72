"""The per-user route guard: `Authorization: Bearer <key>` must be that user's key."""

from __future__ import annotations

import uuid
from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import Depends, Path
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from src.application.manage_users import AuthenticateUser
from src.container import Container
from src.domain.user import User
from src.presentation.api.provide import Provide

# Documented in OpenAPI as a bearer security scheme; auto_error=False leaves every refusal to the
# error table (401 with WWW-Authenticate, 403 for another user's key).
API_KEY = HTTPBearer(
    auto_error=False, scheme_name="ApiKey", description="the api_key returned once by POST /api/v1/users"
)


@inject
async def current_user(
    user_id: Annotated[uuid.UUID, Path(description="the user's id, as returned by POST /api/v1/users")],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(API_KEY)],
    authenticate: AuthenticateUser = Depends(Provide[Container.authenticate_user]),
) -> User:
    key = credentials.credentials.strip() if credentials is not None else None
    return await authenticate.execute(user_id, key or None)


def bearer_key(authorization: str | None) -> str | None:
    """The key in an `Authorization: Bearer <key>` header; None for no header or another scheme."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


CurrentUser = Annotated[User, Depends(current_user)]

"""Both people consent to a blend, each with their own key: the caller's key, and the partner's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from src.application.manage_users import AuthenticateUser
from src.domain.errors import AuthenticationError, ForbiddenError
from src.domain.user import User


@dataclass(frozen=True)
class Pair:
    first: User
    partner: User


class AuthenticatePair:
    """`key`: the caller's own key. `partner_key`: the partner's, which must belong to `partner_id` when
    that is given (another user's valid key → ForbiddenError). A missing or unknown key is an
    AuthenticationError saying whose key it is."""

    def __init__(self, authenticate: AuthenticateUser) -> None:
        self._authenticate = authenticate

    async def execute(self, key: str | None, partner_key: str | None, partner_id: uuid.UUID | None) -> Pair:
        if not key:
            raise AuthenticationError("missing API key: send your own key as `Authorization: Bearer <key>`")
        if not partner_key:
            raise AuthenticationError(
                "missing partner key: the partner consents with their own key, sent as `X-Partner-Key: <key>`"
            )
        try:
            first = await self._authenticate.by_key(key)
        except AuthenticationError:
            raise AuthenticationError("invalid API key: `Authorization` must carry your own key") from None
        if partner_id is None:
            try:
                partner = await self._authenticate.by_key(partner_key)
            except AuthenticationError:
                raise AuthenticationError("invalid partner key: `X-Partner-Key` matches no user") from None
            return Pair(first, partner)
        try:
            partner = await self._authenticate.execute(partner_id, partner_key)
        except ForbiddenError:
            raise ForbiddenError("the partner key belongs to another user than partner_id") from None
        except AuthenticationError:
            raise AuthenticationError("invalid partner key for partner_id") from None
        return Pair(first, partner)

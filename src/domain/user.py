from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(eq=False, kw_only=True)
class User:
    """A person using the service. Only the hash of their API key is ever stored."""

    id: uuid.UUID
    api_key_hash: str
    created_at: datetime
    name: str | None = None


API_KEY_PREFIX = "cin_"


def new_api_key() -> str:
    """256 random bits, URL-safe. Shown to the user once; only its hash is stored."""
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """SHA-256 is enough for a random 256-bit key (no dictionary to attack, unlike a password)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def key_matches(key: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented key with a stored hash."""
    return hmac.compare_digest(hash_api_key(key), stored_hash)

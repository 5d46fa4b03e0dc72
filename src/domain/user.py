from __future__ import annotations

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

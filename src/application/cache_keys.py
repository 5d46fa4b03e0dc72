"""The one cache-key builder: every cached value (recommendation pages, embeddings, TMDB answers, OpenAI
rerank answers) is stored under `cache_key(namespace, *parts)`."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from datetime import date, datetime
from typing import Any


def cache_key(namespace: str, *parts: object) -> str:
    """`<namespace>:<sha256 hex>` of the parts as canonical JSON (sorted keys, no spaces).

    Equal parts give equal keys in every process (no salted hash()). Tuples and lists encode alike;
    sets and frozensets as sorted lists; dataclasses as dicts of their fields; enums by value; dates
    as ISO strings. Any other type raises TypeError rather than fall back to an unstable repr().
    Put a version in the namespace ("rec:v3") and bump it when the cached value's shape changes.
    """
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_jsonable)
    return f"{namespace}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    if isinstance(value, set | frozenset):
        return sorted(value, key=lambda item: json.dumps(item, sort_keys=True, default=_jsonable))
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cache_key cannot encode {type(value).__name__} values")

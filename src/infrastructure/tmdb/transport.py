"""HTTP to TMDB: authentication, time-outs, retries with backoff, Retry-After, errors without keys."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
import time
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from src.application.cache_keys import cache_key
from src.application.ports.recommend import Cache
from src.domain.errors import ExternalServiceError
from src.infrastructure.tmdb.redact import install_httpx_key_redaction

log = logging.getLogger(__name__)


class TmdbTransport:
    """GETs JSON objects from TMDB. A key that looks like a JWT (a v4 read access token) goes in an
    Authorization: Bearer header, any other in the v3 api_key query parameter (redacted from httpx's
    request log). 429 waits Retry-After (seconds or an HTTP date, capped at `retry_after_cap_s`),
    time-outs, connection errors and 5xx wait an exponential backoff; after `max_retries` retries, or
    at once for any other 4xx, it raises ExternalServiceError with details service/path/reason and,
    when TMDB answered, status. Messages never contain the key."""

    def __init__(
        self,
        api_key: str,
        base_url: str,
        *,
        timeout_s: float,
        max_retries: int,
        http: httpx.AsyncClient | None,
        backoff_s: float,
        retry_after_cap_s: float,
        cache: Cache | None = None,
        cache_ttl_s: int = 6 * 3600,
    ) -> None:
        self._cache = cache
        self._cache_ttl_s = cache_ttl_s
        self._base_url = base_url.rstrip("/")
        self._timeout_s = timeout_s
        self._max_retries = max(0, max_retries)
        self._backoff_s = backoff_s
        self._retry_after_cap_s = retry_after_cap_s
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=timeout_s)
        self._headers = {"Accept": "application/json"}
        self._auth_params: dict[str, str] = {}
        if _looks_like_jwt(api_key):
            self._headers["Authorization"] = f"Bearer {api_key}"
        else:
            self._auth_params["api_key"] = api_key
            install_httpx_key_redaction()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        """With a cache, answers are shared (e.g. through Redis) for `cache_ttl_s`, keyed by base URL,
        path and parameters (never the key); failures are never cached."""
        if self._cache is None:
            return await self._fetch(path, params)
        key = cache_key("tmdb", self._base_url, path, params or {})
        cached = await self._cache.get(key)
        if cached is not None:
            return dict(json.loads(cached))
        data = await self._fetch(path, params)
        await self._cache.set(
            key, json.dumps(data, separators=(",", ":")).encode(), ttl_seconds=self._cache_ttl_s
        )
        return data

    async def _fetch(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        query = {**(params or {}), **self._auth_params}
        problem, last_status = "", None
        for attempt in range(self._max_retries + 1):
            try:
                response = await self._http.get(
                    self._base_url + path, params=query, headers=self._headers, timeout=self._timeout_s
                )
            except httpx.TimeoutException:
                problem, delay = "timeout", self._backoff(attempt)
            except httpx.TransportError as exc:
                problem, delay = f"connection error ({type(exc).__name__})", self._backoff(attempt)
            else:
                status = response.status_code
                if status < 400:
                    return _json(response, path)
                if status != 429 and status < 500:
                    raise _error(path, f"answered {status}", status)
                problem, last_status = f"answered {status}", status
                delay = self._retry_after(response, attempt) if status == 429 else self._backoff(attempt)
            if attempt < self._max_retries:
                log.info("TMDB %s %s; retrying in %.2f s", path, problem, delay)
                await asyncio.sleep(delay)
        raise _error(path, f"{problem} after {self._max_retries + 1} attempts", last_status, reason=problem)

    def _backoff(self, attempt: int) -> float:
        return min(self._retry_after_cap_s, self._backoff_s * 2**attempt) * random.uniform(0.5, 1.0)

    def _retry_after(self, response: httpx.Response, attempt: int) -> float:
        header = response.headers.get("Retry-After")
        if header is None:
            return self._backoff(attempt)
        try:
            seconds = float(header)
        except ValueError:
            try:
                seconds = parsedate_to_datetime(header).timestamp() - time.time()
            except (TypeError, ValueError):
                return self._backoff(attempt)
        if not math.isfinite(seconds):
            return self._backoff(attempt)
        return min(max(seconds, 0.0), self._retry_after_cap_s)


def _looks_like_jwt(key: str) -> bool:
    return key.startswith("eyJ") and key.count(".") == 2


def _json(response: httpx.Response, path: str) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        raise _error(path, "answered something that is not JSON", response.status_code) from None
    if not isinstance(data, dict):
        raise _error(path, "answered an unexpected JSON shape", response.status_code)
    return data


def _error(path: str, problem: str, status: int | None, *, reason: str | None = None) -> ExternalServiceError:
    details: dict[str, object] = {"service": "tmdb", "path": path, "reason": reason or problem}
    if status is not None:
        details["status"] = status
    return ExternalServiceError(f"TMDB {path} {problem}", details=details)

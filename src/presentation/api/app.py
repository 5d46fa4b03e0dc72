"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from src.container import Container, has_llm_reranker, prepare_database
from src.presentation.api import auth
from src.presentation.api.errors import install_error_handlers
from src.presentation.api.limits import BodySizeLimitAsgiMiddleware, RateLimitAsgiMiddleware
from src.presentation.api.metrics import install_metrics
from src.presentation.api.recommend_schemas import RecommendIn
from src.presentation.api.routes import (
    blends,
    export,
    health,
    jobs,
    lists,
    movies,
    profile,
    recommendations,
    users,
)
from src.presentation.api.security_headers import SecurityHeadersAsgiMiddleware
from src.presentation.jobs import install_job_handlers
from src.presentation.web.pages import install_web

log = logging.getLogger(__name__)
ROUTE_MODULES = [health, movies, users, profile, recommendations, blends, export, lists, jobs]
WIRED_MODULES = [*ROUTE_MODULES, auth]


def create_app(container: Container | None = None, *, prepare: bool = True) -> FastAPI:
    """Build the app around a container (a fresh one by default). prepare=False skips starting and
    migrating the database, for tests that bring their own."""
    container = container or Container()
    container.wire(modules=WIRED_MODULES)
    install_job_handlers(container)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if prepare:
            await prepare_database(container)
        yield
        await container.job_queue().aclose()  # in process: waits for the jobs this process started
        aclose = getattr(container.cache(), "aclose", None)
        if aclose is not None:
            await aclose()
        await container.engine().dispose()

    # /docs and /redoc with Swagger UI and ReDoc served from the app itself (fastapi-offline ships them):
    # the API documentation works with no network.
    app: FastAPI = FastAPIOffline(
        title="CinemAI",
        version="0.1.0",
        description="Movie recommendations from your own watch history, explained.",
        lifespan=lifespan,
    )
    app.state.container = container
    settings = container.settings()
    # middleware added last runs first: metrics → CORS → security headers → rate limit → body size → app
    app.add_middleware(BodySizeLimitAsgiMiddleware, upload_bytes=settings.max_upload_bytes)
    app.add_middleware(
        RateLimitAsgiMiddleware,
        per_key=container.rate_limiter(),
        signup=container.signup_rate_limiter(),
        search=container.search_rate_limiter(),
        anonymous=container.anonymous_rate_limiter(),
    )
    app.add_middleware(SecurityHeadersAsgiMiddleware)
    origins = settings.cors_origins
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["*"], allow_headers=["*"])
    install_error_handlers(app)
    for module in ROUTE_MODULES:
        app.include_router(module.router)
    install_web(app)  # the web app at /: pages that call the routes above
    install_metrics(
        app,
        cache_stats=lambda: container.cache().stats(),
        collectors=[container.stage_timer(), container.rerank_metrics()],
    )
    _serve_what_is_accepted(app, llm_rerank=has_llm_reranker(settings))
    return app


def _serve_what_is_accepted(app: FastAPI, *, llm_rerank: bool) -> None:
    """/openapi.json for this server's configuration: a value it would refuse is not in the schema."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            RecommendIn.served_schema(schema, llm_rerank=llm_rerank)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

"""Liveness and readiness."""

from __future__ import annotations

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from src.application.ports.catalog import CatalogReader
from src.container import Container
from src.presentation.api.provide import Provide

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> dict[str, str]:
    """The process is up. Says nothing about its dependencies: see /ready."""
    return {"status": "ok"}


@router.get("/ready")
@inject
async def ready(reader: CatalogReader = Depends(Provide[Container.catalog_reader])) -> JSONResponse:
    """Ready when the database answers and the catalog holds embedded movies."""
    try:
        embedded = await reader.count(embedded_with=None)
    except Exception as exc:  # any failure to reach the database means not ready
        return JSONResponse(
            {"ready": False, "database": False, "catalog_movies": None, "reason": type(exc).__name__},
            status_code=503,
        )
    if embedded == 0:
        return JSONResponse(
            {
                "ready": False,
                "database": True,
                "catalog_movies": 0,
                "reason": "catalog empty: run `cinemai catalog import`",
            },
            status_code=503,
        )
    return JSONResponse({"ready": True, "database": True, "catalog_movies": embedded})

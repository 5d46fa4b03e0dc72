"""Background jobs: `GET /api/v1/jobs/{id}` reports a job's state and progress to its owner."""

from __future__ import annotations

from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, Path, Response
from fastapi.security import HTTPAuthorizationCredentials

from src.application.show_job import ShowJob
from src.container import Container
from src.presentation.api.auth import API_KEY
from src.presentation.api.job_schemas import JobOut
from src.presentation.api.provide import Provide
from src.presentation.api.schemas import ErrorOut

router = APIRouter(
    prefix="/api/v1/jobs", tags=["jobs"], responses={401: {"model": ErrorOut}, 404: {"model": ErrorOut}}
)


@router.get("/{job_id}", response_model=JobOut)
@inject
async def get_job(
    job_id: Annotated[str, Path(max_length=64, description="the id a 202 answer gave")],
    response: Response,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(API_KEY)],
    use_case: ShowJob = Depends(Provide[Container.show_job]),
) -> JobOut:
    """A job's state, progress and (once done) result or error, for the user who started it: another
    user's job and operator jobs (catalog import, model refit: `cinemai jobs show`) answer 404."""
    key = credentials.credentials.strip() if credentials is not None else None
    job = await use_case.execute(job_id, key or None)
    response.headers["Cache-Control"] = "no-store"
    if not job.finished:
        response.headers["Retry-After"] = "1"
    return JobOut.of(job)

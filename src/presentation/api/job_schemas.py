"""Schemas for background jobs."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from src.domain.job import Job, JobKind, JobState


class JobOut(BaseModel):
    id: str
    kind: JobKind
    state: JobState = Field(description="queued → running → succeeded | failed")
    stage: str | None = Field(description="what the job is doing now")
    done: int = Field(description="units of the current stage done")
    total: int | None = Field(description="units of the current stage in all (null when unknown)")
    progress: float | None = Field(description="0–1 when known; 1 once succeeded")
    error: str | None = Field(description="why it failed; nothing of the job was kept")
    result: dict[str, object] | None = Field(
        description="the job's result once succeeded (an upload: its import report)"
    )
    created_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    url: str = Field(description="where to poll: GET this with the same key")

    @classmethod
    def of(cls, job: Job) -> JobOut:
        return cls(
            id=job.id,
            kind=job.kind,
            state=job.state,
            stage=job.stage,
            done=job.done,
            total=job.total,
            progress=job.fraction,
            error=job.error,
            result=job.result,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            url=f"/api/v1/jobs/{job.id}",
        )

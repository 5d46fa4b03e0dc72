"""A background job as the service records it: what it is, whose it is, where it stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

JobKind = Literal["watch_history_import", "catalog_import", "collaborative_refit"]
JobState = Literal["queued", "running", "succeeded", "failed"]
JOB_KINDS: tuple[JobKind, ...] = ("watch_history_import", "catalog_import", "collaborative_refit")
FINISHED: frozenset[JobState] = frozenset({"succeeded", "failed"})


@dataclass(frozen=True, kw_only=True)
class Job:
    """`done`/`total` count the units of the current `stage` (rows, movies; total None when unknown).
    `owner` is the user a job belongs to; None for operator jobs (catalog import, refit)."""

    id: str
    kind: JobKind
    owner: str | None
    state: JobState
    params: dict[str, object] = field(default_factory=dict)
    stage: str | None = None
    done: int = 0
    total: int | None = None
    error: str | None = None
    result: dict[str, object] | None = None
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def fraction(self) -> float | None:
        """0–1 when the total is known (1 once succeeded), else None."""
        if self.state == "succeeded":
            return 1.0
        if not self.total:
            return None
        return min(1.0, self.done / self.total)

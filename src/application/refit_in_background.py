"""After an import or a profile edit: the collaborative refit as a background job, so the request that
changed the data answers at once instead of waiting for EASE and the transitions to be fitted."""

from __future__ import annotations

from src.application.ports.collaborative import CollaborativeRefresh
from src.application.ports.jobs import JobStore
from src.application.rebuild_collaborative_model import UP_TO_DATE, RebuildCollaborativeModel, RebuildResult
from src.application.submit_job import SubmitJob, SubmitJobCommand


class RefitInBackground(CollaborativeRefresh):
    """refresh_if_stale() asks the rebuild whether the stored build still fits the data (two counts and
    the stored state, no fit); when it does not, it records and queues a `collaborative_refit` job and
    returns. The job runs on a `cinemai worker` (jobs on Redis) or as a task of this process (the
    embedded mode), checks again (`if_stale`: a second job queued meanwhile finds the model up to date
    and stops) and replaces the model in one write; requests keep the previous model until then.

    While a job this instance queued is still queued or running, no second one is queued. execute() (a
    user was deleted: their data must leave the model before the request answers) rebuilds inline."""

    def __init__(self, rebuild: RebuildCollaborativeModel, submit: SubmitJob, jobs: JobStore) -> None:
        self._rebuild = rebuild
        self._submit = submit
        self._jobs = jobs
        self._pending: str | None = None

    async def refresh_if_stale(self) -> RebuildResult:
        due = await self._rebuild.staleness()
        if due.reason == UP_TO_DATE:
            return due
        if self._pending is not None:
            job = await self._jobs.get(self._pending)
            if job is not None and not job.finished:
                return _with(due, f"{due.reason}; a refit is already {job.state} (job {job.id})", job.id)
        job = await self._submit.execute(SubmitJobCommand(kind="collaborative_refit", params={"if_stale": True}))
        self._pending = job.id
        return _with(due, f"{due.reason}; refit queued (job {job.id})", job.id)

    async def execute(self, *, force: bool = True) -> RebuildResult:
        return await self._rebuild.execute(force=force)


def _with(due: RebuildResult, reason: str, job_id: str) -> RebuildResult:
    return RebuildResult(
        rebuilt=False, reason=reason, users=due.users, interactions=due.interactions, job_id=job_id
    )

"""A job's state for the person who asked for it (`GET /api/v1/jobs/{id}`)."""

from __future__ import annotations

import uuid

from src.application.manage_users import AuthenticateUser
from src.application.ports.jobs import JobStore
from src.domain.errors import ForbiddenError, JobNotFoundError
from src.domain.job import Job

NOT_FOUND = "no such job for this API key"


class ShowJob:
    """A user sees only their own jobs. No key → 401 (AuthenticationError); an unknown job, an operator
    job (catalog import, model refit: no owner, followed with `cinemai jobs show`) and another user's
    job are all the same JobNotFoundError, so a key cannot probe which job ids exist."""

    def __init__(self, store: JobStore, authenticate: AuthenticateUser) -> None:
        self._store = store
        self._authenticate = authenticate

    async def execute(self, job_id: str, api_key: str | None) -> Job:
        job = await self._store.get(job_id)
        if job is None or job.owner is None:
            if not api_key:
                await self._authenticate.execute(uuid.uuid4(), api_key)  # raises the 401
            raise JobNotFoundError(NOT_FOUND)
        try:
            await self._authenticate.execute(uuid.UUID(job.owner), api_key)
        except ForbiddenError:
            raise JobNotFoundError(NOT_FOUND) from None
        return job

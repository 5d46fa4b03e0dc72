"""The job handlers, one per job kind: each a thin wrapper of one existing use case. Installed in the
container by the API app and by `cinemai worker`, so both run a job the same way."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Literal, cast

from dependency_injector import providers

from src.application.import_catalog import ImportCatalogCommand
from src.application.import_watch_history import ImportWatchHistoryCommand
from src.application.run_job import JobHandler, JobInput
from src.container import Container, catalog_source
from src.domain.errors import InvalidInputError
from src.presentation.api.user_schemas import ImportReportOut


def job_handlers(container: Container) -> dict[str, JobHandler]:
    async def watch_history_import(run: JobInput) -> dict[str, object]:
        params = run.job.params
        if run.payload is None:
            raise InvalidInputError("the upload of this job is gone; upload the file again")
        mode = cast(Literal["replace", "append"], params.get("mode", "replace"))
        report = await container.import_watch_history().execute(
            ImportWatchHistoryCommand(
                user_id=uuid.UUID(str(params["user_id"])),
                data=run.payload,
                filename=cast(str | None, params.get("filename")),
                format=cast(str | None, params.get("format")),
                mode=mode,
            ),
            run.progress,
        )
        return ImportReportOut.of(report).model_dump(mode="json")

    async def catalog_import(run: JobInput) -> dict[str, object]:
        params = run.job.params
        pages = params.get("pages")
        limit = params.get("limit")
        source = catalog_source(
            container, str(params.get("source", "offline")), pages=int(str(pages)) if pages else None
        )
        result = await container.import_catalog().execute(
            ImportCatalogCommand(source=source, limit=int(str(limit)) if limit else None), run.progress
        )
        return dataclasses.asdict(result)

    async def collaborative_refit(run: JobInput) -> dict[str, object]:
        run.progress.start("refitting the collaborative model", None)
        rebuild = container.rebuild_collaborative_model()
        if run.job.params.get("if_stale", False):
            result = await rebuild.refresh_until_current()
        else:
            result = await rebuild.execute(force=True)
        run.progress.finish()
        return dataclasses.asdict(result)

    return {
        "watch_history_import": watch_history_import,
        "catalog_import": catalog_import,
        "collaborative_refit": collaborative_refit,
    }


def install_job_handlers(container: Container) -> None:
    """Give the container's job runner its handlers (idempotent)."""
    container.job_handlers.override(providers.Object(job_handlers(container)))

"""Import movies from a catalog source: embed new or changed movies in batches, upsert them all."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from src.application.catalog_writer import CatalogWriter
from src.application.ports.catalog_source import CatalogSource
from src.application.ports.embedder import Embedder
from src.application.ports.progress import NoProgress, Progress
from src.application.ports.unit_of_work import UnitOfWork
from src.domain.movie import Movie


@dataclass(frozen=True)
class ImportCatalogCommand:
    source: CatalogSource
    limit: int | None = None
    batch_size: int = 256


@dataclass
class ImportCatalogResult:
    source: str
    embedding_model: str
    read: int = 0
    inserted: int = 0
    re_embedded: int = 0
    metadata_updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def embedded(self) -> int:
        return self.inserted + self.re_embedded


class ImportCatalog:
    """Reads a source in batches and writes each through the CatalogWriter: look up what is stored (one
    query), embed only movies that are new, whose text changed, or whose vector came from another model
    (outside any transaction), then upsert new/changed rows and commit. A failure loses at most the batch in flight; re-running
    resumes where it stopped because stored movies are skipped."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], embedder: Embedder) -> None:
        self._embedder = embedder
        self._writer = CatalogWriter(uow_factory, embedder)

    async def execute(
        self, cmd: ImportCatalogCommand, progress: Progress | None = None
    ) -> ImportCatalogResult:
        progress = progress or NoProgress()
        result = ImportCatalogResult(source=cmd.source.name, embedding_model=self._embedder.model_name)
        started = time.perf_counter()
        progress.start(f"Importing the {cmd.source.name} catalog", await cmd.source.count(cmd.limit))
        batch: list[Movie] = []
        async for movie in cmd.source.movies(cmd.limit):
            batch.append(movie)
            if len(batch) >= cmd.batch_size:
                await self._import_batch(batch, result)
                progress.advance(len(batch))
                batch = []
        if batch:
            await self._import_batch(batch, result)
            progress.advance(len(batch))
        progress.finish()
        result.seconds = time.perf_counter() - started
        return result

    async def _import_batch(self, batch: list[Movie], result: ImportCatalogResult) -> None:
        result.read += len(batch)
        write = await self._writer.write(batch, refresh=True)
        result.inserted += write.inserted
        result.re_embedded += write.re_embedded
        result.metadata_updated += write.metadata_updated
        result.unchanged += write.unchanged
        result.embed_seconds += write.embed_seconds

"""Candidates looked up on an outside service (TMDB discover), stored in the catalog on first sight."""

from __future__ import annotations

from collections.abc import Sequence

from src.application.catalog_writer import CatalogWriter
from src.application.ports.catalog import catalog_key
from src.application.ports.lookups import CandidateLookup
from src.application.ports.recommend import CandidateSource
from src.domain.errors import ExternalServiceError
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile


class LookedUpCandidates(CandidateSource):
    """The lookup's movies as catalog movies: new ones embedded once and stored (CatalogWriter), ones the
    catalog already holds with this embedder's vectors read back with their stored ids and vectors.
    Returns up to `limit` of them in the service's order, none in `exclude_ids`, each passing the
    lookup's check. Raises ExternalServiceError when the service (or the embedder) fails, or when the
    profile was built with another embedding model, so the caller falls back to the local catalog."""

    def __init__(self, lookup: CandidateLookup, writer: CatalogWriter) -> None:
        self._lookup = lookup
        self._writer = writer
        self.name = lookup.service.lower()

    async def candidates(
        self, profile: TasteProfile, *, filters: Filters, limit: int, exclude_ids: Sequence[MovieId]
    ) -> list[Movie]:
        if limit <= 0:
            return []
        model = self._writer.model_name
        if profile.embedding_model and profile.embedding_model != model:
            raise ExternalServiceError(
                f"{self._lookup.service} candidates are embedded with {model}, "
                f"the profile with {profile.embedding_model}",
                details={"service": self.name, "reason": "embedding model mismatch"},
            )
        check = self._lookup.check(filters)
        wanted = await self._lookup.discover(filters, enough=limit + len(exclude_ids))
        stored = await self._writer.store(wanted)
        excluded = set(exclude_ids)
        out: list[Movie] = []
        for movie in wanted:
            found = stored.get(catalog_key(movie))
            if found is None or found.id is None or found.id in excluded or not check.matches(found):
                continue
            excluded.add(found.id)  # a movie listed twice is returned once
            out.append(found)
            if len(out) == limit:
                break
        return out

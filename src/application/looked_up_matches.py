"""History-import matching that looks up, on an outside service (TMDB), the rows the catalog could not
match, and stores what it finds in the catalog."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from src.application.catalog_writer import CatalogWriter
from src.application.ports.catalog import catalog_key
from src.application.ports.history import MatchResult, MovieMatcher
from src.application.ports.lookups import MovieLookup
from src.domain.errors import ExternalServiceError
from src.domain.history import WatchEntry
from src.domain.movie import Movie

log = logging.getLogger(__name__)


class LookedUpMatcher(MovieMatcher):
    """Matches with `inner` first; up to `max_lookups` unmatched rows are then looked up, the movies found
    embedded once, added to the catalog (CatalogWriter) and returned matched with method "tmdb". Never
    fails the import: rows the service could not be asked about keep the lookup's reason, rows beyond the
    bound keep the inner reason. When `model` is not the writer's embedder's, nothing is looked up."""

    def __init__(
        self, inner: MovieMatcher, lookup: MovieLookup, writer: CatalogWriter, *, max_lookups: int = 200
    ) -> None:
        self._inner = inner
        self._lookup = lookup
        self._writer = writer
        self._max_lookups = max_lookups

    async def match(self, entries: Sequence[WatchEntry], *, model: str) -> list[MatchResult]:
        results = await self._inner.match(entries, model=model)
        todo = [i for i, r in enumerate(results) if r.movie is None][: self._max_lookups]
        if not todo or model != self._writer.model_name:
            return results
        found = await self._lookup.find([results[i].entry for i in todo])
        try:
            stored = await self._writer.store([m for m in found if isinstance(m, Movie)])
        except ExternalServiceError as exc:
            log.warning("could not embed %s matches: %s", self._lookup.service, exc.message)
            stored = {}
        service = self._lookup.service
        for i, outcome in zip(todo, found, strict=True):
            entry = results[i].entry
            movie = stored.get(catalog_key(outcome)) if isinstance(outcome, Movie) else None
            if movie is not None:
                results[i] = MatchResult(entry=entry, movie=movie, method=self._lookup.match_method)
            elif isinstance(outcome, str):
                results[i] = MatchResult(entry=entry, movie=None, method=None, reason=outcome)
            else:
                reason = (
                    f"not in the catalog, not found on {service}"
                    if outcome is None
                    else f"found on {service}, but could not be embedded and stored"
                )
                results[i] = MatchResult(entry=entry, movie=None, method=None, reason=reason)
        return results

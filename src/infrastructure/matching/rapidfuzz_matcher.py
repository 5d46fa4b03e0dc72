"""History rows → catalog movies: external id, then exact normalised title+year, then fuzzy."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from src.application.ports.catalog import CatalogReader
from src.application.ports.history import MatchResult, MovieMatcher
from src.domain.history import MatchMethod, WatchEntry
from src.domain.movie import Movie, normalize_title
from src.infrastructure.matching.catalog_index import CatalogIndex, CatalogIndexCache


class RapidfuzzMovieMatcher(MovieMatcher):
    """Fuzzy matching compares normalised titles with token_sort_ratio (word order and punctuation
    insensitive, but unlike WRatio it does not score "Alien" ≈ "Alien 3" on partial overlap) against
    catalog titles released within ±1 year; a row without a year is compared with every title and needs
    a higher score (cutoff + 7), taking the most reviewed movie among equals. Last, a long subtitled
    title ("Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb") matches its short
    catalog form ("Dr. Strangelove") exactly, and only when the years agree within one (method "short")."""

    def __init__(self, index: CatalogIndexCache, reader: CatalogReader, *, cutoff: float = 85.0) -> None:
        self._index = index
        self._reader = reader
        self._cutoff = cutoff

    async def match(self, entries: Sequence[WatchEntry], *, model: str) -> list[MatchResult]:
        index = await self._index.get(model)
        found = await asyncio.to_thread(self._match_all, list(entries), index)
        ids = sorted({movie_id for movie_id, _ in found if movie_id is not None})
        movies = {m.id: m for m in await self._reader.get_many(ids, with_embeddings=True)}
        results = []
        for entry, (movie_id, method) in zip(entries, found, strict=True):
            movie: Movie | None = movies.get(movie_id) if movie_id is not None else None
            if movie is None:
                results.append(
                    MatchResult(entry=entry, movie=None, method=None, reason=_why_not(entry, index))
                )
            else:
                results.append(MatchResult(entry=entry, movie=movie, method=method))
        return results

    def _match_all(
        self, entries: list[WatchEntry], index: CatalogIndex
    ) -> list[tuple[int | None, MatchMethod | None]]:
        return [self._match_one(e, index) for e in entries]

    def _match_one(self, e: WatchEntry, index: CatalogIndex) -> tuple[int | None, MatchMethod | None]:
        if e.imdb_id and e.imdb_id in index.by_imdb:
            return index.by_imdb[e.imdb_id], "id"
        if e.tmdb_id is not None and e.tmdb_id in index.by_tmdb:
            return index.by_tmdb[e.tmdb_id], "id"
        titles = [t for t in (normalize_title(e.title), normalize_title(e.original_title or "")) if t]
        for title in titles:
            exact = self._exact(title, e.year, index)
            if exact is not None:
                return exact, "exact"
        for title in titles:
            fuzzy = self._fuzzy(title, e.year, index)
            if fuzzy is not None:
                return fuzzy, "fuzzy"
        if e.year is not None:
            for raw in (e.title, e.original_title or ""):
                for short in short_forms(raw):
                    found = _near_year(normalize_title(short), e.year, index)
                    if found is not None:
                        return found, "short"
        return None, None

    @staticmethod
    def _exact(title: str, year: int | None, index: CatalogIndex) -> int | None:
        if year is None:
            same = index.by_title.get(title)
            return same[0] if same else None
        return index.by_title_year.get((title, year))

    def _fuzzy(self, title: str, year: int | None, index: CatalogIndex) -> int | None:
        if year is None:
            choices, cutoff = index.titles, min(100.0, self._cutoff + 7)
        else:
            choices = [c for y in (year - 1, year, year + 1) for c in index.by_year.get(y, [])]
            cutoff = self._cutoff
            if not choices:
                return None
        best = process.extractOne(
            title, [t for t, _ in choices], scorer=fuzz.token_sort_ratio, score_cutoff=cutoff
        )
        if best is None:
            return None
        _, _, position = best
        return choices[position][1]


_SUBTITLE = re.compile(
    r"\s*(?::|;|\s+or[:,]\s+|,\s+or\s+|\s+or\s+(?=how\b|the\b)|\s+[-–—]\s+|\s*\()\s*", re.IGNORECASE
)


def short_forms(title: str) -> list[str]:
    """The shorter titles a subtitled one may be catalogued under, longest first: 'Dr. Strangelove or:
    How I Learned…' → ['Dr. Strangelove']; 'Birdman or (The Unexpected Virtue of Ignorance)' → ['Birdman'];
    'Alien' → []. A head shorter than 3 characters is no title."""
    out: list[str] = []
    for match in _SUBTITLE.finditer(title):
        head = re.sub(r"\s+or$", "", title[: match.start()].strip(" .,:;-–—"), flags=re.IGNORECASE)
        if len(head) >= 3 and head not in out:
            out.append(head)
    return sorted(out, key=len, reverse=True)


def _near_year(title: str, year: int, index: CatalogIndex) -> int | None:
    for y in (year, year - 1, year + 1):
        found = index.by_title_year.get((title, y))
        if found is not None:
            return found
    return None


def _why_not(entry: WatchEntry, index: CatalogIndex) -> str:
    title = normalize_title(entry.title)
    if entry.year is not None and title in index.by_title:
        years = sorted({y for i in index.by_title[title] if (y := index.years.get(i)) is not None})
        shown = ", ".join(str(y) for y in years[:3])
        return f"the catalog has this title from {shown}, not within a year of {entry.year}"
    return "no catalog movie with this title" + (f" around {entry.year}" if entry.year else "")

"""A natural-language query → extra filters, anchor films and query vectors for Recommend, and how it
was understood (`interpreted`). The parsed constraints are merged into the explicit filters (an explicit
filter wins over a parsed one on the same dimension, and the interpretation says so)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from src.application.ports.catalog import CatalogReader
from src.application.ports.embedder import Embedder
from src.application.ports.query import QueryParser, QueryVocabulary, TitleLookup
from src.application.query_parser import MAX_QUERY_CHARS, LocalQueryParser
from src.domain.errors import ExternalServiceError, InvalidInputError
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId, Vector
from src.domain.query import AnchorRef, ParsedQuery, QueryInterpretation
from src.domain.recommendation import Recommendation, ScoredCandidate
from src.domain.scoring import normalize_rows

log = logging.getLogger(__name__)
QUERY_WEIGHT = 0.5  # share of the score taken by the query's text and anchors (settings.query_weight)
QUERY_CANDIDATES = 100  # nearest films to each query vector added to the candidates


@dataclass(kw_only=True)
class UnderstoodQuery:
    filters: Filters  # explicit filters with the query's constraints merged in
    interpretation: QueryInterpretation
    vectors: list[Vector]  # the remaining text's, then each anchor's
    anchor_ids: set[MovieId]


class UnderstandQuery:
    def __init__(
        self,
        reader: CatalogReader,
        titles: TitleLookup,
        embedder: Embedder,
        parser: QueryParser | None = None,
        *,
        weight: float = QUERY_WEIGHT,
    ) -> None:
        if not 0 <= weight <= 1:
            raise InvalidInputError(f"the query weight must be between 0 and 1 (got {weight})")
        self._reader = reader
        self._titles = titles
        self._embedder = embedder
        self._local = LocalQueryParser()
        self._parser: QueryParser = parser or self._local
        self.weight = weight

    async def vocabulary(self) -> QueryVocabulary:
        facets = await self._reader.facets()
        titles, years = await self._titles.titles()
        return QueryVocabulary(
            genres=tuple(g for g, _ in facets.genres),
            countries=tuple(c for c, _ in facets.countries),
            year_max=facets.year_max,
            languages=tuple(v for v, _ in facets.languages),
            year_min=facets.year_min,
            titles=titles,
            years=years,
        )

    async def parse(self, query: str, vocab: QueryVocabulary) -> ParsedQuery:
        """The configured parser; the local one on any failure of a remote one."""
        if isinstance(self._parser, LocalQueryParser):
            return await self._local.parse(query, vocab)
        try:
            return await self._parser.parse(query, vocab)
        except ExternalServiceError as exc:
            log.warning("query parser %s failed (%s); using the local parser", self._parser.name, exc)
            parsed = await self._local.parse(query, vocab)
            return replace(parsed, parser=f"local (fallback: {exc.message[:80]})")

    async def understand(self, query: str, explicit: Filters) -> UnderstoodQuery:
        query = query.strip()
        if not query:
            raise InvalidInputError("the query is empty: describe the film you want, or leave query out")
        if len(query) > MAX_QUERY_CHARS:
            raise InvalidInputError(f"the query is longer than {MAX_QUERY_CHARS} characters")
        vocab = await self.vocabulary()
        parsed = await self.parse(query, vocab)
        anchors = await self._reader.get_many(list(parsed.anchor_ids), with_embeddings=True)
        constraints = _relative_runtime(parsed, anchors)
        filters, applied, notes = merge_filters(explicit, constraints)
        vectors: list[Vector] = []
        if parsed.remaining:
            vectors.append((await self._embedder.embed([parsed.remaining]))[0])
        vectors += [m.embedding for m in anchors if m.embedding is not None]
        phrases = dict(zip(parsed.anchor_ids, parsed.anchor_phrases, strict=False))
        interpretation = QueryInterpretation(
            query=query,
            parser=parsed.parser,
            filters=applied,
            anchors=tuple(
                AnchorRef(
                    phrase=phrases.get(m.id or 0, m.title), movie_id=m.id or 0, title=m.title, year=m.year
                )
                for m in anchors
            ),
            remaining_text=parsed.remaining,
            dropped=parsed.dropped,
            unknown=parsed.unknown,
            notes=tuple(notes),
            rejected=parsed.rejected,
        )
        return UnderstoodQuery(
            filters=filters,
            interpretation=interpretation,
            vectors=vectors,
            anchor_ids={m.id for m in anchors if m.id is not None},
        )

    async def candidates(
        self, understood: UnderstoodQuery, exclude_ids: Sequence[MovieId], limit: int = QUERY_CANDIDATES
    ) -> list[Movie]:
        """The films nearest the query's text and anchors that pass the merged filters."""
        if not understood.vectors or self.weight == 0:
            return []
        found = await self._reader.nearest_many(
            understood.vectors,
            model=self._embedder.model_name,
            limits=[limit] * len(understood.vectors),
            filters=understood.filters,
            exclude_ids=exclude_ids,
        )
        seen: set[MovieId] = set()
        out: list[Movie] = []
        for hits in found:
            for n in hits:
                if n.movie.id not in seen:
                    seen.add(n.movie.id or 0)
                    out.append(n.movie)
        return out

    def blend(
        self, scored: list[ScoredCandidate], understood: UnderstoodQuery, top: int
    ) -> list[ScoredCandidate]:
        """score = (1−w)·taste + w·(mean cosine to the query's text and anchors); best `top` first.
        Without query vectors the taste score is kept as it is."""
        if not understood.vectors or self.weight == 0 or not scored:
            return scored[:top]
        queries = normalize_rows(np.stack(understood.vectors))
        with_vectors = [s for s in scored if s.movie.embedding is not None]
        matrix = normalize_rows(
            np.stack([s.movie.embedding for s in with_vectors if s.movie.embedding is not None])
        )
        sims = (matrix @ queries.T).mean(axis=1).tolist()
        for s, q in zip(with_vectors, sims, strict=True):
            s.score = (1.0 - self.weight) * s.score + self.weight * float(q)
        return sorted(with_vectors, key=lambda s: -s.score)[:top]


def justify(items: list[Recommendation], interpretation: QueryInterpretation) -> list[Recommendation]:
    """Prefixes each justification with what of the query the film answers (true by construction: the
    filters hold for every candidate, anchors and text are part of its score)."""
    prefix = f"For “{interpretation.query}” ({interpretation.describe()}), and your taste: "
    for item in items:
        item.justification = prefix + item.justification
    return items


def _relative_runtime(parsed: ParsedQuery, anchors: list[Movie]) -> Filters:
    c = parsed.constraints
    runtimes = [m.runtime for m in anchors if m.runtime]
    if parsed.relative_runtime is None or not runtimes:
        return c
    if parsed.relative_runtime == "shorter":
        high = min(runtimes) - 1
        return replace(
            c,
            runtime_max=high if c.runtime_max is None else min(c.runtime_max, high),
            runtime_min=None if c.runtime_min and c.runtime_min > high else c.runtime_min,
        )
    low = max(runtimes) + 1
    return replace(
        c,
        runtime_min=low if c.runtime_min is None else max(c.runtime_min, low),
        runtime_max=None if c.runtime_max and c.runtime_max < low else c.runtime_max,
    )


def merge_filters(explicit: Filters, parsed: Filters) -> tuple[Filters, Filters, list[str]]:
    """(merged, the parsed constraints actually applied, notes). Per dimension (genres, excluded
    genres, countries, excluded countries, languages, years, runtime) an explicit filter wins over a
    differing parsed one."""
    notes: list[str] = []
    applied: dict[str, Any] = {}
    merged: dict[str, Any] = {}
    for name in ("genres", "exclude_genres", "countries", "exclude_countries", "languages"):
        mine, theirs = getattr(explicit, name), getattr(parsed, name)
        if theirs and mine and set(mine) != set(theirs):
            notes.append(f"the query asked for {name} {', '.join(theirs)}; the explicit {name} filter wins")
            theirs = ()
        merged[name] = mine or theirs
        applied[name] = theirs
    excluded = set(merged["exclude_genres"])
    clash = [g for g in merged["genres"] if g in excluded]
    if clash:
        notes.append(f"{', '.join(clash)} is both asked for and excluded; the explicit filter wins")
        if explicit.genres:
            merged["exclude_genres"] = tuple(g for g in merged["exclude_genres"] if g not in clash)
            applied["exclude_genres"] = tuple(g for g in applied["exclude_genres"] if g not in clash)
        else:
            merged["genres"] = tuple(g for g in merged["genres"] if g not in clash)
            applied["genres"] = tuple(g for g in applied["genres"] if g not in clash)
    for low, high, what in (("year_min", "year_max", "years"), ("runtime_min", "runtime_max", "runtime")):
        mine = (getattr(explicit, low), getattr(explicit, high))
        theirs = (getattr(parsed, low), getattr(parsed, high))
        if theirs != (None, None) and mine != (None, None) and mine != theirs:
            notes.append(
                f"the query asked for {what} {theirs[0] or '…'}–{theirs[1] or '…'}; the explicit {what} filter wins"
            )
            theirs = (None, None)
        chosen = mine if mine != (None, None) else theirs
        merged[low], merged[high] = chosen
        applied[low], applied[high] = theirs
    return (
        Filters(**merged, min_votes=explicit.min_votes),
        Filters(**applied),
        notes,
    )

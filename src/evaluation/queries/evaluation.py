"""`cinemai eval queries`: how well queries are understood, on a query set with expected answers.

parse accuracy: parsed constraints and anchor titles == expected; constraint precision: every film the
catalog returns for the parsed constraints satisfies them (Filters.matches); anchor accuracy: anchors
resolved to the expected catalog titles (normalised), over queries that name films."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from src.application.ports.catalog import CatalogReader
from src.application.understand_query import UnderstandQuery, _relative_runtime
from src.domain.errors import InvalidInputError
from src.domain.movie import normalize_title

LIST_FIELDS = ("genres", "exclude_genres", "countries", "exclude_countries", "languages")
FIELDS = (*LIST_FIELDS, "year_min", "year_max", "runtime_min", "runtime_max")


@dataclass(kw_only=True)
class QueryEvalResult:
    queries: int = 0
    parsed_ok: int = 0
    films_checked: int = 0
    films_ok: int = 0
    anchor_queries: int = 0
    anchors_ok: int = 0
    unknown: int = 0
    rejected: int = 0  # values an LLM parser proposed that validation dropped
    answers_with_rejections: int = 0
    fallbacks: int = 0  # queries the local parser answered because the remote one failed
    parser: str = "local"
    failures: list[str] = field(default_factory=list)

    @property
    def parse_accuracy(self) -> float:
        return self.parsed_ok / self.queries if self.queries else 0.0

    @property
    def constraint_precision(self) -> float:
        return self.films_ok / self.films_checked if self.films_checked else 1.0

    @property
    def anchor_accuracy(self) -> float:
        return self.anchors_ok / self.anchor_queries if self.anchor_queries else 1.0


def read_query_set(text: str) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"query set line {n} is not JSON: {exc.msg}") from exc
        if not isinstance(row, dict) or not isinstance(row.get("query"), str):
            raise InvalidInputError(f'query set line {n} needs a "query" string')
        rows.append(row)
    return rows


async def evaluate_queries(
    rows: list[dict[str, Any]], understand: UnderstandQuery, reader: CatalogReader, *, films: int = 20
) -> QueryEvalResult:
    result = QueryEvalResult()
    vocab = await understand.vocabulary()
    for row in rows:
        result.queries += 1
        parsed = await understand.parse(row["query"], vocab)
        result.unknown += len(parsed.unknown)
        result.rejected += len(parsed.rejected)
        result.answers_with_rejections += bool(parsed.rejected)
        result.fallbacks += parsed.parser.startswith("local (fallback")
        if not parsed.parser.startswith("local (fallback"):
            result.parser = parsed.parser
        anchors = await reader.get_many(list(parsed.anchor_ids))
        constraints = _relative_runtime(parsed, anchors)
        got = {name: _value(getattr(constraints, name)) for name in FIELDS}
        expected_raw = row.get("expected", {})
        expected = {}
        for name in FIELDS:
            value = expected_raw.get(name)
            if isinstance(value, str) and value.startswith("<"):  # "<Heat": shorter than that anchor
                ref = [m for m in anchors if normalize_title(m.title) == normalize_title(value[1:])]
                value = ref[0].runtime - 1 if ref and ref[0].runtime else value
            expected[name] = _value(value if value is not None else ([] if name in LIST_FIELDS else None))
        want_anchors = [normalize_title(t) for t in row.get("anchors", [])]
        got_anchors = [normalize_title(m.title) for m in anchors]
        if want_anchors:
            result.anchor_queries += 1
            result.anchors_ok += got_anchors == want_anchors
        if got == expected and got_anchors == want_anchors:
            result.parsed_ok += 1
        else:
            diff = {k: (got[k], expected[k]) for k in FIELDS if got[k] != expected[k]}
            if got_anchors != want_anchors:
                diff["anchors"] = (got_anchors, want_anchors)
            result.failures.append(f"{row['query']!r}: got≠expected {diff}")
        if not constraints.is_empty:
            returned = await reader.popular(
                limit=films, filters=constraints, exclude_ids=list(parsed.anchor_ids)
            )
            result.films_checked += len(returned)
            result.films_ok += sum(constraints.matches(m) for m in returned)
    return result


def _value(v: object) -> object:
    return sorted(v) if isinstance(v, list | tuple) else v

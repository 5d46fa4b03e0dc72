"""An LLM parser's answer → a ParsedQuery whose every value is the catalog's own.

The answer is the JSON object the structured output asks for (see ANSWER_FIELDS). Each value is checked
against the same vocabulary the local parser uses: genres, countries and languages must be the catalog's
(matched case- and punctuation-insensitively, so "sci-fi" is "Sci-Fi"); anchor titles must resolve
through the title index (a year picks among same-named films); years and runtimes must be plausible and
not contradict each other. Anything else is dropped and listed in `rejected` (and in `unknown`, which
the interpretation shows). Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from src.application.filter_vocabulary import COUNTRY_ALIASES
from src.application.ports.query import QueryVocabulary
from src.application.query_parser import FILLER, MAX_QUERY_CHARS
from src.domain.filters import Filters
from src.domain.movie import MovieId, normalize_title
from src.domain.query import ParsedQuery

YEAR_FLOOR = 1870  # the request schema's bounds for explicit year filters
YEAR_CEILING = 2100
RUNTIME_CEILING = 1000
LIST_FIELDS = ("genres", "exclude_genres", "countries", "exclude_countries", "languages")
NUMBER_FIELDS = ("year_min", "year_max", "runtime_min", "runtime_max")
ANSWER_FIELDS = (*LIST_FIELDS, *NUMBER_FIELDS, "anchors", "relative_runtime", "remaining_text")
MAX_ANCHORS = 5


def _fold(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()


def _index(known: tuple[str, ...], aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    by_fold = {_fold(v): v for v in known}
    for alias, target in (aliases or {}).items():
        hit = by_fold.get(target) or next((v for f, v in by_fold.items() if f.endswith(target)), None)
        if hit is not None:
            by_fold.setdefault(alias, hit)
    return by_fold


def validate_answer(answer: Any, text: str, vocab: QueryVocabulary, *, parser: str) -> ParsedQuery:
    """The checked ParsedQuery for `answer` (anything JSON can hold: wrong types are dropped too)."""
    data: Mapping[str, Any] = answer if isinstance(answer, Mapping) else {}
    rejected: list[str] = []
    if not isinstance(answer, Mapping):
        rejected.append("the answer is not a JSON object (ignored)")
    kinds = {"genres": "genre", "exclude_genres": "genre", "countries": "country",
             "exclude_countries": "country", "languages": "language"}  # fmt: skip
    indexes = {
        "genre": _index(vocab.genres),
        "country": _index(vocab.countries, COUNTRY_ALIASES),
        "language": _index(vocab.languages),
    }
    lists: dict[str, list[str]] = {}
    for name in LIST_FIELDS:
        raw = data.get(name) or []
        values: list[str] = []
        if not isinstance(raw, list):
            rejected.append(f"{name}: {raw!r} is not a list")
            raw = []
        for value in raw:
            found = indexes[kinds[name]].get(_fold(value)) if isinstance(value, str) else None
            if found is None:
                rejected.append(f"{kinds[name]} {value!r} is not in the catalog")
            elif found not in values:
                values.append(found)
        lists[name] = values
    for keep, drop, what in (
        ("genres", "exclude_genres", "genres"),
        ("countries", "exclude_countries", "countries"),
    ):
        both = set(lists[keep]) & set(lists[drop])
        if both:
            rejected.append(f"{what} both asked for and excluded: {', '.join(sorted(both))}")
            lists[keep] = [v for v in lists[keep] if v not in both]
            lists[drop] = [v for v in lists[drop] if v not in both]
    numbers: dict[str, int | None] = {}
    for name in NUMBER_FIELDS:
        value = data.get(name)
        low, high = (YEAR_FLOOR, YEAR_CEILING) if name.startswith("year") else (1, RUNTIME_CEILING)
        if value is None:
            numbers[name] = None
        elif isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            rejected.append(f"{name} {value!r} is out of range ({low}–{high})")
            numbers[name] = None
        else:
            numbers[name] = int(value)
    for first, last, what in (("year_min", "year_max", "years"), ("runtime_min", "runtime_max", "runtime")):
        lo, hi = numbers[first], numbers[last]
        if lo is not None and hi is not None and lo > hi:
            rejected.append(f"{what} {lo}–{hi} contradict each other")
            numbers[first] = numbers[last] = None
    anchor_ids, phrases = _anchors(data.get("anchors"), vocab, rejected)
    relative = data.get("relative_runtime")
    if relative not in (None, "shorter", "longer"):
        rejected.append(f"relative_runtime {relative!r} is not shorter/longer")
        relative = None
    if relative is not None and not anchor_ids:
        relative = None
    remaining_raw = data.get("remaining_text")
    remaining = remaining_raw if isinstance(remaining_raw, str) else ""
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", remaining.lower()[:MAX_QUERY_CHARS])
    return ParsedQuery(
        text=text,
        constraints=Filters(
            genres=tuple(lists["genres"]),
            exclude_genres=tuple(lists["exclude_genres"]),
            countries=tuple(lists["countries"]),
            exclude_countries=tuple(lists["exclude_countries"]),
            languages=tuple(lists["languages"]),
            **numbers,
        ),
        anchor_ids=tuple(anchor_ids),
        anchor_phrases=tuple(phrases),
        relative_runtime=relative,
        remaining=" ".join(w for w in words if w not in FILLER),
        dropped=tuple(w for w in words if w in FILLER),
        unknown=tuple(f"{r} (dropped)" for r in rejected),
        rejected=tuple(rejected),
        parser=parser,
    )


def _anchors(raw: Any, vocab: QueryVocabulary, rejected: list[str]) -> tuple[list[MovieId], list[str]]:
    ids: list[MovieId] = []
    phrases: list[str] = []
    if raw is None:
        return ids, phrases
    if not isinstance(raw, list):
        rejected.append(f"anchors: {raw!r} is not a list")
        return ids, phrases
    for item in raw[:MAX_ANCHORS]:
        title = item.get("title") if isinstance(item, Mapping) else None
        year = item.get("year") if isinstance(item, Mapping) else None
        if not isinstance(title, str) or not title.strip():
            rejected.append(f"anchor {item!r} has no title")
            continue
        found = vocab.titles.get(normalize_title(title))
        if not found:
            rejected.append(f"film {title!r} is not in the catalog")
            continue
        movie_id = found[0]
        if isinstance(year, int) and not isinstance(year, bool):
            same = [m for m in found if vocab.years.get(m) == year]
            movie_id = same[0] if same else movie_id
        if movie_id not in ids:
            ids.append(movie_id)
            phrases.append(title.strip())
    return ids, phrases

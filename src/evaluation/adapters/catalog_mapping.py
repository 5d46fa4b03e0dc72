"""MovieLens titles → catalog movies: normalised title with the year within ±1.

MovieLens writes 'Usual Suspects, The', 'Horseman on the Roof, The (Hussard sur le toit, Le)' and
'Die xue shuang xiong (Killer, The)': the article trails, and alternative (often original-language)
titles follow in parentheses. Every spelling is tried, in three stages of decreasing strictness:

0. exact: a spelling equals a catalog title (both through normalize_title);
1. alias: a spelling, or its part before ':' / ' or:', equals a catalog title's part before ':' or after
   its last ':' / ' – ' ('Star Wars' → 'Star Wars: Episode IV – A New Hope'); aliases need two words;
2. fuzzy: the product's fuzzy stage (FuzzyTitles, score ≥ cutoff) against titles released within ±1 year.

When several items land on one catalog movie, only those matched best (stage, then year distance) keep
it: 'Fear (1996)' keeps Fear (1996) and 'Fear, The (1995)' stays unmapped; true duplicates (MovieLens
lists a few films twice) all keep it. `strict=True` runs stage 0 only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from src.application.ports.history import FuzzyTitles
from src.domain.movie import Movie, normalize_title
from src.evaluation.dataset import CatalogMapper, DatasetItem

YEAR_TOLERANCE = 1
_ARTICLES = (
    r"the|a|an|le|la|les|l'|il|lo|gli|i|el|los|las|der|die|das|den|det|de|het|o|os|un|une|una|ein|eine"
)
_TRAILING_ARTICLE = re.compile(rf"^(?P<body>.+?),\s*(?P<article>{_ARTICLES})$", re.IGNORECASE)
_AKA = re.compile(r"^(a\.?k\.?a\.?|aka)\s+", re.IGNORECASE)
_YEAR = re.compile(r"\s*\(\d{4}\)\s*$")
_SEGMENTS = re.compile(r"\s*(?::|\s[–—-]\s)\s*")
_PREFIX = re.compile(r"\s*(?::|\bor:)", re.IGNORECASE)
Index = dict[str, list[tuple[int, Movie]]]


def norm(title: str) -> str:
    """normalize_title, with typographic apostrophes read as plain ones ('Monty Python’s')."""
    return normalize_title(title.replace("’", "'").replace("‘", "'"))


def front_article(title: str) -> str:
    """'Usual Suspects, The' → 'The Usual Suspects'; "Enfer, L'" → "L'Enfer"; others unchanged."""
    found = _TRAILING_ARTICLE.match(title.strip())
    if not found:
        return title.strip()
    article, body = found.group("article"), found.group("body").strip()
    return f"{article}{body}" if article.endswith("'") else f"{article} {body}"


def split_alternatives(title: str) -> list[str]:
    """'City of Lost Children, The (Cité des enfants perdus, La)' → the main title, then each trailing
    parenthesised alternative ('a.k.a.' dropped). A title that is only parentheses stays whole."""
    rest = _YEAR.sub("", title.strip())
    alternatives: list[str] = []
    while rest.endswith(")"):
        depth, start = 0, -1
        for i in range(len(rest) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(rest[i], 0)
            if depth == 0:
                start = i
                break
        if start <= 0:
            break
        alternatives.insert(0, _AKA.sub("", rest[start + 1 : -1].strip()))
        rest = rest[:start].strip()
    return [p for p in [rest, *alternatives] if p]


def title_keys(title: str) -> list[str]:
    """Normalised spellings of a MovieLens title, most likely first, without duplicates or empties."""
    parts = split_alternatives(title)
    keys = (norm(s) for s in [*(front_article(p) for p in parts), *parts, title])
    return [k for k in dict.fromkeys(keys) if k]


def _two_words(keys: list[str]) -> list[str]:
    return [k for k in dict.fromkeys(keys) if len(k.split()) >= 2]


def prefix_keys(title: str) -> list[str]:
    """'Dr. Strangelove or: How I Learned…' → ['dr strangelove']: the parts before ':' / ' or:'."""
    return _two_words([norm(front_article(_PREFIX.split(p)[0])) for p in split_alternatives(title)])


def alias_keys(title: str) -> list[str]:
    """A catalog title's first and last segments ('Star Wars: Episode IV – A New Hope' → 'star wars',
    'new hope'), when it has several."""
    parts = [p for p in _SEGMENTS.split(title) if p.strip()]
    return _two_words([norm(parts[0]), norm(parts[-1])]) if len(parts) > 1 else []


class MovieLensCatalogMapper(CatalogMapper):
    """See the module docstring. Deterministic: ties go to the closest year, then more reviews, then
    catalog order. Items without a year are not mapped."""

    def __init__(self, fuzzy: FuzzyTitles | None = None, *, cutoff: float = 85.0, strict: bool = False):
        self._fuzzy = None if strict else fuzzy
        self._cutoff = cutoff
        self._strict = strict

    @property
    def name(self) -> str:
        stages = "exact" if self._strict else "exact, alias" + (", fuzzy" if self._fuzzy else "")
        return f"normalised title + year ±{YEAR_TOLERANCE} ({stages})"

    def map(self, items: Sequence[DatasetItem], catalog: Sequence[Movie]) -> Mapping[str, Movie]:
        exact: Index = defaultdict(list)
        alias: Index = defaultdict(list)
        by_year: dict[int, list[Movie]] = defaultdict(list)
        for position, movie in enumerate(catalog):
            if movie.year is not None:
                by_year[movie.year].append(movie)
                exact[norm(movie.title)].append((position, movie))
                for key in alias_keys(movie.title):
                    alias[key].append((position, movie))
        best: dict[str, tuple[tuple[int, int], Movie]] = {}
        for item in items:
            hit = self._find(item, by_year, exact, alias)
            if hit is not None:
                best[item.item] = hit
        return _keep_best_claims(best)

    def _find(
        self, item: DatasetItem, by_year: Mapping[int, list[Movie]], exact: Index, alias: Index
    ) -> tuple[tuple[int, int], Movie] | None:
        if item.year is None:
            return None
        keys = title_keys(item.title)
        stages = [(keys, exact)]
        if not self._strict:
            stages.append(([*keys, *prefix_keys(item.title)], alias))
            stages.append((prefix_keys(item.title), exact))
        for stage, (stage_keys, index) in enumerate(stages):
            for key in stage_keys:
                movie = _closest(item.year, index.get(key, []))
                if movie is not None:
                    return (min(stage, 1), abs((movie.year or 0) - item.year)), movie
        movie = self._fuzzy_find(item.year, keys, by_year)
        return ((2, abs((movie.year or 0) - item.year)), movie) if movie is not None else None

    def _fuzzy_find(self, year: int, keys: list[str], by_year: Mapping[int, list[Movie]]) -> Movie | None:
        if self._fuzzy is None:
            return None
        pool = [
            m for y in range(year - YEAR_TOLERANCE, year + YEAR_TOLERANCE + 1) for m in by_year.get(y, [])
        ]
        found = [
            hit for hit in self._fuzzy.best(keys, [norm(m.title) for m in pool], cutoff=self._cutoff) if hit
        ]
        best = max(found, key=lambda hit: hit[1], default=None)  # the first key wins ties
        return pool[best[0]] if best is not None else None


def _closest(year: int, movies: list[tuple[int, Movie]]) -> Movie | None:
    close = [
        (abs((m.year or 0) - year), -(m.vote_count or 0), pos, m)
        for pos, m in movies
        if abs((m.year or 0) - year) <= YEAR_TOLERANCE
    ]
    return min(close, key=lambda c: c[:3])[3] if close else None


def _keep_best_claims(found: dict[str, tuple[tuple[int, int], Movie]]) -> dict[str, Movie]:
    """Of the items claiming one movie, those with the best (stage, year distance) keep it."""
    best: dict[int, tuple[int, int]] = {}
    for quality, movie in found.values():
        best[id(movie)] = min(best.get(id(movie), quality), quality)
    return {item: movie for item, (quality, movie) in found.items() if quality == best[id(movie)]}

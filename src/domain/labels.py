"""Human labels for taste clusters: the weighted dominant genres and the decade(s) they come from."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

Member = tuple[tuple[str, ...], int | None, float]  # (genres, year, weight)

MAX_GENRES = 3
MIN_GENRE_SHARE = 0.25  # a genre must be in at least this share of the cluster's weight to be named
DECADE_COVERAGE = 0.6  # the decade span named covers at least this share of the dated weight
MIXED = "Mixed"
SEPARATOR = " · "

# Lower-case, " film"-stripped names → display names. Anything else is sentence-cased.
_ALIASES: dict[str, str] = {
    "science fiction": "Sci-fi",
    "science-fiction": "Sci-fi",
    "sci-fi": "Sci-fi",
    "sci fi": "Sci-fi",
    "scifi": "Sci-fi",
    "romantic": "Romance",
    "romantic comedy": "Rom-com",
    "romantic comedy-drama": "Rom-com",
    "biographical": "Biography",
    "biopic": "Biography",
    "animated": "Animation",
    "animated feature": "Animation",
    "historical": "History",
    "film noir": "Noir",
    "noir": "Noir",
    "neo-noir": "Neo-noir",
    "comedy drama": "Comedy-drama",
    "comedy-drama": "Comedy-drama",
    "lgbt-related": "LGBT",
    "lgbt": "LGBT",
    "coming-of-age story": "Coming-of-age",
    "coming-of-age": "Coming-of-age",
    "television": "TV",
    "tv movie": "TV movie",
    "children's": "Family",
    "speculative fiction": "Speculative",
    "martial arts": "Martial arts",
    "sports": "Sport",
    "war drama": "War drama",
}
_SUFFIX = re.compile(r"\s+(film|films|movie|movies|picture)$")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)  # a pure function of a small vocabulary, called per candidate and member
def label_genre(name: str) -> str:
    """Display form of a genre: 'science fiction film' → 'Sci-fi', 'horror film' → 'Horror',
    'Sci-Fi' → 'Sci-fi', 'psychological thriller film' → 'Psychological thriller'. '' stays ''."""
    key = _SPACES.sub(" ", name.strip().lower())
    if key not in ("film", "movie"):
        key = _SUFFIX.sub("", key)
    if not key:
        return ""
    if key in _ALIASES:
        return _ALIASES[key]
    return key[0].upper() + key[1:]


def display_genres(genres: Iterable[str]) -> list[str]:
    """Distinct display genres in their first-seen order, empty names dropped."""
    seen: dict[str, None] = {}
    for genre in genres:
        shown = label_genre(genre)
        if shown:
            seen.setdefault(shown, None)
    return list(seen)


def decade_of(year: int) -> int:
    return year // 10 * 10


def decade_span(decades: dict[int, float]) -> tuple[int, int] | None:
    """The shortest run of decades [first, last] holding DECADE_COVERAGE of the weight; among equally
    short runs the heaviest, then the earliest. None when there is no dated weight."""
    total = sum(decades.values())
    if total <= 0:
        return None
    keys = sorted(decades)
    best: tuple[int, float, int, int] | None = None  # (length, -coverage, first, last)
    for i, first in enumerate(keys):
        for last in keys[i:]:
            coverage = sum(w for d, w in decades.items() if first <= d <= last)
            if coverage / total + 1e-9 < DECADE_COVERAGE:
                continue
            candidate = (last - first, -coverage, first, last)
            if best is None or candidate < best:
                best = candidate
            break  # longer runs from this start are never shorter
    assert best is not None  # the full range always covers everything
    return best[2], best[3]


def format_decades(span: tuple[int, int]) -> str:
    first, last = span
    return f"{first}s" if first == last else f"{first}s–{last}s"


def _weights(members: Sequence[Member]) -> list[float]:
    """Non-negative weights; all-zero (or negative) weights count every member equally."""
    weights = [max(0.0, float(w)) for _, _, w in members]
    return weights if sum(weights) > 0 else [1.0] * len(members)


def dominant_genres(members: Sequence[Member]) -> list[str]:
    """Up to MAX_GENRES display genres present in at least MIN_GENRE_SHARE of the members' weight,
    heaviest first (ties by name)."""
    weights = _weights(members)
    total = sum(weights)
    mass: dict[str, float] = {}
    for (genres, _, _), weight in zip(members, weights, strict=True):
        for genre in display_genres(genres):
            mass[genre] = mass.get(genre, 0.0) + weight
    ranked = sorted(mass.items(), key=lambda item: (-item[1], item[0]))
    return [g for g, w in ranked if w / total + 1e-9 >= MIN_GENRE_SHARE][:MAX_GENRES]


def cluster_label(members: Sequence[Member]) -> str:
    """'Sci-fi · Thriller · 1980s', 'Drama · Romance · 1990s–2000s', 'Mixed · 1970s' (no dominant
    genre), 'Drama' (no years), 'Mixed' (nothing known). Members are (genres, year, weight)."""
    if not members:
        return MIXED
    weights = _weights(members)
    decades: dict[int, float] = {}
    for (_, year, _), weight in zip(members, weights, strict=True):
        if year is not None and year > 0:
            decades[decade_of(year)] = decades.get(decade_of(year), 0.0) + weight
    parts = dominant_genres(members) or [MIXED]
    span = decade_span(decades)
    if span is not None:
        parts.append(format_decades(span))
    return SEPARATOR.join(parts)


_DECADE_PART = re.compile(r"^(\d{3,4})0s(?:–(\d{3,4})0s)?$")


def label_decades(label: str) -> tuple[int, int] | None:
    """The decade span a label names ('… · 1970s–1990s' → (1970, 1990)), None when it names none."""
    last = label.rsplit(SEPARATOR, 1)[-1].strip()
    match = _DECADE_PART.match(last)
    if not match:
        return None
    first = int(match.group(1)) * 10
    return first, int(match.group(2)) * 10 if match.group(2) else first


def label_for(label: str, year: int | None) -> str:
    """The label as said of a film from `year`: without its decade span when the film is outside it (or
    undated), so no sentence places a 2010s film in a '1970s–1990s' taste. 'Horror · 1970s' for a 2012
    film → 'Horror'; a label that is only a span falls back to MIXED."""
    span = label_decades(label)
    if span is None or (year is not None and span[0] <= decade_of(year) <= span[1]):
        return label
    parts = label.split(SEPARATOR)[:-1]
    return SEPARATOR.join(parts) if parts else MIXED

"""The taste panel's measures (`cinemai eval panel`): what a film lover sees in a persona's top 10.

Pure: given the picks a persona got, the catalog's quality percentiles and the other users' liked films,
compute the figures the panel prints and check them against its goals. The runner (infrastructure) gets
the picks through the real API; this module only measures.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from src.domain.labels import decade_of, display_genres, format_decades, label_decades
from src.domain.movie import normalize_title

MIN_QUALITY_PERCENTILE = 0.70  # goal: mean quality percentile of the top 10
LOWEST_QUARTILE = 0.25  # a pick below this percentile is from the catalog's lowest quality quartile
MIN_GENRE_FIT = 0.8  # goal: share of picks inside the persona's genres
MAX_FROM_OTHER_TASTE = 1  # goal: at most this many of 10 from one other user of a different taste
REPLAY = 5  # never this many of 10 from one other user of any taste

FilmKey = tuple[str, int | None]


def film_key(title: str, year: int | None) -> FilmKey:
    return normalize_title(title), year


@dataclass(frozen=True)
class Persona:
    name: str
    file: str
    genres: tuple[str, ...]


@dataclass(frozen=True)
class PanelUser:
    """A user of a panel database: its taste (the persona it was built from) and the films it liked."""

    name: str
    taste: str
    liked: frozenset[FilmKey]


@dataclass(frozen=True)
class Pick:
    movie_id: int
    title: str
    year: int | None
    genres: tuple[str, ...]
    score: float
    justification: str
    false_statements: tuple[str, ...] = ()


@dataclass(frozen=True)
class PanelRow:
    persona: str
    users: int
    picks: tuple[Pick, ...]
    quality: float  # mean quality percentile of the picks (0–1)
    lowest_quartile: int
    genre_fit: float
    false_statements: int
    max_overlap: int  # largest overlap of the picks with one other user's liked films
    max_overlap_user: str
    max_overlap_other_taste: int  # the same, among users of a different taste
    failures: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.failures


def quality_percentiles(values: Mapping[int, float | None]) -> dict[int, float]:
    """Each movie's quality as its percentile within the catalog (0 = worst, 1 = best; ties share the
    lower rank's share). A movie with no known quality gets no percentile (absent from the result)."""
    known = sorted(v for v in values.values() if v is not None)
    n = len(known)
    if n == 0:
        return {}
    return {
        movie_id: bisect.bisect_left(known, v) / max(n - 1, 1)
        for movie_id, v in values.items()
        if v is not None
    }


def quality_value(quality: float | None, vote_average: float | None) -> float | None:
    """THE source of the panel's quality percentile: the movie's quality prior when the catalog stores
    one, else its critic rating."""
    return quality if quality is not None else vote_average


_QUOTED = re.compile(r"“([^”]{1,120})”")


def label_range_claims(text: str, year: int | None) -> list[str]:
    """False placements of a film inside a quoted label's decade span ('your “Horror · 1970s–1990s”
    taste' said of a 2012 film, or of an undated one). Complements the statement checker, which accepts
    a quoted label as the cluster's name."""
    out = []
    for match in _QUOTED.finditer(text):
        span = label_decades(match.group(1))
        if span is not None and (year is None or not span[0] <= decade_of(year) <= span[1]):
            out.append(
                f"label: “{match.group(1)}” places a {year or 'undated'} film in the {format_decades(span)}"
            )
    return out


def in_genres(genres: Iterable[str], persona_genres: Collection[str]) -> bool:
    wanted = {g.casefold() for g in display_genres(persona_genres)}
    return any(g.casefold() in wanted for g in display_genres(genres))


def measure(
    persona: Persona,
    me: str,
    picks: Sequence[Pick],
    percentiles: Mapping[int, float],
    users: Sequence[PanelUser],
) -> PanelRow:
    """The panel's figures for one persona's picks and the goals they miss. A pick without a known
    quality counts as percentile 0 (the panel cannot vouch for it)."""
    shown = [percentiles.get(p.movie_id, 0.0) for p in picks]
    quality = sum(shown) / len(shown) if shown else 0.0
    lowest = sum(1 for q in shown if q < LOWEST_QUARTILE)
    fit = sum(1 for p in picks if in_genres(p.genres, persona.genres)) / len(picks) if picks else 0.0
    false = sum(len(p.false_statements) for p in picks)
    mine = next((u for u in users if u.name == me), None)
    keys = {film_key(p.title, p.year) for p in picks}
    overlap, overlap_user, other_taste = 0, "", 0
    for user in users:
        if user.name == me:
            continue
        n = len(keys & user.liked)
        if n > overlap:
            overlap, overlap_user = n, user.name
        if mine is not None and user.taste != mine.taste:
            other_taste = max(other_taste, n)
    failures = []
    if quality < MIN_QUALITY_PERCENTILE:
        failures.append(f"quality {quality:.2f} < {MIN_QUALITY_PERCENTILE}")
    if lowest:
        failures.append(f"{lowest} from the lowest quartile")
    if fit < MIN_GENRE_FIT:
        failures.append(f"genre fit {fit:.2f} < {MIN_GENRE_FIT}")
    if false:
        failures.append(f"{false} false statements")
    if len(users) > 1 and other_taste > MAX_FROM_OTHER_TASTE:
        failures.append(f"{other_taste} of {len(picks)} from one user of another taste")
    if overlap >= REPLAY:
        failures.append(f"replay: {overlap} of {len(picks)} from {overlap_user}")
    if len(picks) < 10:
        failures.append(f"only {len(picks)} picks")
    return PanelRow(
        persona=persona.name,
        users=len(users),
        picks=tuple(picks),
        quality=quality,
        lowest_quartile=lowest,
        genre_fit=fit,
        false_statements=false,
        max_overlap=overlap,
        max_overlap_user=overlap_user,
        max_overlap_other_taste=other_taste,
        failures=tuple(failures),
    )

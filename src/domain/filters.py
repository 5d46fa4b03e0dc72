"""One typed filter model shared by every candidate source."""

from __future__ import annotations

from dataclasses import dataclass

from src.domain.errors import InvalidInputError
from src.domain.movie import Movie


@dataclass(frozen=True, kw_only=True)
class Filters:
    genres: tuple[str, ...] = ()  # any of
    exclude_genres: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # any of
    exclude_countries: tuple[str, ...] = ()  # none of the production countries is one of these
    languages: tuple[str, ...] = ()  # any of, matched against the original (first listed) language
    year_min: int | None = None
    year_max: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    min_votes: int | None = None

    def __post_init__(self) -> None:
        if self.year_min is not None and self.year_max is not None and self.year_min > self.year_max:
            raise InvalidInputError(f"year_min ({self.year_min}) is after year_max ({self.year_max})")
        if (
            self.runtime_min is not None
            and self.runtime_max is not None
            and self.runtime_min > self.runtime_max
        ):
            raise InvalidInputError(
                f"runtime_min ({self.runtime_min}) is above runtime_max ({self.runtime_max})"
            )
        for name in ("runtime_min", "runtime_max", "min_votes"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise InvalidInputError(f"{name} must not be negative (got {value})")

    @property
    def is_empty(self) -> bool:
        return self == Filters()

    def own_country(self, movie: Movie) -> bool:
        """With a country filter: the movie is that country's own, every production country among the
        filter's (a sole production country), not a co-production with somewhere else."""
        wanted = {c.lower() for c in self.countries}
        return bool(wanted and movie.countries) and {c.lower() for c in movie.countries} <= wanted

    def matches(self, movie: Movie) -> bool:
        """The same rules the SQL applies; used by non-SQL sources and to double-check results."""
        genres = {g.lower() for g in movie.genres}
        if self.genres and not genres & {g.lower() for g in self.genres}:
            return False
        if self.exclude_genres and genres & {g.lower() for g in self.exclude_genres}:
            return False
        if self.countries and not {c.lower() for c in movie.countries} & {c.lower() for c in self.countries}:
            return False
        if self.exclude_countries and {c.lower() for c in movie.countries} & {
            c.lower() for c in self.exclude_countries
        }:
            return False
        if self.languages and (original_language(movie) or "").lower() not in {
            v.lower() for v in self.languages
        }:
            return False
        if self.year_min is not None and (movie.year is None or movie.year < self.year_min):
            return False
        if self.year_max is not None and (movie.year is None or movie.year > self.year_max):
            return False
        if self.runtime_min is not None and (movie.runtime is None or movie.runtime < self.runtime_min):
            return False
        if self.runtime_max is not None and (movie.runtime is None or movie.runtime > self.runtime_max):
            return False
        return not (self.min_votes is not None and (movie.vote_count or 0) < self.min_votes)

    def describe(self) -> str:
        parts = []
        if self.genres:
            parts.append("genres " + " or ".join(self.genres))
        if self.exclude_genres:
            parts.append("not " + " or ".join(self.exclude_genres))
        if self.countries:
            parts.append("from " + " or ".join(self.countries))
        if self.exclude_countries:
            parts.append("not from " + " or ".join(self.exclude_countries))
        if self.languages:
            parts.append("in " + " or ".join(self.languages))
        if self.year_min is not None or self.year_max is not None:
            parts.append(f"years {self.year_min or '…'}–{self.year_max or '…'}")
        if self.runtime_min is not None or self.runtime_max is not None:
            parts.append(f"runtime {self.runtime_min or '…'}–{self.runtime_max or '…'} min")
        if self.min_votes is not None:
            parts.append(f"at least {self.min_votes} reviews")
        return ", ".join(parts) or "no filters"


def original_language(movie: Movie) -> str | None:
    """The film's original language: the first of its listed languages ("English, French" → English)."""
    if not movie.language:
        return None
    return movie.language.split(",", 1)[0].strip() or None

"""Movies and the one text template every embedding is made from."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]
MovieId = int

# Bump when movie_text() changes: stored vectors record it, and a re-import re-embeds stale ones.
TEXT_TEMPLATE_VERSION = 2


@dataclass(eq=False, kw_only=True)
class Movie:
    """A catalog movie. `id` is None until the catalog stores it."""

    id: MovieId | None = None
    title: str
    year: int | None = None
    genres: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    runtime: int | None = None
    directors: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()
    language: str | None = None
    description: str | None = None
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    quality: float | None = None  # 0–1 quality prior (src/domain/quality.py); None when unknown
    imdb_id: str | None = None
    tmdb_id: int | None = None
    source: str = "file"
    embedding: Vector | None = field(default=None, repr=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Movie):
            return NotImplemented
        if self.id is not None and other.id is not None:
            return self.id == other.id
        return self.key == other.key

    def __hash__(self) -> int:
        return hash(self.id if self.id is not None else self.key)

    @property
    def key(self) -> tuple[str, int | None]:
        """Normalised title + year: the identity used for watched removal and deduplication."""
        return normalize_title(self.title), self.year

    @property
    def decade(self) -> str | None:
        return f"{self.year // 10 * 10}s" if self.year else None

    def text(self) -> str:
        return movie_text(self)

    def content_hash(self) -> str:
        """Changes whenever the embedded text changes, so re-imports re-embed only what changed."""
        return hashlib.sha1(f"{TEXT_TEMPLATE_VERSION}|{self.text()}".encode()).hexdigest()

    def metadata_hash(self) -> str:
        """Changes whenever any stored field changes (popularity, votes...), embedded or not."""
        fields = (
            self.title,
            self.year,
            self.genres,
            self.countries,
            self.runtime,
            self.directors,
            self.cast,
            self.language,
            self.description,
            self.popularity,
            self.vote_average,
            self.vote_count,
            self.quality,
            self.imdb_id,
            self.tmdb_id,
            self.source,
        )
        return hashlib.sha1(repr(fields).encode()).hexdigest()


def movie_text(movie: Movie) -> str:
    """The one template for catalog movies, history rows and candidates.

    The title is left out on purpose: measured on MovieLens, content similarity is better without it
    (titles pull together films that merely share a word). Cast is alphabetical in the offline catalog,
    so only a few names are kept; they add signal without dominating.
    """
    parts: list[str] = []
    if movie.genres:
        parts.append("Genres: " + ", ".join(movie.genres))
    if movie.year:
        parts.append(f"Released: {movie.year} ({movie.decade})")
    if movie.directors:
        parts.append("Directed by " + ", ".join(movie.directors[:3]))
    if movie.cast:
        parts.append("Starring " + ", ".join(movie.cast[:3]))
    if movie.countries:
        parts.append("Country: " + ", ".join(movie.countries[:3]))
    if movie.language:
        parts.append(f"Language: {movie.language}")
    if movie.description:
        parts.append(movie.description.strip()[:600])
    if not (movie.genres or movie.directors or movie.cast or movie.description):
        # nothing descriptive (a history row with just a title and year): the title is the signal
        parts.insert(0, movie.title)
    return ". ".join(parts)


_ARTICLES = re.compile(r"^(the|a|an|le|la|les|der|die|das|el|il)\s+")
_TRAILING_ARTICLE = re.compile(r",\s*(the|a|an)$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})


@functools.lru_cache(maxsize=65_536)
def normalize_title(title: str) -> str:
    """Case-, accent-, punctuation- and leading-article-insensitive form of a title. Typographic
    apostrophes count as straight ones ("Monty Python’s" = "Monty Python's")."""
    text = unicodedata.normalize("NFKD", title.translate(_APOSTROPHES)).encode("ascii", "ignore").decode("ascii").lower().strip()
    text = text.replace("&", " and ")
    text = _TRAILING_ARTICLE.sub("", text)
    text = _ARTICLES.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()

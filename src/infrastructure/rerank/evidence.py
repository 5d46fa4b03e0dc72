"""Evidence for a local justification: the liked movies nearest to a candidate and what it truly shares
with them. Pure numpy; no wording here (see wording.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from src.domain.labels import display_genres
from src.domain.movie import Movie, normalize_title
from src.domain.profile import LikedMovie, TasteProfile
from src.domain.scoring import normalize_rows


@dataclass(frozen=True)
class Evidence:
    """Traits in `genres`, `decade` and `directors` hold for the candidate and for EVERY cited movie;
    `director_echo` is a director the candidate shares with just one cited movie (`echo_title`)."""

    cited: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    decade: str | None = None
    directors: tuple[str, ...] = ()
    director_echo: tuple[str, str] | None = None  # (director, title of the one cited film they made)
    own_genres: tuple[str, ...] = field(default=())  # the candidate's display genres, for cluster-only text
    by_similarity: bool = True  # False when the cited titles were given, not found by embedding similarity
    ratings: tuple[float | None, ...] = ()  # the user's own rating (0–10) of each cited title, None unknown


NEAREST_POOL = 3  # the favourites cited come from the n × NEAREST_POOL nearest liked movies


def nearest_liked(profile: TasteProfile, movie: Movie, cluster_id: int, n: int = 3) -> list[LikedMovie]:
    """Up to n of the user's highest-rated liked movies among the n × NEAREST_POOL nearest to `movie` by
    cosine (those in `cluster_id` first), returned nearest first; the candidate itself (same id or same
    title+year) is never cited. Empty when the movie has no embedding. Rated films (the user's own
    `rating`) come before unrated ones, highest rating first; unrated ones (an export without ratings, a
    `like` feedback) follow by weight; ties go to the nearer film."""
    if movie.embedding is None or not profile.liked:
        return []
    pool = [
        m for m in profile.liked if not _same_movie(m, movie) and m.embedding.shape == movie.embedding.shape
    ]
    if not pool:
        return []
    sims = normalize_rows(np.stack([m.embedding for m in pool])) @ normalize_rows(movie.embedding)[0]
    order = sorted(range(len(pool)), key=lambda i: (pool[i].cluster_id != cluster_id, -sims[i], i))
    near = order[: n * NEAREST_POOL]
    best = sorted(near, key=lambda i: (_neg(_rating(pool[i])), near.index(i)))[:n]
    return [pool[i] for i in sorted(best, key=near.index)]


def _rating(liked: LikedMovie) -> tuple[int, float]:
    if liked.rating is not None:
        return 1, round(float(liked.rating), 1)
    return 0, round(liked.weight, 2)


def _neg(key: tuple[int, float]) -> tuple[int, float]:
    return -key[0], -key[1]


def liked_by_titles(profile: TasteProfile, titles: list[str]) -> list[LikedMovie | str]:
    """The LikedMovie for each given title when the profile has it (so its traits can be compared),
    else the bare title (cited, but no trait is claimed for it)."""
    by_title = {normalize_title(m.title): m for m in profile.liked}
    return [by_title.get(normalize_title(t), t) for t in titles]


def gather(movie: Movie, cited: list[LikedMovie | str], *, by_similarity: bool = True) -> Evidence:
    """Traits of `movie` shared with every cited movie. A bare title (unknown traits) blocks every shared
    claim except a director echo with another cited movie."""
    own = tuple(display_genres(movie.genres))
    titles = tuple(c if isinstance(c, str) else c.title for c in cited)
    ratings = tuple(None if isinstance(c, str) else c.rating for c in cited)
    known = [c for c in cited if not isinstance(c, str)]
    if not cited or len(known) < len(cited):
        echo = _echo(movie, known)
        return Evidence(cited=titles, own_genres=own, director_echo=echo, by_similarity=by_similarity,
                        ratings=ratings)  # fmt: skip
    genres = tuple(g for g in own if all(g in display_genres(k.genres) for k in known))
    decade = movie.decade if movie.decade and all(_decade(k) == movie.decade for k in known) else None
    directors = tuple(d for d in movie.directors if all(d in k.directors for k in known))
    echo = None if directors else _echo(movie, known)
    return Evidence(
        cited=titles,
        genres=genres[:2],
        decade=decade,
        directors=directors[:1],
        director_echo=echo,
        own_genres=own,
        by_similarity=by_similarity,
        ratings=ratings,
    )


def _echo(movie: Movie, known: list[LikedMovie]) -> tuple[str, str] | None:
    for liked in known:
        for director in movie.directors:
            if director in liked.directors:
                return director, liked.title
    return None


def _decade(liked: LikedMovie) -> str | None:
    return f"{liked.year // 10 * 10}s" if liked.year else None


def _same_movie(liked: LikedMovie, movie: Movie) -> bool:
    if liked.movie_id is not None and movie.id is not None:
        return liked.movie_id == movie.id
    return normalize_title(liked.title) == normalize_title(movie.title) and liked.year == movie.year

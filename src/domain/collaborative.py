"""Collaborative signal: item-to-item similarity learned from who liked what, kept as top-K neighbour
lists, and how a person's liked movies vouch for candidates. Pure numpy; the sparse fit itself runs in
an adapter (src/infrastructure/collaborative/)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Literal

import numpy as np
import numpy.typing as npt

from src.domain.movie import MovieId

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
UserWeighting = Literal["none", "log"]


@dataclass(frozen=True, kw_only=True)
class CooccurrenceParams:
    """How similarity is computed from a users × movies matrix X of likes.

    sim(a, b) = (Xᵀ X)_ab / (sqrt(n_a · n_b) + shrink), n = how many users liked each movie (cosine when
    shrink = 0). `user_weighting` "log" scales each user's row by 1 / log2(2 + movies they liked), so a
    person who likes everything says less about any one pair; "none" keeps rows binary. `weighted` uses
    the stored like weights (rating × recency) instead of 1. A pair counts only when at least
    `min_support` distinct users liked both movies, and its similarity is shrunk by its support n:
    sim · n / (n + min_support − 1) (min_support 1: plain co-occurrence), so a pair few people share says little and one person's list is never
    replayed to another (k-anonymity). Each movie keeps its `neighbours` best. `rated` fits on every
    rated or watched film instead of the liked ones; `transitions_window` > 0 also fits what people
    watched next (within that many steps of their dated histories)."""

    neighbours: int = 100
    user_weighting: UserWeighting = "log"
    shrink: float = 0.0
    weighted: bool = False
    min_support: int = 5
    # what the rebuild fits on: every rated or watched catalog film (True) or only liked ones (False),
    # and the window of the transitions model fitted beside it from dated histories (0 = none)
    rated: bool = False
    transitions_window: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CooccurrenceParams:
        """The params to_json() wrote; unknown keys are ignored, missing ones take their defaults."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(text).items() if k in known})


@dataclass(frozen=True, eq=False)
class Interactions:
    """Likes as three parallel arrays: a user index, a movie id and a weight per (user, movie) pair."""

    users: IntArray
    movies: IntArray
    weights: FloatArray

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[int, MovieId, float]]) -> Interactions:
        if not rows:
            return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
        u, m, w = zip(*rows, strict=True)
        return cls(np.asarray(u, np.int64), np.asarray(m, np.int64), np.asarray(w, np.float64))

    def __len__(self) -> int:
        return int(self.movies.shape[0])

    @property
    def user_count(self) -> int:
        return int(np.unique(self.users).shape[0])

    def likes(self) -> dict[MovieId, int]:
        """How many distinct users liked each movie."""
        pairs = np.unique(np.stack([self.users, self.movies]), axis=1) if len(self) else np.zeros((2, 0))
        ids, counts = np.unique(pairs[1].astype(np.int64), return_counts=True)
        return {int(i): int(c) for i, c in zip(ids, counts, strict=True)}


@dataclass(frozen=True, eq=False)
class ItemNeighbours:
    """Top-K neighbour lists in compressed-row form: `items` sorted ascending; the neighbours of
    items[r] are neighbour_ids[indptr[r]:indptr[r+1]], best first, with their similarity in `scores`
    and the number of distinct users who liked both in `supports` (0 = unknown: a model built before
    supports were counted)."""

    items: IntArray
    indptr: IntArray
    neighbour_ids: IntArray
    scores: FloatArray
    supports: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))

    def __post_init__(self) -> None:
        if self.supports.shape[0] != self.neighbour_ids.shape[0]:
            object.__setattr__(self, "supports", np.zeros(self.neighbour_ids.shape[0], np.int64))

    @classmethod
    def empty(cls) -> ItemNeighbours:
        return cls(np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0))

    @classmethod
    def from_lists(
        cls, lists: Mapping[MovieId, Sequence[tuple[MovieId, float] | tuple[MovieId, float, int]]]
    ) -> ItemNeighbours:
        """From {movie: [(neighbour, similarity[, support]), ...]}; each list is re-sorted best first."""
        items = sorted(m for m, pairs in lists.items() if pairs)
        rows = [sorted(lists[m], key=lambda p: (-p[1], p[0])) for m in items]
        indptr = np.cumsum([0, *(len(r) for r in rows)]).astype(np.int64)
        ids = np.asarray([p[0] for r in rows for p in r], dtype=np.int64)
        scores = np.asarray([p[1] for r in rows for p in r], dtype=np.float64)
        supports = np.asarray([p[2] if len(p) > 2 else 0 for r in rows for p in r], dtype=np.int64)
        return cls(np.asarray(items, dtype=np.int64), indptr, ids, scores, supports)

    def __len__(self) -> int:
        return int(self.items.shape[0])

    @property
    def pairs(self) -> int:
        return int(self.neighbour_ids.shape[0])

    def of(self, movie_id: MovieId) -> tuple[IntArray, FloatArray]:
        """The movie's neighbours and similarities, best first (empty arrays for an unknown movie)."""
        row = int(np.searchsorted(self.items, movie_id))
        if row >= len(self) or self.items[row] != movie_id:
            return self.neighbour_ids[:0], self.scores[:0]
        a, b = self.indptr[row], self.indptr[row + 1]
        return self.neighbour_ids[a:b], self.scores[a:b]

    def expand(
        self, movies: Sequence[MovieId | None], *, supports: bool = False
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """Every neighbour of every given movie as parallel arrays: the movie's position in `movies`,
        the neighbour id and the similarity, or with `supports` the pair's supporting users (None or
        unknown movies contribute nothing)."""
        ids = np.asarray([-1 if m is None else m for m in movies], dtype=np.int64)
        values = self.supports.astype(np.float64) if supports else self.scores
        if not len(self) or not ids.size:
            return ids[:0], ids[:0], values[:0]
        rows = np.minimum(np.searchsorted(self.items, ids), len(self) - 1)
        known = self.items[rows] == ids
        positions, rows = np.flatnonzero(known), rows[known]
        starts, counts = self.indptr[rows], self.indptr[rows + 1] - self.indptr[rows]
        first = np.repeat(np.cumsum(counts) - counts, counts)  # where each row's run begins in the output
        flat = np.repeat(starts, counts) + np.arange(int(counts.sum())) - first
        return np.repeat(positions, counts), self.neighbour_ids[flat], values[flat]

    def rows(self) -> Iterator[tuple[MovieId, IntArray, FloatArray, IntArray]]:
        for r, movie in enumerate(self.items):
            a, b = self.indptr[r], self.indptr[r + 1]
            yield int(movie), self.neighbour_ids[a:b], self.scores[a:b], self.supports[a:b]


@dataclass(frozen=True, kw_only=True, eq=False)
class CollaborativeModel:
    """The stored collaborative signal: neighbour lists (co-occurrence or EASE), the transitions lists,
    how many users liked (or, for a `rated` fit, watched) each movie, and how much data it was fitted on. A model fitted on fewer than two users carries no signal about anyone."""

    neighbours: ItemNeighbours
    likes: Mapping[MovieId, int] = field(default_factory=dict)
    # what people watched next (ports.collaborative.TransitionsFitter), empty when not fitted
    transitions: ItemNeighbours = field(default_factory=ItemNeighbours.empty)
    users: int = 0
    interactions: int = 0
    params: CooccurrenceParams = field(default_factory=CooccurrenceParams)
    built_at: datetime | None = None

    def usable(self, min_users: int = 2) -> bool:
        return self.users >= max(2, min_users) and self.neighbours.pairs > 0

    def weight(self, full: float, *, min_users: int = 2, full_users: int = 100) -> float:
        """The collaborative weight this much data earns: 0 below the model's minimum support (and
        min_users), growing linearly to `full` at `full_users` users, `full` from there on. A model
        built before pair supports were counted (all 0) proves no crowd: 0 until it is rebuilt."""
        floor = max(2, min_users, self.params.min_support)
        if not self.usable(floor) or full <= 0 or not int(self.neighbours.supports.max(initial=0)):
            return 0.0
        if full_users <= floor:
            return full
        return full * min(1.0, (self.users - floor + 1) / (full_users - floor + 1))


def contribution_matrix(
    neighbours: ItemNeighbours,
    liked: Sequence[MovieId | None],
    candidates: Sequence[MovieId],
    *,
    supports: bool = False,
) -> FloatArray:
    """C[i, j] = similarity of candidate i as a top-K neighbour of liked movie j: how much liked movie j
    vouches for candidate i (0 when i is not among j's neighbours, or j is None: an unmatched row).
    With `supports`, the pair's number of supporting users instead of its similarity."""
    cand = np.asarray(candidates, dtype=np.int64)
    out = np.zeros((cand.shape[0], len(liked)), dtype=np.float64)
    columns, ids, scores = neighbours.expand(liked, supports=supports)
    if not cand.size or not ids.size:
        return out
    order = np.argsort(cand, kind="stable")
    ordered = cand[order]
    pos = np.minimum(np.searchsorted(ordered, ids), ordered.shape[0] - 1)
    hit = ordered[pos] == ids
    out[order[pos[hit]], columns[hit]] = scores[hit]
    return out


def vouched_for(
    neighbours: ItemNeighbours,
    liked: Sequence[MovieId],
    *,
    limit: int,
    exclude: set[MovieId],
    weights: Sequence[float] | None = None,
) -> list[MovieId]:
    """The movies the liked ones vouch for most (summed similarity, each source movie's similarities
    times its `weights` entry when given: a signal's confidence and recency weights, so the candidates
    are the ones the signal will score highest), best first, ties by id; at most `limit`, none of them
    liked or in `exclude`, and none the history speaks against overall (EASE's negative weights)."""
    positions, ids, scores = neighbours.expand(liked)
    if weights is not None and ids.size:
        scores = scores * np.asarray(weights, dtype=np.float64)[positions]
    if not ids.size or limit <= 0:
        return []
    movies, inverse = np.unique(ids, return_inverse=True)
    totals = np.bincount(inverse, weights=scores)
    keep = ~np.isin(movies, np.asarray(sorted(exclude | set(liked)), dtype=np.int64)) & (totals > 0)
    movies, totals = movies[keep], totals[keep]
    return [int(m) for m in movies[np.lexsort((movies, -totals))][:limit]]

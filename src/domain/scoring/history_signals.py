"""A person's own history as learned item signals (signals.ItemSignal): EASE's item weights scored from
every film they rated or watched (the latest dated ones weighted up: collaborative_models.ease_recency_weights),
and transitions from their latest dated watches with weight decay^m
(the m-th most recent: m = 0 the latest). Pure: the caller brings the stored model and the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from src.domain.collaborative import ItemNeighbours
from src.domain.collaborative_models import ease_recency_weights, recency_weights
from src.domain.movie import MovieId
from src.domain.scoring.signals import ItemSignal


@dataclass(frozen=True, kw_only=True)
class Watch:
    """One matched history row: the catalog film, the person's rating (0–10, None when unrated), the
    date watched (None when the export has none), its line in the upload and its title."""

    movie_id: MovieId
    rating: float | None
    watched_at: date | None
    line: int
    title: str


@dataclass(frozen=True, kw_only=True)
class SignalWeights:
    """`ease`, `transitions`: each signal's share of the score (0 = off); `recent`: how many of the
    latest dated watches the transitions score from, weighted `decay`^m; ratings below
    `dislike_threshold` count `negative` in EASE (0: no evidence either way); `min_support`: people a
    pair needs before a title is cited for it; `recency_floor`: the weight in EASE of a film watched long
    ago or on no known date, the latest dated ones weighing up to 1 (1: every film the same)."""

    ease: float = 0.4
    transitions: float = 0.3
    recent: int = 10
    decay: float = 0.8
    dislike_threshold: float = 4.0
    negative: float = 0.0
    min_support: int = 5
    recency_floor: float = 1.0


def dated_in_order(history: Sequence[Watch]) -> list[Watch]:
    """The dated watches in time order (date, then upload line), each film once at its latest time."""
    latest: dict[MovieId, Watch] = {}
    for w in sorted((w for w in history if w.watched_at is not None), key=lambda w: (w.watched_at, w.line)):
        latest.pop(w.movie_id, None)
        latest[w.movie_id] = w
    return list(latest.values())


def history_signals(
    history: Sequence[Watch], ease: ItemNeighbours, transitions: ItemNeighbours, weights: SignalWeights
) -> list[ItemSignal]:
    """The EASE signal over every rated or watched film (one entry per film, its latest rating) and the
    transitions signal over the `recent` latest dated ones; a signal with no data or weight is left out."""
    out: list[ItemSignal] = []
    rated: dict[MovieId, Watch] = {}
    for w in sorted(history, key=lambda w: w.line):
        rated[w.movie_id] = w
    dated = dated_in_order(history)
    if weights.ease > 0 and len(ease) and rated:
        films = list(rated.values())
        recency = _ease_recency(films, dated, weights.recency_floor)
        out.append(
            ItemSignal(
                name="collaborative",
                neighbours=ease,
                history=[w.movie_id for w in films],
                weights=[_confidence(w, weights) * r for w, r in zip(films, recency, strict=True)],
                titles=[w.title for w in films],
                weight=weights.ease,
                min_support=weights.min_support,
            )
        )
    recent = dated[-max(0, weights.recent) :] if weights.recent > 0 else []
    if weights.transitions > 0 and len(transitions) and recent:
        out.append(
            ItemSignal(
                name="transitions",
                neighbours=transitions,
                history=[w.movie_id for w in recent],
                weights=recency_weights(len(recent), weights.decay).tolist(),
                titles=[w.title for w in recent],
                weight=weights.transitions,
                min_support=weights.min_support,
            )
        )
    return out


def _confidence(w: Watch, weights: SignalWeights) -> float:
    return weights.negative if w.rating is not None and w.rating < weights.dislike_threshold else 1.0


def _ease_recency(films: Sequence[Watch], dated: Sequence[Watch], floor: float) -> list[float]:
    """Each film's recency weight by its place among the dated films (the floor when undated)."""
    if floor >= 1.0 or not dated:
        return [1.0] * len(films)
    by_film = dict(zip((w.movie_id for w in dated), ease_recency_weights(len(dated), floor).tolist(), strict=True))
    return [by_film.get(w.movie_id, floor) for w in films]

"""Learned item signals beside content: a person's own history scored through stored neighbour lists
(EASE's item weights over everything they rated, transitions from what they watched most recently).
Each is scaled so the pool's best candidate scores 1 and blended with the content score; the signal
that lifted a candidate most names it, citing only pairs enough people share (k-anonymity)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from src.domain.collaborative import ItemNeighbours, contribution_matrix
from src.domain.movie import MovieId
from src.domain.recommendation import ItemSignalName

FloatArray = npt.NDArray[np.float64]
MAX_CITED = 3


@dataclass(frozen=True, kw_only=True)
class ItemSignal:
    """`name` labels what it carried ("collaborative", "transitions"); `neighbours` the stored model;
    `history` the person's catalog movies it scores from (oldest first) with `weights` (confidence from
    the rating, recency); `titles` their titles for explanations; `weight` its share of the score;
    `min_support` the people a pair needs before a title is cited for it."""

    name: ItemSignalName
    neighbours: ItemNeighbours
    history: Sequence[MovieId]
    weights: Sequence[float]
    titles: Sequence[str]
    weight: float
    min_support: int = 5


@dataclass(kw_only=True)
class SignalPart:
    signal: ItemSignal
    contributions: FloatArray  # [candidate, history item], weighted
    supports: FloatArray
    total: FloatArray  # scaled so the pool's best is 1 (may be negative: negative evidence)

    def cited(self, candidate: int, n: int = MAX_CITED) -> list[str]:
        """The history titles that vouched most for the candidate, through pairs at least min_support
        people share, strongest first."""
        row = np.where(
            self.supports[candidate] >= self.signal.min_support, self.contributions[candidate], 0.0
        )
        titles: list[str] = []
        for j in np.argsort(-row, kind="stable"):
            if row[j] <= 0 or len(titles) == n:
                break
            if self.signal.titles[j] not in titles:
                titles.append(self.signal.titles[j])
        return titles


def signal_part(signal: ItemSignal, candidates: Sequence[MovieId]) -> SignalPart | None:
    """None when the history vouches for no candidate (then the signal's weight counts as zero)."""
    if not signal.history or signal.weight <= 0 or not len(signal.neighbours):
        return None
    raw = contribution_matrix(signal.neighbours, list(signal.history), list(candidates))
    contributions = raw * np.asarray(signal.weights, dtype=np.float64)[np.newaxis, :]
    total = contributions.sum(axis=1)
    top = float(total.max()) if total.size else 0.0
    if top <= 0:
        return None
    supports = contribution_matrix(signal.neighbours, list(signal.history), list(candidates), supports=True)
    return SignalPart(signal=signal, contributions=contributions, supports=supports, total=total / top)


def blend_signals(
    content: FloatArray, parts: Sequence[SignalPart]
) -> tuple[FloatArray, list[SignalPart | None]]:
    """score = (1 − Σw)·content + Σ w·signal over the present signals, and per candidate the signal
    whose lift above the pool's median beats content's (and every other signal's), or None."""
    total_w = min(1.0, sum(p.signal.weight for p in parts))
    scores = (1.0 - total_w) * content
    best_lift = (1.0 - total_w) * (content - np.median(content))
    carrier: list[SignalPart | None] = [None] * content.shape[0]
    for p in parts:
        w = p.signal.weight
        scores = scores + w * p.total
        lift = w * (p.total - np.median(p.total))
        wins = (lift > best_lift) & (p.total > 0)
        for i in np.flatnonzero(wins):
            carrier[int(i)] = p
        best_lift = np.where(wins, lift, best_lift)
    return scores, carrier


def zscore(values: FloatArray) -> FloatArray:
    """(x − mean) / std over the pool; all zeros when every value is the same."""
    std = float(values.std()) if values.size else 0.0
    if std <= 1e-12:
        return np.zeros_like(values, dtype=np.float64)
    return np.asarray((values - values.mean()) / std, dtype=np.float64)


def popularity_penalty(counts: FloatArray, weight: float) -> FloatArray | None:
    """weight·z(log(1 + count)) over the pool's films the crowd knows (count > 0; 0 for the rest): what
    the blend takes from the films the crowd watched most, so the signals' pull toward them does not fill
    every list with the same ones (popularity debiasing). The z-score is over the known films only, so a
    pool of mostly unknown content candidates does not turn a handful of crowd films into outliers. None at
    weight 0 or with fewer than two known films."""
    known = counts > 0
    if weight <= 0 or int(known.sum()) < 2:
        return None
    out = np.zeros(counts.shape[0], dtype=np.float64)
    out[known] = weight * zscore(np.log1p(counts[known]))
    return out


def blend_zscored(
    content: FloatArray, parts: Sequence[SignalPart], penalty: FloatArray | None = None
) -> tuple[FloatArray, list[SignalPart | None]]:
    """Each part and content z-scored over this person's pool (so no signal's scale decides), then
    score = (1 − Σw)·z(content) + Σ w·z(signal) − `penalty` (popularity_penalty, when given), rescaled
    to 0–1 over the pool (the best is 1). A
    candidate's carrier is the signal with the largest weighted z above content's and every other
    signal's, among those that vouch for it at all (total > 0), or None."""
    total_w = min(1.0, sum(p.signal.weight for p in parts))
    best = (1.0 - total_w) * zscore(content)
    scores = best.copy()
    carrier: list[SignalPart | None] = [None] * content.shape[0]
    for p in parts:
        lift = p.signal.weight * zscore(p.total)
        scores = scores + lift
        wins = (lift > best) & (p.total > 0)
        for i in np.flatnonzero(wins):
            carrier[int(i)] = p
        best = np.where(wins, lift, best)
    if penalty is not None:
        scores = scores - penalty
    low, high = float(scores.min()), float(scores.max())
    scaled = (scores - low) / (high - low) if high > low else np.ones_like(scores)
    return np.asarray(scaled, dtype=np.float64), carrier

"""Choosing the product's blend weights on the validation hold-out, never on the test item.

Each user's training rows are split again, leave-last-liked-out (temporal, as ltr.py does): the target is
the last liked film *within training*, and only what came before it is kept. EASE and transitions are
refitted on those shortened histories, profiles built from them, and each user's score parts computed once
(blend.content_terms; signals.signal_part). Each grid point recombines them exactly as score_candidates and
ContentRanker do (priors' weighted mean, per-user z-scored signals, MMR) and is scored by validation
NDCG@10: the best point whose lists cover MIN_COVERAGE of the catalog wins (else the best overall).
`default-tuned` (kind "product-tuned") is the product default with the chosen point; its note prints it.
The grid is tuning_grid.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from src.domain.movie import Movie
from src.domain.profile import TasteProfile
from src.domain.scoring import mmr_order
from src.domain.scoring.blend import ContentTerms, ScoringParams, content_terms
from src.domain.scoring.priors import COLD_START_LIKED, COLD_START_POPULARITY
from src.domain.scoring.signals import (
    SignalPart,
    blend_signals,
    blend_zscored,
    popularity_penalty,
    signal_part,
)
from src.domain.scoring.watched import WatchedSet, drop_seen
from src.evaluation.peers import VALIDATION_K
from src.evaluation.product import FittedSignals, ProductRanker
from src.evaluation.profiles import ProfileFactory, UserCase
from src.evaluation.split import UserSplit, group_by_user, leave_last_liked_out
from src.evaluation.tuning_grid import MIN_COVERAGE, Point, default_grid

FloatArray = npt.NDArray[np.float64]


@dataclass(kw_only=True)
class ValidationCase:
    """One user's validation ranking, precomputed: content terms over the unseen pool, the signal parts
    (scaled, weight set per point), the pool's embeddings (for MMR) and the target's index in the pool."""

    terms: ContentTerms
    parts: list[SignalPart]
    vectors: npt.NDArray[np.floating]
    target: int
    cold: bool
    ids: npt.NDArray[np.int64]
    # the pool's interaction counts in the validation model (what the popularity penalty reads)
    crowd: FloatArray = field(default_factory=lambda: np.zeros(0))


def validation_splits(
    splits: Sequence[UserSplit], item_movie: dict[str, int], threshold: float
) -> list[UserSplit]:
    """Each user's training rows split again: the last liked film in training held out, only what came
    before it kept. Built from `train` alone: the test item (UserSplit.held_out) is never read."""
    rows = [r for s in splits for r in s.train]
    return leave_last_liked_out(
        group_by_user(rows), item_movie, threshold=threshold, holdout=1, temporal=True
    )


async def validation_cases(
    ranker: ProductRanker, factory: ProfileFactory, profiles: dict[str, TasteProfile] | None = None
) -> list[ValidationCase]:
    """Every validation user's case, with EASE and transitions refitted on the validation histories
    (at the ranker's current params); `profiles` keeps the built profiles for another call."""
    data, v = ranker.data, ranker._v
    inner = validation_splits(data.splits, dict(data.item_movie), data.threshold)
    fitted = ranker.fit(inner)
    out: list[ValidationCase] = []
    built = profiles if profiles is not None else {}
    for split in inner:
        seen = {data.item_movie[r.item] for r in split.train if r.item in data.item_movie}
        candidates = [m for m in drop_seen(data.movies, WatchedSet(ids=seen)) if m.embedding is not None]
        if split.user not in built:
            watched, today = factory.watched(split)
            built[split.user] = await factory.build(split, watched, today, v.like_threshold, v.clustering)
        case = validation_case(ranker, fitted, split, built[split.user], candidates)
        if case is not None:
            out.append(case)
    return out


def validation_case(
    ranker: ProductRanker,
    fitted: FittedSignals,
    split: UserSplit,
    profile: TasteProfile,
    candidates: Sequence[Movie],
) -> ValidationCase | None:
    """One user's parts of the product's score over `candidates` (all with embeddings), the target
    split.held_out[0]; None without clusters or when the target is not a candidate."""
    v = ranker._v
    ids = [m.id if m.id is not None else -1 for m in candidates]
    if not profile.clusters or split.held_out[0] not in ids:
        return None
    params = ScoringParams(alpha=v.alpha, genre_weight=v.genre_weight)
    terms = content_terms(profile, candidates, params, popularity=ranker.likes(fitted), every_prior=True)
    signals = [replace(s, weight=1.0) for s in ranker.signals(fitted, split.user)]
    return ValidationCase(
        terms=terms,
        parts=[p for p in (signal_part(s, ids) for s in signals) if p is not None],
        vectors=np.stack([m.embedding for m in candidates if m.embedding is not None]),
        target=ids.index(split.held_out[0]),
        cold=profile.liked_count < COLD_START_LIKED,
        ids=np.asarray(ids, dtype=np.int64),
        crowd=np.asarray([fitted.likes.get(i, 0) for i in ids], dtype=np.float64),
    )


def top_k(case: ValidationCase, point: Point, base: ScoringParams, k: int) -> list[int]:
    """The pool indices of the first k, as score_candidates + ContentRanker (MMR) order them at `point`."""
    popularity = COLD_START_POPULARITY if case.cold else point.popularity
    params = replace(base, popularity_weight=popularity, quality_weight=point.quality)
    scores = case.terms.combine(params)
    weights = {"collaborative": point.ease, "transitions": point.transitions}
    parts = [
        replace(p, signal=replace(p.signal, weight=weights[p.signal.name]))
        for p in case.parts
        if weights[p.signal.name] > 0
    ]
    if parts and base.zscore_signals:
        scores, _ = blend_zscored(scores, parts, popularity_penalty(case.crowd, point.penalty))
    elif parts:
        scores, _ = blend_signals(scores, parts)
    order = np.argsort(-scores, kind="stable")
    if point.diversity <= 0:
        return [int(i) for i in order[:k]]
    pool = order[: max(k * 3, 30)]
    picked = mmr_order(scores[pool], case.vectors[pool], k=k, diversity=min(point.diversity, 1.0))
    return [int(pool[i]) for i in picked]


@dataclass(frozen=True, kw_only=True)
class Score:
    ndcg: float
    coverage: float  # distinct films in the top k over all validation users / the catalog


def validation_score(
    cases: Sequence[ValidationCase], point: Point, base: ScoringParams, catalog: int, k: int = VALIDATION_K
) -> Score:
    total, shown = 0.0, set()
    for case in cases:
        head = top_k(case, point, base, k)
        shown.update(case.ids[head].tolist())
        if case.target in head:
            total += 1.0 / float(np.log2(head.index(case.target) + 2))
    return Score(ndcg=total / max(len(cases), 1), coverage=len(shown) / max(catalog, 1))


def choose_point(
    cases: Sequence[ValidationCase],
    grid: Sequence[Point],
    base: ScoringParams,
    *,
    catalog: int,
    min_coverage: float = MIN_COVERAGE,
    k: int = VALIDATION_K,
) -> tuple[Point, Score]:
    """The grid point with the best validation NDCG@k among those whose validation top-k lists cover
    at least `min_coverage` of the catalog (every point when none does), first listed on ties."""
    if not grid:
        raise ValueError("an empty tuning grid")
    scored = [(point, validation_score(cases, point, base, catalog, k)) for point in grid]
    eligible = [ps for ps in scored if ps[1].coverage >= min_coverage] or scored
    best = eligible[0]
    for ps in eligible[1:]:
        if ps[1].ndcg > best[1].ndcg:
            best = ps
    return best


class TunedProductRanker(ProductRanker):
    """The product ranker whose weights are chosen on validation (module docstring) at its first rank:
    the grid at the variant's stored neighbours count, then, at the chosen point, each of
    `neighbours_options` (EASE and transitions refitted keeping that many neighbours per film), then each
    of `recency_options` (EASE's recency floor: its history weights, so its parts are recomputed)."""

    grid: Sequence[Point] = ()
    neighbours_options: Sequence[int] = (100, 200, 400)
    recency_options: Sequence[float] = (1.0, 0.5, 0.2)
    chosen: Point | None = None

    async def rank(self, case: UserCase) -> list[int]:
        if self.chosen is None:
            await self._tune(case.factory)
        return await super().rank(case)

    async def _tune(self, factory: ProfileFactory) -> None:
        profiles: dict[str, TasteProfile] = {}
        cases = await validation_cases(self, factory, profiles)
        base, catalog = self.scoring_params(0.0), len(self.data.movies)
        point, score = choose_point(cases, self.grid or default_grid(), base, catalog=catalog)
        self._v = point.apply(self._v)
        tried: dict[str, list[str]] = {}
        for name, options in (("neighbours", self.neighbours_options), ("recency_floor", self.recency_options)):
            current_value = float(self._v.params.get(name, 0.0))
            tried[name] = [f"{current_value:g}: {score.ndcg:.4f}"]
            for value in options:
                if float(value) == current_value:
                    continue
                current = self._v
                self._v = replace(current, params={**current.params, name: float(value)})
                other = validation_score(await validation_cases(self, factory, profiles), point, base, catalog)
                tried[name].append(f"{value:g}: {other.ndcg:.4f}")
                if other.ndcg > score.ndcg and other.coverage >= MIN_COVERAGE:
                    score = other
                else:
                    self._v = current
        self.fitted = self.fit(self.data.splits)
        self.chosen = point
        p = self._v.params
        self.note += (
            f"; tuned on {len(cases)} validation users: {point.describe()}, {p.get('neighbours', 0):g} neighbours, "
            f"EASE recency floor {p.get('recency_floor', 1.0):g} (validation NDCG@10 {score.ndcg:.4f}, coverage "
            f"{score.coverage:.3f}; by neighbours {', '.join(tried['neighbours'])}; by recency floor "
            f"{', '.join(tried['recency_floor'])})"
        )

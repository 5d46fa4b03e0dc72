"""Training the learned ranker on the harness's training rows only: each user's training history is
split again (temporal), holding out their last HELD liked films in training and cutting before them;
EASE and transitions are refitted on those shortened histories, profiles built from them, and every
such user's blend-best candidates (features.RERANKED) become one LambdaMART query group: the next liked
film after the cut labelled NEXT (2), the other held-out likes LATER (1) (a future like is what the test
asks for too; with the next like alone, one positive per person, LambdaMART lost to the blend, 0.1005
vs 0.1156). Films they rated after the cut but did not like are left out of their group (neither
positive nor negative). Users whose next like the blend does not reach are skipped."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from src.domain.scoring.blend import score_candidates
from src.domain.scoring.features import RERANKED, Predict, ranking_features
from src.domain.scoring.priors import COLD_START_LIKED, COLD_START_POPULARITY
from src.domain.scoring.watched import WatchedSet, drop_seen
from src.evaluation.product import ProductRanker
from src.evaluation.profiles import UserCase
from src.evaluation.split import group_by_user, leave_last_liked_out

FloatArray = npt.NDArray[np.float64]
HELD = 3  # each person's last HELD liked films in training are held out for the ranker to learn from
NEXT, LATER = 2, 1  # relevance labels: the next liked film after the cut, the ones liked after it
Fit = Callable[[FloatArray, Sequence[int], Sequence[int]], Predict]  # features, labels, group sizes
TRAINING_USERS = 942


async def train_on_training_rows(
    ranker: ProductRanker, case: UserCase, *, fit: Fit, users: int = TRAINING_USERS, seed: int = 0
) -> Predict:
    data, v = ranker.data, ranker._v
    rows = [r for s in data.splits for r in s.train]
    inner = leave_last_liked_out(
        group_by_user(rows), data.item_movie, threshold=data.threshold, holdout=HELD, temporal=True
    )
    fitted = ranker.fit(inner)
    outer = {s.user: s for s in data.splits}
    chosen = sorted(random.Random(seed).sample(range(len(inner)), min(users, len(inner))))
    blocks: list[FloatArray] = []
    labels: list[int] = []
    groups: list[int] = []
    for split in (inner[i] for i in chosen):
        seen = {data.item_movie[r.item] for r in split.train if r.item in data.item_movie}
        next_like, liked_later = split.held_out[-1], set(split.held_out[:-1])  # held_out: latest first
        # what they rated after the cut but did not like is neither a positive nor a negative: left out
        later = {data.item_movie[r.item] for r in outer[split.user].train if r.item in data.item_movie}
        later -= seen | set(split.held_out)
        candidates = [
            m
            for m in drop_seen(data.movies, WatchedSet(ids=seen | later))
            if m.embedding is not None
        ]
        watched, today = case.factory.watched(split)
        profile = await case.factory.build(split, watched, today, v.like_threshold, v.clustering)
        if not profile.clusters or not candidates:
            continue
        weight = COLD_START_POPULARITY if profile.liked_count < COLD_START_LIKED else v.popularity_weight
        signals, likes = ranker.signals(fitted, split.user), ranker.likes(fitted)
        scored = score_candidates(
            profile,
            candidates,
            ranker.scoring_params(weight),
            popularity=likes,
            signals=signals,
            crowd=fitted.likes,
        )
        by_id = {s.movie.id: s.score for s in scored}
        blend = np.asarray([by_id[m.id] for m in candidates], dtype=np.float64)
        features = ranking_features(
            profile, candidates, blend, alpha=v.alpha, signals=signals, popularity=likes, reference_year=today.year
        )
        top = np.argsort(-blend, kind="stable")[:RERANKED]
        hit = np.asarray([_label(candidates[i].id, next_like, liked_later) for i in top], dtype=np.int64)
        if hit.max(initial=0) < NEXT:
            continue
        blocks.append(features[top])
        labels += hit.tolist()
        groups.append(int(top.shape[0]))
    ranker.note += f"; LambdaMART trained on {len(groups)} inner hold-out users"
    return fit(np.vstack(blocks), labels, groups)


def _label(movie: int | None, target: int, liked_later: set[int]) -> int:
    if movie == target:
        return NEXT
    return LATER if movie in liked_later else 0

"""Leave-last-liked-out: per user, the last liked catalog movies by timestamp are the test set."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from src.domain.movie import MovieId
from src.evaluation.dataset import RatingEvent


@dataclass(kw_only=True)
class UserSplit:
    """One user's training rows (every rating not about a held-out movie, mapped or not) and the
    catalog ids of the held-out movies, latest first."""

    user: str
    train: list[RatingEvent]
    held_out: list[MovieId]


def item_order(item: str) -> tuple[int, int, str]:
    """Numeric ids in numeric order (MovieLens ids are integers), then any others as text."""
    return (0, int(item), "") if item.isdigit() else (1, 0, item)


def group_by_user(ratings: Iterable[RatingEvent]) -> dict[str, list[RatingEvent]]:
    by_user: dict[str, list[RatingEvent]] = defaultdict(list)
    for r in ratings:
        by_user[r.user].append(r)
    return dict(by_user)


def leave_last_liked_out(
    ratings_by_user: Mapping[str, list[RatingEvent]],
    item_movie: Mapping[str, MovieId],
    *,
    threshold: float,
    holdout: int = 1,
    temporal: bool = False,
) -> list[UserSplit]:
    """For each user: among ratings ≥ threshold of mapped items, ordered by (timestamp, item id), the last
    `holdout` distinct catalog movies are held out; every row about a held-out movie (a dataset may list a
    movie under two ids) leaves the training rows. Users with fewer liked mapped movies than `holdout`, or
    with no training row left, are skipped. Users come out in item_order of their ids.

    `temporal`: training holds only what the user did before the (earliest) held-out like in that same
    (timestamp, item id) order: no rating made afterwards, so no model or profile sees the future."""
    if holdout < 1:
        raise ValueError(f"holdout must be at least 1 (got {holdout})")
    splits = []
    for user in sorted(ratings_by_user, key=item_order):
        rows = ratings_by_user[user]
        liked = [r for r in rows if r.rating >= threshold and r.item in item_movie]
        liked.sort(key=lambda r: (r.timestamp, item_order(r.item)))
        held: list[MovieId] = []
        cut = (0, (0, 0, ""))
        for r in reversed(liked):
            movie = item_movie[r.item]
            if movie not in held:
                held.append(movie)
                cut = (r.timestamp, item_order(r.item))
            if len(held) == holdout:
                break
        if len(held) < holdout:
            continue
        train = [r for r in rows if item_movie.get(r.item) not in held]
        if temporal:
            train = [r for r in train if (r.timestamp, item_order(r.item)) < cut]
        if train:
            splits.append(UserSplit(user=user, train=train, held_out=held))
    return splits

from __future__ import annotations

import pytest

from src.domain.errors import InvalidInputError
from src.evaluation.dataset import RatingEvent
from src.evaluation.split import group_by_user, leave_last_liked_out
from src.evaluation.variants import DEFAULT_VARIANTS, select_variants


def _r(user: str, item: str, rating: float, ts: int) -> RatingEvent:
    return RatingEvent(user=user, item=item, rating=rating, timestamp=ts)


ITEM_MOVIE = {"1": 0, "2": 1, "9": 2, "10": 3, "11": 4, "12": 3}  # items 10 and 12: one film listed twice


def test_holds_out_the_last_liked_mapped_movie_by_time_ties_by_numeric_item_id() -> None:
    rows = [
        _r("u", "1", 10, 100),
        _r("u", "9", 8, 300),
        _r("u", "10", 8, 300),  # same time as item 9; 10 > 9 numerically, so 10 is "later"
        _r("u", "2", 4, 400),  # later but not liked
        _r("u", "77", 10, 500),  # later and liked but not in the catalog
        _r("u", "12", 6, 50),  # the same film as item 10, rated earlier: leaves training too
    ]
    (split,) = leave_last_liked_out(group_by_user(rows), ITEM_MOVIE, threshold=7)
    assert split.held_out == [3]
    assert sorted(r.item for r in split.train) == ["1", "2", "77", "9"]


def test_several_held_out_and_skipped_users() -> None:
    rows = [
        _r("a", "1", 8, 1),
        _r("a", "2", 8, 2),
        _r("a", "9", 8, 3),
        _r("b", "1", 6, 1),
        _r("c", "1", 10, 1),
    ]
    splits = leave_last_liked_out(group_by_user(rows), ITEM_MOVIE, threshold=7, holdout=2)
    assert [(s.user, s.held_out) for s in splits] == [("a", [2, 1])]  # b likes nothing; c likes one movie
    with pytest.raises(ValueError):
        leave_last_liked_out({}, ITEM_MOVIE, threshold=7, holdout=0)


def test_variant_selection_by_name() -> None:
    assert [v.name for v in select_variants("alpha5,pop-train")] == ["alpha5", "pop-train"]
    assert len(select_variants(None)) == len(DEFAULT_VARIANTS)
    assert len({v.name for v in DEFAULT_VARIANTS}) == len(DEFAULT_VARIANTS)
    with pytest.raises(InvalidInputError, match="nope"):
        select_variants("alpha5,nope")

"""EASE and transitions fitters and their blend into the product's scoring, on tiny synthetic data."""

from __future__ import annotations

import numpy as np

from src.domain.collaborative import CooccurrenceParams, Interactions, ItemNeighbours
from src.domain.scoring.signals import ItemSignal, blend_signals, signal_part
from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter
from src.infrastructure.collaborative.scipy_transitions import ScipyTransitionsFitter


def _crowd(users: int) -> Interactions:
    # movies 10 and 11 always together; 20 and 21 always together
    rows = [(u, m, 1.0) for u in range(users) for m in ((10, 11) if u % 2 else (20, 21))]
    return Interactions.from_rows(rows)


def test_ease_fitter_keeps_pairs_only_with_enough_people_and_maps_back_to_catalog_ids() -> None:
    fitter = NumpyEaseFitter(lam=1.0)
    many = fitter.fit(_crowd(12), CooccurrenceParams(neighbours=5, min_support=5))
    ids, scores = many.of(10)
    assert ids.tolist() == [11] and scores[0] > 0
    assert many.supports.min() >= 5
    few = fitter.fit(_crowd(6), CooccurrenceParams(neighbours=5, min_support=5))  # 3 people per pair
    assert few.pairs == 0
    assert fitter.fit(Interactions.from_rows([]), CooccurrenceParams()).pairs == 0


def test_transitions_fitter_counts_distinct_people_per_pair() -> None:
    sequences = [[1, 2, 3]] * 5 + [[3, 9]]
    n = ScipyTransitionsFitter().fit(sequences, window=1, neighbours=5, min_support=5)
    ids, _ = n.of(2)
    assert sorted(ids.tolist()) == [1, 3]
    assert 9 not in n.of(3)[0].tolist()  # only one person went from 3 to 9
    assert ScipyTransitionsFitter().fit([], window=3, neighbours=5, min_support=1).pairs == 0


def test_a_signal_carries_what_it_lifts_and_cites_only_crowded_pairs() -> None:
    neighbours = ItemNeighbours.from_lists({1: [(5, 0.9, 7), (6, 0.3, 2)]})
    signal = ItemSignal(
        name="transitions", neighbours=neighbours, history=[1], weights=[1.0], titles=["Heat"], weight=0.6
    )
    part = signal_part(signal, [5, 6, 7])
    assert part is not None
    assert part.total.tolist() == [1.0, 0.3 / 0.9, 0.0]
    content = np.array([0.1, 0.5, 0.4])
    scores, carriers = blend_signals(content, [part])
    assert np.allclose(scores, 0.4 * content + 0.6 * part.total)
    assert carriers[0] is part and carriers[2] is None
    assert part.cited(0) == ["Heat"] and part.cited(1) == []  # 2 people < min_support 5
    assert signal_part(signal, [7]) is None  # vouches for no candidate: absent, weight 0


def test_cf_model_setting_chooses_the_fitter_the_rebuild_uses() -> None:
    from src.container import Container
    from src.infrastructure.collaborative.scipy_cooccurrence import ScipyCooccurrenceFitter
    from src.infrastructure.settings import Settings

    for model, kind in (("ease", NumpyEaseFitter), ("cooccurrence", ScipyCooccurrenceFitter)):
        container = Container()
        container.settings.override(
            Settings(database_url="postgresql://unused@localhost/unused", collaborative_model=model, collaborative_ease_lambda=50.0)
        )
        fitter = container.cooccurrence_fitter()
        assert isinstance(fitter, kind)
        # the rebuild fits with it: a crowd of 12 yields the pair (10, 11)
        assert fitter.fit(_crowd(12), CooccurrenceParams(min_support=5)).of(10)[0].tolist() == [11]

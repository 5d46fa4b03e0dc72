"""The learned ranker: its features (domain.scoring.features), how its predictions reorder the blend's
best candidates, the LightGBM model file (trained, saved, loaded, refused when made for other
features), and Recommend with and without it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from src.domain.collaborative import ItemNeighbours
from src.domain.scoring.features import FEATURES, ranking_features, rerank_by_model
from src.domain.scoring.signals import ItemSignal
from src.infrastructure.ranking.lightgbm_ranker import LightGbmRanker, model_file_name, train_lambdamart
from tests.unit.test_hybrid_scoring import movie, profile, vec


def tiny_ranker_file(directory: Path) -> Path:
    """A LambdaMART model that learned 'collaborative_z high → first' on synthetic groups."""
    rng = np.random.default_rng(0)
    features = rng.random((400, len(FEATURES)))
    labels = (features[:, FEATURES.index("collaborative_z")] > 0.8).astype(int).tolist()
    path = directory / model_file_name()
    train_lambdamart(features, labels, [20] * 20, path)
    return path


def test_features_have_one_column_each_and_read_the_signals() -> None:
    pool = [movie(1, "A", vec(1, 0, 0)), movie(2, "B", vec(0, 1, 0)), movie(3, "C", vec(0, 0, 1))]
    signal = ItemSignal(
        name="transitions",
        neighbours=ItemNeighbours.from_lists({9: [(2, 0.5, 6)]}),
        history=[9],
        weights=[1.0],
        titles=["Nine"],
        weight=0.3,
    )
    f = ranking_features(profile(), pool, np.array([0.9, 0.5, 0.1]), alpha=5.0, signals=[signal], reference_year=2001)
    assert f.shape == (3, len(FEATURES))
    col = FEATURES.index
    assert f[:, col("transitions")].tolist() == [0.0, 1.0, 0.0] and f[1, col("transitions_z")] > 0
    assert f[:, col("collaborative")].tolist() == [0.0, 0.0, 0.0]  # no EASE signal: zeros
    assert f[:, col("age")].tolist() == [10.0, 9.0, 8.0]  # films of 1991–1993 seen from 2001
    assert f[0, col("best_similarity")] == pytest.approx(1.0)


def test_the_model_reorders_only_the_blends_best_and_keeps_them_on_top() -> None:
    blend = np.array([0.9, 0.8, 0.7, 0.1])
    features = np.zeros((4, len(FEATURES)))
    scores = rerank_by_model(blend, features, lambda x: np.array([0.0, 1.0, 2.0][: len(x)]), top=3)
    assert np.argsort(-scores).tolist() == [2, 1, 0, 3]  # the model's order, then the rest
    assert scores[3] == 0.1 and scores.max() == pytest.approx(1.0, abs=1e-4) and scores[[0, 1, 2]].min() > 0.1
    same = rerank_by_model(blend, features, lambda x: np.zeros(len(x)), top=3)
    assert np.argsort(-same).tolist() == [0, 1, 2, 3]  # ties keep the blend order


def test_a_saved_model_loads_predicts_and_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tiny_ranker_file(tmp_path)
    ranker = LightGbmRanker.load(path)
    assert ranker.version == "ranker-v1.txt"
    high, low = np.zeros((1, len(FEATURES))), np.zeros((1, len(FEATURES)))
    high[0, FEATURES.index("collaborative_z")] = 0.95
    assert ranker.predict(high)[0] > ranker.predict(low)[0]
    with pytest.raises(ValueError, match="no ranker model"):
        LightGbmRanker.load(tmp_path / "missing.txt")
    foreign = tmp_path / "foreign.txt"
    foreign.write_text(path.read_text().replace("collaborative_z", "something_else"))
    with pytest.raises(ValueError, match="other features"):
        LightGbmRanker.load(foreign)


class ByColumn:
    """A learned ranker that prefers one feature (a stand-in for a trained model)."""

    version = "by-column"

    def __init__(self, name: str) -> None:
        self.column = FEATURES.index(name)
        self.calls = 0

    def predict(self, features: np.ndarray) -> np.ndarray:
        self.calls += 1
        return np.asarray(features[:, self.column], dtype=np.float64)


async def test_recommend_applies_the_learned_ranker_over_the_signals() -> None:
    from src.application.recommend import Recommend, RecommendCommand, RecommendParams
    from tests.unit.test_hybrid_scoring import USER
    from tests.unit.test_transitions_signal import learned_recommend

    base = learned_recommend(support=6)
    ranker = ByColumn("transitions")
    ranked = Recommend(base._users, base._reader, base._gather, base._rerankers, params=RecommendParams(ranker=ranker))
    result = await ranked.execute(RecommendCommand(user_id=USER, limit=3, diversity=0.0))
    assert ranker.calls == 1 and result.items[0].movie.title == "Next Thriller"
    by_content = ByColumn("content")
    ranked = Recommend(base._users, base._reader, base._gather, base._rerankers, params=RecommendParams(ranker=by_content))
    result = await ranked.execute(RecommendCommand(user_id=USER, limit=3, diversity=0.0))
    assert result.items[0].movie.title == "Close to Heat"


def test_an_unusable_model_file_falls_back_to_the_blend(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from src.composition.recommendation import learned_ranker
    from src.infrastructure.settings import Settings

    settings = Settings(database_url="postgresql://unused@localhost/unused", ranker_model=str(tmp_path / "none.txt"))
    assert learned_ranker(settings) is None and "hand-set blend" in caplog.text
    assert learned_ranker(Settings(database_url="postgresql://unused@localhost/unused")) is None

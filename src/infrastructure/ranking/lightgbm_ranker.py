"""LambdaMART with LightGBM: training (for the harness, on its training rows only) and the service's
loaded model. The model file is LightGBM's text format; its feature names must be exactly
domain.scoring.features.FEATURES of the FEATURES_VERSION in its name (`ranker-v1.txt`), so a file
written for other features is refused at load instead of scoring the wrong columns."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from src.application.ports.ranking import LearnedRanker
from src.domain.scoring.features import FEATURES, FEATURES_VERSION

FloatArray = npt.NDArray[np.float64]
TRAINING = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "eval_at": [10],
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 50,
    "feature_fraction": 0.9,
    "lambdarank_truncation_level": 20,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 0,
    "verbose": -1,
}
ROUNDS = 200


def model_file_name() -> str:
    return f"ranker-v{FEATURES_VERSION}.txt"


class LightGbmRanker(LearnedRanker):
    def __init__(self, booster: Any, version: str) -> None:
        self._booster = booster
        self.version = version

    @classmethod
    def load(cls, path: Path) -> LightGbmRanker:
        """Raises ValueError when the file is missing, unreadable or made for other features."""
        import lightgbm as lgb

        if not path.is_file():
            raise ValueError(f"no ranker model at {path}")
        try:
            booster = lgb.Booster(model_file=str(path))
        except lgb.basic.LightGBMError as exc:
            raise ValueError(f"unreadable ranker model {path}: {exc}") from exc
        if tuple(booster.feature_name()) != FEATURES:
            raise ValueError(f"{path} was trained on other features than version {FEATURES_VERSION}")
        return cls(booster, path.name)

    def predict(self, features: FloatArray) -> FloatArray:
        out = self._booster.predict(features, num_threads=1)
        return np.asarray(out, dtype=np.float64)


def train_lambdamart(
    features: FloatArray, labels: Sequence[int], groups: Sequence[int], save_to: Path | None = None
) -> LightGbmRanker:
    """Fits LambdaMART on query groups (one per person, rows in `groups` sizes, in order), saves the
    model to `save_to` (a file named by model_file_name()) when given."""
    import lightgbm as lgb

    data = lgb.Dataset(
        features, label=np.asarray(labels), group=list(groups), feature_name=list(FEATURES), free_raw_data=True
    )
    booster = lgb.train(TRAINING, data, num_boost_round=ROUNDS)
    if save_to is not None:
        save_to.parent.mkdir(parents=True, exist_ok=True)
        booster.save_model(str(save_to))
    return LightGbmRanker(booster, save_to.name if save_to is not None else "in-memory")

"""Port of the learned ranker (LambdaMART over every signal, domain.scoring.features): trained offline
by the evaluation harness, loaded by the service from a versioned model file."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt


class LearnedRanker(Protocol):
    """predict() scores rows of domain.scoring.features.FEATURES (higher = rank first); pure CPU, fast
    (a few hundred rows per request), deterministic, never raises for a well-shaped matrix. `version`
    names the model file it was loaded from."""

    version: str

    def predict(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...

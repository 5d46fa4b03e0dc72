"""Composition of the evaluation harness from concrete adapters (the harness runs offline, beside the
service, so it needs neither the database nor the dependency container)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from src.application.ports.embedder import Embedder
from src.application.ports.progress import Progress
from src.domain.scoring.features import Predict
from src.evaluation.adapters.catalog_mapping import MovieLensCatalogMapper
from src.evaluation.adapters.implicit_peers import IMPLICIT_FAMILIES
from src.evaluation.adapters.movielens import RecBoleMovieLensSource
from src.evaluation.adapters.vector_cache import NpzCachedEmbedder
from src.evaluation.collaborative import HybridRanker, collaborative_rankers
from src.evaluation.harness import EvaluateRecommendations
from src.evaluation.ltr import train_on_training_rows
from src.evaluation.peers import PEER_FAMILIES, peer_rankers
from src.evaluation.product import product_rankers
from src.evaluation.rankers import BUILTIN_RANKERS
from src.evaluation.tuning import TunedProductRanker
from src.evaluation.variants import EAGER_MIN_LIKED
from src.infrastructure.catalog.offline import OfflineCatalogSource
from src.infrastructure.clustering.adaptive import AdaptiveClusterer
from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter
from src.infrastructure.collaborative.scipy_cooccurrence import ScipyCooccurrenceFitter
from src.infrastructure.collaborative.scipy_transitions import ScipyTransitionsFitter
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.embedding.local import SentenceTransformerEmbedder
from src.infrastructure.matching.rapidfuzz_titles import RapidfuzzTitles
from src.infrastructure.ranking.lightgbm_ranker import model_file_name, train_lambdamart

EmbedderName = Literal["local", "hashing"]
DEFAULT_CACHE_DIR = Path(".cache/eval")
FloatArray = npt.NDArray[np.float64]


def evaluation_embedder(name: EmbedderName, cache_dir: Path) -> NpzCachedEmbedder:
    """The real MiniLM model ("local") or the hashing embedder, behind the on-disk vector cache."""
    inner: Embedder = SentenceTransformerEmbedder() if name == "local" else HashingEmbedder()
    return NpzCachedEmbedder(inner, cache_dir)


def build_evaluation(
    embedder: Embedder,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    progress: Progress | None = None,
    *,
    strict_titles: bool = False,
) -> EvaluateRecommendations:
    """MovieLens 100k (cached in `cache_dir`) against the offline catalog, mapped with the product's
    fuzzy title scorer as the last stage (none with `strict_titles`), with the product's adaptive
    clusterer, a forced single-centroid one and an eager one (k-means from EAGER_MIN_LIKED liked), and
    the collaborative rankers fitted with scipy.sparse, and the validation-tuned peers (numpy/scipy,
    implicit's ALS and BPR)."""
    return EvaluateRecommendations(
        source=RecBoleMovieLensSource(cache_dir),
        catalog=OfflineCatalogSource(),
        mapper=MovieLensCatalogMapper(RapidfuzzTitles(), strict=strict_titles),
        embedder=embedder,
        clusterers={
            "adaptive": AdaptiveClusterer(),
            "single": AdaptiveClusterer(small_max=sys.maxsize),
            "eager": AdaptiveClusterer(small_max=EAGER_MIN_LIKED),
        },
        progress=progress,
        rankers={
            **BUILTIN_RANKERS,
            **collaborative_rankers(ScipyCooccurrenceFitter()),
            "hybrid-ease": partial(HybridRanker, fitter=NumpyEaseFitter()),
            **peer_rankers({**PEER_FAMILIES, **IMPLICIT_FAMILIES}),
            **product_rankers(
                lambda lam: NumpyEaseFitter(lam=lam),
                ScipyTransitionsFitter(),
                partial(train_on_training_rows, fit=partial(_lambdamart, cache_dir / model_file_name())),
            ),
            "product-tuned": partial(
                TunedProductRanker, ease=lambda lam: NumpyEaseFitter(lam=lam), transitions=ScipyTransitionsFitter()
            ),
        },
    )


def _lambdamart(save_to: Path, features: FloatArray, labels: Sequence[int], groups: Sequence[int]) -> Predict:
    """LightGBM's LambdaMART, saved where the service can load it (CINEMAI_RANKER_MODEL)."""
    return train_lambdamart(features, labels, groups, save_to).predict


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Native BLAS/OpenMP pools capped at one thread: the harness makes many small matrix products, and
    on a shared 2-core host a 2-thread OpenBLAS made each one about 3× slower than one thread."""
    with threadpool_limits(limits=1):
        yield

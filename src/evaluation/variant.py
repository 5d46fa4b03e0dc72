"""One harness variant, as data: a ranker `kind` (see rankers.py) and its parameters, and the product's
defaults the variants are built around."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from src.domain.history import LIKE_THRESHOLD
from src.infrastructure.settings import Settings

Clustering = Literal["adaptive", "single", "eager"]
EAGER_MIN_LIKED = 20
MAX_ALPHA = 1000.0  # softmax over clusters at this α is the max over clusters to float precision


@dataclass(frozen=True, kw_only=True)
class Variant:
    """`name` is the short id for --variants; `label` the table row. `like_threshold` (0–10) decides the
    liked rows a profile is built from; `clustering` is "adaptive" (the product's clusterer), "single"
    (one weighted centroid) or "eager" (the product's clusterer with k-means from EAGER_MIN_LIKED liked
    movies instead of 100, to see whether clusters help the many users with shorter histories). `diversity` > 0 reorders the top candidates by MMR, as the local reranker
    does. `params` carries extra numbers for kinds added later."""

    name: str
    label: str
    kind: str = "content"
    like_threshold: float = LIKE_THRESHOLD
    clustering: Clustering = "adaptive"
    alpha: float = 5.0
    diversity: float = 0.0
    popularity_weight: float = 0.0
    quality_weight: float = 0.0  # weight of the catalog's quality prior (Movie.quality)
    genre_weight: float = 0.0  # weight of the genre match (src/domain/genre_fit.py)
    params: Mapping[str, float] = field(default_factory=dict)


# The service's defaults, read from Settings (written once there): `default` is what Recommend does with
# them. Popularity prior (like counts once the service has enough users), MMR diversity, the quality
# prior and the genre match. The hybrid's collaborative weight is the older blend's (not a setting now).
SERVICE_DEFAULTS: Mapping[str, Any] = {name: f.default for name, f in Settings.model_fields.items()}
PRODUCT_COLLABORATIVE_WEIGHT = 0.8
PRODUCT_POPULARITY = float(SERVICE_DEFAULTS["popularity_weight"])  # CINEMAI_POPULARITY_WEIGHT
PRODUCT_DIVERSITY = float(SERVICE_DEFAULTS["diversity"])  # CINEMAI_DIVERSITY
PRODUCT_QUALITY = float(SERVICE_DEFAULTS["quality_weight"])  # CINEMAI_QUALITY_WEIGHT
QUALITY_WEIGHTS = (0.0, 0.3, 0.5, 1.0)
PRODUCT_GENRE = float(SERVICE_DEFAULTS["genre_weight"])  # CINEMAI_GENRE_WEIGHT
GENRE_WEIGHTS = (0.0, 0.2, 0.4)
PRODUCT_COLLABORATIVE_KIND = (
    "hybrid-ease"  # CINEMAI_CF_MODEL=ease: EASE neighbours (default-cooccurrence: the model before)
)

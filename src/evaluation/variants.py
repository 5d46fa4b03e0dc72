"""The variants one harness run compares, as data. A variant names a ranker `kind` (see rankers.py) and
its parameters; new kinds (e.g. collaborative or hybrid scoring) add a ranker and rows here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from src.domain.errors import InvalidInputError
from src.domain.history import LIKE_THRESHOLD

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


# The product's defaults (Settings): hybrid collaborative weight, popularity prior (like counts once the
# service has enough users), MMR diversity. `default` is what Recommend does with them.
PRODUCT_CF_WEIGHT = 0.8
PRODUCT_POPULARITY = 0.2
PRODUCT_DIVERSITY = 0.3
PRODUCT_QUALITY = 0.5  # CINEMAI_QUALITY_WEIGHT, chosen with the quality variants below and the taste panel
QUALITY_WEIGHTS = (0.0, 0.3, 0.5, 1.0)
PRODUCT_GENRE = 0.4  # CINEMAI_GENRE_WEIGHT, chosen with the taste panel and the default-g* variants
GENRE_WEIGHTS = (0.0, 0.2, 0.4)
PRODUCT_CF_KIND = (
    "hybrid-ease"  # CINEMAI_CF_MODEL=ease: EASE neighbours (default-cooccurrence: the model before)
)

COLLABORATIVE_VARIANTS: tuple[Variant, ...] = (
    Variant(
        name="cooc-issue",
        label="item co-occurrence, every rated movie, cosine (the issue's prototype, no crowd rule)",
        kind="cooccurrence",
        params={"all_rated": 1, "user_log": 0, "min_support": 1},
    ),
    Variant(
        name="cooc", label="item co-occurrence, liked, cosine", kind="cooccurrence", params={"user_log": 0}
    ),
    Variant(name="cooc-log", label="item co-occurrence, liked, log user weighting", kind="cooccurrence"),
    *(
        Variant(
            name=f"hybrid{w:g}",
            label=f"hybrid, collaborative weight {w:g}",
            kind="hybrid",
            params={"cf_weight": w},
        )
        for w in (0.5, 0.8, 0.9)
    ),
    Variant(
        name="hybrid0.8-mmr0.3",
        label="hybrid 0.8 + MMR diversity 0.3",
        kind="hybrid",
        diversity=0.3,
        params={"cf_weight": 0.8},
    ),
    Variant(
        name="default",
        label=f"product default: hybrid {PRODUCT_CF_WEIGHT:g} + like-count prior {PRODUCT_POPULARITY:g} "
        f"+ quality {PRODUCT_QUALITY:g} + genre match {PRODUCT_GENRE:g} + MMR {PRODUCT_DIVERSITY:g}",
        kind=PRODUCT_CF_KIND,
        popularity_weight=PRODUCT_POPULARITY,
        quality_weight=PRODUCT_QUALITY,
        genre_weight=PRODUCT_GENRE,
        diversity=PRODUCT_DIVERSITY,
        params={"cf_weight": PRODUCT_CF_WEIGHT, "like_prior": 1},
    ),
    Variant(
        name="default-cooccurrence",
        label="product default with CINEMAI_CF_MODEL=cooccurrence (the co-occurrence neighbours before EASE)",
        kind="hybrid",
        popularity_weight=PRODUCT_POPULARITY,
        quality_weight=PRODUCT_QUALITY,
        genre_weight=PRODUCT_GENRE,
        diversity=PRODUCT_DIVERSITY,
        params={"cf_weight": PRODUCT_CF_WEIGHT, "like_prior": 1},
    ),
    # the default with another quality-prior weight (default-q0: no quality prior, genre match kept)
    *(
        Variant(
            name=f"default-q{q:g}",
            label=f"product default, quality weight {q:g}",
            kind=PRODUCT_CF_KIND,
            popularity_weight=PRODUCT_POPULARITY,
            quality_weight=q,
            genre_weight=PRODUCT_GENRE,
            diversity=PRODUCT_DIVERSITY,
            params={"cf_weight": PRODUCT_CF_WEIGHT, "like_prior": 1},
        )
        for q in QUALITY_WEIGHTS
        if q != PRODUCT_QUALITY
    ),
    # the default with another genre-match weight (default-g0-q0.3 is the default before the genre match)
    *(
        Variant(
            name=f"default-g{g:g}-q{q:g}",
            label=f"product default, genre match {g:g}, quality weight {q:g}",
            kind=PRODUCT_CF_KIND,
            popularity_weight=PRODUCT_POPULARITY,
            quality_weight=q,
            genre_weight=g,
            diversity=PRODUCT_DIVERSITY,
            params={"cf_weight": PRODUCT_CF_WEIGHT, "like_prior": 1},
        )
        for g in GENRE_WEIGHTS
        for q in (0.3, PRODUCT_QUALITY)
        if (g, q) != (PRODUCT_GENRE, PRODUCT_QUALITY)
    ),
    # the default with another minimum pair support k (CINEMAI_CF_MIN_SUPPORT)
    *(
        Variant(
            name=f"default-k{k}",
            label=f"product default, pairs need {k} supporting users",
            kind=PRODUCT_CF_KIND,
            popularity_weight=PRODUCT_POPULARITY,
            quality_weight=PRODUCT_QUALITY,
            genre_weight=PRODUCT_GENRE,
            diversity=PRODUCT_DIVERSITY,
            params={"cf_weight": PRODUCT_CF_WEIGHT, "like_prior": 1, "min_support": k},
        )
        for k in (1, 2, 10)
    ),
)

# Reference algorithms, each tuned on a validation hold-out carved from training (src/evaluation/peers.py)
PEER_VARIANTS: tuple[Variant, ...] = (
    Variant(name="peer-itemknn", label="peer: item kNN, cosine (liked)", kind="peer-itemknn"),
    Variant(name="peer-ease", label="peer: EASE (closed form)", kind="peer-ease"),
    Variant(name="peer-als", label="peer: implicit ALS (every rated movie)", kind="peer-als"),
    Variant(name="peer-bpr", label="peer: implicit BPR (every rated movie)", kind="peer-bpr"),
    Variant(
        name="peer-transitions",
        label="peer: transitions (what followed the user's most recent movies)",
        kind="peer-transitions",
    ),
    Variant(name="peer-blend", label="peer: EASE + transitions, per-user z-scores", kind="peer-blend"),
)


# The product's learned ranking (src/evaluation/product.py): EASE + transitions + content/priors
def product_variant(
    name: str, label: str, *, diversity: float = PRODUCT_DIVERSITY, **params: float
) -> Variant:
    base = {"ease_weight": 0.4, "transitions_weight": 0.4, "negative": 0.0, "like_prior": 1.0}
    return Variant(
        name=name,
        label=label,
        kind="product",
        popularity_weight=PRODUCT_POPULARITY,
        quality_weight=PRODUCT_QUALITY,
        diversity=diversity,
        params={**base, **params},
    )


LEARNED_VARIANTS: tuple[Variant, ...] = (
    product_variant("learned", "product: EASE 0.4 + transitions 0.4 + content/priors 0.2, MMR 0.3"),
    product_variant("learned-mmr0", "product learned, no MMR", diversity=0.0),
    product_variant("learned-mmr0.1", "product learned, MMR 0.1", diversity=0.1),
    product_variant("learned-neg", "product learned, ratings < 4 count −0.5", negative=-0.5),
    product_variant("learned-k1", "product learned, pairs need 1 person (no crowd rule)", min_support=1),
    product_variant(
        "learned-t0.5", "product learned, EASE 0.3 + transitions 0.5", ease_weight=0.3, transitions_weight=0.5
    ),
    product_variant(
        "learned-t0.6",
        "product learned, EASE 0.3 + transitions 0.6, MMR 0.1",
        ease_weight=0.3,
        transitions_weight=0.6,
        diversity=0.1,
    ),
    product_variant(
        "learned-t0.6-k1",
        "product learned, EASE 0.3 + transitions 0.6, MMR 0.1, transition pairs from 1 person",
        ease_weight=0.3,
        transitions_weight=0.6,
        diversity=0.1,
        transitions_support=1,
    ),
    product_variant(
        "learned-e0.5", "product learned, EASE 0.5 + transitions 0.3", ease_weight=0.5, transitions_weight=0.3
    ),
)

# The product with no other users: no collaborative model, the catalog's review counts as the prior
SINGLE_USER = Variant(
    name="single-user",
    label="product, single user (content + catalog prior + quality + MMR, no collaborative data)",
    popularity_weight=PRODUCT_POPULARITY,
    quality_weight=PRODUCT_QUALITY,
    diversity=PRODUCT_DIVERSITY,
)

DEFAULT_VARIANTS: tuple[Variant, ...] = (
    Variant(name="pop-train", label="popularity (ML train counts)", kind="popularity-train"),
    Variant(name="pop-catalog", label="popularity (catalog review count)", kind="popularity-catalog"),
    Variant(name="single", label="single weighted centroid", clustering="single"),
    Variant(name="alpha1", label="clustered softmax α=1", alpha=1.0),
    Variant(name="alpha5", label="clustered softmax α=5", alpha=5.0),
    Variant(name="alpha20", label="clustered softmax α=20", alpha=20.0),
    Variant(name="max", label=f"clustered max-similarity (α={MAX_ALPHA:g})", alpha=MAX_ALPHA),
    *(
        Variant(
            name=f"eager-{name}",
            label=f"clustered from {EAGER_MIN_LIKED} liked, {text}",
            clustering="eager",
            alpha=alpha,
        )
        for name, text, alpha in (("alpha1", "α=1", 1.0), ("alpha5", "α=5", 5.0), ("max", "max", MAX_ALPHA))
    ),
    Variant(name="alpha5-mmr0.1", label="α=5 + MMR diversity 0.1", diversity=0.1),
    Variant(name="alpha5-mmr0.3", label="α=5 + MMR diversity 0.3", diversity=0.3),
    Variant(name="like6", label="α=5, like threshold 6/10", like_threshold=6.0),
    Variant(name="like8", label="α=5, like threshold 8/10", like_threshold=8.0),
    Variant(name="alpha5-pop0.05", label="α=5 + popularity blend 0.05", popularity_weight=0.05),
    Variant(name="alpha5-pop0.1", label="α=5 + popularity blend 0.1", popularity_weight=0.1),
    Variant(name="alpha5-pop0.2", label="α=5 + popularity blend 0.2", popularity_weight=0.2),
    Variant(name="alpha5-pop0.4", label="α=5 + popularity blend 0.4", popularity_weight=0.4),
    *(
        Variant(
            name=f"alpha5-ipop{w:g}",
            label=f"α=5 + interaction-count prior {w:g}",
            kind="content-interactions",
            params={"weight": w},
        )
        for w in (0.1, 0.4, 1.0)
    ),
    Variant(
        name="single-pop0.2",
        label="single centroid + popularity blend 0.2",
        clustering="single",
        popularity_weight=0.2,
    ),
    *COLLABORATIVE_VARIANTS,
    SINGLE_USER,
    *PEER_VARIANTS,
    *LEARNED_VARIANTS,
)

# `--variants quality`: the rows of the quality page (docs/quality.md)
PRESETS: Mapping[str, tuple[str, ...]] = {
    "quality": ("pop-train", *(v.name for v in PEER_VARIANTS), "default", "learned-t0.5", "single-user"),
    "learned": tuple(v.name for v in LEARNED_VARIANTS),
}


def select_variants(names: str | None, available: Sequence[Variant] = DEFAULT_VARIANTS) -> list[Variant]:
    """The variants named in a comma-separated list, in that order (all of them for None or "all"; a
    preset name such as "quality" stands for its variants).
    Raises InvalidInputError naming the unknown ones and listing the known names."""
    if names is None or names.strip() in {"", "all"}:
        return list(available)
    by_name = {v.name: v for v in available}
    wanted = [w for n in names.split(",") if n.strip() for w in PRESETS.get(n.strip(), (n.strip(),))]
    unknown = [n for n in wanted if n not in by_name]
    if unknown:
        raise InvalidInputError(f"unknown variant(s) {', '.join(unknown)}; known: {', '.join(by_name)}")
    return [by_name[n] for n in dict.fromkeys(wanted)]

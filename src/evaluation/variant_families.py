"""Families of harness variants: the collaborative and hybrid rows, the reference peers, the product's
learned ranking and the single-user product (listed in the registry, variants.py)."""

from __future__ import annotations

from src.evaluation.variant import (
    GENRE_WEIGHTS,
    PRODUCT_COLLABORATIVE_KIND,
    PRODUCT_COLLABORATIVE_WEIGHT,
    PRODUCT_DIVERSITY,
    PRODUCT_GENRE,
    PRODUCT_POPULARITY,
    PRODUCT_QUALITY,
    QUALITY_WEIGHTS,
    Variant,
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
            params={"collaborative_weight": w},
        )
        for w in (0.5, 0.8, 0.9)
    ),
    Variant(
        name="hybrid0.8-mmr0.3",
        label="hybrid 0.8 + MMR diversity 0.3",
        kind="hybrid",
        diversity=0.3,
        params={"collaborative_weight": 0.8},
    ),
    Variant(
        name="default-hybrid",
        label=f"CINEMAI_SIGNAL_BLEND=hybrid (the default before): hybrid {PRODUCT_COLLABORATIVE_WEIGHT:g} + like-count prior {PRODUCT_POPULARITY:g} "
        f"+ quality {PRODUCT_QUALITY:g} + genre match {PRODUCT_GENRE:g} + MMR {PRODUCT_DIVERSITY:g}",
        kind=PRODUCT_COLLABORATIVE_KIND,
        popularity_weight=PRODUCT_POPULARITY,
        quality_weight=PRODUCT_QUALITY,
        genre_weight=PRODUCT_GENRE,
        diversity=PRODUCT_DIVERSITY,
        params={"collaborative_weight": PRODUCT_COLLABORATIVE_WEIGHT, "like_prior": 1},
    ),
    Variant(
        name="default-cooccurrence",
        label="hybrid default with CINEMAI_CF_MODEL=cooccurrence (the co-occurrence neighbours before EASE)",
        kind="hybrid",
        popularity_weight=PRODUCT_POPULARITY,
        quality_weight=PRODUCT_QUALITY,
        genre_weight=PRODUCT_GENRE,
        diversity=PRODUCT_DIVERSITY,
        params={"collaborative_weight": PRODUCT_COLLABORATIVE_WEIGHT, "like_prior": 1},
    ),
    # the default with another quality-prior weight (default-q0: no quality prior, genre match kept)
    *(
        Variant(
            name=f"default-q{q:g}",
            label=f"hybrid default, quality weight {q:g}",
            kind=PRODUCT_COLLABORATIVE_KIND,
            popularity_weight=PRODUCT_POPULARITY,
            quality_weight=q,
            genre_weight=PRODUCT_GENRE,
            diversity=PRODUCT_DIVERSITY,
            params={"collaborative_weight": PRODUCT_COLLABORATIVE_WEIGHT, "like_prior": 1},
        )
        for q in QUALITY_WEIGHTS
        if q != PRODUCT_QUALITY
    ),
    # the default with another genre-match weight (default-g0-q0.3 is the default before the genre match)
    *(
        Variant(
            name=f"default-g{g:g}-q{q:g}",
            label=f"hybrid default, genre match {g:g}, quality weight {q:g}",
            kind=PRODUCT_COLLABORATIVE_KIND,
            popularity_weight=PRODUCT_POPULARITY,
            quality_weight=q,
            genre_weight=g,
            diversity=PRODUCT_DIVERSITY,
            params={"collaborative_weight": PRODUCT_COLLABORATIVE_WEIGHT, "like_prior": 1},
        )
        for g in GENRE_WEIGHTS
        for q in (0.3, PRODUCT_QUALITY)
        if (g, q) != (PRODUCT_GENRE, PRODUCT_QUALITY)
    ),
    # the default with another minimum pair support k (CINEMAI_CF_MIN_SUPPORT)
    *(
        Variant(
            name=f"default-k{k}",
            label=f"hybrid default, pairs need {k} supporting users",
            kind=PRODUCT_COLLABORATIVE_KIND,
            popularity_weight=PRODUCT_POPULARITY,
            quality_weight=PRODUCT_QUALITY,
            genre_weight=PRODUCT_GENRE,
            diversity=PRODUCT_DIVERSITY,
            params={"collaborative_weight": PRODUCT_COLLABORATIVE_WEIGHT, "like_prior": 1, "min_support": k},
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

"""The product's default rows (CINEMAI_SIGNAL_BLEND=learned, src/evaluation/product.py) and the variants
around it: other signal weights, priors, MMR, and the LambdaMART ranker (src/evaluation/ltr.py)."""

from __future__ import annotations

from dataclasses import replace

from src.evaluation.variant import (
    PRODUCT_DIVERSITY,
    PRODUCT_GENRE,
    PRODUCT_POPULARITY,
    PRODUCT_QUALITY,
    SERVICE_DEFAULTS,
    Variant,
)

# The product's default: CINEMAI_SIGNAL_BLEND=learned with the service's settings (read from Settings):
# EASE λ CINEMAI_CF_EASE_LAMBDA over every rated film, CINEMAI_CF_NEIGHBOURS, CINEMAI_CF_MIN_SUPPORT,
# transitions window CINEMAI_TRANSITIONS_WINDOW, the CINEMAI_TRANSITIONS_RECENT latest at decay
# CINEMAI_TRANSITIONS_DECAY, weights CINEMAI_COLLABORATIVE_WEIGHT / CINEMAI_TRANSITIONS_WEIGHT, per-user
# z-scores, EASE's recency floor CINEMAI_CF_RECENCY_FLOOR, the popularity penalty
# CINEMAI_SIGNAL_POPULARITY_PENALTY; chosen on the validation hold-out by `default-tuned` (src/evaluation/tuning.py)
PRODUCT_SIGNALS = {
    "zscore": 1.0,
    "ease_weight": float(SERVICE_DEFAULTS["collaborative_weight"]),
    "transitions_weight": float(SERVICE_DEFAULTS["transitions_weight"]),
    "lambda": float(SERVICE_DEFAULTS["collaborative_ease_lambda"]),
    "window": float(SERVICE_DEFAULTS["transitions_window"]),
    "decay": float(SERVICE_DEFAULTS["transitions_decay"]),
    "recent": float(SERVICE_DEFAULTS["transitions_recent"]),
    "neighbours": float(SERVICE_DEFAULTS["collaborative_neighbours"]),
    "min_support": float(SERVICE_DEFAULTS["collaborative_min_support"]),
    "negative": 0.0,
    "like_prior": 1.0,
    "recency_floor": float(SERVICE_DEFAULTS["collaborative_recency_floor"]),
    "popularity_penalty": float(SERVICE_DEFAULTS["signal_popularity_penalty"]),
}


def product_default(
    name: str,
    label: str,
    *,
    diversity: float = PRODUCT_DIVERSITY,
    popularity: float = PRODUCT_POPULARITY,
    quality: float = PRODUCT_QUALITY,
    **params: float,
) -> Variant:
    return Variant(
        name=name,
        label=label,
        kind="product",
        popularity_weight=popularity,
        quality_weight=quality,
        genre_weight=PRODUCT_GENRE,
        diversity=diversity,
        params={**PRODUCT_SIGNALS, **params},
    )


PRODUCT_DEFAULTS: tuple[Variant, ...] = (
    # the default with its weights chosen on the validation hold-out (src/evaluation/tuning.py): its note
    # prints the chosen point, which the service's settings are set to
    replace(
        product_default("default-tuned", "product default, weights chosen on the validation hold-out"),
        kind="product-tuned",
    ),
    product_default(
        "default",
        f"product default: EASE {PRODUCT_SIGNALS['ease_weight']:g} + transitions "
        f"{PRODUCT_SIGNALS['transitions_weight']:g} (per-user z-scores) + content/like-count prior "
        f"{PRODUCT_POPULARITY:g}/quality {PRODUCT_QUALITY:g}/genre {PRODUCT_GENRE:g} + MMR {PRODUCT_DIVERSITY:g}",
    ),
    product_default(
        "default-e0.3-t0.5",
        "product default, EASE 0.3 + transitions 0.5 (within noise on MovieLens; weaker for undated histories)",
        ease_weight=0.3,
        transitions_weight=0.5,
    ),
    product_default("default-mmr0.1", "product default, MMR 0.1", diversity=0.1),
    product_default("default-pop0", "product default, no popularity prior", popularity=0.0),
    product_default(
        "default-e0.3-t0.5-pop0",
        "product default, EASE 0.3 + transitions 0.5, no popularity prior",
        ease_weight=0.3,
        transitions_weight=0.5,
        popularity=0.0,
    ),
    *(
        product_default(
            f"default-e{e:g}-t{t:g}-q{q:g}-pop0",
            f"product default, EASE {e:g} + transitions {t:g}, quality {q:g}, no popularity prior",
            ease_weight=e,
            transitions_weight=t,
            quality=q,
            popularity=0.0,
        )
        for e, t, q in ((0.3, 0.5, 0.0), (0.3, 0.6, 0.5), (0.4, 0.5, 0.5), (0.3, 0.5, 0.2), (0.3, 0.6, 0.0))
    ),
    product_default("default-ltr", "product default reordered by LambdaMART (CINEMAI_RANKER_MODEL)", ltr=1.0),
    product_default(
        "default-ltr-mmr0", "product default reordered by LambdaMART, no MMR", ltr=1.0, diversity=0.0
    ),
    product_default(
        "default-e0.3-t0.5-ltr",
        "product default, EASE 0.3 + transitions 0.5, reordered by LambdaMART",
        ease_weight=0.3,
        transitions_weight=0.5,
        ltr=1.0,
    ),
    product_default("default-mmr0", "product default, no MMR", diversity=0.0),
    # what each part of issue 15's accuracy work earns, one at a time
    product_default("default-recency1", "product default, EASE without recency weights (floor 1)", recency_floor=1.0),
    product_default("default-penalty0", "product default, no popularity penalty", popularity_penalty=0.0),
    *(
        product_default(f"default-l{lam:g}", f"product default, EASE λ {lam:g}", **{"lambda": lam})
        for lam in (100.0, 500.0)
    ),
    product_default(
        "default-support1",
        "product default without the k-anonymity rule (pairs from a single person count): NOT for production",
        min_support=1.0,
    ),
)

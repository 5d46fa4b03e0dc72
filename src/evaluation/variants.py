"""The registry of the variants one harness run compares, as data (DEFAULT_VARIANTS, PRESETS). A variant
names a ranker `kind` (see rankers.py) and its parameters (variant.py); new kinds add a ranker and rows here
or in a family of variant_families.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from src.domain.errors import InvalidInputError
from src.evaluation.product_variants import PRODUCT_DEFAULTS
from src.evaluation.variant import EAGER_MIN_LIKED as EAGER_MIN_LIKED
from src.evaluation.variant import MAX_ALPHA, Variant
from src.evaluation.variant_families import (
    COLLABORATIVE_VARIANTS,
    LEARNED_VARIANTS,
    PEER_VARIANTS,
    SINGLE_USER,
)

__all__ = ["DEFAULT_VARIANTS", "EAGER_MIN_LIKED", "PRESETS", "Variant", "select_variants"]

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
    *PRODUCT_DEFAULTS,
    *COLLABORATIVE_VARIANTS,
    SINGLE_USER,
    *PEER_VARIANTS,
    *LEARNED_VARIANTS,
)

# `--variants quality`: the rows of the quality page (docs/quality.md)
PRESETS: Mapping[str, tuple[str, ...]] = {
    "quality": (
        "pop-train",
        *(v.name for v in PEER_VARIANTS),
        "default",
        "default-tuned",
        "default-recency1",
        "default-penalty0",
        "default-support1",
        "single-user",
    ),
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

"""The results of a run as markdown: a header saying what was measured, one table row per variant,
and the best variant against the popularity baseline."""

from __future__ import annotations

from src.evaluation.metrics import Estimate
from src.evaluation.results import EvaluationResult, VariantResult

BASELINES = ("pop-train", "pop-catalog")  # the first one present is the reference for ratios


def baseline_name(result: EvaluationResult) -> str | None:
    return next((b for b in BASELINES if result.variant(b) is not None), None)


def best_variant(result: EvaluationResult, metric: str = "ndcg") -> VariantResult:
    """The variant with the highest mean of `metric` (first listed on ties)."""
    return max(result.variants, key=lambda v: v.estimates[metric].mean)


def markdown_table(result: EvaluationResult) -> str:
    k, base = result.k, baseline_name(result)
    header = (
        f"| variant | NDCG@{k} | HR@{k} | MRR | Recall@{k} | coverage | ILD | novelty (mean pop. rank) "
        f"| HR@{k} ÷ {base or 'baseline'} | s |"
    )
    lines = [header, "|" + "---|" * 10]
    for v in result.variants:
        e = v.estimates
        ratio = result.ratio(v.variant.name, base, "hit") if base else None
        lines.append(
            f"| {v.variant.label} (`{v.variant.name}`) | {e['ndcg'].format()} | {e['hit'].format()} "
            f"| {e['mrr'].format()} | {e['recall'].format()} | {v.coverage:.3f} | {e['ild'].mean:.3f} "
            f"| {e['novelty'].mean:.0f} | {_ratio(ratio)} | {v.seconds:.0f} |"
        )
    return "\n".join(lines)


def markdown_report(result: EvaluationResult, command: str, wall_seconds: float) -> str:
    r = result
    lines = [
        f"# Evaluation: {r.dataset}, leave-last-liked-out",
        "",
        f"- Command: `{command}`",
        f"- Wall time: {wall_seconds:.0f} s (load+map {r.timings.get('load_and_map', 0):.0f} s, "
        f"embed {r.timings.get('embed', 0):.0f} s, evaluate {r.timings.get('evaluate', 0):.0f} s)",
        f"- Embeddings: {r.embedding_model}; ratings {r.rating_scale}",
        f"- Catalog mapping ({r.mapping}): {r.items_mapped} of {r.items_total} items "
        f"({r.items_mapped / max(r.items_total, 1):.1%}) → {r.catalog_size} distinct catalog movies "
        "(the candidate universe)",
        f"- Users: {r.users_evaluated} evaluated of {r.users_eligible} eligible ({r.users_total} in the "
        f"data); held out: the last {r.holdout} liked (rating ≥ {r.threshold:g}/10) catalog movie(s) by "
        "timestamp, ties by item id; "
        + (
            "training (product and peers alike): only what each user rated before the held-out like; "
            "candidates: every catalog movie the user had not rated by then"
            if r.temporal
            else "training: every other rating, later ones included; candidates: every catalog movie "
            "the user has not rated"
        ),
        f"- Profiles (users per clustering outcome): {_algorithms(r)}",
        f"- Metrics @{r.k}; intervals: 95% percentile bootstrap over users ({r.resamples} resamples, "
        f"seed {r.seed}, paired across variants); coverage = share of the {r.catalog_size} movies in any "
        "top list; ILD = mean pairwise cosine distance in a list; novelty = mean popularity rank of "
        "recommended movies by training rating count (1 = most rated; higher = more novel)",
        "",
        markdown_table(r),
        "",
        *verdict(r),
        *_notes(r),
    ]
    return "\n".join(lines) + "\n"


def verdict(result: EvaluationResult) -> list[str]:
    """The best variant on NDCG@k, and the best non-baseline one against the popularity baseline."""
    best, base, k = best_variant(result), baseline_name(result), result.k
    lines = [
        f"Best on NDCG@{k}: **{best.variant.label}** (`{best.variant.name}`), {best.estimates['ndcg'].format()}."
    ]
    content = [v for v in result.variants if v.variant.name not in BASELINES]
    if base is not None and content:
        top = max(content, key=lambda v: v.estimates["ndcg"].mean)
        lines.append(
            f"Best non-popularity variant: **{top.variant.label}** (`{top.variant.name}`): "
            f"NDCG@{k} × {base} {_ratio(result.ratio(top.variant.name, base, 'ndcg'))}, "
            f"HR@{k} × {base} {_ratio(result.ratio(top.variant.name, base, 'hit'))}."
        )
    return lines


def _notes(result: EvaluationResult) -> list[str]:
    """What the rankers chose (peers: hyperparameters picked on the validation hold-out)."""
    noted = [v for v in result.variants if v.note]
    if not noted:
        return []
    return [
        "",
        "Chosen on the validation hold-out (each user's last liked movie in training, training cut "
        "before it; the test item never seen):",
        "",
        *(f"- `{v.variant.name}`: {v.note}" for v in noted),
    ]


def _algorithms(result: EvaluationResult) -> str:
    parts = []
    for key, counts in result.profile_algorithms.items():
        parts.append(f"{key}: " + ", ".join(f"{n} {name}" for name, n in sorted(counts.items())))
    return "; ".join(parts) or "none built"


def _ratio(e: Estimate | None) -> str:
    if e is None or e.mean != e.mean:  # NaN: the baseline never hit
        return "n/a"
    return f"{e.mean:.2f}× [{e.low:.2f}, {e.high:.2f}]"

"""The evaluation chart: one horizontal bar panel per metric, a row per variant, matplotlib (Agg)."""

from __future__ import annotations

import io
import threading

from src.evaluation.results import EvaluationResult, ResultsChart

_lock = threading.Lock()  # pyplot's state machine is not thread-safe
_PANELS = (("ndcg", "NDCG@{k}"), ("hit", "HitRate@{k}"), ("mrr", "MRR"), ("ild", "intra-list diversity"))


class MatplotlibResultsChart(ResultsChart):
    """Accuracy panels carry 95% bootstrap error bars; the last panels show catalog coverage and
    novelty (mean popularity rank). Baselines are drawn grey."""

    def __init__(self, dpi: int = 110) -> None:
        self._dpi = dpi

    def render(self, result: EvaluationResult) -> bytes:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        variants = result.variants
        labels = [v.variant.name for v in variants]
        colors = ["#9e9e9e" if v.variant.kind.startswith("popularity") else "#3f6fb5" for v in variants]
        ys = list(range(len(variants)))[::-1]
        with _lock:
            fig, axes = plt.subplots(
                1, len(_PANELS) + 2, figsize=(20, 1.2 + 0.38 * len(variants)), sharey=True
            )
            try:
                for ax, (metric, title) in zip(axes, _PANELS, strict=False):
                    means = [v.estimates[metric].mean for v in variants]
                    errors = [
                        [m - v.estimates[metric].low for m, v in zip(means, variants, strict=True)],
                        [v.estimates[metric].high - m for m, v in zip(means, variants, strict=True)],
                    ]
                    ax.barh(ys, means, xerr=errors, color=colors, capsize=2)
                    ax.set_title(title.format(k=result.k))
                axes[-2].barh(ys, [v.coverage for v in variants], color=colors)
                axes[-2].set_title("catalog coverage")
                axes[-1].barh(ys, [v.estimates["novelty"].mean for v in variants], color=colors)
                axes[-1].set_title("novelty (mean pop. rank)")
                axes[0].set_yticks(ys, labels)
                for ax in axes:
                    ax.grid(axis="x", alpha=0.3)
                fig.suptitle(
                    f"{result.dataset}: leave-last-liked-out, {result.users_evaluated} users, "
                    f"{result.catalog_size} movies, {result.embedding_model}"
                )
                fig.tight_layout()
                buffer = io.BytesIO()
                fig.savefig(buffer, format="png", dpi=self._dpi)
            finally:
                plt.close(fig)
        return buffer.getvalue()

"""The taste map: liked movies projected to 2-D by PCA, coloured by cluster, with labelled centroids."""

from __future__ import annotations

import io
import threading

import numpy as np

from src.application.ports.plotting import ProfileMapRenderer
from src.domain.profile import TasteProfile
from src.domain.taste_map import project

_lock = threading.Lock()  # pyplot's state machine is not thread-safe


class MatplotlibProfileMap(ProfileMapRenderer):
    def __init__(self, *, max_titles: int = 40, dpi: int = 110) -> None:
        self._max_titles = max_titles
        self._dpi = dpi

    def render(self, profile: TasteProfile) -> bytes:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        points, centroids = project(profile)
        labels = np.array([m.cluster_id for m in profile.liked])
        with _lock:
            fig, ax = plt.subplots(figsize=(10, 7))
            try:
                cmap = plt.get_cmap("tab10")
                for c in profile.clusters:
                    mask = labels == c.id
                    color = cmap(c.id % 10)
                    ax.scatter(
                        points[mask, 0],
                        points[mask, 1],
                        s=28,
                        alpha=0.7,
                        color=color,
                        label=f"{_plain(c.label)} ({c.weight:.0%})",
                    )
                    ax.scatter(
                        [centroids[c.id, 0]],
                        [centroids[c.id, 1]],
                        s=260,
                        marker="*",
                        color=color,
                        edgecolor="black",
                        zorder=3,
                    )
                weights = np.array([m.weight for m in profile.liked])
                for i in np.argsort(-weights)[: self._max_titles]:
                    ax.annotate(
                        _plain(profile.liked[i].title[:28]),
                        points[i],
                        fontsize=7,
                        alpha=0.8,
                        xytext=(3, 3),
                        textcoords="offset points",
                    )
                ax.set_title(
                    f"Your taste map: {profile.liked_count} liked movies, {len(profile.clusters)} clusters"
                )
                ax.set_xticks([])
                ax.set_yticks([])
                ax.legend(loc="best", fontsize=8, framealpha=0.85)
                buffer = io.BytesIO()
                fig.savefig(buffer, format="png", dpi=self._dpi, bbox_inches="tight")
            finally:
                plt.close(fig)
        return buffer.getvalue()


def _plain(text: str) -> str:
    """User text drawn literally: an unescaped `$` would start matplotlib mathtext, and a title such as
    `$\\foo$` would then fail the whole render."""
    return text.replace("$", r"\$")

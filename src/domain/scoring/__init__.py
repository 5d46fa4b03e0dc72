"""The recommendation maths, in one room (pure numpy, no I/O):

- similarity.py: cosine, the softmax over taste clusters, MMR, list diversity;
- priors.py: log popularity, quality, the cold-start rule;
- watched.py: WatchedSet (from history and feedback) and watched removal;
- collaborative.py: what a profile's liked movies vouch for through stored neighbour lists;
- signals.py: learned item signals (EASE over everything rated, transitions from the latest watches);
- blend.py: score_candidates, the blend of all of the above into one score per candidate.

The package re-exports similarity's names, which the rest of the code imported from here before."""

from src.domain.scoring.similarity import (
    FloatArray,
    best_clusters,
    cosine_matrix,
    intra_list_diversity,
    mmr_order,
    normalize_rows,
    softmax_cluster_scores,
    weighted_cluster_scores,
)

__all__ = [
    "FloatArray",
    "best_clusters",
    "cosine_matrix",
    "intra_list_diversity",
    "mmr_order",
    "normalize_rows",
    "softmax_cluster_scores",
    "weighted_cluster_scores",
]

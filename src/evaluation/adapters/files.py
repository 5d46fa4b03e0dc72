"""The files one evaluation run leaves in the reports folder: <stem>.md, .png, .json and .npz."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from src.evaluation.adapters.chart import MatplotlibResultsChart
from src.evaluation.results import EvaluationResult


def write_report_files(
    result: EvaluationResult, stem: Path, markdown: str, *, command: str, wall_seconds: float
) -> list[Path]:
    """The markdown report, the chart, a JSON summary (estimates, settings, timings) and the per-user
    metric values (`<variant>.<metric>` arrays, users in the same order for every variant, so any two
    variants can be compared pairwise after the run). Returns the paths written."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(s) for s in (".md", ".png", ".json", ".npz")]
    paths[0].write_text(markdown, encoding="utf-8")
    paths[1].write_bytes(MatplotlibResultsChart().render(result))
    summary = {"command": command, "wall_seconds": round(wall_seconds, 1), **result.summary()}
    paths[2].write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
    per_user: dict[str, Any] = {
        f"{v.variant.name}.{metric}": values for v in result.variants for metric, values in v.values.items()
    }
    np.savez_compressed(paths[3], **per_user)
    return paths

"""The models compared offline and their report as a text table, shared by the command and the benchmarks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .als import ALSRecommender
from .evaluation import BASELINE, ModelFactory
from .metrics import metric_names
from .sequential import SequentialBlendRecommender


def default_factories(
    als_params: Mapping[str, Any] | None = None, blend_params: Mapping[str, Any] | None = None
) -> dict[str, ModelFactory]:
    """ALS and the sequence-aware blend at their defaults (the blend's were tuned on MovieLens)."""
    als = dict(als_params or {})
    blend = dict(blend_params or {})
    return {
        ALSRecommender.kind: lambda: ALSRecommender(**als),
        SequentialBlendRecommender.kind: lambda: SequentialBlendRecommender(**blend),
    }


def means(report: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """``{model or "baseline": {metric: mean}}`` from an ``evaluate_models`` report."""
    return {name: dict(value["mean"]) for name, value in report.items() if isinstance(value, dict)}


def format_table(report: Mapping[str, Any], k: int = 25, metrics: Sequence[str] | None = None) -> str:
    """Metrics as rows (``metrics``, else Personalize's at ``k``), models as columns (baseline last);
    ``mean ± std`` when there were several folds; a last row of seconds per fit where reported."""
    models = [name for name, value in report.items() if isinstance(value, dict) and name != BASELINE]
    if BASELINE in report:
        models.append(BASELINE)
    show_std = any(report[name].get("folds", 1) > 1 for name in models)

    def cell(name: str, metric: str) -> str:
        mean = report[name]["mean"][metric]
        return f"{mean:.4f} ± {report[name]['std'][metric]:.4f}" if show_std else f"{mean:.4f}"

    names = list(metrics) if metrics is not None else metric_names(k)
    rows = [["metric", *models]] + [[metric, *(cell(name, metric) for name in models)] for metric in names]
    if all("fit_seconds" in report[name] for name in models):
        rows.append(["fit seconds", *(f"{report[name]['fit_seconds']:.1f}" for name in models)])
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(value.ljust(widths[i]) if i == 0 else value.rjust(widths[i]) for i, value in enumerate(row))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)

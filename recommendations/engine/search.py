"""Hyperparameter search on the offline protocol, choosing by NDCG@10."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import EngineModel
from .evaluation import evaluate_models
from .interactions import Interactions
from .metrics import NDCG_AT_10

SELECTION_METRIC = NDCG_AT_10


@dataclass(frozen=True)
class Range:
    """A continuous (or whole-number) interval to sample a hyperparameter from, log-scale by default.

    Regularisation, learning rates and neighbour counts matter by their order of magnitude, so a
    log-uniform draw spends as many trials between 10 and 100 as between 100 and 1000.
    """

    low: float
    high: float
    log: bool = True
    integer: bool = False

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"a range needs low < high, got {self.low} and {self.high}")
        if self.log and self.low <= 0:
            raise ValueError("a log-scale range needs a positive low end")

    def sample(self, rng: np.random.Generator) -> float | int:
        if self.log:
            value = float(np.exp(rng.uniform(np.log(self.low), np.log(self.high))))
        else:
            value = float(rng.uniform(self.low, self.high))
        if self.integer:
            return int(min(max(round(value), math.ceil(self.low)), math.floor(self.high)))
        # Three significant figures: a stored parameter reads 347.0, not 347.21883106.
        return float(f"{value:.3g}")


def parameter_grid(space: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the listed values, in a stable order."""
    names = sorted(space)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*(space[n] for n in names))]


def search_hyperparameters(
    build: Callable[..., EngineModel],
    space: Mapping[str, Sequence[Any]],
    data: Interactions,
    *,
    n_trials: int | None = None,
    folds: int = 1,
    seed: int = 42,
    k: int = 25,
    metric: str = SELECTION_METRIC,
    fixed: Mapping[str, Any] | None = None,
    on_trial: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Grid search over ``space`` (or ``n_trials`` random combinations of it, seeded) of ``build(**params)``.

    ``space`` maps constructor arguments to candidate values, e.g. ``{"factors": [32, 64],
    "regularization": [0.01, 0.1], "alpha": [1, 5], "iterations": [15], "half_life_days": [None, 30]}``;
    ``fixed`` arguments are passed to every trial. Each trial is scored on the same folds.

    To keep the final test events unseen, tune on ``split.drop_newest(data)`` and report on the full data.

    Returns ``{"best_params": dict, "best_score": float, "metric": str, "trials": [{"params": dict,
    "metrics": {metric: mean}, "std": {metric: std}}, ...]}`` with trials best first.
    """
    combinations = parameter_grid(space)
    if n_trials is not None and n_trials < len(combinations):
        chosen = np.random.default_rng(seed).choice(len(combinations), size=n_trials, replace=False)
        combinations = [combinations[i] for i in sorted(chosen)]
    trials = []
    for params in combinations:
        arguments = {**(fixed or {}), **params}
        report = evaluate_models(
            {"trial": lambda arguments=arguments: build(**arguments)},
            data,
            folds=folds,
            seed=seed,
            k=k,
            baseline=False,
        )
        trial = {"params": params, "metrics": report["trial"]["mean"], "std": report["trial"]["std"]}
        if metric not in trial["metrics"]:
            raise ValueError(f"unknown metric {metric!r}")
        trials.append(trial)
        if on_trial is not None:
            on_trial(trial)
    if not trials:
        raise ValueError("empty search space")
    # Stable sort: among equal scores the earlier (grid-order) trial wins, reproducibly.
    trials.sort(key=lambda trial: -trial["metrics"][metric])
    return {
        "best_params": {**(fixed or {}), **trials[0]["params"]},
        "best_score": trials[0]["metrics"][metric],
        "metric": metric,
        "trials": trials,
    }

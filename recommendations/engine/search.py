"""Hyperparameter search on the offline protocol, choosing by NDCG@10."""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import EngineModel
from .evaluation import recommend_for_fold
from .interactions import Interactions
from .metrics import NDCG_AT_10, evaluate_rankings
from .split import Fold, iter_folds

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


Space = Mapping[str, "Sequence[Any] | Range"]
# A trial whose first fold scores below this share of the best first fold so far is stopped there:
# the remaining folds would cost a fit each and could not lift it to the top.
PRUNE_BELOW = 0.9
DEFAULT_RANDOM_TRIALS = 20
# Share of a random search's trials spent near the best trial so far instead of anywhere: a few
# random draws rarely land where four parameters are all right at once (EASE on MovieLens: 24
# random draws found nothing beyond its defaults, while the region around a good draw held +5%).
REFINE_SHARE = 0.5
# A search replaces the settings in use only when it beats them by this share on validation: a
# smaller gain is within one validation split's noise, and adopting noise moves settings at random.
MIN_GAIN = 0.005


def parameter_grid(space: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the listed values, in a stable order."""
    names = sorted(space)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*(space[n] for n in names))]


def parameter_samples(space: Space, n_trials: int, seed: int = 42) -> list[dict[str, Any]]:
    """``n_trials`` distinct random combinations: a ``Range`` is sampled, a list is chosen from.

    A space of lists only, no larger than ``n_trials``, is its whole grid.
    """
    if all(not isinstance(values, Range) for values in space.values()):
        grid = parameter_grid(space)
        if len(grid) <= n_trials:
            return grid
        chosen = np.random.default_rng(seed).choice(len(grid), size=n_trials, replace=False)
        return [grid[i] for i in sorted(chosen)]
    rng = np.random.default_rng(seed)
    names = sorted(space)
    samples: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _ in range(n_trials * 20):  # bounded: a tiny discrete space may have fewer distinct draws
        if len(samples) == n_trials:
            break
        params = {}
        for name in names:
            values = space[name]
            params[name] = values.sample(rng) if isinstance(values, Range) else values[rng.integers(len(values))]
        key = repr(sorted(params.items()))
        if key not in seen:
            seen.add(key)
            samples.append(params)
    return samples


def parameter_neighbour(space: Space, base: Mapping[str, Any], rng: np.random.Generator, spread: float) -> dict:
    """``base`` moved a little in every dimension: a log ``Range`` by a factor of about
    ``(high / low) ** spread``, a linear one by ``spread`` of its width, a list to another of its
    values now and then; always inside the space."""
    params: dict[str, Any] = {}
    for name in sorted(space):
        values, current = space[name], base.get(name)
        if not isinstance(values, Range):
            keep = current in values and rng.random() >= 0.3
            params[name] = current if keep else values[rng.integers(len(values))]
            continue
        if current is None or isinstance(current, bool):
            params[name] = values.sample(rng)
            continue
        if values.log:
            moved = float(current) * float(np.exp(rng.normal(0.0, spread * np.log(values.high / values.low))))
        else:
            moved = float(current) + rng.normal(0.0, spread * (values.high - values.low))
        moved = min(max(moved, values.low), values.high)
        params[name] = round(moved) if values.integer else float(f"{moved:.3g}")
    return params


def search_hyperparameters(
    build: Callable[..., EngineModel],
    space: Space,
    data: Interactions | None,
    *,
    n_trials: int | None = None,
    folds: int = 1,
    seed: int = 42,
    k: int = 25,
    metric: str = SELECTION_METRIC,
    fixed: Mapping[str, Any] | None = None,
    on_trial: Callable[[dict[str, Any]], None] | None = None,
    splits: Sequence[Fold] | None = None,
    start_trial: bool = False,
    prune_below: float | None = PRUNE_BELOW,
    refine_share: float = REFINE_SHARE,
) -> dict[str, Any]:
    """Search ``space`` for the ``build(**params)`` that scores best by ``metric``.

    ``space`` maps constructor arguments to a list of values or a ``Range``, e.g. ``{"factors":
    Range(16, 256, integer=True), "regularization": Range(1e-3, 10), "half_life_days": [None, 30]}``.
    A space of lists is searched as a grid (or ``n_trials`` combinations of it); one with ranges by
    ``n_trials`` seeded random draws (default 20). ``fixed`` arguments go to every trial; with
    ``start_trial`` the first trial is ``fixed`` alone (the settings in use), so the search reports
    whether it found anything better; it stays the best unless a trial beats it by ``MIN_GAIN``
    (``trials`` are still listed best first). With ranges, the last ``refine_share`` of the trials are
    neighbours of the best trial so far (``parameter_neighbour``), each step a little closer.

    Every trial is scored on the same folds: ``splits`` when given (any protocol's folds), else
    Personalize's protocol on ``data`` with ``folds`` folds. To keep final test events unseen, tune on
    ``split.drop_newest(data)`` or on the training part of a split. With several folds a trial whose
    first fold scores below ``prune_below`` of the best first fold so far is stopped (``"pruned":
    True``) and ranked by that fold alone.

    Returns ``{"best_params": dict, "best_score": float, "metric": str, "trials": [{"params": dict,
    "metrics": {metric: mean}, "std": {metric: std}, "folds": int, "pruned": bool, "seconds":
    float}, ...]}`` with trials best first (pruned ones last).
    """
    if splits is None:
        if data is None:
            raise ValueError("give the data or its splits")
        splits = [fold for fold in iter_folds(data, folds, seed) if fold.relevant.nnz]
    if not splits:
        raise ValueError("no user has enough interactions to tune on (each needs at least 2)")
    n_refine = 0
    if n_trials is None and all(not isinstance(v, Range) for v in space.values()):
        combinations = parameter_grid(space)
    else:
        total = DEFAULT_RANDOM_TRIALS if n_trials is None else n_trials
        if any(isinstance(v, Range) for v in space.values()):
            n_refine = int(total * refine_share)
        combinations = parameter_samples(space, total - n_refine, seed)
    if start_trial:
        combinations = [{}, *combinations]
    trials: list[dict[str, Any]] = []
    seen = {repr(sorted(params.items())) for params in combinations}
    best_first = -np.inf
    neighbours = np.random.default_rng(seed + 1)

    def run(params: dict[str, Any]) -> None:
        nonlocal best_first
        arguments = {**(fixed or {}), **params}
        trial = _trial(lambda: build(**arguments), splits, k, metric, best_first, prune_below)
        trial = {"params": params, **trial}
        if not trial["pruned"]:
            best_first = max(best_first, trial["first_fold"])
        trials.append(trial)
        if on_trial is not None:
            on_trial(trial)

    for params in combinations:
        run(params)
    for step in range(n_refine):
        scored = [trial for trial in trials if not trial["pruned"]] or trials
        best = max(scored, key=lambda trial: trial["metrics"][metric])
        # The start trial's {} stands for the settings in use: read their values off a model.
        base = {**build(**{**(fixed or {}), **best["params"]}).params, **best["params"]}
        spread = 0.15 * (1.0 - 0.6 * step / max(n_refine - 1, 1))
        for _ in range(20):
            params = parameter_neighbour(space, base, neighbours, spread)
            if repr(sorted(params.items())) not in seen:
                break
        seen.add(repr(sorted(params.items())))
        run(params)
    if not trials:
        raise ValueError("empty search space")
    # Stable sort: among equal scores the earlier trial wins, reproducibly; a pruned trial's one
    # fold never outranks a trial scored on all of them.
    trials.sort(key=lambda trial: (trial["pruned"], -trial["metrics"][metric]))
    best = trials[0]
    if start_trial and best["params"]:
        start = next(trial for trial in trials if not trial["params"])
        if best["metrics"][metric] <= start["metrics"][metric] * (1 + MIN_GAIN):
            best = start
    return {
        "best_params": {**(fixed or {}), **best["params"]},
        "best_score": best["metrics"][metric],
        "metric": metric,
        "trials": trials,
    }


def _trial(
    factory: Callable[[], EngineModel],
    splits: Sequence[Fold],
    k: int,
    metric: str,
    best_first: float,
    prune_below: float | None,
) -> dict[str, Any]:
    started = time.perf_counter()
    per_fold: list[dict[str, float]] = []
    pruned = False
    for index, fold in enumerate(splits):
        keep = np.diff(fold.relevant.indptr) > 0
        model = factory().fit(fold.train)
        recommended = recommend_for_fold(model, fold, k)[keep]
        catalogue = int(np.unique(fold.train.item_idx).size)
        scores = evaluate_rankings(recommended, fold.relevant[keep], catalogue, k)
        if metric not in scores:
            raise ValueError(f"unknown metric {metric!r}")
        per_fold.append(scores)
        more = index + 1 < len(splits)
        if index == 0 and more and prune_below is not None and scores[metric] < prune_below * best_first:
            pruned = True
            break
    names = list(per_fold[0])
    values = {name: np.array([fold[name] for fold in per_fold]) for name in names}
    return {
        "metrics": {name: float(v.mean()) for name, v in values.items()},
        "std": {name: float(v.std(ddof=1)) if v.size > 1 else 0.0 for name, v in values.items()},
        "folds": len(per_fold),
        "pruned": pruned,
        "first_fold": per_fold[0][metric],
        "seconds": round(time.perf_counter() - started, 3),
    }

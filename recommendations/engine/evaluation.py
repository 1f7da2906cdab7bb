"""Offline evaluation with Amazon Personalize's protocol, always beside the popularity baseline."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .base import EngineModel
from .metrics import evaluate_rankings, metric_names
from .popularity import PopularityRecommender
from .split import Fold, Interactions, iter_folds

BASELINE = "baseline"
# Rows scored per batch: bounds the dense (users x items) score matrix to ~128 MB.
SCORE_BUDGET = 1 << 25

ModelFactory = Callable[[], EngineModel]


@dataclass(frozen=True)
class FoldInputs:
    """What a model is asked with for a fold's test users, as a live shopper would ask it."""

    rows: sp.csr_matrix  # the model's own interaction matrix of each test user's input
    sequences: list[np.ndarray]  # input items, oldest first
    latest: np.ndarray  # each user's last input time: asked then
    seen: sp.csr_matrix  # input items (by presence, not weight): never candidates

    def chunks(self, n_items: int) -> Iterator[slice]:
        """Row slices that keep a dense (rows x items) score matrix near ``SCORE_BUDGET``."""
        size = max(1, SCORE_BUDGET // max(n_items, 1))
        for start in range(0, self.rows.shape[0], size):
            yield slice(start, min(start + size, self.rows.shape[0]))


def fold_inputs(model: EngineModel, fold: Fold) -> FoldInputs:
    data = fold.test_input
    latest = np.full(data.n_users, np.nan)
    np.fmax.at(latest, data.user_idx, data.timestamps)
    # Filter by presence, not by weight: a fully decayed or cancelled-out item is still not new.
    seen = sp.csr_matrix(
        (np.ones(len(data), dtype=np.float32), (data.user_idx, data.item_idx)), shape=(data.n_users, data.n_items)
    )
    return FoldInputs(model.interaction_matrix(data), fold.input_sequences(), latest, seen)


def recommend_for_fold(model: EngineModel, fold: Fold, k: int) -> np.ndarray:
    """Top-k ids (-1 padded) for each test user from their input only; input items are never candidates."""
    inputs = fold_inputs(model, fold)
    parts = []
    for rows in inputs.chunks(fold.test_input.n_items):
        ids, _ = model.recommend_batch(
            inputs.rows[rows],
            N=k,
            recent_items=inputs.sequences[rows],
            exclude=inputs.seen[rows],
            now=inputs.latest[rows],
        )
        parts.append(ids)
    if not parts:
        return np.empty((0, k), dtype=np.int64)
    return np.vstack(parts)


def fit_on(factory: ModelFactory, train: Interactions) -> EngineModel:
    return factory().fit(train)


def timed_fit(factory: ModelFactory, train: Interactions) -> tuple[EngineModel, float]:
    """The fitted model and the seconds its fit took."""
    started = time.perf_counter()
    model = fit_on(factory, train)
    return model, time.perf_counter() - started


def _summaries(per_fold: list[dict[str, float]], names: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    values = {name: np.array([fold[name] for fold in per_fold]) for name in names}
    mean = {name: float(v.mean()) for name, v in values.items()}
    # Sample standard deviation across folds; 0 when there is a single fold.
    std = {name: float(v.std(ddof=1)) if v.size > 1 else 0.0 for name, v in values.items()}
    return mean, std


def evaluate_models(
    factories: Mapping[str, ModelFactory],
    data: Interactions,
    *,
    folds: int = 1,
    seed: int = 42,
    k: int = 25,
    baseline: bool = True,
    user_keys: Sequence[str] | None = None,
    max_users: int | None = None,
) -> dict[str, dict]:
    """Evaluate several models on the same folds.

    Returns ``{name: {"mean": {metric: float}, "std": {metric: float}, "folds": int, "fit_seconds":
    float}, ..., "baseline": {...}, "n_test_users": int}`` (``fit_seconds``: one fit, averaged over
    folds); the popularity baseline is trained on each fold's training data.
    Coverage is measured against the items that occur in the data.
    """
    catalogue = int(np.unique(data.item_idx).size)
    names = metric_names(k)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in factories}
    if baseline:
        runs[BASELINE] = []
    fit_seconds: dict[str, list[float]] = {name: [] for name in runs}
    n_test_users = 0
    for fold in iter_folds(data, folds, seed, user_keys=user_keys, max_users=max_users):
        keep = np.diff(fold.relevant.indptr) > 0
        if not keep.any():
            continue
        n_test_users += int(keep.sum())
        relevant = fold.relevant[keep]
        models = dict(factories)
        if baseline:
            models[BASELINE] = PopularityRecommender
        for name, factory in models.items():
            model, seconds = timed_fit(factory, fold.train)
            fit_seconds[name].append(seconds)
            recommended = recommend_for_fold(model, fold, k)[keep]
            runs[name].append(evaluate_rankings(recommended, relevant, catalogue, k))
    if n_test_users == 0:
        raise ValueError("no user has enough interactions to evaluate (each test user needs at least 2)")
    return summarise(runs, fit_seconds, names, n_test_users)


def summarise(
    runs: Mapping[str, list[dict[str, float]]],
    fit_seconds: Mapping[str, list[float]],
    names: list[str],
    n_test_users: int,
) -> dict[str, dict]:
    """The report of per-fold metrics (and fit times) of every model: mean, std, folds."""
    report: dict[str, dict] = {}
    for name, per_fold in runs.items():
        mean, std = _summaries(per_fold, names)
        seconds = float(np.mean(fit_seconds[name])) if fit_seconds[name] else 0.0
        report[name] = {"mean": mean, "std": std, "folds": len(per_fold), "fit_seconds": round(seconds, 3)}
    report["n_test_users"] = n_test_users
    return report


def evaluate_model(
    model_factory: ModelFactory,
    data: Interactions,
    *,
    folds: int = 1,
    seed: int = 42,
    k: int = 25,
    user_keys: Sequence[str] | None = None,
    max_users: int | None = None,
) -> dict:
    """Personalize-style offline metrics of one model beside the popularity baseline.

    Protocol: users (with at least 2 events) are split at random (``seed``) into 10 groups; a fold
    tests one group (10% of users, or 1/``folds`` when ``folds`` > 10). The model trains on every
    event of the other users plus the older 90% (by timestamp) of each test user's events; it then
    recommends ``k`` items to each test user from that user's older events alone (input items are
    never candidates) and is scored against the newest 10% (at least one event).

    Returns::

        {
            "model": {metric: mean over folds},
            "baseline": {metric: mean over folds},      # PopularityRecommender on the same folds
            "model_std": {metric: sample std over folds (0.0 for one fold)},
            "baseline_std": {metric: ...},
            "n_test_users": int,                        # summed over folds
        }

    with metrics ``coverage``, ``mean_reciprocal_rank_at_25``, ``normalized_discounted_cumulative_gain_at_5/10/25``,
    ``precision_at_5/10/25``, ``recall_at_10`` and ``hit_rate_at_10`` (for ``k`` = 25).
    """
    report = evaluate_models(
        {"model": model_factory},
        data,
        folds=folds,
        seed=seed,
        k=k,
        user_keys=user_keys,
        max_users=max_users,
    )
    return {
        "model": report["model"]["mean"],
        "baseline": report[BASELINE]["mean"],
        "model_std": report["model"]["std"],
        "baseline_std": report[BASELINE]["std"],
        "n_test_users": report["n_test_users"],
    }

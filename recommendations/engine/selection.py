"""Automatic recipe choice: fit every candidate on a validation split and keep the best.

The split never touches the events the published version is later scored on: with ``user_keys``
the test users of the offline metrics (group 0 of ``split.user_folds``) keep their held-out
events out of it, and validation uses the next group of users, so choosing a recipe and
reporting its quality stay independent.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .evaluation import ModelFactory, recommend_for_fold
from .interactions import Interactions
from .metrics import NDCG_AT_10, evaluate_rankings
from .split import Fold, make_fold, user_folds


def validation_fold(
    data: Interactions, *, seed: int = 42, user_keys: Sequence[str] | None = None, max_users: int | None = None
) -> Fold:
    """A fold of the training data for choosing: test users' held-out events removed, other users
    tested (at most ``max_users`` of each, see ``split.user_folds``)."""
    test_users, validation_users = user_folds(data, folds=2, seed=seed, user_keys=user_keys, max_users=max_users)
    train = make_fold(data, test_users).train if test_users.size else data
    return make_fold(train, validation_users)


def choose_recipe(
    factories: Mapping[str, ModelFactory],
    data: Interactions,
    *,
    metric: str = NDCG_AT_10,
    seed: int = 42,
    k: int = 25,
    user_keys: Sequence[str] | None = None,
    max_users: int | None = None,
) -> tuple[str, dict[str, Any]]:
    """(the best candidate's name, every candidate's figures) on one validation fold.

    Ties go to the first candidate listed, so the order staff give is the order of preference.
    A candidate that fails to fit is recorded with its error and never chosen; if every one
    fails, the first error is raised.
    """
    if not factories:
        raise ValueError("no candidate recipe to choose from")
    fold = validation_fold(data, seed=seed, user_keys=user_keys, max_users=max_users)
    keep = np.diff(fold.relevant.indptr) > 0
    figures: dict[str, Any] = {}
    if not keep.any():
        # Too little data to validate on: the first candidate is the staff's preference.
        first = next(iter(factories))
        return first, {name: {"error": "too few shoppers to validate on"} for name in factories}
    catalogue = int(np.unique(data.item_idx).size)
    errors: list[Exception] = []
    for name, factory in factories.items():
        started = time.perf_counter()
        try:
            model = factory().fit(fold.train)
            recommended = recommend_for_fold(model, fold, k)[keep]
        except (ValueError, MemoryError) as exc:
            errors.append(exc)
            figures[name] = {"error": str(exc)}
            continue
        figures[name] = {
            "metrics": evaluate_rankings(recommended, fold.relevant[keep], catalogue, k),
            "seconds": round(time.perf_counter() - started, 3),
        }
    scored = [name for name in factories if "metrics" in figures[name]]
    if not scored:
        raise errors[0]
    if metric not in figures[scored[0]]["metrics"]:
        raise ValueError(f"unknown metric {metric!r}")
    best = max(scored, key=lambda name: (figures[name]["metrics"][metric], -scored.index(name)))
    for name in scored:
        figures[name]["validation_users"] = int(keep.sum())
    return best, figures

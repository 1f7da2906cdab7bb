"""The offline protocols peers publish, beside Personalize's, so the shop's figures can be compared with theirs.

* ``personalize``: Amazon Personalize's (``split.iter_folds``): 10% of users, their newest 10% held out,
  scored at K = 25 under Personalize's names (``metrics.evaluate_rankings``).
* ``stratified``: Microsoft Recommenders' per-user random split (``python_stratified_split``): each user's
  distinct items shuffled with a seeded RNG, ``round((1 - test_ratio) * n)`` to train, the rest held
  out; precision, recall, nDCG and MAP at K = 10 (``metrics.evaluate_top_k``).
* ``leave-last-out``: each user's newest interaction held out (NCF, SASRec and most sequential papers);
  hit rate and nDCG at K = 10 and the reciprocal rank over the full ranking (``metrics.evaluate_ranks``).

Every split is a ``split.Fold``: training holds all users (the test users by their training rows, from
which the models fold them in), so ``evaluation.recommend_for_fold`` serves every protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from .base import EngineModel
from .evaluation import BASELINE, ModelFactory, evaluate_models, fold_inputs, recommend_for_fold, summarise, timed_fit
from .interactions import Interactions
from .metrics import evaluate_ranks, evaluate_top_k, rank_metric_names, top_k_metric_names
from .popularity import PopularityRecommender
from .search import Space, search_hyperparameters
from .split import Fold, chronological_positions, fold_of, iter_folds

PERSONALIZE = "personalize"
STRATIFIED = "stratified"
LEAVE_LAST_OUT = "leave-last-out"
PROTOCOLS = (PERSONALIZE, STRATIFIED, LEAVE_LAST_OUT)
DEFAULT_TEST_RATIO = 0.25


def default_k(protocol: str) -> int:
    return 25 if protocol == PERSONALIZE else 10


def _pairs(data: Interactions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (user, item) pairs sorted by user then item: their users, items, and each event's pair."""
    keys = data.user_idx.astype(np.int64) * max(data.n_items, 1) + data.item_idx
    unique, inverse = np.unique(keys, return_inverse=True)
    return unique // max(data.n_items, 1), unique % max(data.n_items, 1), inverse.ravel()


def stratified_fold(data: Interactions, test_ratio: float = DEFAULT_TEST_RATIO, seed: int = 42) -> Fold:
    """Microsoft Recommenders' stratified split, on distinct (user, item) pairs.

    A repeated event is one interaction: each pair goes wholly to train or to test (all its events), so
    an item is never on both sides for a user. Each user's pairs are shuffled (one seeded RNG draw per
    pair, in (user, item) order, so the file's order does not matter) and the first
    ``round((1 - test_ratio) * n)`` (half to even) go to train, clipped so every user with at least 2
    pairs keeps at least one on each side; users with fewer stay wholly in train.

    The count is ``numpy_stratified_split``'s (n minus ``round(test_ratio * n)``); the pandas
    ``python_stratified_split`` keeps ``floor((1 - test_ratio) * n)`` (ranks ``i / n <= ratio``), one
    more test item for some users.
    """
    if not 0 < test_ratio < 1:
        raise ValueError(f"test_ratio must be between 0 and 1, not {test_ratio}")
    pair_user, _, pair_of_event = _pairs(data)
    counts = np.bincount(pair_user, minlength=data.n_users)
    draws = np.random.default_rng(seed).random(pair_user.size)
    order = np.lexsort((draws, pair_user))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    position = np.empty(pair_user.size, dtype=np.int64)
    position[order] = np.arange(pair_user.size) - starts[pair_user[order]]
    n_train = np.where(counts >= 2, np.clip(np.rint((1 - test_ratio) * counts), 1, counts - 1), counts)
    test_pair = position >= n_train[pair_user]
    test_users = np.flatnonzero(counts >= 2)
    return fold_of(data, test_users, test_pair[pair_of_event])


def leave_last_out_fold(data: Interactions) -> Fold:
    """Each user's newest interaction (by timestamp, ties to the later line of the file) is the test item.

    Users with fewer than 2 distinct items stay wholly in train, as does a user whose newest event
    repeats an item from their history (the item is in train, so it cannot be a test item: that user
    is not tested and the event stays in training).
    """
    _, position, counts = chronological_positions(data)
    pair_user, _, pair_of_event = _pairs(data)
    distinct = np.bincount(pair_user, minlength=data.n_users)
    events_of_pair = np.bincount(pair_of_event, minlength=pair_user.size)
    newest = position == counts[data.user_idx] - 1
    held_out = newest & (distinct[data.user_idx] >= 2) & (events_of_pair[pair_of_event] == 1)
    return fold_of(data, np.unique(data.user_idx[held_out]), held_out)


def protocol_folds(
    data: Interactions,
    protocol: str = PERSONALIZE,
    *,
    test_ratio: float = DEFAULT_TEST_RATIO,
    seed: int = 42,
    folds: int = 1,
    user_keys: Sequence[str] | None = None,
) -> list[Fold]:
    """The protocol's folds: Personalize's user groups; stratified repeated with seeds ``seed``,
    ``seed + 1``, ...; leave-last-out has one (it is not random). ``user_keys`` only place
    Personalize's test users; ``test_ratio`` is only the stratified split's."""
    if folds < 1:
        raise ValueError("folds must be at least 1")
    if protocol == PERSONALIZE:
        return list(iter_folds(data, folds, seed, user_keys=user_keys))
    if protocol == STRATIFIED:
        return [stratified_fold(data, test_ratio, seed + i) for i in range(folds)]
    if protocol == LEAVE_LAST_OUT:
        if folds != 1:
            raise ValueError("leave-last-out holds out each user's newest item: it has one fold")
        return [leave_last_out_fold(data)]
    raise ValueError(f"unknown protocol {protocol!r}; one of: {', '.join(PROTOCOLS)}")


def held_out_ranks(model: EngineModel, fold: Fold) -> np.ndarray:
    """Each test user's rank (1 = first) of their one held-out item among every candidate the model
    scores, input items excluded; ties go to the lower item id, as ``base.top_n`` breaks them.
    ``inf`` where the model gives the item no score. Scored in chunks, never cut at a top k."""
    relevant = fold.relevant
    if np.any(np.diff(relevant.indptr) != 1):
        raise ValueError("full ranking needs exactly one held-out item per test user")
    targets = relevant.indices.astype(np.int64)
    inputs = fold_inputs(model, fold)
    ranks = np.empty(targets.size, dtype=np.float64)
    for rows in inputs.chunks(fold.test_input.n_items):
        scores = np.asarray(
            model.score_batch(inputs.rows[rows], inputs.sequences[rows], inputs.latest[rows]), dtype=np.float32
        )
        scores = np.where(np.isfinite(scores), scores, -np.inf)
        seen = inputs.seen[rows].tocoo()
        scores[seen.row, seen.col] = -np.inf
        mine = targets[rows]
        target = scores[np.arange(mine.size), mine][:, None]
        lower_id = np.arange(scores.shape[1])[None, :] < mine[:, None]
        ahead = (scores > target) | ((scores == target) & lower_id)
        ranks[rows] = np.where(np.isfinite(target[:, 0]), 1 + ahead.sum(axis=1), np.inf)
    return ranks


def evaluate_protocol(
    factories: Mapping[str, ModelFactory],
    data: Interactions,
    *,
    protocol: str = PERSONALIZE,
    k: int | None = None,
    test_ratio: float = DEFAULT_TEST_RATIO,
    seed: int = 42,
    folds: int = 1,
    baseline: bool = True,
    user_keys: Sequence[str] | None = None,
) -> dict[str, dict]:
    """Evaluate several models on the same folds of ``protocol``, beside the popularity baseline.

    ``k`` defaults to 25 for Personalize's protocol (which ``evaluation.evaluate_models`` runs) and
    to 10 for the others. Returns ``{name: {"mean": {metric: float}, "std": {metric: float},
    "folds": int, "fit_seconds": float}, ..., "baseline": {...}, "n_test_users": int}`` with the
    metrics of ``metrics.metric_names(k)``, ``top_k_metric_names(k)`` (stratified) or
    ``rank_metric_names(k)`` (leave-last-out), each a mean over the test users with a relevant item.
    """
    k = default_k(protocol) if k is None else k
    if k < 1:
        raise ValueError("k must be at least 1")
    if protocol == PERSONALIZE:
        return evaluate_models(factories, data, folds=folds, seed=seed, k=k, baseline=baseline, user_keys=user_keys)
    splits = protocol_folds(data, protocol, test_ratio=test_ratio, seed=seed, folds=folds)
    models = dict(factories)
    if baseline:
        models[BASELINE] = PopularityRecommender
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in models}
    fit_seconds: dict[str, list[float]] = {name: [] for name in models}
    n_test_users = 0
    for fold in splits:
        keep = np.flatnonzero(np.diff(fold.relevant.indptr) > 0)
        if not keep.size:
            continue
        # Only users with a relevant item count, and a model need not score the others.
        fold = Fold(fold.train, fold.test_users[keep], _input_rows(fold, keep), fold.relevant[keep])
        n_test_users += int(keep.size)
        for name, factory in models.items():
            model, seconds = timed_fit(factory, fold.train)
            fit_seconds[name].append(seconds)
            if protocol == STRATIFIED:
                runs[name].append(evaluate_top_k(recommend_for_fold(model, fold, k), fold.relevant, k))
            else:
                runs[name].append(evaluate_ranks(held_out_ranks(model, fold), k))
    if n_test_users == 0:
        raise ValueError("no user has enough interactions to evaluate (each test user needs at least 2 items)")
    names = top_k_metric_names(k) if protocol == STRATIFIED else rank_metric_names(k)
    return summarise(runs, fit_seconds, names, n_test_users)


def _input_rows(fold: Fold, keep: np.ndarray) -> Interactions:
    """The test input of the rows ``keep`` only, renumbered 0..len(keep) - 1."""
    data = fold.test_input
    new_row = np.full(data.n_users, -1, dtype=np.int64)
    new_row[keep] = np.arange(keep.size)
    kept = data.take(new_row[data.user_idx] >= 0)
    return Interactions(
        new_row[kept.user_idx], kept.item_idx, kept.weights, kept.timestamps, int(keep.size), data.n_items, data.items
    )


class Tunable(Protocol):
    """What tuning needs of a recipe (``recipes.Recipe`` is one): a builder and the values worth trying."""

    name: str

    @property
    def search_space(self) -> Mapping[str, Any]: ...

    def build(self, params: Mapping[str, Any]) -> EngineModel: ...


def tune_for_protocol(
    recipe: Tunable,
    train: Interactions,
    *,
    protocol: str = PERSONALIZE,
    test_ratio: float = DEFAULT_TEST_RATIO,
    seed: int = 42,
    n_trials: int = 20,
    on_trial: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Random search of ``recipe``'s space on a validation split of ``train`` (the training part of a
    fold: the test users' test items are not in it), made with the same protocol, by nDCG@10.

    The first trial is the recipe's defaults, so the result says whether the search beat them.
    Returns ``search.search_hyperparameters``' result (``best_params``, ``best_score``, ``trials``).
    """
    space: Space = recipe.search_space
    if not space:
        raise ValueError(f"{recipe.name} has no hyperparameters to search")
    validation = [
        fold for fold in protocol_folds(train, protocol, test_ratio=test_ratio, seed=seed) if fold.relevant.nnz
    ]
    if not validation:
        raise ValueError("the training part is too small to hold out a validation split")
    return search_hyperparameters(
        lambda **params: recipe.build(params),
        space,
        None,
        n_trials=n_trials,
        seed=seed,
        splits=validation,
        start_trial=True,
        on_trial=on_trial,
    )

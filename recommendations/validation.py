"""Checks on a recommender's configuration, shared by the admin form and training.

Staff edit params and event weights as JSON; a typo must be a form error, never a live model
that breaks serving or a training run that fails for every recommender. What a recipe takes
comes from the registry (``recommendations.recipes``).
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

from recommendations.engine.metrics import NDCG_AT_10, metric_names
from recommendations.models import EventType
from recommendations.recipes import Input, UnknownRecipe, recipe_get

# Far above any sensible weight, far below what overflows float32 sums of many events.
MAX_EVENT_WEIGHT = 1000.0


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def event_weights_problems(event_weights: Any) -> list[str]:
    if not isinstance(event_weights, dict) or not event_weights:
        return [f'event weights must be an object like {{"View": 1, "Purchase": 5}}, not {event_weights!r}']
    problems = []
    for name, weight in event_weights.items():
        if name not in EventType.values:
            problems.append(f"unknown event type {name!r}; use {', '.join(EventType.values)}")
        elif not _is_number(weight) or weight < 0:
            problems.append(f"the weight of {name} must be a number of at least 0, not {weight!r}")
        elif weight > MAX_EVENT_WEIGHT:
            problems.append(f"the weight of {name} must be at most {MAX_EVENT_WEIGHT:g}, not {weight!r}")
    if not problems and not any(weight > 0 for weight in event_weights.values()):
        problems.append("at least one event type needs a weight above 0")
    return problems


def params_problems(recipe: str, params: Any) -> list[str]:
    try:
        return recipe_get(recipe).params_problems(params)
    except UnknownRecipe as exc:
        return [str(exc)]


def candidates_problems(*, recipe: str, candidates: Any, candidate_params: Any, selection_metric: str) -> list[str]:
    """Candidates must be known recipes answering the same requests as ``recipe`` (a personal row
    cannot be chosen against a related-items model), each listed once, with valid parameters."""
    if not isinstance(candidates, list) or not all(isinstance(name, str) for name in candidates):
        return [f'candidates must be a list of recipe names like ["als", "ease"], not {candidates!r}']
    if not isinstance(candidate_params, dict) or not all(isinstance(v, dict) for v in candidate_params.values()):
        return [
            f'candidate params must be an object of objects like {{"ease": {{"l2": 300}}}}, not {candidate_params!r}'
        ]
    problems = []
    if candidates and recipe not in candidates:
        problems.append(f"{recipe} must be one of the candidates, or clear the candidates to pin it")
    if len(set(candidates)) != len(candidates):
        problems.append("each candidate recipe can be listed once")
    try:
        inputs = recipe_get(recipe).inputs
    except UnknownRecipe:
        inputs = None  # reported by params_problems
    for name in candidates:
        try:
            spec = recipe_get(name)
        except UnknownRecipe as exc:
            problems.append(str(exc))
            continue
        if inputs is not None and spec.personal != (Input.HISTORY in inputs):
            problems.append(f"{name} cannot be a candidate for {recipe}: they answer different requests")
    for name, values in candidate_params.items():
        if name not in candidates:
            problems.append(f"candidate params name {name!r}, which is not a candidate")
        elif name != recipe:
            problems += [f"{name}: {problem}" for problem in params_problems(name, values)]
    if candidates and selection_metric not in metric_names(25):
        problems.append(f"unknown metric {selection_metric!r}; one of {', '.join(metric_names(25))}")
    return problems


def catalogue_problems(recipe: str, params: Any, n_items: int) -> list[str]:
    """Why the recipe cannot train on ``n_items`` products (EASE's dense matrix past its
    ``max_items``), checked before any data is read; [] when it can or the params are invalid
    (``params_problems`` names those)."""
    try:
        spec = recipe_get(recipe)
    except UnknownRecipe as exc:
        return [str(exc)]
    if spec.params_problems(params):
        return []
    problem = spec.build(params).size_problem(n_items)
    return [problem] if problem else []


def recommender_config_problems(
    *,
    recipe: str,
    params: Any,
    event_weights: Any,
    candidates: Any = (),
    candidate_params: Any = None,
    selection_metric: str = NDCG_AT_10,
    n_items: int | None = None,
) -> list[str]:
    """Everything wrong with a configuration; with ``n_items`` (the catalogue's size) also what
    stops its recipe training on that catalogue (a candidate that cannot is skipped at training,
    and the version records why)."""
    problems = params_problems(recipe, params) + event_weights_problems(event_weights)
    if candidates or candidate_params:
        problems += candidates_problems(
            recipe=recipe,
            candidates=list(candidates) if isinstance(candidates, tuple) else candidates,
            candidate_params={} if candidate_params is None else candidate_params,
            selection_metric=selection_metric,
        )
    if n_items is not None and not problems and not candidates:
        problems += catalogue_problems(recipe, params, n_items)
    return problems

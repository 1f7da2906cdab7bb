"""Checks on a recommender's configuration, shared by the admin form and training.

Staff edit params and event weights as JSON; a typo must be a form error, never a live model
that breaks serving or a training run that fails for every recommender. What a recipe takes
comes from the registry (``recommendations.recipes``).
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

from recommendations.models import EventType
from recommendations.recipes import UnknownRecipe, recipe_get

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
    *, recipe: str, params: Any, event_weights: Any, n_items: int | None = None
) -> list[str]:
    """Everything wrong with a configuration; with ``n_items`` (the catalogue's size) also what
    stops it training on that catalogue."""
    problems = params_problems(recipe, params) + event_weights_problems(event_weights)
    if n_items is not None and not problems:
        problems += catalogue_problems(recipe, params, n_items)
    return problems

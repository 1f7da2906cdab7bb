"""Checks on a recommender's configuration, shared by the admin form and training.

Staff edit params and event weights as JSON; a typo must be a form error, never a live model
that breaks serving or a training run that fails for every recommender.
"""

from __future__ import annotations

import inspect
import math
from numbers import Real
from typing import Any

from recommendations import engine
from recommendations.engine.als import IMPLICIT_OPTIONS
from recommendations.models import EventType, Recipe

RECIPE_CLASSES = {
    Recipe.POPULARITY: engine.PopularityRecommender,
    Recipe.ALS: engine.ALSRecommender,
    Recipe.SEQUENTIAL: engine.SequentialBlendRecommender,
    Recipe.ITEM_ITEM: engine.ItemItemRecommender,
}
# Parameters the Django side reads itself rather than the engine class.
GLUE_PARAMS = {Recipe.POPULARITY: {"window_days": 30.0}}
AT_LEAST_ONE = {"factors", "iterations", "min_support", "max_neighbors", "window"}


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
    if not problems and not any(weight > 0 for weight in event_weights.values()):
        problems.append("at least one event type needs a weight above 0")
    return problems


def _defaults(recipe: str) -> dict[str, Any]:
    signature = inspect.signature(RECIPE_CLASSES[recipe].__init__)
    defaults = {
        name: parameter.default
        for name, parameter in signature.parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }
    if recipe == Recipe.ALS:
        defaults.update(dict.fromkeys(IMPLICIT_OPTIONS))
    return {**defaults, **GLUE_PARAMS.get(recipe, {})}


def params_problems(recipe: str, params: Any) -> list[str]:
    if recipe not in RECIPE_CLASSES:
        return [f"unknown recipe {recipe!r}"]
    if not isinstance(params, dict):
        return [f'parameters must be an object like {{"factors": 64}}, not {params!r}']
    defaults = _defaults(recipe)
    problems = []
    for name, value in params.items():
        if name not in defaults:
            problems.append(f"{recipe} has no parameter {name!r}; it takes {', '.join(sorted(defaults))}")
            continue
        default = defaults[name]
        if isinstance(default, bool):
            if not isinstance(value, bool):
                problems.append(f"{name} must be true or false, not {value!r}")
        elif value is None:
            if default is not None:
                problems.append(f"{name} needs a value")
        elif (isinstance(default, int) and not isinstance(value, int)) or not _is_number(value):
            kind = "a whole number" if isinstance(default, int) else "a number"
            problems.append(f"{name} must be {kind}, not {value!r}")
        elif value < (1 if name in AT_LEAST_ONE else 0):
            problems.append(f"{name} must be at least {1 if name in AT_LEAST_ONE else 0}, not {value!r}")
    return problems


def recommender_config_problems(*, recipe: str, params: Any, event_weights: Any) -> list[str]:
    return params_problems(recipe, params) + event_weights_problems(event_weights)

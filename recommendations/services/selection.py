"""Automatic recipe choice at training time: every candidate fitted on a validation split, the best published."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.conf import settings

from recommendations.dataset import InteractionData
from recommendations.engine import Interactions
from recommendations.engine.selection import choose_recipe
from recommendations.models import Recommender
from recommendations.recipes import recipe_get
from recommendations.selectors.catalogue import item_table_for


def recipe_params_for(*, recommender: Recommender, recipe: str) -> dict[str, Any]:
    """The parameters ``recipe`` trains with for this recommender.

    The recommender's own recipe takes ``params``; another candidate takes its entry of
    ``candidate_params`` plus the serving options of ``params`` (recency, exploration, variety),
    which are the recommender's, whichever model answers.
    """
    if recipe == recommender.recipe:
        return dict(recommender.params)
    serving = recipe_get(recipe).serving
    shared = {name: value for name, value in recommender.params.items() if name in serving}
    return {**shared, **(recommender.candidate_params or {}).get(recipe, {})}


def training_events(*, event_weights: dict[str, float], data: InteractionData, reads_items: bool) -> Interactions:
    """The events a recipe learns from: the weighted types, with the catalogue's attributes if it reads them."""
    weights = data.weights_for(event_weights)
    keep = weights > 0
    if not keep.any():
        raise ValueError(f"no events of types {sorted(event_weights)} to train on")
    return Interactions.of(
        data.user_idx[keep], data.item_idx[keep], weights[keep], data.timestamps[keep], data.n_users, data.n_items
    ).with_items(item_table_for(data.product_ids) if reads_items else None)


def recipe_choose(
    *, recommender: Recommender, event_weights: dict[str, float], data: InteractionData
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(the winning recipe, its parameters, the record of the choice) among the recommender's candidates.

    The record, stored on the version: ``{"metric": name, "chosen": recipe, "candidates": {recipe:
    {"metrics": {...}, "seconds": s, "validation_users": n} or {"error": message}}}``.
    """
    configs = {name: recipe_params_for(recommender=recommender, recipe=name) for name in recommender.candidates}
    reads_items = any(recipe_get(name).reads_items for name in configs)
    events = training_events(event_weights=event_weights, data=data, reads_items=reads_items)
    factories = {name: (lambda name=name: recipe_get(name).build(configs[name])) for name in configs}
    chosen, figures = choose_recipe(
        factories,
        events,
        metric=recommender.selection_metric,
        user_keys=np.asarray(data.user_keys),
        max_users=settings.RECOMMENDATIONS_EVALUATION_MAX_USERS,
    )
    return chosen, configs[chosen], {"metric": recommender.selection_metric, "chosen": chosen, "candidates": figures}

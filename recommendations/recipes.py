"""The recipe registry: every recipe declared once, and read by everything else.

Validation (the admin form, training), training itself, serving, tuning, the API's serializers
and the dashboard ask this module what a recipe is, takes and can do; none of them names a
recipe. A recipe is an engine class plus what the shop needs to know around it:

* its parameters, each with a type, a range and (for tuning) the values worth trying; the
  defaults are the engine class's own, so they are written once, in the engine;
* the inputs a request needs (a shopper's history, an item, an input list to rank);
* whether it explains, which comes from the engine class's declared capabilities;
* the events it learns from when a recommender does not say, and whether training
  evaluates it offline.

Add one with ``recipe_register(Recipe(...))`` (see the README's "How to add a recipe").
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from numbers import Real
from typing import Any

from recommendations.engine import (
    ALSRecommender,
    AssociationRecommender,
    Capability,
    ContentSimilarityRecommender,
    EASERecommender,
    EngineModel,
    ItemItemRecommender,
    NewArrivalsRecommender,
    PopularityRecommender,
    RP3BetaRecommender,
    SequentialBlendRecommender,
    TrendingRecommender,
)
from recommendations.engine.search import Range


class Input(StrEnum):
    """What a request must carry for a recipe to answer it."""

    HISTORY = "history"  # a shopper (userId) or an anonymous session whose events are folded in
    SEQUENCE = "sequence"  # the order of those events, newest last
    ITEM = "item"  # the product the recommendations relate to (itemId)
    INPUT_LIST = "input list"  # products to rank for the shopper (GetPersonalizedRanking)


@dataclass(frozen=True)
class Param:
    """One hyperparameter: its type, its allowed range, and the values tuning tries."""

    kind: type  # int, float or bool
    low: float | None = None
    high: float | None = None
    nullable: bool = False  # None is a valid value (e.g. "no half-life")
    # Values tuning tries: a tuple of choices, or a Range sampled (log-scale) between two ends.
    search: tuple[Any, ...] | Range = ()
    help: str = ""
    default: Any = None  # for serving options; an engine parameter's default is the engine's own

    def problems(self, name: str, value: Any) -> list[str]:
        if value is None:
            return [] if self.nullable else [f"{name} needs a value"]
        if self.kind is bool:
            return [] if isinstance(value, bool) else [f"{name} must be true or false, not {value!r}"]
        is_number = isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)
        if not is_number or (self.kind is int and not isinstance(value, int)):
            kind = "a whole number" if self.kind is int else "a number"
            return [f"{name} must be {kind}, not {value!r}"]
        if self.low is not None and value < self.low:
            return [f"{name} must be at least {_number(self.low)}, not {value!r}"]
        if self.high is not None and value > self.high:
            return [f"{name} must be at most {_number(self.high)}, not {value!r}"]
        return []


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Recipe:
    name: str  # stored on recommenders and versions; at most 20 characters
    label: str
    engine: type[EngineModel]
    params: Mapping[str, Param]
    inputs: frozenset[Input]
    event_weights: Mapping[str, float]  # what it learns from when the recommender says nothing
    evaluate: bool = False  # offline metrics against the popularity baseline at the end of training
    description: str = ""
    # How its rows are served (recency, variety): set per recommender with the parameters, never
    # passed to the engine.
    serving: Mapping[str, Param] = field(default_factory=dict)
    # Parameters whose default is a Django setting (the shop's limit), not the engine's own.
    setting_defaults: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        if len(self.name) > 20:
            raise ValueError(f"recipe name {self.name!r} is longer than 20 characters")
        signature = inspect.signature(self.engine.__init__).parameters
        missing = [name for name in self.params if name not in signature and not _takes_extra(signature)]
        if missing:
            raise ValueError(f"{self.engine.__name__} takes no parameter {', '.join(missing)}")
        unknown = set(self.setting_defaults) - set(self.params)
        if unknown:
            raise ValueError(f"setting defaults for undeclared parameters {', '.join(sorted(unknown))}")
        clash = set(self.params) & set(self.serving)
        if clash:
            raise ValueError(f"{', '.join(sorted(clash))} cannot be both an engine and a serving option")
        defaults = {
            name: signature[name].default if name in signature else None
            for name in self.params
            if name not in signature or signature[name].default is not inspect.Parameter.empty
        }
        defaults.update({name: param.default for name, param in self.serving.items()})
        object.__setattr__(self, "defaults", defaults)

    @property
    def capabilities(self) -> Capability:
        return self.engine.capabilities

    @property
    def explains(self) -> bool:
        return Capability.EXPLAINS in self.engine.capabilities

    @property
    def reads_items(self) -> bool:
        """Fits on the catalogue's attributes as well as on events (content similarity)."""
        return Capability.CONTENT in self.engine.capabilities

    @property
    def personal(self) -> bool:
        """Answers for one shopper from their own history."""
        return Input.HISTORY in self.inputs

    @property
    def related(self) -> bool:
        """Answers for one item."""
        return Input.ITEM in self.inputs

    @property
    def ranks(self) -> bool:
        """Reorders a given list of items for a shopper (Personalize's personalized ranking)."""
        return Input.INPUT_LIST in self.inputs

    @property
    def search_space(self) -> dict[str, tuple[Any, ...] | Range]:
        return {name: param.search for name, param in self.params.items() if param.search}

    def default_params(self, *names: str) -> dict[str, Any]:
        """The engine's defaults for ``names`` (all declared parameters when none are named)."""
        return {name: self.defaults[name] for name in (names or self.defaults)}

    def params_problems(self, params: Any) -> list[str]:
        if not isinstance(params, dict):
            return [f'parameters must be an object like {{"factors": 64}}, not {params!r}']
        problems = []
        declared = {**self.params, **self.serving}
        for name, value in params.items():
            if name not in declared:
                problems.append(f"{self.name} has no parameter {name!r}; it takes {', '.join(sorted(declared))}")
            else:
                problems += declared[name].problems(name, value)
        return problems

    def build(self, params: Mapping[str, Any]) -> EngineModel:
        """An unfitted engine model with these parameters (unset ones take their setting's value
        where ``setting_defaults`` names one, else the engine's defaults)."""
        from django.conf import settings

        configured = {name: getattr(settings, setting) for name, setting in self.setting_defaults.items()}
        configured.update({name: value for name, value in params.items() if name not in self.serving})
        return self.engine(**configured)

    def serving_options(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The serving options of a recommender (or version) with these parameters, defaults filled in."""
        return {name: params.get(name, param.default) for name, param in self.serving.items()}


def _takes_extra(signature: Mapping[str, inspect.Parameter]) -> bool:
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.values())


_REGISTRY: dict[str, Recipe] = {}


class UnknownRecipe(KeyError):
    def __str__(self) -> str:
        return f"unknown recipe {self.args[0]!r}; one of: {', '.join(_REGISTRY)}"


def recipe_register(recipe: Recipe) -> Recipe:
    if recipe.name in _REGISTRY and _REGISTRY[recipe.name] is not recipe:
        raise ValueError(f"a recipe named {recipe.name!r} is already registered")
    _REGISTRY[recipe.name] = recipe
    return recipe


def recipe_unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


@contextmanager
def recipe_registered(recipe: Recipe) -> Iterator[Recipe]:
    """Register ``recipe`` for the duration of a block (tests, experiments)."""
    recipe_register(recipe)
    try:
        yield recipe
    finally:
        recipe_unregister(recipe.name)


def recipe_get(name: str) -> Recipe:
    """Raises ``UnknownRecipe``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownRecipe(name) from None


def recipe_list() -> list[Recipe]:
    return list(_REGISTRY.values())


def recipe_choices() -> list[tuple[str, str]]:
    """Choices of ``Recommender.recipe``: a callable, so a registered recipe needs no migration."""
    return [(recipe.name, recipe.label) for recipe in _REGISTRY.values()]


def engine_classes() -> list[type[EngineModel]]:
    """Every engine class a stored artifact may hold."""
    return list({recipe.engine for recipe in _REGISTRY.values()})


PERSONAL_WEIGHTS = {"View": 1.0, "AddToCart": 3.0, "Purchase": 5.0}


def variety(*, per_style: int | None, per_category: int | None, per_department: int | None = None) -> dict[str, Param]:
    """Caps applied to every row a recipe serves, so a row shows breadth (a shared re-ranking step)."""

    def cap(default: int | None, what: str) -> Param:
        return Param(int, low=1, high=100, nullable=True, default=default, help=f"cards of one {what}")

    return {
        "max_per_style": cap(per_style, "style"),
        "max_per_category": cap(per_category, "category"),
        "max_per_department": cap(per_department, "department (a category unless it names one)"),
    }


# What a shopper does now moves a personal row on the next page load: the latest events are
# folded in again on their own, weighted by age, and blended with the whole history.
PERSONAL_SERVING = {
    "recency_half_life_hours": Param(
        float, low=0.01, high=8760, nullable=True, default=24.0, help="none: only the whole history counts"
    ),
    "session_boost": Param(
        float, low=1, high=100, default=2.0, help="events of the current visit count this much more"
    ),
    "max_recent_share": Param(float, low=0, high=1, default=0.6, help="at most this share of the row's score"),
    # Personalize's explorationWeight / explorationItemAgeCutOff: slots for new items with little
    # history, so a product added today is seen before anyone has viewed it.
    "exploration_weight": Param(
        float, low=0, high=1, default=0.3, help="0: no new items mixed in; 1: up to half the row"
    ),
    "exploration_item_age_cutoff_days": Param(
        float, low=1, high=3650, default=30.0, help="only items created within this many days are explored"
    ),
    # At most half a row of 10 from one category: a shopper of several categories sees more than one.
    **variety(per_style=2, per_category=5),
}
HALF_LIFE = Param(float, low=0.01, high=3650, nullable=True, search=(None, 14.0, 30.0), help="days; none: no decay")

POPULARITY = recipe_register(
    Recipe(
        name="popularity",
        label="Popularity count",
        engine=PopularityRecommender,
        params={"window_days": Param(float, low=0.01, high=3650, nullable=True, help="count the last N days")},
        inputs=frozenset(),
        event_weights={"View": 1.0},
        description="The same most popular items for everyone (Personalize's Popularity-Count).",
        # One card per department: a shop's best sellers span its departments, not its cheapest aisle.
        serving=variety(per_style=1, per_category=1, per_department=1),
    )
)

ALS_PARAMS = {
    # Log-scale ranges: these matter by their order of magnitude (Hu, Koren & Volinsky's alpha
    # spans 1 to 100 in practice; the regularisation scales with the data).
    "factors": Param(int, low=1, high=1024, search=Range(16, 256, integer=True)),
    "regularization": Param(float, low=0, high=1000, search=Range(0.001, 10.0)),
    "iterations": Param(int, low=1, high=200, search=Range(5, 40, integer=True)),
    "alpha": Param(float, low=0, high=1000, search=Range(0.5, 50.0), help="confidence per unit of weight"),
    "seed": Param(int, low=0, high=2**31 - 1),
    "half_life_days": HALF_LIFE,
}

ALS = recipe_register(
    Recipe(
        name="als",
        label="User personalization (ALS)",
        engine=ALSRecommender,
        params={
            **ALS_PARAMS,
            # implicit's solver options: how it trains, not what it learns.
            "use_cg": Param(bool, nullable=True),
            "use_native": Param(bool, nullable=True),
            "cg_steps": Param(int, low=1, high=20, nullable=True),
            "num_threads": Param(int, low=0, high=64, nullable=True),
        },
        inputs=frozenset({Input.HISTORY, Input.INPUT_LIST}),
        event_weights=PERSONAL_WEIGHTS,
        evaluate=True,
        serving=PERSONAL_SERVING,
        description="Matrix factorisation (implicit's ALS); the shopper's current events are folded in per request.",
    )
)

SEQUENTIAL = recipe_register(
    Recipe(
        name="sequential",
        label="Sequence-aware personalization (ALS + next-item transitions)",
        engine=SequentialBlendRecommender,
        params={
            **{name: param for name, param in ALS_PARAMS.items() if name != "half_life_days"},
            "half_life_days": Param(float, low=0.01, high=3650, nullable=True),
            "half_life_events": Param(float, low=0.01, high=100_000, nullable=True, search=(10.0, 50.0, None)),
            "window": Param(int, low=1, high=200, search=(5, 20)),
            "gap_decay": Param(float, low=0, high=1),
            "backward_weight": Param(float, low=0, high=10),
            "context": Param(int, low=1, high=500),
            "context_decay": Param(float, low=0, high=1),
            "smoothing": Param(float, low=0, high=1e6, search=Range(1.0, 500.0)),
            "damping": Param(float, low=0, high=10, search=Range(0.0, 0.5, log=False)),
            "max_neighbors": Param(int, low=1, high=10_000),
            "als_weight": Param(float, low=0, high=1000),
            "sequence_weight": Param(float, low=0, high=1000, search=Range(0.5, 32.0)),
            "popularity_weight": Param(float, low=0, high=1000),
            "trend_weight": Param(float, low=0, high=1000),
            "trend_half_life_days": Param(float, low=0.01, high=3650),
        },
        inputs=frozenset({Input.HISTORY, Input.SEQUENCE, Input.INPUT_LIST}),
        event_weights=PERSONAL_WEIGHTS,
        evaluate=True,
        serving=PERSONAL_SERVING,
        description="ALS weighted towards the latest events, blended with what shoppers view next.",
    )
)

ITEM_ITEM = recipe_register(
    Recipe(
        name="item-item",
        label="Related items (co-occurrence)",
        engine=ItemItemRecommender,
        params={
            "min_support": Param(int, low=1, high=1_000_000, help="shoppers two items need in common"),
            "max_neighbors": Param(int, low=1, high=10_000),
        },
        inputs=frozenset({Input.ITEM}),
        event_weights={"View": 1.0},
        description="Items in the same shoppers' histories, by cosine of their co-occurrence.",
        serving=variety(per_style=2, per_category=None),
    )
)

TRENDING = recipe_register(
    Recipe(
        name="trending",
        label="Trending now",
        engine=TrendingRecommender,
        params={
            "window_hours": Param(float, low=0.25, high=8760, help="the latest window: 1 hour, 24 a day, 168 a week"),
            "baseline_windows": Param(int, low=1, high=365, help="windows before it that set the usual rate"),
            "min_recent_events": Param(
                float, low=0, high=1_000_000, help="weighted events an item needs in the window"
            ),
            "prior": Param(float, low=0.01, high=1_000_000, help="pseudo-events on both sides: damps small counts"),
        },
        inputs=frozenset(),
        event_weights={"View": 1.0},
        description="Items whose interaction rate is rising fastest, the same for all (Personalize's trending-now).",
        # Like popularity: a shop-wide row should show its range, not one department's surge.
        serving=variety(per_style=1, per_category=1, per_department=1),
    )
)

ASSOCIATION = recipe_register(
    Recipe(
        name="association",
        label="Bought together (association lift)",
        engine=AssociationRecommender,
        params={
            "min_support": Param(int, low=1, high=1_000_000, help="shoppers who bought both items"),
            "shrinkage": Param(float, low=0, high=10_000, help="pairs with this many shoppers keep half their lift"),
            "max_neighbors": Param(int, low=1, high=10_000),
        },
        inputs=frozenset({Input.ITEM}),
        event_weights={"Purchase": 1.0},
        description="Items bought by the same shoppers more often than their popularity predicts (shrunk lift).",
        serving=variety(per_style=2, per_category=None),
    )
)


def _field_weight(what: str) -> Param:
    return Param(float, low=0, high=100, help=f"how much a shared {what} counts")


SIMILAR_ITEMS = recipe_register(
    Recipe(
        name="similar-items",
        label="Similar items (content + co-view)",
        engine=ContentSimilarityRecommender,
        params={
            "style_weight": _field_weight("style"),
            "category_weight": _field_weight("category"),
            "department_weight": _field_weight("department"),
            "price_weight": _field_weight("price band"),
            "text_weight": _field_weight("word of name and description (TF-IDF)"),
            "attribute_weight": _field_weight("value of the items schema's own categorical fields"),
            "price_band_ratio": Param(float, low=1.01, high=100, help="a price band spans this ratio"),
            "shrinkage": Param(
                float, low=0, high=1_000_000, help="an item viewed by this many shoppers is half co-view"
            ),
            "min_support": Param(int, low=1, high=1_000_000, help="shoppers two items need in common for co-view"),
            "max_neighbors": Param(int, low=1, high=10_000),
        },
        inputs=frozenset({Input.ITEM}),
        event_weights={"View": 1.0},
        description="Items like this one by category, style, price and words, blended with co-view as views come in.",
        serving=variety(per_style=None, per_category=None),
    )
)

NEW_ARRIVALS = recipe_register(
    Recipe(
        name="new-arrivals",
        label="New arrivals",
        engine=NewArrivalsRecommender,
        params={"max_age_days": Param(float, low=1, high=3650, help="items created within the last N days")},
        inputs=frozenset(),
        event_weights={"View": 1.0, "AddToCart": 3.0, "Purchase": 5.0},
        description="The newest products, early traction first among equally new; products added since training "
        "are served from the live catalogue.",
        serving=variety(per_style=2, per_category=None),
    )
)

EASE = recipe_register(
    Recipe(
        name="ease",
        label="User personalization (EASE)",
        engine=EASERecommender,
        params={
            "l2": Param(float, low=0.01, high=1_000_000, search=Range(10, 5000), help="ridge penalty"),
            "session_weight": Param(
                float, low=0, high=1000, search=Range(0.1, 16), help="a session's row against a shopper's; 0: none"
            ),
            "session_gap_minutes": Param(
                # Down to seconds: on MovieLens, ratings entered within a minute of each other are
                # the strongest co-occurrence (nDCG@10 0.422 at one minute against 0.413 at an hour).
                float,
                low=0.1,
                high=10_080,
                search=Range(0.5, 1440),
                help="a pause this long starts a new session",
            ),
            "session_scales": Param(
                int,
                low=1,
                high=6,
                search=(1, 2, 3, 4),
                help="nested session scales, each with a 10x longer gap and half the weight",
            ),
            "half_life_days": HALF_LIFE,
            "max_items": Param(int, low=1, high=200_000, help="refuse larger catalogues (one n x n float32 matrix)"),
        },
        inputs=frozenset({Input.HISTORY, Input.INPUT_LIST}),
        event_weights=PERSONAL_WEIGHTS,
        evaluate=True,
        serving=PERSONAL_SERVING,
        setting_defaults={"max_items": "RECOMMENDATIONS_EASE_MAX_ITEMS"},
        description="A closed-form item x item model (Steck's EASE) over shoppers and their sessions; "
        "dense, so for catalogues up to RECOMMENDATIONS_EASE_MAX_ITEMS.",
    )
)

RP3BETA = recipe_register(
    Recipe(
        name="rp3beta",
        label="User personalization (item-kNN, RP3beta)",
        engine=RP3BetaRecommender,
        params={
            "alpha": Param(float, low=0.01, high=10, search=Range(0.2, 1.5, log=False), help="transition exponent"),
            "beta": Param(float, low=0, high=5, search=Range(0.0, 1.0, log=False), help="popularity discount"),
            "neighbours": Param(int, low=1, high=10_000, search=Range(20, 1000, integer=True)),
            "half_life_days": HALF_LIFE,
        },
        inputs=frozenset({Input.HISTORY, Input.INPUT_LIST}),
        event_weights=PERSONAL_WEIGHTS,
        evaluate=True,
        serving=PERSONAL_SERVING,
        description="Items a two-step random walk reaches from the shopper's items, popular ones discounted; "
        "sparse, so it scales to large catalogues.",
    )
)

"""Whether a category page may offer "Recommended for you" as its sort, and why not."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import live_model
from recommendations.defaults import (
    RECOMMENDED_FOR_YOU,
)
from recommendations.selectors.history import (
    user_history,
)
from recommendations.selectors.personal import PersonalRanking, personal_ranking
from recommendations.selectors.rows.pages import enough_history


@dataclass(frozen=True)
class PersonalSort:
    """The personal order offered to a shopper, or why it is not (for the sort menu)."""

    ranking: PersonalRanking | None
    note: str  # why the order is not offered, "" when it is

    @property
    def available(self) -> bool:
        return self.ranking is not None


SORT_NEEDS_HISTORY = "Recommended for you appears once you have looked at a few products."
SORT_UNAVAILABLE = "Recommended for you is unavailable at the moment."
SORT_NOT_YET = "Recommended for you appears once the next model has learned from your browsing."


def personal_sort(*, user: AbstractBaseUser | None, visitor_id: str) -> PersonalSort:
    """The live personal model's order for this shopper, under home_rows' history thresholds."""
    history = user_history(user=user, visitor_id=visitor_id)
    if not enough_history(user=user, history=history):
        return PersonalSort(None, SORT_NEEDS_HISTORY)
    ranking = personal_ranking(recommender=RECOMMENDED_FOR_YOU, history=history)
    if ranking is not None:
        return PersonalSort(ranking, "")
    if live_model(RECOMMENDED_FOR_YOU) is None:
        return PersonalSort(None, SORT_UNAVAILABLE)
    # A live model that knows none of the shopper's products (all newer than its training).
    return PersonalSort(None, SORT_NOT_YET)


# --- Cart and order pages: what goes with a basket ------------------------------------------------

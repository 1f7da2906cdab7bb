"""Personalize's GetPersonalizedRanking, and one shopper's scores to order any list of products by."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import LoadedModel, live_model
from recommendations.models import Filter
from recommendations.selectors.filters import ItemFilter, filter_allowed_products, item_filter_resolve
from recommendations.selectors.history import HistoryEvent, user_history
from recommendations.selectors.personal.scores import PersonalScores, personal_scores
from recommendations.selectors.ranking import Recommendation


def _because(loaded: LoadedModel, rows: list[tuple[PersonalScores, list[int]]]) -> list[list[int | None]]:
    """For each (scores, products of its row): each product explained by the part of the blend that
    put it there (the latest events or the history); one ``explain_batch`` per fold-in matrix."""
    requests: dict[int, tuple[sp.csr_matrix, list[tuple[int, int, np.ndarray, np.ndarray]]]] = {}
    sources = []
    for k, (personal, product_ids) in enumerate(rows):
        targets = loaded.item_index(product_ids)
        long_part, recent_part = personal.parts
        use_recent = np.zeros(targets.size, dtype=bool)
        if recent_part is not None:
            use_recent = personal.share * recent_part[targets] > (1 - personal.share) * long_part[targets]
        sources.append(np.full(targets.size, -1, dtype=np.int64))
        for mask, at in ((~use_recent, personal.row_at[0]), (use_recent, personal.row_at[1])):
            if mask.any():
                entry = requests.setdefault(id(personal.matrix), (personal.matrix, []))
                entry[1].append((k, at, mask, targets[mask]))
    for matrix, asked in requests.values():
        answers = loaded.model.explain_batch(matrix, [at for _, at, _, _ in asked], [t for _, _, _, t in asked])
        for (k, _, mask, _), (best, _) in zip(asked, answers, strict=True):
            sources[k][mask] = best
    return [[int(loaded.product_ids[i]) if i >= 0 else None for i in found] for found in sources]


def ranked_items(
    *,
    recommender: str,
    user: AbstractBaseUser | None,
    visitor_id: str = "",
    product_ids: list[int],
    item_filter: Filter | ItemFilter | str | None = None,
    filter_values: Mapping[str, str] | None = None,
    now: float | None = None,
) -> Recommendation:
    """Personalize's GetPersonalizedRanking: the given products reordered for this shopper,
    less those ``item_filter`` rules out.

    Products the model cannot score come last, in input order, scored below every scored one.
    Without a live model or history the input order is kept, with zero scores.
    """
    loaded = live_model(recommender)
    history = user_history(user=user, visitor_id=visitor_id)
    flt = item_filter_resolve(item_filter, filter_values)
    product_ids = filter_allowed_products(flt, product_ids, user=user, visitor_id=visitor_id, history=history)
    personal = None
    if loaded is not None and loaded.spec.ranks:
        personal = personal_scores(loaded, history, loaded.spec.serving_options(loaded.params), now)
    if personal is None:
        return Recommendation(recommender, list(product_ids), [0.0] * len(product_ids), None)
    idx, known = loaded.item_lookup(product_ids)
    score_of = {
        pid: float(personal.scores[i])
        for pid, i, ok in zip(product_ids, idx, known, strict=True)
        if ok and np.isfinite(personal.scores[i])
    }
    # Scores can be negative: 0.0 for an unknown product would read as better than the known ones above it.
    lowest = min(score_of.values()) - 1.0 if score_of else 0.0
    order = sorted(range(len(product_ids)), key=lambda k: (-score_of.get(product_ids[k], lowest), k))
    ranked = [product_ids[k] for k in order]
    result = Recommendation(recommender, ranked, [score_of.get(pid, lowest) for pid in ranked], loaded.version_id)
    if loaded.spec.explains and score_of:
        # The shopper's own item behind each scored one, as a personal row has it ("Because you viewed X").
        scored = [pid for pid in ranked if pid in score_of]
        explained = dict(zip(scored, _because(loaded, [(personal, scored)])[0], strict=True))
        result.because = [explained.get(pid) for pid in ranked]
        result.history = history
    return result


@dataclass(frozen=True)
class PersonalRanking:
    """One shopper's scores from the live personal model, to order any list of products by."""

    recommender: str
    version_id: int
    loaded: LoadedModel
    scores: np.ndarray  # per model item, -inf where the model cannot score it

    def scores_of(self, product_ids: list[int]) -> np.ndarray:
        """The score of each product, -inf for those the model does not know or cannot score."""
        idx, known = self.loaded.item_lookup(product_ids)
        if not known.any():
            return np.full(len(product_ids), -np.inf, dtype=np.float32)
        return np.where(known, self.scores[idx], -np.inf).astype(np.float32)

    def order(self, product_ids: list[int]) -> list[int]:
        """``product_ids`` best first; unscorable ones last, keeping their given order (ties too)."""
        order = np.argsort(-self.scores_of(product_ids), kind="stable")
        return [int(product_ids[k]) for k in order]


def personal_ranking(*, recommender: str, history: list[HistoryEvent]) -> PersonalRanking | None:
    """The live ranking model's scores for this history, scored once for the whole catalogue
    (a page of any size is then ordered by one lookup); None without a live model that ranks
    or without an event it knows."""
    loaded = live_model(recommender)
    if loaded is None or not loaded.spec.ranks or not history:
        return None
    personal = personal_scores(loaded, history, loaded.spec.serving_options(loaded.params))
    if personal is None:
        return None
    return PersonalRanking(recommender, loaded.version_id, loaded, personal.scores)

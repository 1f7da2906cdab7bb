"""Similar items from what products are (category, style, price, words), blended with co-view.

Co-view alone has nothing to say about a product nobody has viewed yet; content alone ignores
what shoppers show they treat as alternatives. Each item's row blends the two by how much
behaviour there is behind it, so a new product starts as pure content and drifts towards co-view
as it is viewed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import Capability, csr_from_arrays, csr_to_arrays, top_n
from .catalogue import Categorical, ItemTable
from .interactions import Interactions
from .itemitem import NeighbourModel, co_view_cosine, keep_top_per_row

# The parts a pair can match on, in the order a reason names them.
FIELDS = ("style", "category", "department", "price", "words", "attributes")
CO_VIEW = "co-view"
_FIELD = {name: code for code, name in enumerate(FIELDS)}

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "this",
        "to",
        "was",
        "with",
        "your",
        "you",
        "will",
        "can",
        "all",
        "any",
        "made",
        "make",
        "into",
        "each",
        "per",
        "more",
        "most",
        "very",
        "so",
        "than",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")

# Words must carry this share of a pair's content score to be named (a shared "the"-like word
# of a long description is no reason); with the default weights they can carry at most a fifth.
WORDS_SHARE = 0.1

# Rows of the item x item content block computed at once: bounded memory at any catalogue size.
_BLOCK_CELLS = 1 << 22
# Catalogues up to this size score every pair of items; larger ones, content within a category.
EXACT_MAX_ITEMS = 50_000


def words_of(text: str) -> list[str]:
    """Lower-case words, stop words and single letters dropped."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS]


def _text(table: ItemTable, name: str, position: int) -> str:
    try:
        column = table.column(name)
    except KeyError:
        return ""
    return column.text(position) if isinstance(column, Categorical) else ""


def _number(table: ItemTable, name: str, position: int) -> float:
    try:
        column = table.column(name)
    except KeyError:
        return math.nan
    return math.nan if isinstance(column, Categorical) else float(column[position])


def _attributes(table: ItemTable, position: int) -> list[str]:
    """ "FIELD=value" for each value of each categorical metadata field the table names for content."""
    found = []
    for name in table.content_fields:
        column = table.columns.get(name)
        if isinstance(column, Categorical):
            found.extend(f"{name}={value}" for value in column.texts(position))
    return found


class ContentSimilarityRecommender(NeighbourModel):
    """Items like this one: TF-IDF over attribute tokens and words, blended with co-view cosine.

    Tokens per item: its category, its style (within its category), its department, two price
    bands (log-spaced by ``price_band_ratio``, the second shifted by half a band so close prices
    always share one), the words of its name and description (and of the items schema's textual
    fields) and the values of the items schema's own categorical fields ("attributes"). Words are weighted by TF-IDF;
    each field's block of a row is unit length and scaled by the square root of its weight, so
    the cosine of two items is a weighted sum of per-field matches whose parts can be named.

    The score of a pair is ``content * (1 - w) + coview * w`` with ``w = n / (n + shrinkage)``,
    n the item's co-view support (shoppers who viewed it): an item without views is pure content.
    Each item keeps its ``max_neighbors`` best neighbours.
    """

    kind = "content-similarity"
    capabilities = Capability.RELATED | Capability.CONTENT
    state_prefix = "neighbours"

    def __init__(
        self,
        *,
        style_weight: float = 2.0,
        category_weight: float = 1.0,
        department_weight: float = 0.5,
        price_weight: float = 1.0,
        text_weight: float = 1.0,
        attribute_weight: float = 1.0,
        price_band_ratio: float = 1.6,
        shrinkage: float = 200.0,
        min_support: int = 1,
        max_neighbors: int = 100,
    ) -> None:
        self.style_weight = max(float(style_weight), 0.0)
        self.category_weight = max(float(category_weight), 0.0)
        self.department_weight = max(float(department_weight), 0.0)
        self.price_weight = max(float(price_weight), 0.0)
        self.text_weight = max(float(text_weight), 0.0)
        self.attribute_weight = max(float(attribute_weight), 0.0)
        self.price_band_ratio = max(float(price_band_ratio), 1.01)
        self.shrinkage = max(float(shrinkage), 0.0)
        self.min_support = max(int(min_support), 1)
        self.max_neighbors = int(max_neighbors)

    @property
    def params(self) -> dict[str, Any]:
        return {
            "style_weight": self.style_weight,
            "category_weight": self.category_weight,
            "department_weight": self.department_weight,
            "price_weight": self.price_weight,
            "text_weight": self.text_weight,
            "attribute_weight": self.attribute_weight,
            "price_band_ratio": self.price_band_ratio,
            "shrinkage": self.shrinkage,
            "min_support": self.min_support,
            "max_neighbors": self.max_neighbors,
        }

    @property
    def _weights(self) -> np.ndarray:
        return np.array(
            [
                self.style_weight,
                self.category_weight,
                self.department_weight,
                self.price_weight,
                self.text_weight,
                self.attribute_weight,
            ]
        )

    # --- tokens and features ------------------------------------------------------------------

    def tokens(
        self,
        *,
        category: str = "",
        style: str = "",
        department: str = "",
        price: float = math.nan,
        text: str = "",
        attributes: Iterable[str] = (),
    ) -> Counter[str]:
        """An item's tokens with their counts (words may repeat; attributes count once).

        ``attributes``: the item's values of the schema's own categorical fields, as "FIELD=value".
        """
        found: Counter[str] = Counter()
        if category:
            found[f"category:{category}"] = 1
        if style:
            found[f"style:{category}/{style}"] = 1
        if department:
            found[f"department:{department}"] = 1
        if math.isfinite(price) and price > 0:
            band = math.log(price) / math.log(self.price_band_ratio)
            found[f"price:{math.floor(band)}"] = 1
            found[f"price:{math.floor(band + 0.5)}+"] = 1
        found.update(f"words:{word}" for word in words_of(text))
        for attribute in attributes:
            found[f"attributes:{attribute}"] = 1
        return found

    def tokens_of(self, table: ItemTable, position: int) -> Counter[str]:
        """The tokens of row ``position`` of an item table."""
        return self.tokens(
            category=_text(table, "CATEGORY", position),
            style=_text(table, "STYLE", position),
            department=_text(table, "DEPARTMENT", position),
            price=_number(table, "PRICE", position),
            text=table.texts[position] if table.texts else "",
            attributes=_attributes(table, position),
        )

    def _weigh(self, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray, n_rows: int) -> sp.csr_matrix:
        """TF-IDF per token, each field's block unit length times sqrt(its weight), rows unit length."""
        fields = self.token_field[cols]
        values = np.where(fields == _FIELD["words"], 1.0 + np.log(np.maximum(counts, 1.0)), 1.0) * self.idf[cols]
        squares = np.zeros((n_rows, len(FIELDS)))
        np.add.at(squares, (rows, fields), values**2)
        weights = self._weights
        values = values / np.sqrt(squares[rows, fields]) * np.sqrt(weights[fields])
        present = (squares > 0) & (weights > 0)
        total = np.sqrt((present * weights).sum(axis=1))
        values = values / np.where(total > 0, total, 1.0)[rows]
        matrix = sp.csr_matrix(
            (values.astype(np.float32), (rows, cols)), shape=(n_rows, len(self.vocabulary)), dtype=np.float32
        )
        matrix.eliminate_zeros()
        return matrix

    def features(self, found: Counter[str]) -> sp.csr_matrix:
        """A 1 x vocabulary row for tokens (of a product the model never saw); unknown tokens drop out."""
        self._check_fitted()
        known = [(self._column[token], count) for token, count in found.items() if token in self._column]
        cols = np.array([c for c, _ in known], dtype=np.int64)
        counts = np.array([n for _, n in known], dtype=np.float64)
        return self._weigh(np.zeros(cols.size, dtype=np.int64), cols, counts, 1)

    # --- fitting ------------------------------------------------------------------------------

    def _fit(self, data: Interactions) -> None:
        if data.items is None:
            raise ValueError("content similarity needs the items' attributes (Interactions.items)")
        table = data.items
        per_item = [self.tokens_of(table, i) for i in range(data.n_items)]
        self.vocabulary = np.array(sorted({token for found in per_item for token in found}), dtype=str)
        self._index_vocabulary()
        rows = np.repeat(np.arange(data.n_items), [len(found) for found in per_item])
        cols = np.array([self._column[t] for found in per_item for t in found], dtype=np.int64)
        counts = np.array([n for found in per_item for n in found.values()], dtype=np.float64)
        df = np.bincount(cols, minlength=len(self.vocabulary))
        self.idf = (np.log((1.0 + data.n_items) / (1.0 + df)) + 1.0).astype(np.float64)
        self.item_features = self._weigh(rows, cols, counts, data.n_items)

        coview, support = co_view_cosine(self.interaction_matrix(data), self.min_support)
        self.coview = keep_top_per_row(coview, self.max_neighbors).astype(np.float32)
        self.support = support.astype(np.float32)
        self._set_neighbours(self._blend(), self.max_neighbors)

    def _index_vocabulary(self) -> None:
        self._column = {str(token): i for i, token in enumerate(self.vocabulary)}
        self.token_field = np.array([_FIELD[str(token).split(":", 1)[0]] for token in self.vocabulary], dtype=np.int8)

    def coview_share(self, item_idx: np.ndarray) -> np.ndarray:
        """``w`` per item: the weight of co-view in its row."""
        n = self.support[np.asarray(item_idx, dtype=np.int64)].astype(np.float64)
        return n / (n + self.shrinkage) if self.shrinkage > 0 else (n > 0).astype(np.float64)

    def _blend(self) -> sp.csr_matrix:
        """Each item's top neighbours by blended score, a block of rows at a time.

        Every pair is scored up to ``EXACT_MAX_ITEMS`` items. Past it the all-pairs block is
        quadratic (6e10 cells at 100x the reference shop's 246,500 items: hours on two cores), so
        content is scored within each item's category only, co-view still against any item: the
        category token is a fifth of the default weights, so a neighbour from another category
        rarely reaches an item's top ``max_neighbors`` among thousands of its own.
        """
        n = self.item_features.shape[0]
        if n <= EXACT_MAX_ITEMS:
            return self._blend_rows(np.arange(n), among=None)
        category_cols = np.flatnonzero(self.token_field == _FIELD["category"])
        of_category = self.item_features[:, category_cols].tocoo()
        group = np.full(n, -1, dtype=np.int64)
        group[of_category.row] = of_category.col
        groups = [np.flatnonzero(group == g) for g in np.unique(group)]
        stacked = sp.vstack([self._blend_rows(items, among=items) for items in groups], format="csr")
        at = np.empty(n, dtype=np.int64)
        at[np.concatenate(groups)] = np.arange(n)
        return stacked[at]

    def _blend_rows(self, items: np.ndarray, among: np.ndarray | None) -> sp.csr_matrix:
        """The neighbour rows of ``items``: content against every item (``among`` None) or against
        ``among`` only, co-view against any item."""
        n = self.item_features.shape[0]
        columns = np.arange(n) if among is None else among
        features_t = self.item_features[columns].T.tocsc()
        step = max(1, _BLOCK_CELLS // max(columns.size, 1))
        blocks = []
        for start in range(0, items.size, step):
            rows = items[start : start + step]
            content = np.asarray((self.item_features[rows] @ features_t).todense(), dtype=np.float32)
            coview = self.coview[rows]
            if among is None:
                candidates, blended = columns, content
                coview_dense = coview.toarray()
            else:
                candidates = np.union1d(columns, coview.indices)
                blended = np.zeros((rows.size, candidates.size), dtype=np.float32)
                blended[:, np.searchsorted(candidates, columns)] = content
                coview_dense = coview[:, candidates].toarray()
            w = self.coview_share(rows).astype(np.float32)[:, None]
            scores = blended * (1 - w) + coview_dense * w
            own = np.searchsorted(candidates, rows)
            scores[np.arange(rows.size), own] = 0.0
            keep = max(1, min(self.max_neighbors, candidates.size - 1))
            if candidates.size - 1 > keep:
                top = np.argpartition(-scores, keep - 1, axis=1)[:, :keep]
            else:
                top = np.tile(np.arange(candidates.size), (rows.size, 1))
            values = np.take_along_axis(scores, top, axis=1)
            r = np.repeat(np.arange(rows.size), top.shape[1])
            block = sp.csr_matrix(
                (values.ravel(), (r, candidates[top].ravel())), shape=(rows.size, n), dtype=np.float32
            )
            block.eliminate_zeros()
            blocks.append(block)
        return sp.vstack(blocks, format="csr") if blocks else sp.csr_matrix((0, n), dtype=np.float32)

    # --- serving ------------------------------------------------------------------------------

    def similar_to_features(
        self, row: sp.csr_matrix, N: int = 10, filter_items: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best items by content alone for a features row (a product created after training)."""
        self._check_fitted()
        scores = np.asarray((self.item_features @ row.T).todense(), dtype=np.float32).ravel()
        scores[scores <= 0] = -np.inf
        return top_n(scores, N, filter_items)

    def similar_to_item_row(
        self, table: ItemTable, position: int, N: int = 10, filter_items: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best items for row ``position`` of ``table`` (any catalogue, e.g. today's), by content."""
        return self.similar_to_features(self.features(self.tokens_of(table, position)), N, filter_items)

    def match_parts(self, source: int | sp.csr_matrix, item_ids: np.ndarray) -> list[tuple[str, ...]]:
        """Per item, what it matched ``source`` (an item index or a features row) on: field names of
        ``FIELDS`` (style, category, ...) or ``("co-view",)`` when co-view gave most of its score.

        "category" is left out when the style (a style within the category) matched, and
        "department" when the category did; words are named when they carry a tenth of the
        content score (``WORDS_SHARE``) or are the only match.
        """
        self._check_fitted()
        ids = np.asarray(item_ids, dtype=np.int64)
        if isinstance(source, sp.spmatrix):
            row, w, coview = sp.csr_matrix(source), 0.0, np.zeros(ids.size)
        else:
            row = self.item_features[int(source)]
            w = float(self.coview_share(np.array([int(source)]))[0])
            coview = np.asarray(self.coview[int(source)].todense(), dtype=np.float64).ravel()[ids]
        shared = self.item_features[ids].multiply(row).tocoo()
        parts = np.zeros((ids.size, len(FIELDS)))
        np.add.at(parts, (shared.row, self.token_field[shared.col]), shared.data)
        content = parts.sum(axis=1)
        matched: list[tuple[str, ...]] = []
        for k in range(ids.size):
            if w * coview[k] > (1 - w) * content[k]:
                matched.append((CO_VIEW,))
                continue
            found = [name for name, value in zip(FIELDS, parts[k], strict=True) if value > 0 and name != "words"]
            if "style" in found:
                found = [name for name in found if name not in ("category", "department")]
            elif "category" in found:
                found = [name for name in found if name != "department"]
            words = parts[k, _FIELD["words"]]
            if words > 0 and (words >= WORDS_SHARE * content[k] or not found):
                found.append("words")
            matched.append(tuple(found))
        return matched

    # --- persistence --------------------------------------------------------------------------

    def _array_state(self) -> dict[str, np.ndarray]:
        self._check_fitted()
        return {
            **csr_to_arrays(self.state_prefix, self.neighbours),
            **csr_to_arrays("features", self.item_features),
            **csr_to_arrays("coview", self.coview),
            "support": self.support,
            "vocabulary": self.vocabulary,
            "idf": self.idf,
        }

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> ContentSimilarityRecommender:
        model = cls(**params)
        model.neighbours = csr_from_arrays(cls.state_prefix, state).astype(np.float32)
        model.item_features = csr_from_arrays("features", state).astype(np.float32)
        model.coview = csr_from_arrays("coview", state).astype(np.float32)
        model.support = np.asarray(state["support"], dtype=np.float32)
        model.vocabulary = np.asarray(state["vocabulary"], dtype=str)
        model.idf = np.asarray(state["idf"], dtype=np.float64)
        model._index_vocabulary()
        model.n_items = int(model.neighbours.shape[0])
        return model

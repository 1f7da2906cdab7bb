"""Content similarity blended with co-view, on catalogues small enough to know the answer."""

from __future__ import annotations

import numpy as np
import pytest

from recommendations.engine import (
    Capability,
    ContentSimilarityRecommender,
    Interactions,
    ItemItemRecommender,
    load_model,
    save_model,
)
from recommendations.engine.catalogue import ItemTable

# 0 is the item asked about; 1 shares its category, style and price band; 2 its category and
# price only; 3 its category and style at four times the price; 4 another department entirely;
# 5 the same words in another category.
PRODUCTS = [
    ("shirts", "apparel", "linen", 40.0, "Linen Shirt. Breathable summer linen."),
    ("shirts", "apparel", "linen", 42.0, "Relaxed Shirt. Soft and airy."),
    ("shirts", "apparel", "denim", 41.0, "Work Shirt. Sturdy cotton."),
    ("shirts", "apparel", "linen", 160.0, "Tailored Shirt. Fine weave."),
    ("mugs", "kitchen", "stoneware", 12.0, "Stoneware Mug. Holds coffee."),
    ("trousers", "apparel", "chino", 90.0, "Summer Trousers. Breathable linen blend."),
]


def _table(products=PRODUCTS) -> ItemTable:
    return ItemTable.of(
        list(range(len(products))),
        categorical={
            "CATEGORY": [p[0] for p in products],
            "DEPARTMENT": [p[1] for p in products],
            "STYLE": [p[2] for p in products],
        },
        numeric={"PRICE": [p[3] for p in products]},
        texts=[p[4] for p in products],
        aliases={"CATEGORY_L1": "CATEGORY"},
    )


def _data(pairs: list[tuple[int, int]], n_users: int, table: ItemTable | None = None) -> Interactions:
    table = table or _table()
    users, items = (np.array(side, dtype=np.int64) for side in zip(*pairs, strict=True)) if pairs else ([], [])
    return Interactions.of(users, items, None, None, n_users, len(table)).with_items(table)


def test_same_style_category_and_price_comes_first_and_other_departments_last():
    model = ContentSimilarityRecommender().fit(_data([], 0))
    ids, scores = model.similar_items(0, N=10)
    assert ids[0] == 1
    assert 0 not in ids.tolist()
    assert ids.tolist().index(4) > ids.tolist().index(2) if 4 in ids else True
    assert np.all(np.diff(scores) <= 0)
    # Same style at four times the price scores below same style at the same price.
    assert ids.tolist().index(1) < ids.tolist().index(3)


def test_a_product_nobody_viewed_gets_content_neighbours_while_others_have_views():
    # Shoppers only ever viewed 1..5 together; item 0 has no events at all.
    pairs = [(u, i) for u in range(20) for i in (2, 4)] + [(u, 3) for u in range(20, 30)]
    model = ContentSimilarityRecommender().fit(_data(pairs, 30))
    assert model.coview_share(np.array([0]))[0] == 0.0
    ids, _ = model.similar_items(0, N=3)
    assert ids.tolist()[0] == 1


def test_strong_co_view_moves_the_row_towards_co_view():
    # 200 shoppers viewed item 0 with the mug (4), nobody with anything else.
    pairs = [(u, i) for u in range(200) for i in (0, 4)]
    content_only = ContentSimilarityRecommender().fit(_data([], 0))
    assert content_only.similar_items(0, N=1)[0].tolist() == [1]
    blended = ContentSimilarityRecommender(shrinkage=20.0).fit(_data(pairs, 200))
    assert blended.similar_items(0, N=1)[0].tolist() == [4]
    assert blended.match_parts(0, np.array([4, 1])) == [("co-view",), ("style", "price")]
    # With shrinkage far above the support, content still leads.
    cautious = ContentSimilarityRecommender(shrinkage=100_000.0).fit(_data(pairs, 200))
    assert cautious.similar_items(0, N=1)[0].tolist() == [1]


def test_reasons_name_what_matched():
    model = ContentSimilarityRecommender().fit(_data([], 0))
    parts = dict(zip([1, 2, 3, 5], model.match_parts(0, np.array([1, 2, 3, 5])), strict=True))
    assert parts[1] == ("style", "price")
    assert parts[2] == ("category", "price")
    assert parts[3] == ("style",)
    assert parts[5] == ("department", "words")


def test_field_weights_change_the_order():
    # Price over style: the denim shirt at the same price beats the linen one at four times it.
    model = ContentSimilarityRecommender(style_weight=0.1, price_weight=5.0).fit(_data([], 0))
    ids = model.similar_items(0, N=5)[0].tolist()
    assert ids.index(2) < ids.index(3)
    flipped = ContentSimilarityRecommender(style_weight=5.0, price_weight=0.1).fit(_data([], 0))
    ids = flipped.similar_items(0, N=5)[0].tolist()
    assert ids.index(3) < ids.index(2)


def test_a_product_created_after_training_is_scored_from_its_attributes():
    model = ContentSimilarityRecommender().fit(_data([], 0))
    later = _table([*PRODUCTS, ("shirts", "apparel", "linen", 41.0, "Linen Camp Shirt. Breezy linen.")])
    ids, scores = model.similar_to_item_row(later, len(PRODUCTS), N=3)
    # The linen shirt at 40 shares its words as well as style and price: first.
    assert ids.tolist()[:2] == [0, 1]
    assert np.all(scores > 0)
    row = model.features(model.tokens_of(later, len(PRODUCTS)))
    assert model.match_parts(row, ids[:2]) == [("style", "price", "words"), ("style", "price")]
    # An unknown category, style and words: nothing to match but the department and price.
    odd = _table([*PRODUCTS, ("hats", "apparel", "felt", 40.0, "Zzyzx.")])
    ids, _ = model.similar_to_item_row(odd, len(PRODUCTS), N=10)
    assert 4 not in ids.tolist() and ids.size > 0


def test_filter_items_and_max_neighbors():
    model = ContentSimilarityRecommender(max_neighbors=2).fit(_data([], 0))
    assert model.similar_items(0, N=10)[0].size == 2
    ids, _ = ContentSimilarityRecommender().fit(_data([], 0)).similar_items(0, N=10, filter_items=np.array([1]))
    assert 1 not in ids.tolist()


def test_round_trip_gives_identical_rows_and_reasons():
    pairs = [(u, i) for u in range(30) for i in (0, 4)]
    model = ContentSimilarityRecommender(shrinkage=5.0).fit(_data(pairs, 30))
    loaded = load_model(save_model(model))
    assert isinstance(loaded, ContentSimilarityRecommender) and loaded.params == model.params
    for item in range(len(PRODUCTS)):
        np.testing.assert_array_equal(loaded.similar_items(item, N=5)[0], model.similar_items(item, N=5)[0])
        np.testing.assert_allclose(loaded.similar_items(item, N=5)[1], model.similar_items(item, N=5)[1])
    ids = np.arange(1, len(PRODUCTS))
    assert loaded.match_parts(0, ids) == model.match_parts(0, ids)
    later = _table([*PRODUCTS, ("mugs", "kitchen", "stoneware", 11.0, "Coffee Mug.")])
    np.testing.assert_array_equal(
        loaded.similar_to_item_row(later, len(PRODUCTS))[0], model.similar_to_item_row(later, len(PRODUCTS))[0]
    )


def test_declares_content_and_refuses_to_fit_without_attributes():
    assert Capability.CONTENT in ContentSimilarityRecommender.capabilities
    assert Capability.RELATED in ContentSimilarityRecommender.capabilities
    events = Interactions.of([0], [0], None, None, 1, 1)
    with pytest.raises(ValueError, match="attributes"):
        ContentSimilarityRecommender().fit(events)


def test_co_view_part_is_item_item_cosine():
    pairs = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 2), (3, 4)]
    data = _data(pairs, 4)
    model = ContentSimilarityRecommender().fit(data)
    itemitem = ItemItemRecommender().fit(data)
    ids, scores = itemitem.similar_items(0, N=5)
    np.testing.assert_allclose(model.coview[0].toarray().ravel()[ids], scores, rtol=1e-6)


def test_past_the_exact_size_content_stays_within_a_category_and_co_view_crosses_it(monkeypatch):
    from recommendations.engine import content

    rng = np.random.default_rng(7)
    styles = ["linen", "denim", "wool"]
    products = [
        (category, "apparel", styles[int(rng.integers(3))], float(rng.uniform(10, 200)), f"Item {i} of {category}.")
        for i, category in enumerate(["shirts", "trousers", "socks"] * 20)
    ]
    # Shoppers who view a shirt and a sock together: co-view neighbours across categories.
    pairs = [(u, i) for u in range(40) for i in (3 * (u % 20), 3 * (u % 20) + 2)]
    data = _data(pairs, 40, _table(products))
    # No shrinkage: a viewed item is its co-view alone, an unviewed one (the trousers) content alone.
    exact = ContentSimilarityRecommender(max_neighbors=6, shrinkage=0).fit(data)
    monkeypatch.setattr(content, "EXACT_MAX_ITEMS", 10)
    grouped = ContentSimilarityRecommender(max_neighbors=6, shrinkage=0).fit(data)
    for item in range(len(products)):
        ids, scores = grouped.similar_items(item, N=6)
        exact_ids, exact_scores = exact.similar_items(item, N=6)
        # The top six of sixty are all of the item's own category or co-viewed, so nothing is lost
        # (items tied at the sixth score may differ: which of them is kept is arbitrary in both).
        np.testing.assert_allclose(scores, exact_scores, rtol=1e-6)
        above = scores > scores.min()
        assert set(ids[above].tolist()) == set(exact_ids[exact_scores > exact_scores.min()].tolist())
    assert any(products[int(i)][0] != products[0][0] for i in grouped.similar_items(0, N=6)[0])

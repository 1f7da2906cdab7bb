"""Rows padded with popular items, baskets' related items and the personal sort."""

from __future__ import annotations

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser

from recommendations import selectors, services
from recommendations.artifacts import live_model
from recommendations.defaults import ALSO_VIEWED, BOUGHT_TOGETHER, RECOMMENDED_FOR_YOU, TRENDING_NOW
from recommendations.models import EventType
from recommendations.selectors.rows import SORT_NEEDS_HISTORY, SORT_UNAVAILABLE
from shop.models import Product
from tests.factories import ProductFactory, UserFactory, taste_scenario, trending_scenario
from tests.recommendations.test_selectors import _bought_together_scenario

pytestmark = pytest.mark.django_db


def _trained_taste_world() -> dict:
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    services.product_stats_rebuild()
    return world


def test_a_short_related_row_is_padded_with_popular_items_of_the_products_category_first():
    world = _trained_taste_world()
    product = world["products"]["taste-0"][0]
    # Three rows of distinct products must fit in the small world's catalogue.
    rows = selectors.product_rows(product=product, user=AnonymousUser(), visitor_id="x", limit=8)
    also = next(row for row in rows if row.recommender == ALSO_VIEWED)
    assert len(also.products) == 8 and also.backfilled > 0
    own = len(also.products) - also.backfilled
    assert also.reasons[:own] == (f"Viewed by shoppers who viewed {product.name}",) * own
    padding = also.products[own:]
    # The category's own products come first, each marked with its category; the rest are popular anywhere.
    in_category = [p.category.slug == "taste-0" for p in padding]
    assert in_category == sorted(in_category, reverse=True)
    for card, reason in zip(padding, also.reasons[own:], strict=True):
        assert reason == ("Popular in Taste 0" if card.category.slug == "taste-0" else "Popular right now")
    ids = [p.pk for row in rows for p in row.products]
    assert len(ids) == len(set(ids)) and product.pk not in ids


def test_padding_follows_the_view_counters_and_skips_sold_out_and_purchased_products():
    world = _trained_taste_world()
    user = world["users"]["taste-1"][0]
    bought = set(user.interactions.filter(event_type=EventType.PURCHASE).values_list("product_id", flat=True))
    sold_out = world["products"]["taste-2"][0]
    sold_out.stock = 0
    sold_out.save()
    rows = selectors.home_rows(user=user, visitor_id="", limit=20)
    for row in rows:
        assert not {p.pk for p in row.products} & (bought | {sold_out.pk})
        padding = row.products[len(row.products) - row.backfilled :]
        views = [p.stats.views for p in padding]
        assert views == sorted(views, reverse=True)
        assert set(row.reasons[len(row.products) - row.backfilled :]) <= {"Popular right now"}


def test_rows_are_never_shorter_than_asked_while_popular_products_remain():
    world = _trained_taste_world()
    user = world["users"]["taste-0"][0]
    for row in selectors.home_rows(user=user, visitor_id="", limit=10):
        assert len(row.products) == 10, row.title


def test_padding_stops_at_what_exists_and_an_empty_row_stays_hidden():
    world = _trained_taste_world()
    viewed = Product.objects.filter(stats__views__gt=0).count()
    rows = selectors.home_rows(user=AnonymousUser(), visitor_id="v", limit=100)
    assert sum(len(row.products) for row in rows) == viewed  # every popular product once on the page
    unknown = ProductFactory(category=world["categories"][0])
    # The co-occurrence models know nothing of it, so their rows stay hidden: only content answers.
    rows = selectors.product_rows(product=unknown, user=AnonymousUser(), visitor_id="v")
    assert [row.recommender for row in rows] == ["similar-items"]


def test_trending_now_is_never_padded():
    trending_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    services.product_stats_rebuild()
    rows = {row.recommender: row for row in selectors.home_rows(user=AnonymousUser(), visitor_id="v", limit=4)}
    trending = rows[TRENDING_NOW]
    assert trending.backfilled == 0 and len(trending.products) < 4
    assert not any(reason.startswith("Popular") for reason in trending.reasons)


def test_a_basket_scores_each_item_by_the_sum_of_its_pairs_and_names_the_product_that_counted_most():
    products = _bought_together_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    lamp, pen = products["Lamp"], products["Pen"]
    result = selectors.basket_items(recommender=BOUGHT_TOGETHER, product_ids=[lamp.pk, pen.pk], num_results=10)
    assert lamp.pk not in result.product_ids and pen.pk not in result.product_ids
    loaded = live_model(BOUGHT_TOGETHER)
    pair = {}
    for source in (lamp, pen):
        ids, scores = loaded.model.similar_items(int(loaded.item_index([source.pk])[0]), N=10)
        pair[source.pk] = dict(zip(loaded.product_ids[ids].tolist(), scores.tolist(), strict=True))
    for pid, score, because in zip(result.product_ids, result.scores, result.because, strict=True):
        assert score == pytest.approx(pair[lamp.pk].get(pid, 0) + pair[pen.pk].get(pid, 0), rel=1e-5)
        assert because == max((lamp.pk, pen.pk), key=lambda s: pair[s].get(pid, 0))
    assert result.because[result.product_ids.index(products["Bulb"].pk)] == lamp.pk
    assert result.because[result.product_ids.index(products["Ink"].pk)] == pen.pk


def test_cart_row_reasons_name_the_cart_product_each_card_goes_with():
    products = _bought_together_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    lamp, pen = products["Lamp"], products["Pen"]
    (row,) = selectors.cart_rows(products=[lamp, pen], user=AnonymousUser(), visitor_id="v")
    assert row.title == "Frequently bought together"
    reasons = dict(zip(row.products, row.reasons, strict=True))
    assert reasons[products["Bulb"]] == f"Often bought with {lamp.name}"
    assert reasons[products["Ink"]] == f"Often bought with {pen.name}"
    assert lamp not in row.products and pen not in row.products


def test_order_row_offers_what_goes_with_the_order_but_nothing_bought():
    products = _bought_together_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    buyer = UserFactory()
    services.interaction_record(product_id=products["Mug"].pk, event_type=EventType.PURCHASE, user=buyer)
    (row,) = selectors.order_rows(products=[products["Lamp"]], user=buyer, visitor_id="")
    assert row.title == "You may also like"
    assert row.products[0] == products["Bulb"]
    assert products["Lamp"] not in row.products and products["Mug"] not in row.products
    assert all(row.reasons)


def test_no_basket_rows_without_a_model_or_a_basket():
    lamp = ProductFactory()
    assert selectors.cart_rows(products=[lamp], user=AnonymousUser(), visitor_id="v") == []
    assert selectors.cart_rows(products=[], user=AnonymousUser(), visitor_id="v") == []


def test_personal_sort_needs_the_home_rows_history_and_a_live_model(settings):
    settings.RECOMMENDATIONS_ANONYMOUS_MIN_EVENTS = 3
    world = taste_scenario()
    products = world["products"]["taste-1"]
    for product in products[:3]:
        services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, visitor_id="b")
    assert selectors.personal_sort(user=AnonymousUser(), visitor_id="b").note == SORT_UNAVAILABLE
    services.training_run_start(triggered_by="test", synchronous=True)
    assert selectors.personal_sort(user=AnonymousUser(), visitor_id="b").available
    services.interaction_record(product_id=products[0].pk, event_type=EventType.VIEW, visitor_id="c")
    assert selectors.personal_sort(user=AnonymousUser(), visitor_id="c").note == SORT_NEEDS_HISTORY
    assert selectors.personal_sort(user=AnonymousUser(), visitor_id="").note == SORT_NEEDS_HISTORY


def test_the_personal_order_is_the_models_ranking():
    world = _trained_taste_world()
    user = world["users"]["taste-2"][0]
    ids = [*sorted(p.pk for ps in world["products"].values() for p in ps), ProductFactory().pk]
    ranking = selectors.personal_sort(user=user, visitor_id="").ranking
    ordered = ranking.order(ids)
    # Personalize's GetPersonalizedRanking, scored product by product, agrees.
    assert ordered == selectors.ranked_items(recommender=RECOMMENDED_FOR_YOU, user=user, product_ids=ids).product_ids
    scores = ranking.scores_of(ordered)
    assert np.all(np.diff(scores[np.isfinite(scores)]) <= 0)
    assert ordered[-1] == ids[-1]  # unknown to the model: last
    top = ordered[: len(ordered) // 3]
    assert sum(Product.objects.get(pk=pk).category.slug == "taste-2" for pk in top) > len(top) / 2

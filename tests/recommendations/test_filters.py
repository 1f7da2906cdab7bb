from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations import selectors, services
from recommendations.models import Filter, Interaction, Recommender
from recommendations.selectors import Promotion, Recommendation, promoted_slots, promotion_apply
from recommendations.user_attributes import (
    user_attribute_fields,
    user_attributes,
    user_attributes_provider_register,
    user_attributes_provider_unregister,
)
from tests.factories import ProductFactory, ShopperProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

RECS = reverse("recommendations:recommendations")
RANK = reverse("recommendations:rankings")


@pytest.fixture
def client(settings):
    settings.RECOMMENDATIONS_API_KEY = "test-key"
    return Client(headers={"Authorization": "Api-Key test-key"})


def test_the_storefront_filters_are_seeded_and_valid():
    names = set(Filter.objects.values_list("name", flat=True))
    assert {"exclude-purchased", "same-category", "promoted-items"} <= names
    for stored in Filter.objects.all():
        stored.full_clean()


def test_clean_refuses_an_expression_with_the_parsers_message():
    bad = Filter(name="bad", expression='INCLUDE ItemID WHERE Items.STYLE == "boot"')
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    assert caught.value.message_dict["expression"] == ['at 34: expected IN or NOT IN, got "=="']
    unknown = Filter(name="unknown", expression='INCLUDE ItemID WHERE Items.COLOUR IN ("red")')
    fields = "CATEGORY, CATEGORY_ID, CATEGORY_L1"
    with pytest.raises(ValidationError, match=f"no item field COLOUR; the fields are {fields}"):
        unknown.full_clean()


def test_the_admin_refuses_to_save_an_invalid_filter(staff_client):
    url = reverse("admin:recommendations_filter_add")
    body = {"name": "cheap", "expression": "INCLUDE ItemID WHERE Items.PRICE IN 5", "description": ""}
    response = staff_client.post(url, body)
    assert response.status_code == 200  # the form again, not a redirect
    assert "at 37: expected &quot;(&quot; and a list of values" in response.content.decode()
    assert not Filter.objects.filter(name="cheap").exists()
    body["expression"] = "INCLUDE ItemID WHERE Items.PRICE <= 50"
    assert staff_client.post(url, body).status_code == 302
    assert "font-family: monospace" in staff_client.get(url).content.decode()


def test_personas_hands_the_shopper_profile_to_filters():
    shopper = ShopperProfileFactory(age=41, gender="F")
    attributes = user_attributes(shopper.user)
    assert attributes["AGE"] == 41 and attributes["GENDER"] == "F"
    assert {"AGE", "GENDER"} <= set(user_attribute_fields())
    assert user_attributes(None) == {}


def test_a_registered_provider_adds_its_fields():
    user_attributes_provider_register("test-tier", lambda user: {"tier": "gold"}, fields=["TIER"])
    try:
        assert user_attributes(UserFactory())["TIER"] == "gold" and "TIER" in user_attribute_fields()
    finally:
        user_attributes_provider_unregister("test-tier")
    assert "TIER" not in user_attribute_fields()


def test_a_filtered_request_returns_only_allowed_items(client, trained):
    Filter.objects.create(name="only-taste-1", expression="INCLUDE ItemID WHERE Items.CATEGORY IN ($CATS)")
    user = trained["users"]["taste-2"][0]
    params = {"recommender": "recommended-for-you", "userId": user.username, "numResults": 20}
    body = client.get(RECS, {**params, "filter": "only-taste-1", "filterValues": '{"CATS": "\\"taste-1\\""}'}).json()
    allowed = {str(p.pk) for p in trained["products"]["taste-1"]}
    assert body["itemList"] and all(item["itemId"] in allowed for item in body["itemList"])
    arn = "arn:aws:personalize:eu-west-1:123456789012:filter/only-taste-1"
    by_arn = client.get(RECS, {**params, "filterArn": arn, "filterValues": '{"CATS": "\\"taste-1\\""}'}).json()
    assert [i["itemId"] for i in by_arn["itemList"]] == [i["itemId"] for i in body["itemList"]]


def test_exclude_purchased_drops_what_the_shopper_bought(client, trained):
    user = trained["users"]["taste-0"][0]
    bought = {str(pid) for pid in user.interactions.filter(event_type="Purchase").values_list("product_id", flat=True)}
    params = {"recommender": "most-viewed", "userId": user.username, "numResults": 50}
    everything = {i["itemId"] for i in client.get(RECS, params).json()["itemList"]}
    assert bought <= everything
    filtered = {i["itemId"] for i in client.get(RECS, {**params, "filter": "exclude-purchased"}).json()["itemList"]}
    assert filtered == everything - bought


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"filter": "nope"}, "unknown filter 'nope'; the filters are: exclude-purchased"),
        ({"filter": "needs-max"}, "filterValues has no MAX, which the INCLUDE expression needs"),
        ({"filter": "needs-max", "filterValues": "{"}, "not JSON"),
        ({"filter": "needs-max", "filterValues": '{"MAX": 5}'}, "a JSON object of strings is expected"),
        ({"filter": "same-category"}, "only a related-items recommender can use it, not most-viewed"),
        (
            {"promotionName": "p", "promotionPercent": "0", "promotionFilter": "promoted-items"},
            "greater than or equal to 1",
        ),
        ({"promotionName": "p", "promotionPercent": "20"}, "a promotion needs promotionName, promotionPercent and"),
    ],
)
def test_filter_problems_are_400_with_a_clear_message(client, params, message):
    Filter.objects.create(name="needs-max", expression="INCLUDE ItemID WHERE Items.PRICE <= $MAX")
    response = client.get(RECS, {"recommender": "most-viewed", **params})
    assert response.status_code == 400 and message in str(response.json()), response.json()


def test_an_invalid_stored_expression_is_a_400_with_its_position(client):
    Filter.objects.create(name="broken", expression="INCLUDE ItemID WHERE Items.PRICE << 5")  # saved around clean()
    response = client.get(RECS, {"recommender": "most-viewed", "filter": "broken"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("at 34: expected IN, NOT IN or a comparison")


def test_rankings_take_a_filter(client, trained):
    user = trained["users"]["taste-1"][0]
    items = [str(p.pk) for p in trained["products"]["taste-1"][:3] + trained["products"]["taste-2"][:3]]
    Filter.objects.create(name="not-taste-2", expression='EXCLUDE ItemID WHERE Items.CATEGORY IN ("taste-2")')
    body = {"userId": user.username, "inputList": items, "filter": "not-taste-2"}
    ranked = client.post(RANK, body, content_type="application/json").json()["itemList"]
    assert sorted(i["itemId"] for i in ranked) == sorted(items[:3])


def test_a_promotion_gives_its_share_of_slots_to_promoted_items(client, trained):
    promoted = trained["products"]["taste-0"][:4]
    for product in promoted:
        product.promoted = True
        product.save()
    user = trained["users"]["taste-2"][0]
    params = {"recommender": "recommended-for-you", "userId": user.username, "numResults": 10}
    promotion = {"promotionName": "spring", "promotionPercent": "30", "promotionFilter": "promoted-items"}
    body = client.get(RECS, {**params, **promotion}).json()
    items = body["itemList"]
    marked = [i for i in items if i.get("promotionName") == "spring"]
    assert len(items) == 10 and len(marked) == 3
    assert all(i["reason"] == "Promoted" and int(i["itemId"]) in {p.pk for p in promoted} for i in marked)
    assert len({i["itemId"] for i in items}) == 10
    # The request's filter applies to the other items only.
    only = {"filter": "only-taste-2"}
    Filter.objects.create(name="only-taste-2", expression='INCLUDE ItemID WHERE Items.CATEGORY IN ("taste-2")')
    mixed = client.get(RECS, {**params, **promotion, **only}).json()["itemList"]
    taste_2 = {str(p.pk) for p in trained["products"]["taste-2"]}
    assert all(i["itemId"] in taste_2 for i in mixed if "promotionName" not in i)
    assert sum("promotionName" in i for i in mixed) == 3


def _result(ids: list[int], rid: str = "abc") -> Recommendation:
    return Recommendation("r", ids, [float(-k) for k in range(len(ids))], 1, recommendation_id=rid)


@pytest.mark.parametrize("rid", ["abc", "def", "0123456789abcdef"])
def test_promotion_interleaving_keeps_both_orders_without_duplicates(rid):
    main, promoted = _result([1, 2, 3, 4, 5, 6, 7], rid), _result([50, 3, 60])
    merged = promotion_apply(main, promoted, name="p")
    assert sorted(merged.product_ids) == [1, 2, 3, 4, 5, 6, 7, 50, 60]
    assert [pid for pid, name in zip(merged.product_ids, merged.promotion_names, strict=True) if name] == [50, 3, 60]
    assert [pid for pid, name in zip(merged.product_ids, merged.promotion_names, strict=True) if not name] == [
        1,
        2,
        4,
        5,
        6,
        7,
    ]
    assert merged.recommendation_id == rid
    # Seeded by the recommendation id: the same answer places them the same way.
    assert promotion_apply(main, promoted, name="p").product_ids == merged.product_ids


def test_promoted_positions_differ_between_recommendations():
    layouts = {
        tuple(promotion_apply(_result(list(range(1, 21)), f"r{k}"), _result([90, 91]), name="p").promotion_names)
        for k in range(10)
    }
    assert len(layouts) > 1


@pytest.mark.parametrize(("percent", "n", "slots"), [(20, 8, 2), (50, 5, 3), (1, 25, 0), (100, 7, 7), (30, 10, 3)])
def test_promoted_slots_round_halves_up(percent, n, slots):
    assert promoted_slots(percent, n) == slots


def test_recommendations_get_refuses_a_percent_out_of_range():
    with pytest.raises(selectors.RecommendationRequestError, match="promotionPercent must be 1 to 100, not 101"):
        selectors.recommendations_get(
            recommender=Recommender.objects.get(slug="most-viewed"),
            promotion=Promotion(name="p", percent=101, item_filter="promoted-items"),
        )


def test_the_aligned_table_is_built_once_per_version(trained):
    from recommendations.artifacts import live_model

    loaded = live_model("most-viewed")
    first = selectors.model_item_table(loaded)
    assert selectors.model_item_table(loaded) is first
    ProductFactory()  # the catalogue changed: a new table
    assert selectors.model_item_table(loaded) is not first


def test_same_category_items_stay_in_the_products_category(trained):
    product = trained["products"]["taste-1"][0]
    result = selectors.related_items(
        recommender="customers-who-viewed-x-also-viewed", product_id=product.pk, item_filter="same-category"
    )
    in_category = {p.pk for p in trained["products"]["taste-1"]}
    assert result.product_ids and set(result.product_ids) <= in_category


def test_the_home_pages_first_row_promotes_flagged_products(trained, settings, client):
    settings.RECOMMENDATIONS_HOME_PROMOTION_PERCENT = 20
    settings.RECOMMENDATIONS_ROW_SIZE = 8
    flagged = trained["products"]["taste-0"][:3]
    for product in flagged:
        product.promoted = True
        product.save()
    user = trained["users"]["taste-2"][0]
    first = selectors.home_rows(user=user, visitor_id="")[0]
    promoted = [product.pk for product, reason in first.entries if reason == "Promoted"]
    assert len(promoted) == 2 and set(promoted) <= {p.pk for p in flagged}
    # The personal cards keep their own reasons.
    assert any(reason.startswith("Because you") for _, reason in first.entries)
    client.force_login(user)
    page = client.get(reverse("storefront:home")).content.decode()
    assert '<p class="card__reason">Promoted</p>' in page


def test_home_rows_leave_out_purchases_through_the_stored_filter(trained):
    user = trained["users"]["taste-1"][0]
    bought = set(user.interactions.filter(event_type="Purchase").values_list("product_id", flat=True))
    rows = selectors.home_rows(user=user, visitor_id="")
    assert bought and not bought & {p.pk for row in rows for p in row.products}
    Filter.objects.filter(name="exclude-purchased").delete()  # staff deleted it: the page still leaves them out
    rows = selectors.home_rows(user=user, visitor_id="")
    assert not bought & {p.pk for row in rows for p in row.products}


def test_interaction_filters_read_the_types_they_name_or_all_of_them(trained):
    user = trained["users"]["taste-0"][1]
    Filter.objects.create(name="by-type", expression="EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ($TYPES)")
    Filter.objects.create(name="not-viewed", expression='INCLUDE ItemID WHERE Interactions.EVENT_TYPE NOT IN ("View")')
    bought = set(user.interactions.filter(event_type="Purchase").values_list("product_id", flat=True))

    def ids(name, values=None):
        return set(
            selectors.popular_items(
                recommender="most-viewed", num_results=50, item_filter=name, filter_values=values, user=user
            ).product_ids
        )

    assert ids("by-type", {"TYPES": '"PURCHASE"'}) == ids("exclude-purchased")
    assert not bought & ids("exclude-purchased") and bought <= ids("by-type")  # no value: the EXCLUDE drops
    assert ids("not-viewed") <= bought  # only what the shopper did other than view


def test_missing_storefront_filters_are_recreated_and_edited_ones_kept():
    from recommendations.models import Filter

    Filter.objects.filter(name="promoted-items").delete()
    Filter.objects.filter(name="same-category").update(expression='INCLUDE ItemID WHERE Items.STYLE IN ("boot")')
    assert services.filters_ensure_defaults() == 1
    assert services.filters_ensure_defaults() == 0
    assert Filter.objects.get(name="promoted-items").expression == 'INCLUDE ItemID WHERE Items.PROMOTED IN ("true")'
    assert Filter.objects.get(name="same-category").expression == 'INCLUDE ItemID WHERE Items.STYLE IN ("boot")'


# --- Filters at catalogue scale: masks over the model's items, no list of the catalogue --------


def _priced(world) -> list:
    """The world's products with prices 5.00 to 100.00 and some on sale, in a fixed pattern."""
    from decimal import Decimal

    products = [p for slug in sorted(world["products"]) for p in world["products"][slug]]
    for k, product in enumerate(products):
        product.price = Decimal(5 + (k * 7) % 96) + Decimal("0.99") * (k % 2)
        product.compare_at_price = product.price + 10 if k % 5 == 0 else None
        product.save()
    return products


def test_products_excluded_by_rules_out_what_the_query_did(trained):
    from decimal import Decimal

    from shop.models import Product

    _priced(trained)

    def by_query(categories=None, exclude_categories=None, min_price=None, max_price=None) -> set[int]:
        allowed = Product.objects.all()
        if categories:
            allowed = allowed.filter(category__slug__in=categories)
        if exclude_categories:
            allowed = allowed.exclude(category__slug__in=exclude_categories)
        if min_price is not None:
            allowed = allowed.filter(price__gte=min_price)
        if max_price is not None:
            allowed = allowed.filter(price__lte=max_price)
        return set(Product.objects.exclude(pk__in=allowed.values("pk")).values_list("pk", flat=True))

    cases = [
        {},
        {"categories": ["taste-1"]},
        {"categories": ["taste-0", "taste-2"], "max_price": Decimal("40.99")},
        {"exclude_categories": ["taste-1"], "min_price": Decimal("19.99")},
        {"min_price": Decimal("12"), "max_price": Decimal("12")},
        {"categories": ["no-such-category"]},
    ]
    for case in cases:
        assert selectors.products_excluded_by(**case) == by_query(**case), case
    assert selectors.products_allowed_mask() is None


def test_filter_masks_equal_the_set_of_products_the_filter_rules_out(trained):
    from django.db.models import F, Q

    from recommendations.artifacts import live_model
    from recommendations.engine.base import top_n
    from shop.models import Product

    _priced(trained)
    services.training_run_start(triggered_by="test", synchronous=True)
    Filter.objects.create(
        name="cheap-not-on-sale",
        expression='INCLUDE ItemID WHERE Items.PRICE <= $MAX | EXCLUDE ItemID WHERE Items.ON_SALE IN ("true")',
    )
    user = trained["users"]["taste-0"][0]
    history = selectors.user_history(user=user)
    loaded = live_model("recommended-for-you")
    cases = {
        "cheap-not-on-sale": (
            {"MAX": "50"},
            Product.objects.filter(Q(price__gt=50) | Q(compare_at_price__gt=F("price"))),
        ),
        "exclude-purchased": (
            None,
            Product.objects.filter(interactions__user=user, interactions__event_type="Purchase"),
        ),
    }
    rng = np.random.default_rng(3)
    scores = rng.random(len(loaded.product_ids)).astype(np.float32)
    for name, (values, ruled_out) in cases.items():
        flt = selectors.item_filter_resolve(name, values)
        mask = selectors.filter_excluded_mask(loaded, flt, user=user, history=history)
        # The old way: the set of every excluded product, then its model indices.
        excluded = sorted(set(ruled_out.values_list("pk", flat=True)))
        assert mask.dtype == bool and mask.shape == (len(loaded.product_ids),)
        assert np.flatnonzero(mask).tolist() == loaded.item_index(excluded).tolist(), name
        assert mask.any() and not mask.all(), name
        by_mask = top_n(scores, 20, mask)
        by_ids = top_n(scores, 20, loaded.item_index(excluded))
        assert by_mask[0].tolist() == by_ids[0].tolist(), name


def _queries_of(call, warm) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm()  # the catalogue table, the aligned table, the filter's mask
    with CaptureQueriesContext(connection) as captured:
        call()
    return [query["sql"] for query in captured.captured_queries]


def test_a_filtered_request_makes_the_same_queries_at_any_catalogue_size(client, trained):
    _priced(trained)
    Filter.objects.create(name="cheap", expression="INCLUDE ItemID WHERE Items.PRICE <= $MAX")
    user = trained["users"]["taste-1"][0]
    params = {"recommender": "recommended-for-you", "userId": user.username, "numResults": 10}
    requests = {
        "unfiltered": params,
        "stored filter": {**params, "filter": "cheap", "filterValues": '{"MAX": "60"}'},
        "category and price": {**params, "category": "taste-1,taste-2", "maxPrice": "60"},
        "shopper's events": {**params, "filter": "exclude-purchased"},
    }

    def counted() -> dict[str, list[str]]:
        services.training_run_start(triggered_by="test", synchronous=True)
        found = {}
        for name, query in requests.items():
            # Warmed by the same request for one item fewer: computed, not the cached answer.
            found[name] = _queries_of(
                lambda q=query: client.get(RECS, q), warm=lambda q=query: client.get(RECS, {**q, "numResults": 9})
            )
            assert client.get(RECS, query).json()["itemList"], name
        return found

    small = counted()
    more = ProductFactory.create_batch(120, category=trained["categories"][1])
    # Bought by someone, so the new products are in the retrained model's catalogue.
    bulk = [
        Interaction(user=trained["users"]["taste-0"][1], product=p, event_type="View", timestamp=timezone.now())
        for p in more
    ]
    Interaction.objects.bulk_create(bulk)
    large = counted()
    for name in requests:
        # A filter costs no query of its own: it is evaluated on the cached catalogue columns (the
        # API checks a category parameter's slugs, one query over the categories).
        slugs_checked = name == "category and price"
        assert len(small[name]) == len(small["unfiltered"]) + slugs_checked, (name, small[name])
        assert len(large[name]) == len(small[name]), (name, small[name], large[name])
        # No statement lists the catalogue: the 120 new products would add 600 characters or more to
        # such a list; only the row's own (at most ten) products may be listed, ~6 characters each.
        for before, after in zip(small[name], large[name], strict=True):
            assert abs(len(after) - len(before)) <= 60, (name, after)


PARAMETER_CASES = (
    ({"category": "taste-1,taste-2", "maxPrice": "60"}, {"categories": ["taste-1", "taste-2"], "max_price": 60}),
    ({"excludeCategory": "taste-0", "minPrice": "20"}, {"exclude_categories": ["taste-0"], "min_price": 20}),
)


def test_category_and_price_parameters_answer_as_the_excluded_set_did(client, trained):
    from decimal import Decimal

    _priced(trained)
    services.training_run_start(triggered_by="test", synchronous=True)
    user = trained["users"]["taste-1"][0]
    for recommender in ("recommended-for-you", "most-viewed"):
        for parameters, simple in (
            (
                {"category": "taste-1,taste-2", "maxPrice": "60"},
                {"categories": ["taste-1", "taste-2"], "max_price": 60},
            ),
            ({"excludeCategory": "taste-0", "minPrice": "20"}, {"exclude_categories": ["taste-0"], "min_price": 20}),
        ):
            query = {"recommender": recommender, "userId": user.username, "numResults": 12, **parameters}
            served = [int(item["itemId"]) for item in client.get(RECS, query).json()["itemList"]]
            simple = {k: [*v] if isinstance(v, list) else Decimal(v) for k, v in simple.items()}
            before, _ = selectors.recommendations_get(
                recommender=Recommender.objects.get(slug=recommender),
                user=user,
                num_results=12,
                exclude_product_ids=selectors.products_excluded_by(**simple),
                exploration={"exploration_weight": 0.0},
            )
            expected = selectors.recommendations_get(
                recommender=Recommender.objects.get(slug=recommender),
                user=user,
                num_results=12,
                item_filter=selectors.request_parameters_filter(**simple),
                exploration={"exploration_weight": 0.0},
            )[0]
            assert served and expected.product_ids == before.product_ids, (recommender, parameters)
            assert not set(served) & selectors.products_excluded_by(**simple)


@pytest.mark.django_db
def test_a_shoppers_filter_on_a_list_of_products_follows_the_catalogue_and_their_events():
    from recommendations.selectors.filters import filter_allowed_products, item_filter_resolve
    from recommendations.selectors.history import HistoryEvent

    cheap, dear, bought = ProductFactory(price=10), ProductFactory(price=90), ProductFactory(price=20)
    Filter.objects.create(
        name="cheap-not-bought",
        expression="INCLUDE ItemID WHERE Items.PRICE <= 50 "
        '| EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("Purchase")',
    )
    flt = item_filter_resolve("cheap-not-bought")
    history = [HistoryEvent(bought.pk, "Purchase", 0.0)]
    ids = [dear.pk, cheap.pk, bought.pk, 10**9]  # the last is no product: never allowed
    assert filter_allowed_products(flt, ids, history=history) == [cheap.pk]
    assert filter_allowed_products(flt, ids, history=[]) == [cheap.pk, bought.pk]
    # The same list again after a price change: its rows are read from the new catalogue, not kept.
    cheap.price = 70
    cheap.save()
    dear.price = 30
    dear.save()
    assert filter_allowed_products(flt, ids, history=[]) == [dear.pk, bought.pk]

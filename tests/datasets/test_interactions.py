"""Interactions CSV import: checked by column, a report line per refused row, all or nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from datasets import services
from datasets.models import Mode
from datasets.services.interactions import event_type_of
from recommendations.models import EventType, Interaction, ProductStats
from shop.models import Product
from tests.factories import InteractionFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

T0 = 1_700_000_000


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def _import(text: str, **kwargs) -> services.ImportResult:
    return services.dataset_import(_csv(text), dataset="interactions", **kwargs)


def test_event_types_are_matched_whatever_their_spelling():
    assert event_type_of("view") == event_type_of("View") == EventType.VIEW
    assert event_type_of("add-to-cart") == event_type_of("ADD_TO_CART") == EventType.ADD_TO_CART
    assert event_type_of("purchase") == EventType.PURCHASE
    assert event_type_of("rating") is None


def test_unknown_shoppers_and_items_are_created_and_events_look_recorded():
    product = ProductFactory()
    result = _import(
        "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n"
        f"ann,{product.pk},{T0},view,\n"
        f"ann,900001,{T0 + 60},Purchase,12.5\n"
        f"bob,900001,{T0 + 120},add-to-cart,\n"
    )
    assert (result.rows_total, result.rows_imported, len(result.report)) == (3, 3, 0)
    assert (result.created_users, result.created_products) == (2, 1)
    ann = get_user_model().objects.get(username="ann")
    assert not ann.has_usable_password()
    created = Product.objects.get(pk=900001)
    assert created.stock > 0 and created.category.slug == "imported"
    assert created.created_at == datetime.fromtimestamp(T0 + 60, tz=UTC)
    events = list(Interaction.objects.order_by("timestamp").values_list("user__username", "product_id", "event_type"))
    assert events == [("ann", product.pk, "View"), ("ann", 900001, "Purchase"), ("bob", 900001, "AddToCart")]
    purchase = Interaction.objects.get(event_type="Purchase")
    assert purchase.event_value == 12.5 and purchase.imported and purchase.visitor_id == ""
    assert purchase.timestamp == datetime.fromtimestamp(T0 + 60, tz=UTC)
    assert ProductStats.objects.get(product_id=900001).purchases == 1


def test_every_bad_row_is_reported_by_line_and_nothing_is_stored():
    before = Interaction.objects.count()
    result = _import(
        "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n"
        f"ann,1,{T0},view\n"
        f"ann,B00X,{T0},view\n"
        f",1,{T0},view\n"
        "ann,1,yesterday,view\n"
        f"ann,1,{T0},rating\n"
        f"ann,1,{T0 * 10},view\n"
    )
    lines = result.report.text().splitlines()
    assert lines == [
        "line 3: ITEM_ID 'B00X' is not a product id (1 to 18 digits)",
        "line 4: USER_ID is empty",
        "line 5: TIMESTAMP 'yesterday' is not whole Unix seconds",
        "line 6: EVENT_TYPE 'rating' is not one of View, AddToCart, RemoveFromCart, Purchase (any case)",
        f"line 7: TIMESTAMP {T0 * 10} is not between 1970 and now",
    ]
    assert result.rows_imported == 0
    assert Interaction.objects.count() == before
    assert not get_user_model().objects.filter(username="ann").exists()


def test_skip_invalid_imports_the_good_rows():
    result = _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,5,{T0},view\nann,x,{T0},view\n", skip_invalid=True)
    assert result.rows_imported == 1 and len(result.report) == 1
    assert Interaction.objects.filter(user__username="ann", product_id=5).exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("USER_ID,ITEM_ID,TIMESTAMP,COLOR", "the header names COLOR, not in the interactions schema"),
        ("USER_ID,ITEM_ID,EVENT_TYPE", "the header lacks TIMESTAMP"),
        ("USER_ID,ITEM_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE", "the header names ITEM_ID more than once"),
    ],
)
def test_a_header_that_does_not_match_the_schema_refuses_the_file(header, message):
    with pytest.raises(services.ImportRefused, match=message):
        _import(f"{header}\n")


def test_full_replaces_the_imported_events_and_keeps_the_live_ones():
    live = InteractionFactory()
    _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,7,{T0},view\n")
    _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nbob,8,{T0},view\n", mode=Mode.FULL)
    kept = set(Interaction.objects.values_list("user__username", "product_id"))
    assert kept == {(live.user.username, live.product_id), ("bob", 8)}


def test_a_failed_full_import_keeps_what_was_stored(monkeypatch):
    _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,7,{T0},view\n")
    from datasets.services import interactions

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(interactions.recommendation_services, "product_stats_rebuild", broken)
    with pytest.raises(RuntimeError):
        _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nbob,8,{T0},view\n", mode=Mode.FULL)
    assert list(Interaction.objects.values_list("user__username", "product_id")) == [("ann", 7)]
    assert not Product.objects.filter(pk=8).exists()
    assert not get_user_model().objects.filter(username="bob").exists()


def test_known_shoppers_are_matched_by_username():
    user = UserFactory(username="carol")
    _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\ncarol,7,{T0},View\n")
    assert Interaction.objects.get().user == user


def test_rows_of_the_wrong_width_are_refused_with_their_line():
    # A short row's missing cells read as empty ones.
    result = _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,5,{T0},view\nann,5,{T0}\n")
    assert result.report.text().startswith("line 3: EVENT_TYPE '' is not one of")
    with pytest.raises(services.ImportRefused, match="line 3, saw 5"):
        _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,5,{T0},view\nann,5,{T0},view,extra\n")


def _indexes() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, Interaction._meta.db_table))


def test_a_large_batch_rebuilds_the_logs_indexes_and_keys_as_they_were(monkeypatch):
    from datasets.services import interactions

    before = _indexes()
    InteractionFactory()
    monkeypatch.setattr(interactions, "REBUILD_MIN_ROWS", 1)
    result = _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,7,{T0},view\nbob,8,{T0 + 1},view\n", mode=Mode.FULL)
    assert result.rows_imported == 2 and Interaction.objects.count() == 3
    assert _indexes() == before


def test_a_failure_while_the_indexes_are_down_restores_them(monkeypatch):
    from datasets.services import interactions

    before = _indexes()
    monkeypatch.setattr(interactions, "REBUILD_MIN_ROWS", 1)

    def broken(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(interactions, "_write_chunks", broken)
    with pytest.raises(RuntimeError):
        _import(f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,7,{T0},view\n", mode=Mode.FULL)
    assert _indexes() == before

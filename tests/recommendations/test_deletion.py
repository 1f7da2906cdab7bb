"""Data deletion: a shopper's events, impressions and account go in a logged job; they stay gone."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from personas.models import ShopperProfile
from recommendations import selectors, services
from recommendations.dataset import interaction_data_load
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.job_models import user_id_digest
from recommendations.models import (
    DataDeletionJob,
    DeletedUser,
    EventType,
    Impression,
    Interaction,
    ProductStats,
    Recommender,
    RunStatus,
)
from recommendations.selectors.batch import batch_lines_answer
from shop.models import Order, OrderLine
from tests.factories import InteractionFactory, ProductFactory, ShopperProfileFactory, UserFactory, taste_scenario

pytestmark = pytest.mark.django_db

DELETE = reverse("recommendations:users-delete")
EVENTS = reverse("recommendations:events")
RECS = reverse("recommendations:recommendations")


@pytest.fixture
def api(settings):
    settings.RECOMMENDATIONS_API_KEY = "test-key"
    return Client(headers={"Authorization": "Api-Key test-key"})


def _shopper_with_everything():
    profile = ShopperProfileFactory(user=UserFactory(username="ann"))
    ann = profile.user
    shoe, hat = ProductFactory(), ProductFactory()
    for product, event in [(shoe, EventType.VIEW), (shoe, EventType.PURCHASE), (hat, EventType.VIEW)]:
        InteractionFactory(user=ann, product=product, event_type=event, visitor_id="ann-browser")
    # Before logging in, from the same browser: hers too.
    InteractionFactory(user=None, product=hat, event_type=EventType.VIEW, visitor_id="ann-browser")
    Impression.objects.create(recommendation_id="r1", user=ann, item_ids=[1], created_at=timezone.now())
    Impression.objects.create(recommendation_id="r2", visitor_id="ann-browser", item_ids=[1], created_at=timezone.now())
    order = Order.objects.create(user=ann, visitor_id="ann-browser", created_at=timezone.now(), total=Decimal("9.99"))
    OrderLine.objects.create(order=order, product=shoe, quantity=1, unit_price=Decimal("9.99"))
    # Someone else, who must keep everything.
    bob = UserFactory(username="bob")
    InteractionFactory(user=bob, product=shoe, event_type=EventType.VIEW, visitor_id="bob-browser")
    Impression.objects.create(recommendation_id="r3", user=bob, item_ids=[1], created_at=timezone.now())
    services.product_stats_rebuild()
    return ann, bob, shoe, hat, order


def test_a_deletion_removes_the_shoppers_rows_keeps_their_orders_detached_and_logs_it():
    ann, bob, shoe, hat, order = _shopper_with_everything()
    assert ProductStats.objects.get(pk=hat.pk).views == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.data_deletion_start(user_ids=["ann", "nobody"], requested_by="staff-1")
    job.refresh_from_db()
    assert job.status == RunStatus.SUCCEEDED, job.error
    assert (job.requested_by, job.user_ids, job.deleted, job.not_found) == ("staff-1", ["ann", "nobody"], ["ann"], 1)
    assert job.counts == {
        "interactions": 4,
        "impressions": 2,
        "orders_detached": 1,
        "auth.User": 1,
        "personas.ShopperProfile": 1,
    }
    assert job.finished_at is not None
    assert not get_user_model().objects.filter(username="ann").exists()
    assert not ShopperProfile.objects.filter(user_id=ann.pk).exists()
    assert not Interaction.objects.exclude(user=bob).exists()
    assert list(Impression.objects.values_list("recommendation_id", flat=True)) == ["r3"]
    order.refresh_from_db()
    assert (order.user_id, order.visitor_id, order.total, order.lines.count()) == (None, "", Decimal("9.99"), 1)
    assert (ProductStats.objects.get(pk=hat.pk).views, ProductStats.objects.get(pk=shoe.pk).purchases) == (0, 0)
    assert ProductStats.objects.get(pk=shoe.pk).views == 1  # bob's
    # The tombstone keeps a hash, never the id; the log says whom.
    tombstone = DeletedUser.objects.get()
    assert tombstone.digest == user_id_digest("ann") != "ann" and tombstone.job_id == job.pk
    assert selectors.user_deleted(user_id="ann") and not selectors.user_deleted(user_id="bob")


def test_staff_accounts_and_empty_requests_are_refused_and_nothing_is_deleted():
    UserFactory(username="boss", is_staff=True)
    UserFactory(username="carl")
    with pytest.raises(services.DeletionRefused, match="'boss' is staff"):
        services.data_deletion_start(user_ids=["carl", "boss"], requested_by="x")
    with pytest.raises(services.DeletionRefused, match="at least one"):
        services.data_deletion_start(user_ids=[], requested_by="x")
    assert get_user_model().objects.filter(username="carl").exists() and not DataDeletionJob.objects.exists()


def test_the_api_deletes_and_the_deleted_userid_is_never_recorded_or_recommended_to_again(api):
    _, _, shoe, *_ = _shopper_with_everything()
    refused = api.post(DELETE, {"userIds": ["ann", "ghost"]}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"userIds": {"1": ["unknown userId 'ghost'"]}}
    assert get_user_model().objects.filter(username="ann").exists()
    wrong = api.post(DELETE, {"userIds": "ann"}, content_type="application/json")
    assert wrong.status_code == 400 and "userIds" in wrong.json()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = api.post(DELETE, {"userIds": ["ann"]}, content_type="application/json")
    assert response.status_code == 202
    body = response.json()
    # Queued on commit (the test's transaction commits only now): the job's row says how it went.
    assert body["status"] == "queued" and body["requested"] == 1 and body["deleted"] == []
    job = DataDeletionJob.objects.get(pk=body["jobId"])
    assert job.status == RunStatus.SUCCEEDED and job.deleted == ["ann"] and job.counts["interactions"] == 4
    assert job.requested_by.startswith("API")

    again = api.post(DELETE, {"userIds": ["ann"]}, content_type="application/json")
    assert again.json() == {"userIds": {"0": ["userId 'ann' was already deleted"]}}
    event = {"userId": "ann", "sessionId": "s9", "eventList": [{"eventType": "View", "itemId": str(shoe.pk)}]}
    put = api.post(EVENTS, json.dumps(event), content_type="application/json")
    assert put.status_code == 400
    assert put.json()["userId"] == [selectors.DELETED_USER_MESSAGE.format(user_id="ann")]
    assert not Interaction.objects.filter(visitor_id="s9").exists()
    recs = api.get(RECS, {"recommender": RECOMMENDED_FOR_YOU, "userId": "ann"})
    assert recs.status_code == 400 and "was deleted" in recs.json()["userId"][0]
    # An account made since under the same name is not learned from either.
    UserFactory(username="ann")
    assert api.post(EVENTS, json.dumps(event), content_type="application/json").status_code == 400
    with pytest.raises(ValueError, match="was deleted"):
        services.interactions_put(
            session_id="s9", user=get_user_model().objects.get(username="ann"), events=[{"eventType": "View"}]
        )


def test_the_next_training_leaves_the_deleted_shopper_out():
    world = taste_scenario()
    leaving = world["users"]["taste-0"][0]
    first = services.training_run_start(triggered_by="test", synchronous=True)
    assert f"u{leaving.pk}" in set(interaction_data_load().user_keys)
    call_command("delete_users", leaving.username, stdout=StringIO())
    second = services.training_run_start(triggered_by="test", synchronous=True)
    assert second.status == RunStatus.SUCCEEDED, second.error
    assert f"u{leaving.pk}" not in set(interaction_data_load().user_keys)
    assert second.n_users == first.n_users - 1
    # The batch job treats the id as unknown.
    answer = batch_lines_answer(
        recommender=Recommender.objects.get(slug=RECOMMENDED_FOR_YOU),
        lines=[json.dumps({"userId": leaving.username}).encode()],
    )
    assert answer[0]["error"] == f"line 1: unknown userId {leaving.username!r}"


def test_delete_users_command_reports_what_it_removed_and_refuses_unknown_names():
    _shopper_with_everything()
    with pytest.raises(CommandError, match="no such user: 'ghost'; nobody was deleted"):
        call_command("delete_users", "ann", "ghost")
    assert get_user_model().objects.filter(username="ann").exists()
    out = StringIO()
    call_command("delete_users", "ann", stdout=out)
    assert "deleted ann: " in out.getvalue() and "4 interactions" in out.getvalue()
    job = DataDeletionJob.objects.get()
    assert job.requested_by == "manage.py delete_users" and job.deleted == ["ann"]
    with pytest.raises(CommandError, match="'ann' \\(already deleted\\)"):
        call_command("delete_users", "ann")

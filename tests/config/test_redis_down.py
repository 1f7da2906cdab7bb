"""Redis is a cache and a queue, the database the truth: with Redis down the shop answers as before."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.messages import constants as message_levels
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.artifacts import LIVE_IDS_CACHE_KEY
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.models import Interaction, TrainingRun
from recommendations.services.queue import QUEUE_UNREACHABLE
from tests.factories import taste_scenario
from tests.servers import RedisServer, celery_on

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "test-key"


def test_redis_url_makes_the_cache_ignore_an_unreachable_redis_quickly_and_log_it():
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.CACHES['default']['OPTIONS'], settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_SECRET_KEY": "s3cret"}
    env["REDIS_URL"] = "redis://example:6379/3"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    options, logged = json.loads(out.stdout)
    assert options["IGNORE_EXCEPTIONS"] is True and logged is True
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] < 1 and 0 < options["SOCKET_TIMEOUT"] < 1


def shop_answers(shopper_client: Client, api: Client, staff_client: Client, shopper) -> dict:
    """What a shopper, an API caller and staff see, minus what differs per request (ids, timestamps)."""
    home = shopper_client.get(reverse("storefront:home"))
    recs = api.get(
        reverse("recommendations:recommendations"),
        {"recommender": RECOMMENDED_FOR_YOU, "userId": shopper.username, "numResults": 5},
    )
    dashboard = staff_client.get(reverse("admin:recommendations_dashboard"))
    product = home.context["rows"][0].products[0]
    event = {"sessionId": "api-session", "eventList": [{"eventType": "View", "itemId": str(product.pk)}]}
    recorded_before = Interaction.objects.count()
    events = api.post(reverse("recommendations:events"), event, content_type="application/json")
    body = recs.json()
    live = sorted((row["recommender"].slug, getattr(row["live"], "pk", None)) for row in dashboard.context["rows"])
    return {
        "status": [home.status_code, recs.status_code, dashboard.status_code, events.status_code],
        "home": [(row.title, [p.pk for p in row.products]) for row in home.context["rows"]],
        "api": (body["versionId"], body["fallback"], [item["itemId"] for item in body["itemList"]]),
        "dashboard": live,
        "events recorded": Interaction.objects.count() - recorded_before,
    }


@pytest.mark.django_db(transaction=True)  # on_commit runs at once, as in a request: Train now sends its task
def test_with_redis_down_pages_api_dashboard_and_events_answer_from_the_database(
    redis_server: RedisServer, settings, django_user_model, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "shop-test",
            "OPTIONS": dict(settings.REDIS_CACHE_OPTIONS),
        }
    }
    # Long enough that the live versions are read from Redis, as in production, not from the database.
    settings.RECOMMENDATIONS_LIVE_CHECK_SECONDS = 300
    settings.RECOMMENDATIONS_API_KEY = API_KEY
    world = taste_scenario()
    services.product_stats_rebuild()
    assert services.training_run_start(triggered_by="test", synchronous=True).status == TrainingRun.Status.SUCCEEDED
    shopper = world["users"]["taste-1"][0]
    shopper_client, staff_client = Client(), Client()
    shopper_client.force_login(shopper)
    staff_client.force_login(django_user_model.objects.create_superuser("staff", password="pw"))
    api = Client(headers={"Authorization": f"Api-Key {API_KEY}"})

    with celery_on(redis_server.url):
        up = shop_answers(shopper_client, api, staff_client, shopper)
        assert redis_server.client().keys(f"*{LIVE_IDS_CACHE_KEY}"), "the live versions were not cached in Redis"
        redis_server.stop()
        with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
            down = shop_answers(shopper_client, api, staff_client, shopper)
        train_now = staff_client.post(reverse("admin:recommendations_train"))
        page = staff_client.get(train_now["Location"])

    assert up["status"] == [200, 200, 200, 201] and up["events recorded"] == 1
    assert up["home"][0][0] == "Inspired by your shopping trends" and up["api"][1] is None
    assert all(version for _, version in up["dashboard"])
    assert down == up
    assert any(record.message == "Exception ignored" for record in caplog.records)  # the log says why

    run = TrainingRun.objects.latest("pk")
    assert train_now.status_code == 302 and run.status == TrainingRun.Status.FAILED and run.error == QUEUE_UNREACHABLE
    assert not TrainingRun.objects.filter(status=TrainingRun.Status.QUEUED).exists()
    assert [m.level for m in page.context["messages"]] == [message_levels.ERROR]
    assert QUEUE_UNREACHABLE in page.content.decode()  # in the dashboard's list of runs

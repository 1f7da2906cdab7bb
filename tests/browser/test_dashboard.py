"""Staff in a real browser: train from the dashboard, see the charts drawn, promote a version."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from recommendations import services
from recommendations.models import ModelVersion, TrainingRun
from tests.factories import PersonaFactory, ShopperProfileFactory, taste_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world() -> dict:
    # Shoppers who each see distinct products, so every test user has unseen future items to score.
    world = taste_scenario(users_per_category=10)
    for category in world["categories"]:
        persona = PersonaFactory(
            slug=f"fan-of-{category.slug}", name=f"Fan of {category.name}", category_list=[category]
        )
        for user in world["users"][category.slug]:
            ShopperProfileFactory(user=user, persona=persona)
    services.product_stats_rebuild()
    # A first version, so the run started from the dashboard leaves something to roll back to.
    services.training_run_start(triggered_by="test", synchronous=True)
    return world


def test_dashboard_trains_draws_charts_and_rolls_back(live_server, page: Page, world, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.com", "boss-password")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("boss-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Recommendations dashboard →").click()

    page.get_by_role("button", name="Train now").click()
    expect(page.locator(".messagelist")).to_contain_text("succeeded")
    assert TrainingRun.objects.filter(status="succeeded").count() == 2

    # The charts are real SVG with drawn marks, not empty frames.
    offline = page.locator("#offline-charts svg[role=img]")
    expect(offline).to_have_count(2)
    bar_heights = page.locator("#offline-charts svg rect[height]").evaluate_all(
        "rects => rects.map(r => r.getBBox().height)"
    )
    assert sum(h > 1 for h in bar_heights) >= 4, bar_heights
    assert page.locator("#offline-charts svg circle").count() >= 2  # NDCG per version: two versions
    expect(page.locator("#online-charts svg[role=img]")).to_have_count(2)
    expect(page.locator("#persona-check tbody tr")).to_have_count(3)

    live = ModelVersion.objects.get(recommender__slug="recommended-for-you", status="live")
    row = page.locator("#live-versions tr", has_text="Recommended for you")
    expect(row).to_contain_text(f"v{live.pk}")
    row.get_by_role("button", name="Roll back").click()
    expect(page.locator(".messagelist")).to_contain_text("Rolled back Recommended for you")
    live.refresh_from_db()
    assert live.status == "ready"


def test_train_now_shows_each_recommenders_progress_then_the_finished_run(
    live_server, page: Page, world, django_user_model, tasks_in_thread, training_paused
):
    # As in the embedded demo: the run trains in a background thread of the web process.
    django_user_model.objects.create_superuser("boss", "boss@example.com", "boss-password")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/recommendations/recommender/dashboard/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("boss-password")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("button", name="Train now").click()
    expect(page.locator(".messagelist")).to_contain_text("started: its progress shows below")
    assert training_paused.reached.wait(timeout=60), "the background thread never trained"
    run = TrainingRun.objects.get(status="running")

    # Held after its first recommender: the polled progress shows it running, the others queued.
    panel = page.locator("#training-progress")
    expect(panel.locator("[data-run-stage]")).to_have_text(f"Training run #{run.pk} is training Best sellers")
    expect(panel.locator("[data-run-status]")).to_have_text("Running")
    expect(panel.locator("tr", has_text="Best sellers").locator("[data-status]")).to_have_text("running")
    expect(panel.locator("tr", has_text="Recommended for you").locator("[data-status]")).to_have_text("queued")

    training_paused.release()
    # The script reloads the page once the run is over: the panel then shows the finished run.
    expect(panel.locator("[data-run-stage]")).to_contain_text(f"Training run #{run.pk} succeeded in", timeout=60_000)
    statuses = panel.locator("[data-status]").all_inner_texts()
    assert statuses and set(statuses) == {"live"}, statuses
    expect(page.locator("#training-runs tbody tr").first).to_contain_text("Succeeded")
    run.refresh_from_db()
    assert run.status == "succeeded"

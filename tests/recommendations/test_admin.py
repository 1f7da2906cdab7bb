from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations import selectors, services
from recommendations.defaults import MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.engine.metrics import NDCG_AT_10
from recommendations.models import EventType, ModelVersion, Recommender, TrainingRun, TuningRun
from recommendations.recipes import recipe_get
from tests.factories import InteractionFactory, PersonaFactory, ShopperProfileFactory, taste_scenario

pytestmark = pytest.mark.django_db


def test_dashboard_says_no_model_is_live_before_training(staff_client):
    response = staff_client.get(reverse("admin:recommendations_dashboard"))
    assert response.status_code == 200
    assert "no model is live" in response.content.decode()


def test_dashboard_is_staff_only(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("shopper", password="pw"))
    response = client.get(reverse("admin:recommendations_dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_train_now_from_the_dashboard_publishes_and_charts_render(staff_client, django_capture_on_commit_callbacks):
    world = taste_scenario()
    persona = PersonaFactory(category_list=world["categories"])
    for user in world["users"]["taste-0"]:
        ShopperProfileFactory(user=user, persona=persona)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:recommendations_train"))
    assert response.status_code == 302
    assert TrainingRun.objects.get().status == TrainingRun.Status.SUCCEEDED
    page = staff_client.get(response["Location"]).content.decode()
    assert "succeeded" in page
    assert page.count("<svg") >= 4  # two offline charts, two online charts
    assert "popularity baseline" in page
    check = page.split('id="persona-check"')[1].split("</table>")[0]
    row = next(line for line in check.splitlines() if persona.name in line)
    # Its shoppers only ever saw its own categories: all ten of each top 10 are in them.
    assert "<td>100%</td>" in row, row
    from recommendations.admin.dashboard import _lift

    live_table = page.split('id="live-versions"')[1].split("</table>")[0]
    live = ModelVersion.objects.get(recommender__slug=RECOMMENDED_FOR_YOU, status="live")
    assert _lift(live)["label"] in live_table


def test_promote_and_roll_back_from_the_dashboard(staff_client):
    taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    services.training_run_start(triggered_by="test", synchronous=True)
    first, second = Recommender.objects.get(slug=MOST_VIEWED).versions.order_by("pk")

    staff_client.post(reverse("admin:recommendations_promote", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == ModelVersion.Status.LIVE

    staff_client.post(reverse("admin:recommendations_rollback", args=[first.recommender_id]))
    second.refresh_from_db()
    assert second.status == ModelVersion.Status.LIVE


def test_promoting_a_failed_version_is_refused_with_a_message(staff_client):
    recommender = Recommender.objects.get(slug=MOST_VIEWED)
    failed = ModelVersion.objects.create(recommender=recommender, status=ModelVersion.Status.FAILED)
    response = staff_client.post(reverse("admin:recommendations_promote", args=[failed.pk]), follow=True)
    assert "cannot go live" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == ModelVersion.Status.FAILED


def test_dashboard_actions_need_post(staff_client):
    assert staff_client.get(reverse("admin:recommendations_train")).status_code == 405


def test_hyperparameter_search_from_the_dashboard_and_apply(staff_client, django_capture_on_commit_callbacks):
    taste_scenario(users_per_category=12)
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    run = services.tuning_run_start(recommender=recommender, triggered_by="test", synchronous=False, n_trials=2)
    services.tuning_run_execute(run_id=run.pk, space={"factors": [4, 8], "iterations": [3], "regularization": [0.1]})
    run.refresh_from_db()
    assert run.status == TuningRun.Status.SUCCEEDED, run.error
    assert len(run.trials) == 3  # the settings in use, then both grid points
    assert run.best_params == {} or run.best_params["factors"] in (4, 8)
    run.best_params = {"factors": 8, "iterations": 3, "regularization": 0.1}
    run.save()

    staff_client.post(reverse("admin:recommendations_tuning_apply", args=[run.pk]))
    recommender.refresh_from_db()
    assert recommender.params["factors"] == run.best_params["factors"]
    assert recommender.params["alpha"] == 2.0  # untouched parameters are kept


def test_search_button_runs_the_registry_space_and_use_these_adopts_it(
    staff_client, django_capture_on_commit_callbacks
):
    taste_scenario(users_per_category=12)
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:recommendations_tune", args=[recommender.pk]))
    assert response.status_code == 302
    # one search per candidate recipe
    assert sorted(TuningRun.objects.values_list("recipe", flat=True)) == sorted(recommender.candidates)
    assert set(TuningRun.objects.values_list("status", flat=True)) == {TuningRun.Status.SUCCEEDED}
    run = TuningRun.objects.get(recipe="als")
    factors = recipe_get("als").search_space["factors"]
    tried = [t["params"] for t in run.trials if t["params"]]
    assert len(tried) == 12 and all(factors.low <= p["factors"] <= factors.high for p in tried)
    assert len({p["factors"] for p in tried}) > 6  # sampled, not a short list
    page = staff_client.get(response["Location"]).content.decode()
    tuning = page.split('id="tuning-runs"')[1].split("</table>")[0]
    assert f"{run.best_score:.4f}" in tuning and "Use these" in tuning

    if not run.best_params:  # the settings in use won: nothing to adopt
        run.best_params = tried[0]
        run.save()
    staff_client.post(reverse("admin:recommendations_tuning_apply", args=[run.pk]))
    recommender.refresh_from_db()
    assert {k: recommender.params[k] for k in run.best_params} == run.best_params


def test_tuning_a_popularity_recommender_is_refused(staff_client):
    recommender = Recommender.objects.get(slug=MOST_VIEWED)
    response = staff_client.post(reverse("admin:recommendations_tune", args=[recommender.pk]), follow=True)
    assert "no hyperparameters" in response.content.decode()
    assert not TuningRun.objects.exists()


def test_interaction_admin_is_read_only_and_filterable(staff_client):
    InteractionFactory(event_type=EventType.PURCHASE)
    url = reverse("admin:recommendations_interaction_changelist")
    response = staff_client.get(url, {"event_type__exact": "Purchase"})
    assert response.status_code == 200 and "Purchase" in response.content.decode()
    assert staff_client.get(reverse("admin:recommendations_interaction_add")).status_code == 403


def test_training_run_changelist_shows_live_table_and_train_button(staff_client):
    response = staff_client.get(reverse("admin:recommendations_trainingrun_changelist"))
    page = response.content.decode()
    assert "Train now" in page and "no model is live" in page


def test_dashboard_lists_online_counts_per_version(staff_client):
    from recommendations import selectors

    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    shopper = world["users"]["taste-0"][0]
    rows = selectors.home_rows(user=shopper, visitor_id="")
    services.impressions_record(rows=rows, user=shopper)
    clicked = rows[0].products[0]
    services.interaction_record(
        product_id=clicked.pk, event_type=EventType.VIEW, user=shopper, recommendation_id=rows[0].recommendation_id
    )
    table = (
        staff_client.get(reverse("admin:recommendations_dashboard")).content.decode().split('id="version-online"')[1]
    )
    table = table.split("</table>")[0]
    assert f"Recommended for you v{rows[0].version_id}" in table
    assert "<td>1.000</td>" in table  # one row shown, one click


def test_dashboard_reads_stored_figures_in_a_few_queries(staff_client, django_assert_max_num_queries):
    world = taste_scenario()
    persona = PersonaFactory(category_list=world["categories"][:1])
    for user in world["users"]["taste-0"]:
        ShopperProfileFactory(user=user, persona=persona)
    services.training_run_start(triggered_by="test", synchronous=True)
    services.training_run_start(triggered_by="test", synchronous=True)
    shopper = world["users"]["taste-0"][0]
    rows = selectors.home_rows(user=shopper, visitor_id="")
    services.impressions_record(rows=rows, user=shopper)
    with django_assert_max_num_queries(20):
        page = staff_client.get(reverse("admin:recommendations_dashboard")).content.decode()
    assert persona.name in page.split('id="persona-check"')[1]


def test_lift_against_the_baseline():
    from recommendations.admin.dashboard import _lift

    ndcg = "normalized_discounted_cumulative_gain_at_10"
    version = ModelVersion(metrics={"model": {ndcg: 0.06}, "baseline": {ndcg: 0.04}})
    assert _lift(version)["label"] == "+50% vs baseline"
    version.metrics["baseline"][ndcg] = 0.0
    assert _lift(version)["label"] == "baseline scored 0"
    assert _lift(ModelVersion(metrics={})) is None and _lift(None) is None


def test_staff_without_permissions_can_neither_see_nor_change_what_serves(client, django_user_model):
    from django.contrib.auth.models import Permission

    taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    services.training_run_start(triggered_by="test", synchronous=True)
    recommender = Recommender.objects.get(slug=MOST_VIEWED)
    live = recommender.versions.get(status="live")
    staff = django_user_model.objects.create_user("intern", password="pw", is_staff=True)
    client.force_login(staff)

    assert client.get(reverse("admin:recommendations_dashboard")).status_code == 403
    assert client.post(reverse("admin:recommendations_rollback", args=[recommender.pk])).status_code == 403
    assert client.post(reverse("admin:recommendations_train")).status_code == 403
    live.refresh_from_db()
    assert live.status == "live"

    staff.user_permissions.add(Permission.objects.get(codename="view_modelversion"))
    page = client.get(reverse("admin:recommendations_dashboard")).content.decode()
    assert "Roll back" not in page and "Train now" not in page
    assert client.post(reverse("admin:recommendations_rollback", args=[recommender.pk])).status_code == 403


def _progress(client, run: TrainingRun):
    return client.get(reverse("admin:recommendations_run_progress", args=[run.pk]))


def test_progress_json_lists_each_recommender_with_its_status_and_duration(staff_client):
    taste_scenario()
    run = services.training_run_start(triggered_by="test", synchronous=True)
    response = _progress(staff_client, run)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["id"] == run.pk and body["status"] == "succeeded" and body["finished"] is True
    assert body["stage"] == run.summary and body["duration_seconds"] == run.duration_seconds
    versions = {v.recommender.slug: v for v in run.versions.select_related("recommender")}
    assert sorted(row["recommender"] for row in body["versions"]) == sorted(versions)
    for row in body["versions"]:
        version = versions[row["recommender"]]
        assert row["version_id"] == version.pk and row["status"] == "live"
        assert row["seconds"] == version.training_seconds and row["duration"].endswith(" s")


def test_progress_json_of_a_queued_run_shows_what_it_will_train(staff_client):
    run = TrainingRun.objects.create(recommenders=[MOST_VIEWED])
    body = _progress(staff_client, run).json()
    assert body["finished"] is False
    assert body["versions"] == [
        {
            "recommender": MOST_VIEWED,
            "name": "Most viewed",
            "version_id": None,
            "status": "queued",
            "seconds": None,
            "duration": "",
        }
    ]


def test_progress_json_needs_staff_and_the_view_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    run = TrainingRun.objects.create()
    assert _progress(client, run).status_code == 302  # anonymous: to the login page
    client.force_login(django_user_model.objects.create_user("shopper", password="pw"))
    assert _progress(client, run).status_code == 302
    staff = django_user_model.objects.create_user("intern", password="pw", is_staff=True)
    client.force_login(staff)
    assert _progress(client, run).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_modelversion"))
    assert _progress(client, run).status_code == 200
    missing = reverse("admin:recommendations_run_progress", args=[run.pk + 1])
    assert client.get(missing).status_code == 404
    assert client.post(reverse("admin:recommendations_run_progress", args=[run.pk])).status_code == 405


def test_train_now_returns_before_the_run_ends_and_the_run_finishes_in_the_background(
    staff_client, tasks_in_thread, training_paused
):
    taste_scenario()
    response = staff_client.post(reverse("admin:recommendations_train"))
    assert response.status_code == 302
    run = TrainingRun.objects.get()
    assert training_paused.reached.wait(timeout=60), "the background thread never trained"

    # The request is over while the run is still mid-way: one version trained, the rest queued.
    run.refresh_from_db()
    assert run.status == TrainingRun.Status.RUNNING
    body = _progress(staff_client, run).json()
    assert body["finished"] is False and body["status"] == "running" and body["status_label"] == "Running"
    statuses = [row["status"] for row in body["versions"]]
    assert statuses[0] == "running" and set(statuses[1:]) == {"queued"}, statuses
    page = staff_client.get(response["Location"]).content.decode()
    assert f"Training run #{run.pk} started" in page
    panel = page.split('id="training-progress"')[1].split("</table>")[0]
    assert reverse("admin:recommendations_run_progress", args=[run.pk]) in panel  # the script polls it
    assert 'class="pill running"' in panel and 'class="pill queued"' in panel

    training_paused.release()
    assert tasks_in_thread.wait(timeout=120)
    run.refresh_from_db()
    assert run.status == TrainingRun.Status.SUCCEEDED, run.error
    body = _progress(staff_client, run).json()
    assert body["finished"] is True and {row["status"] for row in body["versions"]} == {"live"}
    panel = staff_client.get(response["Location"]).content.decode().split('id="training-progress"')[1]
    assert "data-progress-url" not in panel.split(">")[0]  # nothing left to follow
    assert run.summary in panel


def _offline_section(client) -> str:
    page = client.get(reverse("admin:recommendations_dashboard")).content.decode()
    return page.split('id="offline-charts"')[1].split("<h2")[0]


def test_offline_charts_show_each_metric_with_its_lift_and_the_spread_over_folds(staff_client):
    from recommendations.admin.dashboard import OFFLINE_METRICS

    ndcg = "normalized_discounted_cumulative_gain_at_10"
    model = {key: 0.06 for key, _ in OFFLINE_METRICS} | {"precision_at_10": 0.012, "coverage": 0.70}
    baseline = {key: 0.04 for key, _ in OFFLINE_METRICS} | {"precision_at_10": 0.008, "coverage": 0.014}
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    one_fold = {"model": model, "baseline": baseline, "model_std": {k: 0.0 for k in model}, "baseline_std": {}}
    version = ModelVersion.objects.create(recommender=recommender, status="ready", metrics=one_fold)

    offline = _offline_section(staff_client)
    for _, label in OFFLINE_METRICS:
        assert f'data-metric="{label}"' in offline
    assert "+50% vs baseline" in offline  # precision 0.012 against 0.008
    assert "+4900% vs baseline" in offline  # coverage 0.70 against 0.014
    assert 'class="error-bar"' not in offline and "standard deviation" not in offline  # one fold: no spread

    version.metrics = {**one_fold, "model_std": {ndcg: 0.005}, "baseline_std": {ndcg: 0.002}}
    version.save()
    offline = _offline_section(staff_client)
    assert "± one standard deviation over the folds" in offline
    # NDCG@10's panel (two bars) and its point on the per-version line (two series).
    assert offline.count('class="error-bar"') == 4


def test_empty_online_charts_say_how_to_fill_them(staff_client):
    page = staff_client.get(reverse("admin:recommendations_dashboard")).content.decode()
    online = page.split("Online metrics, last 14 days")[1].split('id="online-charts"')[0]
    assert "make traffic" in online

    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    shopper = world["users"]["taste-0"][0]
    services.impressions_record(rows=selectors.home_rows(user=shopper, visitor_id=""), user=shopper)
    page = staff_client.get(reverse("admin:recommendations_dashboard")).content.decode()
    assert "make traffic" not in page


def test_the_dashboard_shows_how_the_live_recipe_was_chosen_and_how_far_a_search_is(staff_client):
    taste_scenario(users_per_category=12)
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    recommender.params = {"factors": 8, "iterations": 4}
    recommender.candidates = ["sequential", "als"]
    recommender.candidate_params = {"sequential": {"factors": 8, "iterations": 4}}
    recommender.save()
    services.training_run_start(triggered_by="test", recommenders=[RECOMMENDED_FOR_YOU], synchronous=True)
    live = ModelVersion.objects.get(recommender=recommender, status=ModelVersion.Status.LIVE)
    running = TuningRun.objects.create(recommender=recommender, recipe="als", status="running", n_trials=4)
    running.trials = [{"params": {}}, {"params": {"factors": 9}}]
    running.save()

    page = staff_client.get(reverse("admin:recommendations_dashboard")).content.decode()
    choice = page.split('data-testid="recipe-choice"')[1].split("</div>")[0]
    assert "Chosen by NDCG@10" in choice
    chosen = live.metrics["choice"]["candidates"][live.recipe]["metrics"][NDCG_AT_10]
    assert f"<strong>{live.recipe} {chosen:.4f}</strong>" in choice
    assert "sequential" in choice and "als" in choice
    assert "2 of 5 trials" in page.split('id="tuning-runs"')[1]

"""The staff dashboard: live versions, runs, offline and online metrics, persona check."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from recommendations import charts, selectors, services
from recommendations.artifacts import model_version_load_problem
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.engine.metrics import NDCG_AT_10
from recommendations.models import ModelVersion, Recommender, TrainingRun, TuningRun
from recommendations.recipes import UnknownRecipe, recipe_get

OFFLINE_METRICS = [
    ("precision_at_10", "P@10"),
    ("recall_at_10", "Recall@10"),
    ("hit_rate_at_10", "Hit@10"),
    (NDCG_AT_10, "NDCG@10"),
    ("mean_reciprocal_rank_at_25", "MRR@25"),
    ("coverage", "Coverage"),
]


def _spread(values: dict | None, key: str) -> float | None:
    """A metric's standard deviation over folds; one fold gives 0, which says nothing about spread."""
    value = (values or {}).get(key)
    return value if value else None


def _offline_charts(recommender: str) -> list:
    versions = [v for v in selectors.version_history(recommender=recommender) if "model" in (v.metrics or {})]
    if not versions:
        return []
    latest = versions[-1]
    metrics = latest.metrics
    panels = []
    for key, label in OFFLINE_METRICS:
        model, baseline = metrics["model"].get(key, 0.0), metrics["baseline"].get(key, 0.0)
        errors = (_spread(metrics.get("model_std"), key), _spread(metrics.get("baseline_std"), key))
        panels.append(
            charts.Panel(label=label, values=(model, baseline), errors=errors, note=_lift_of(model, baseline)[1])
        )
    spread = any(e for panel in panels for e in panel.errors)
    return [
        charts.small_multiples(
            title=f"v{latest.pk} against the popularity baseline, each metric on its own scale",
            subtitle="Both scored on the same held-out shoppers"
            + ("; error bars: ± one standard deviation over the folds." if spread else "."),
            series=[f"v{latest.pk}", "popularity baseline"],
            panels=panels,
        ),
        charts.line_chart(
            title="NDCG@10 per version",
            x_labels=[f"v{v.pk}" for v in versions],
            series={
                "model": [v.metrics["model"].get(NDCG_AT_10) for v in versions],
                "popularity baseline": [v.metrics["baseline"].get(NDCG_AT_10) for v in versions],
            },
            errors={
                "model": [_spread(v.metrics.get("model_std"), NDCG_AT_10) for v in versions],
                "popularity baseline": [_spread(v.metrics.get("baseline_std"), NDCG_AT_10) for v in versions],
            },
            fmt=lambda value: f"{value:.3f}",
        ),
    ]


def _online_charts(online: selectors.OnlineMetrics) -> list:
    labels = [day.strftime("%b %d") for day in online.days]

    def series(rate: str) -> dict[str, list[float | None]]:
        return {
            slug: [getattr(by_day[day], rate) if by_day[day].impressions else None for day in online.days]
            for slug, by_day in sorted(online.by_day.items())
        }

    return [
        charts.line_chart(
            title="Click-through rate (clicks per row shown)", x_labels=labels, series=series("click_through_rate")
        ),
        charts.line_chart(title="Conversion (purchases per click)", x_labels=labels, series=series("conversion_rate")),
    ]


# Staff see the dashboard with view rights; changing what serves needs change rights.
VIEW = "recommendations.view_modelversion"
PUBLISH = "recommendations.change_modelversion"
CONFIGURE = "recommendations.change_recommender"


def _lift_of(model: float, baseline: float) -> tuple[float | None, str]:
    """The model's relative lift over the baseline on the same split, and how to say it."""
    if not baseline:
        return None, "baseline scored 0"
    lift = model / baseline - 1
    return lift, f"{lift:+.0%} vs baseline"


def _lift(version: ModelVersion | None) -> dict | None:
    """NDCG@10 of a version, its baseline's on the same split, and the relative lift."""
    metrics = (version.metrics or {}) if version else {}
    if "model" not in metrics:
        return None
    model, baseline = metrics["model"].get(NDCG_AT_10, 0.0), metrics["baseline"].get(NDCG_AT_10, 0.0)
    lift, label = _lift_of(model, baseline)
    return {"model": model, "baseline": baseline, "lift": lift, "label": label}


def _live_metric(live: dict[int, ModelVersion], recommenders: list[Recommender], slug: str, name: str):
    by_slug = {r.slug: live.get(r.pk) for r in recommenders}
    version = by_slug.get(slug)
    return (version.metrics or {}).get(name) if version else None


def _tunable(recommender: Recommender) -> bool:
    try:
        return bool(services.recipes_to_tune(recommender=recommender))
    except UnknownRecipe:
        return False


def _recipe_label(name: str) -> str:
    try:
        return recipe_get(name).label
    except UnknownRecipe:
        return name


def _choice(version: ModelVersion | None) -> dict | None:
    """How the version's recipe was chosen: every candidate's validation score, best first."""
    choice = (version.metrics or {}).get("choice") if version else None
    if not choice:
        return None
    metric = choice["metric"]
    candidates = []
    for name, figures in choice["candidates"].items():
        score = figures.get("metrics", {}).get(metric)
        candidates.append(
            {
                "name": name,
                "label": _recipe_label(name),
                "score": score,
                "error": figures.get("error", ""),
                "chosen": name == choice["chosen"],
                "seconds": figures.get("seconds"),
            }
        )
    candidates.sort(key=lambda c: (c["score"] is None, -(c["score"] or 0)))
    users = max((f.get("validation_users", 0) for f in choice["candidates"].values()), default=0)
    label = next((short for key, short in OFFLINE_METRICS if key == metric), metric)
    return {"metric": label, "candidates": candidates, "validation_users": users}


def _tuning_row(run: TuningRun) -> dict:
    return {
        "run": run,
        "recipe": run.recipe or run.recommender.recipe,
        "done": len(run.trials or []),
        "total": run.n_trials + 1,  # the settings in use are scored first
        "improved": services.tuning_run_improved(run),
    }


@staff_member_required
@permission_required(VIEW, raise_exception=True)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    recommenders = list(Recommender.objects.all())
    live = {
        v.recommender_id: v
        for v in ModelVersion.objects.filter(status=ModelVersion.Status.LIVE).select_related("recommender")
    }
    ready = {}
    for version in ModelVersion.objects.filter(status=ModelVersion.Status.READY).order_by("-created_at")[:200]:
        ready.setdefault(version.recommender_id, []).append(version)
    online = selectors.online_metrics(days=selectors.ONLINE_DAYS)
    latest_run = selectors.training_run_latest()
    context = {
        **admin.site.each_context(request),
        "title": "Recommendations dashboard",
        "can_publish": request.user.has_perm(PUBLISH),
        "can_configure": request.user.has_perm(CONFIGURE),
        "rows": [
            {
                "recommender": r,
                "live": live.get(r.pk),
                "ready": ready.get(r.pk, [])[:10],
                "online": online.by_recommender.get(r.slug),
                "ndcg": _lift(live.get(r.pk)),
                "tunable": _tunable(r),
                "choice": _choice(live.get(r.pk)),
                "problem": model_version_load_problem(live[r.pk]) if r.pk in live else None,
            }
            for r in recommenders
        ],
        "runs": TrainingRun.objects.all()[:10],
        # Drawn here too, so the page shows where the run is on a reload without JavaScript.
        "progress": selectors.training_run_progress(run=latest_run) if latest_run else None,
        "version_online": [
            (version, online.by_version[version.pk])
            for version in ModelVersion.objects.filter(pk__in=[k for k in online.by_version if k])
            .select_related("recommender")
            .order_by("recommender__slug", "-pk")
        ],
        "tuning_runs": [_tuning_row(run) for run in TuningRun.objects.select_related("recommender")[:8]],
        "offline_charts": _offline_charts(RECOMMENDED_FOR_YOU),
        "online_charts": _online_charts(online),
        "online_days": selectors.ONLINE_DAYS,
        "rows_shown": sum(counts.impressions for counts in online.by_recommender.values()),
        # Computed once per version at the end of its training (personas.checks), only read here.
        "persona_checks": _live_metric(live, recommenders, RECOMMENDED_FOR_YOU, "persona_check"),
    }
    return render(request, "admin/recommendations/dashboard.html", context)


@staff_member_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def training_run_progress_view(request: HttpRequest, run_id: int) -> JsonResponse:
    """What the dashboard's script polls while a run is under way."""
    run = get_object_or_404(TrainingRun, pk=run_id)
    return JsonResponse(selectors.training_run_progress(run=run).as_json())


def _back(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:recommendations_dashboard"))


@staff_member_required
@permission_required(PUBLISH, raise_exception=True)
@require_POST
def training_run_cancel_view(request: HttpRequest, run_id: int) -> HttpResponseRedirect:
    run = get_object_or_404(TrainingRun, pk=run_id)
    run = services.training_run_cancel(run_id=run.pk, cancelled_by=f"admin:{request.user.get_username()}")
    messages.info(request, run.summary)
    return _back(request)


@staff_member_required
@permission_required(PUBLISH, raise_exception=True)
@require_POST
def train_now_view(request: HttpRequest) -> HttpResponseRedirect:
    try:
        run = services.training_run_start(triggered_by=f"admin:{request.user.get_username()}")
    except services.TrainingInProgress as exc:
        messages.warning(request, f"Not started: {exc}.")
        return _back(request)
    if run.status in (TrainingRun.Status.QUEUED, TrainingRun.Status.RUNNING):
        messages.info(request, f"{run} started: its progress shows below.")
    else:  # tasks run in the caller (Celery's eager mode, as in the tests): it is over already
        level = messages.ERROR if run.status == TrainingRun.Status.FAILED else messages.SUCCESS
        messages.add_message(request, level, f"{run.summary}.")
    return _back(request)


@staff_member_required
@permission_required(PUBLISH, raise_exception=True)
@require_POST
def promote_view(request: HttpRequest, version_id: int) -> HttpResponseRedirect:
    version = get_object_or_404(ModelVersion.objects.select_related("recommender"), pk=version_id)
    try:
        services.model_version_publish(version=version)
    except services.VersionNotPublishable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{version} is now live for {version.recommender.name}.")
    return _back(request)


@staff_member_required
@permission_required(PUBLISH, raise_exception=True)
@require_POST
def rollback_view(request: HttpRequest, recommender_id: int) -> HttpResponseRedirect:
    recommender = get_object_or_404(Recommender, pk=recommender_id)
    try:
        version = services.model_version_rollback(recommender_id=recommender.pk)
    except services.VersionNotPublishable as exc:
        messages.error(request, f"{recommender.name}: {exc}.")
    else:
        messages.success(request, f"Rolled back {recommender.name} to {version}.")
    return _back(request)


@staff_member_required
@permission_required(CONFIGURE, raise_exception=True)
@require_POST
def tune_view(request: HttpRequest, recommender_id: int) -> HttpResponseRedirect:
    recommender = get_object_or_404(Recommender, pk=recommender_id)
    try:
        run = services.tuning_run_start(recommender=recommender, triggered_by=f"admin:{request.user.get_username()}")
    except services.TuningNotSupported as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{run} started; its trials appear below when it finishes.")
    return _back(request)


@staff_member_required
@permission_required(CONFIGURE, raise_exception=True)
@require_POST
def tuning_apply_view(request: HttpRequest, run_id: int) -> HttpResponseRedirect:
    run = get_object_or_404(TuningRun.objects.select_related("recommender"), pk=run_id)
    try:
        recommender = services.tuning_run_apply(run=run)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{recommender.name} will train with {run.best_params} from the next run.")
    return _back(request)

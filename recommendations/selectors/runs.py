"""Training runs as staff follow them: which recommenders a run trains and how far each has got."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from recommendations.models import ModelVersion, Recommender, TrainingRun, seconds_display

ACTIVE = (TrainingRun.Status.QUEUED, TrainingRun.Status.RUNNING)


def heartbeat_interval() -> float:
    return float(settings.RECOMMENDATIONS_HEARTBEAT_SECONDS)


def heartbeat_stale_after() -> timedelta:
    """Four missed beats: a run this quiet has no worker left."""
    return timedelta(seconds=4 * heartbeat_interval())


def training_run_worker_lost(*, run: TrainingRun, now: datetime | None = None) -> datetime | None:
    """When a running run's heartbeat stopped, if it has (its worker died); None while it beats."""
    if run.status != TrainingRun.Status.RUNNING:
        return None
    since = run.heartbeat_at or run.started_at or run.created_at
    return since if since < (now or timezone.now()) - heartbeat_stale_after() else None


def training_run_recommenders(*, run: TrainingRun) -> QuerySet[Recommender]:
    """The recommenders ``run`` trains: the slugs it names, or every enabled one."""
    if run.recommenders:
        return Recommender.objects.filter(slug__in=run.recommenders)
    return Recommender.objects.filter(enabled=True)


@dataclass(frozen=True)
class VersionProgress:
    recommender: str
    name: str
    version_id: int | None  # None until the run has read the log and created its versions
    status: str  # a ModelVersion status: queued, running, ready, live, failed
    seconds: float | None  # training time once done, time so far while running

    @property
    def duration(self) -> str:
        if self.seconds is None:
            return ""
        return f"for {seconds_display(self.seconds)}" if self.status == "running" else seconds_display(self.seconds)


@dataclass(frozen=True)
class RunProgress:
    run: TrainingRun
    versions: list[VersionProgress]
    elapsed_seconds: float | None

    @property
    def finished(self) -> bool:
        return self.run.status not in ACTIVE

    @property
    def stage(self) -> str:
        """What the run is doing, in a few words."""
        if self.finished:
            return self.run.summary
        if self.run.status == TrainingRun.Status.QUEUED:
            return f"{self.run} is waiting to start"
        lost = training_run_worker_lost(run=self.run)
        if lost is not None:
            return (
                f"{self.run} has not beaten since {lost:%H:%M:%S} UTC: its worker seems lost "
                "(the next check marks it failed; cancel it to train again now)"
            )
        training = [v.name for v in self.versions if v.status == ModelVersion.Status.RUNNING]
        if training:
            return f"{self.run} is training {training[0]}"
        if any(v.version_id is None for v in self.versions):
            return f"{self.run} is reading the interaction log"
        if any(v.status == ModelVersion.Status.QUEUED for v in self.versions):
            return f"{self.run} is training"
        return f"{self.run} is publishing the new versions"

    def as_json(self) -> dict:
        return {
            "id": self.run.pk,
            "status": self.run.status,
            "status_label": self.run.get_status_display(),
            "finished": self.finished,
            "stage": self.stage,
            "elapsed_seconds": self.elapsed_seconds,
            "duration_seconds": self.run.duration_seconds,
            "versions": [
                {
                    "recommender": v.recommender,
                    "name": v.name,
                    "version_id": v.version_id,
                    "status": v.status,
                    "seconds": v.seconds,
                    "duration": v.duration,
                }
                for v in self.versions
            ],
        }


def _since(moment: datetime | None, now: datetime) -> float | None:
    return round((now - moment).total_seconds(), 1) if moment else None


def training_run_progress(*, run: TrainingRun, now: datetime | None = None) -> RunProgress:
    """Each recommender of ``run`` with its version's status and duration (two queries).

    Before the run has created its versions, the recommenders it will train show as queued.
    """
    now = now or timezone.now()
    versions = list(run.versions.select_related("recommender").order_by("recommender__slug"))
    if versions:
        rows = [
            VersionProgress(
                recommender=v.recommender.slug,
                name=v.recommender.name,
                version_id=v.pk,
                status=v.status,
                seconds=_since(v.started_at, now) if v.status == ModelVersion.Status.RUNNING else _done(v),
            )
            for v in versions
        ]
    elif run.status in ACTIVE:
        rows = [
            VersionProgress(recommender=r.slug, name=r.name, version_id=None, status="queued", seconds=None)
            for r in training_run_recommenders(run=run).order_by("slug")
        ]
    else:
        rows = []  # it failed before training anything: its summary says why
    elapsed = _since(run.started_at, now) if run.status == TrainingRun.Status.RUNNING else run.duration_seconds
    return RunProgress(run=run, versions=rows, elapsed_seconds=elapsed)


def _done(version: ModelVersion) -> float | None:
    # A version that never started (its run failed first) has no duration to show, not 0 s.
    started = version.started_at or version.training_seconds
    return version.training_seconds if version.status != ModelVersion.Status.QUEUED and started else None


def training_run_latest() -> TrainingRun | None:
    """The run under way if there is one, else the newest."""
    return TrainingRun.objects.filter(status__in=ACTIVE).order_by("-created_at", "-id").first() or (
        TrainingRun.objects.order_by("-created_at", "-id").first()
    )

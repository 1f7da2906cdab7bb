from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from rest_framework_api_key.models import AbstractAPIKey

from recommendations.recipes import recipe_choices
from recommendations.schemas import DATASETS, SchemaError, schema_parse


class EventType(models.TextChoices):
    VIEW = "View", "View"
    ADD_TO_CART = "AddToCart", "Add to cart"
    REMOVE_FROM_CART = "RemoveFromCart", "Remove from cart"
    PURCHASE = "Purchase", "Purchase"


class Interaction(models.Model):
    """Append-only event log: one row per view, cart change or purchase.

    Written only by ``recommendations.services``; never updated except to attach an
    anonymous visitor's rows to the shopper who logs in from that browser.
    """

    # Indexed with the event type below (a shopper's purchases are read on every product page,
    # whatever the length of their history); the prefix serves every lookup by shopper alone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interactions",
        db_index=False,
    )
    visitor_id = models.CharField(max_length=64, blank=True)
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="interactions")
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    timestamp = models.DateTimeField(db_index=True)
    recommendation_id = models.CharField(max_length=64, blank=True, db_index=True)
    # Personalize's EVENT_VALUE (a rating, a price): kept so an imported dataset exports as it came.
    event_value = models.FloatField(null=True, blank=True)
    # Bulk-imported (a dataset import) rather than recorded live: a FULL import replaces only these,
    # as Personalize's replaces its bulk data and keeps what PutEvents recorded.
    imported = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["user", "timestamp"]),
            models.Index(fields=["user", "event_type"]),
            models.Index(fields=["visitor_id", "event_type"]),
            models.Index(fields=["event_type", "timestamp"]),
        ]

    def __str__(self) -> str:
        who = self.user_id or self.visitor_id[:8]
        return f"{self.event_type} {self.product_id} by {who}"


class ProductStats(models.Model):
    """Running counters per product, bumped atomically with each event."""

    product = models.OneToOneField("shop.Product", on_delete=models.CASCADE, primary_key=True, related_name="stats")
    views = models.PositiveIntegerField(default=0)
    add_to_carts = models.PositiveIntegerField(default=0)
    purchases = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "product stats"

    def __str__(self) -> str:
        return f"stats for {self.product_id}"


class Recommender(models.Model):
    """One use case (Personalize's recommender/solution): a recipe and its configuration."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    recipe = models.CharField(max_length=20, choices=recipe_choices)
    params = models.JSONField(default=dict, blank=True, help_text="Recipe hyperparameters.")
    event_weights = models.JSONField(
        default=dict, blank=True, help_text='Event types learnt from and their weights, e.g. {"View": 1}.'
    )
    candidates = models.JSONField(
        default=list,
        blank=True,
        help_text='Recipes training compares on a validation split, publishing the best, e.g. ["als", "ease", '
        '"rp3beta"]. Empty: the recipe above only (pinned).',
    )
    candidate_params = models.JSONField(
        default=dict,
        blank=True,
        help_text='Hyperparameters of the candidates other than the recipe above, by recipe, e.g. {"ease": '
        '{"l2": 300}}; the serving options in params apply to every candidate.',
    )
    selection_metric = models.CharField(
        max_length=60,
        default="normalized_discounted_cumulative_gain_at_10",
        help_text="The offline metric candidates are compared by (Personalize's names).",
    )
    tune_every_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Tune hyperparameters this often, adopting what beats the settings in use. Empty: never.",
    )
    enabled = models.BooleanField(default=True)
    retrain_minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Retrain when the newest version is this old. Empty: RECOMMENDATIONS_RETRAIN_MINUTES; 0: never.",
    )
    retrain_after_events = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Retrain after this many new events. Empty: RECOMMENDATIONS_RETRAIN_AFTER_EVENTS; 0: never.",
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


def seconds_display(value: float | None) -> str:
    """A duration as people read it: 7.2 s, or 0.35 s below a second (where one decimal says little)."""
    if value is None:
        return "—"
    return f"{value:.1f} s" if value >= 1 else f"{value:.2f} s"


class RunStatus(models.TextChoices):
    """Shared by training runs and hyperparameter searches."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class TrainingRun(models.Model):
    Status = RunStatus

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    triggered_by = models.CharField(max_length=100, blank=True)
    recommenders = models.JSONField(default=list, blank=True, help_text="Slugs to train; empty: every enabled one.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    n_interactions = models.PositiveIntegerField(null=True, blank=True)
    n_users = models.PositiveIntegerField(null=True, blank=True)
    n_items = models.PositiveIntegerField(null=True, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # Touched every few seconds while a run trains: a run whose heartbeat stopped lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # How many times a worker started it (a killed worker's message is delivered again).
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database itself guarantees a single running training run.
            models.UniqueConstraint(fields=["status"], condition=Q(status="running"), name="one_running_training_run")
        ]

    def __str__(self) -> str:
        # The status has its own column and pill; a name that carries it reads "#1 (failed) failed".
        return f"Training run #{self.pk}"

    @property
    def summary(self) -> str:
        """One sentence for messages and the train command: "Training run #1 succeeded in 7.2 s"."""
        if self.status == RunStatus.SUCCEEDED:
            return f"{self} succeeded in {seconds_display(self.duration_seconds)}"
        if self.status == RunStatus.FAILED:
            after = f" after {seconds_display(self.duration_seconds)}" if self.duration_seconds is not None else ""
            reason = self.error.strip().splitlines()[0] if self.error.strip() else ""
            return f"{self} failed{after}" + (f": {reason}" if reason else "")
        return f"{self} is {self.get_status_display().lower()}"


class ModelVersion(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        READY = "ready", "Ready"
        LIVE = "live", "Live"
        FAILED = "failed", "Failed"

    recommender = models.ForeignKey(Recommender, on_delete=models.CASCADE, related_name="versions")
    training_run = models.ForeignKey(
        TrainingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    # The recipe this version was trained with: the recommender's may change after it.
    recipe = models.CharField(max_length=20, blank=True)
    artifact = models.FileField(upload_to="models/", blank=True)
    params = models.JSONField(default=dict, blank=True)
    event_weights = models.JSONField(default=dict, blank=True)
    n_interactions = models.PositiveIntegerField(default=0)
    n_users = models.PositiveIntegerField(default=0)
    n_items = models.PositiveIntegerField(default=0)
    training_seconds = models.FloatField(default=0)
    metrics = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When its training began: a run creates every version at once, queued, and trains them in turn.
    started_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live version per recommender, enforced by the database.
            models.UniqueConstraint(
                fields=["recommender"], condition=Q(status="live"), name="one_live_version_per_recommender"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommender.slug} v{self.pk}"

    @property
    def recipe_label(self) -> str:
        """What the dashboard calls the recipe this version was trained with (it may be a chosen candidate)."""
        name = self.recipe or self.recommender.recipe
        return dict(recipe_choices()).get(name, name)


class Impression(models.Model):
    """One rendered recommendation row: what was shown, by which version, to whom."""

    recommendation_id = models.CharField(max_length=64, unique=True)
    recommender = models.ForeignKey(Recommender, null=True, on_delete=models.SET_NULL, related_name="impressions")
    version = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    visitor_id = models.CharField(max_length=64, blank=True)
    item_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.recommendation_id


class TuningRun(models.Model):
    """A hyperparameter search for one recommender, choosing by offline NDCG@10."""

    Status = RunStatus

    recommender = models.ForeignKey(Recommender, on_delete=models.CASCADE, related_name="tuning_runs")
    recipe = models.CharField(max_length=20, blank=True, help_text="The recipe tuned (one of the candidates).")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    triggered_by = models.CharField(max_length=100, blank=True)
    n_trials = models.PositiveIntegerField(default=12)
    start_score = models.FloatField(null=True, blank=True, help_text="The settings in use, scored the same way.")
    applied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    trials = models.JSONField(default=list, blank=True)
    best_params = models.JSONField(default=dict, blank=True)
    best_score = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Tuning run #{self.pk} for {self.recommender.slug}"


class Filter(models.Model):
    """A named Personalize filter expression that requests refer to by name (or by an ARN ending in it)."""

    name = models.SlugField(max_length=100, unique=True, help_text="What requests send as filter (or filterArn's end).")
    expression = models.TextField(
        help_text='e.g. EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("Purchase") | '
        "INCLUDE ItemID WHERE Items.PRICE <= $MAX_PRICE"
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def parsed(self):
        """The expression's syntax tree against the catalogue's fields (FilterError when it is invalid)."""
        # Imported here: the catalogue table is a selector, and selectors import these models.
        from recommendations.selectors.filters import filter_parse

        return filter_parse(self.expression)

    def clean(self) -> None:
        from recommendations.engine.filters import FilterError

        super().clean()
        try:
            self.parsed()
        except FilterError as exc:
            raise ValidationError({"expression": str(exc)}) from exc


class ApiKey(AbstractAPIKey):
    """A key for the shop's own API (/api/), issued in the admin: stored hashed (SHA-512 of a
    random key, as djangorestframework-api-key does), revocable, named, with its last use."""

    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API key"
        verbose_name_plural = "API keys"


class DatasetSchema(models.Model):
    """A dataset's schema in Personalize's Avro JSON form; a dataset without a row uses the default
    (``recommendations.schemas.DEFAULT_SCHEMAS``), which describes the shop's own columns."""

    dataset = models.CharField(max_length=20, choices=[(name, name.title()) for name in DATASETS], unique=True)
    schema = models.JSONField(help_text="Avro JSON: a flat record in namespace com.amazonaws.personalize.schema.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dataset"]

    def __str__(self) -> str:
        return f"{self.dataset} schema"

    def clean(self) -> None:
        super().clean()
        try:
            schema_parse(self.dataset, self.schema)
        except SchemaError as exc:
            raise ValidationError({"schema": str(exc)}) from None


# The batch and deletion jobs' models live in their own module; imported here so Django finds them.
from recommendations.job_models import BatchChunk, BatchJob, DataDeletionJob, DeletedUser  # noqa: E402, F401

"""Writes of the recommendations app. Import from here: ``from recommendations import services``."""

from .api_keys import api_key_create, api_key_touch
from .batch import BatchInputRefused, batch_chunk_execute, batch_input_lines, batch_job_create, batch_job_finish
from .deletion import DeletionRefused, data_deletion_execute, data_deletion_start
from .events import (
    impressions_record,
    interaction_record,
    interactions_attach_visitor,
    interactions_put,
    product_stats_rebuild,
)
from .training import (
    TrainingInProgress,
    model_fit,
    model_version_evaluate,
    training_run_cancel,
    training_run_execute,
    training_run_start,
    training_runs_recover,
)
from .tuning import (
    DEFAULT_TRIALS,
    TuningNotSupported,
    recipes_to_tune,
    tuning_run_apply,
    tuning_run_execute,
    tuning_run_improved,
    tuning_run_start,
    tuning_runs_scheduled,
)
from .versions import (
    VersionNotPublishable,
    filters_ensure_defaults,
    model_version_metric_set,
    model_version_publish,
    model_version_rollback,
    model_versions_unpublish_all,
    recommenders_ensure_defaults,
)

__all__ = [
    "DEFAULT_TRIALS",
    "BatchInputRefused",
    "DeletionRefused",
    "TrainingInProgress",
    "TuningNotSupported",
    "VersionNotPublishable",
    "api_key_create",
    "api_key_touch",
    "batch_chunk_execute",
    "batch_input_lines",
    "batch_job_create",
    "batch_job_finish",
    "data_deletion_execute",
    "data_deletion_start",
    "filters_ensure_defaults",
    "impressions_record",
    "interaction_record",
    "interactions_attach_visitor",
    "interactions_put",
    "model_fit",
    "model_version_evaluate",
    "model_version_metric_set",
    "model_version_publish",
    "model_version_rollback",
    "model_versions_unpublish_all",
    "product_stats_rebuild",
    "recipes_to_tune",
    "recommenders_ensure_defaults",
    "training_run_cancel",
    "training_run_execute",
    "training_run_start",
    "training_runs_recover",
    "tuning_run_apply",
    "tuning_run_execute",
    "tuning_run_improved",
    "tuning_run_start",
    "tuning_runs_scheduled",
]

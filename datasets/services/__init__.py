"""Writes of the datasets app: imports, PutItems / PutUsers. ``from datasets import services``."""

from .imports import IMPORT_RUN, dataset_import, import_job_create, import_job_run, import_job_start, import_progress
from .interactions import EVENT_ALIASES, ImportResult, event_type_of
from .puts import PutRefused, items_put, users_put
from .records import ImportRefused

__all__ = [
    "EVENT_ALIASES",
    "IMPORT_RUN",
    "ImportRefused",
    "ImportResult",
    "PutRefused",
    "dataset_import",
    "event_type_of",
    "import_job_create",
    "import_job_run",
    "import_job_start",
    "import_progress",
    "items_put",
    "users_put",
]

from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "datasets"

    def ready(self) -> None:
        # Registers the tasks with Celery, so that services queueing them by name find them in this process.
        from datasets import tasks  # noqa: F401

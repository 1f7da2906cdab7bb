from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"
    verbose_name = "Recommendations"

    def ready(self) -> None:
        # Connects the receivers; registers the tasks with Celery so that services, which queue
        # them by name, find them in a web process too (a worker discovers them itself).
        from recommendations import receivers, tasks  # noqa: F401
        from recommendations.selectors import catalogue  # noqa: F401

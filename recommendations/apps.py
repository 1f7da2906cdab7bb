from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"
    verbose_name = "Recommendations"

    def ready(self) -> None:
        # The receivers import models, which cannot load before the app registry is ready.
        from recommendations import receivers  # noqa: F401 - importing connects them

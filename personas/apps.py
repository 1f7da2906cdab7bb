from django.apps import AppConfig


class PersonasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "personas"

    def ready(self) -> None:
        # Importing connects the receivers; models cannot load before the registry is ready.
        from personas import receivers  # noqa: F401

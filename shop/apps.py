from django.apps import AppConfig


class ShopConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shop"

    def ready(self) -> None:
        # Importing connects the receivers; models cannot load before the registry is ready.
        from shop import receivers  # noqa: F401

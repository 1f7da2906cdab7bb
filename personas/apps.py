from django.apps import AppConfig


class PersonasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "personas"

    def ready(self) -> None:
        # Importing connects the receivers; models cannot load before the registry is ready.
        from personas import receivers  # noqa: F401
        from personas.attributes import shopper_attributes, user_fields
        from recommendations.user_attributes import user_attributes_provider_register

        # Recommendations cannot import personas (it is below it): the profile is handed over here.
        user_attributes_provider_register("personas", shopper_attributes, fields=user_fields)

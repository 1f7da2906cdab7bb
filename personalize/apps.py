from django.apps import AppConfig


class PersonalizeConfig(AppConfig):
    """Amazon Personalize's own wire format under /personalize/, for boto3 clients unchanged."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "personalize"
    verbose_name = "Personalize compatibility"

from django.db import migrations


def create_defaults(apps, schema_editor):
    from recommendations.defaults import DEFAULT_RECOMMENDERS

    Recommender = apps.get_model("recommendations", "Recommender")
    # Only the fields this point of history has: later migrations add and fill the rest.
    fields = {field.name for field in Recommender._meta.get_fields()} - {"slug"}
    for spec in DEFAULT_RECOMMENDERS:
        Recommender.objects.get_or_create(slug=spec["slug"], defaults={k: v for k, v in spec.items() if k in fields})


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]

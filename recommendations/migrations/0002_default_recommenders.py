from django.db import migrations


def create_defaults(apps, schema_editor):
    from recommendations.defaults import DEFAULT_RECOMMENDERS

    Recommender = apps.get_model("recommendations", "Recommender")
    for spec in DEFAULT_RECOMMENDERS:
        Recommender.objects.get_or_create(slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"})


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]

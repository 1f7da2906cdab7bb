from django.db import migrations


def create_trending_now(apps, schema_editor):
    """Databases made before the recommender existed get it; a fresh one has it from 0002 already."""
    from recommendations.defaults import DEFAULT_RECOMMENDERS, TRENDING_NOW

    Recommender = apps.get_model("recommendations", "Recommender")
    for spec in DEFAULT_RECOMMENDERS:
        if spec["slug"] == TRENDING_NOW:
            Recommender.objects.get_or_create(slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"})


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0007_training_run_heartbeat")]

    operations = [migrations.RunPython(create_trending_now, migrations.RunPython.noop)]

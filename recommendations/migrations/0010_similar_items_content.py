from django.db import migrations


def create_similar_items(apps, schema_editor):
    """Databases made before the recommender existed get it; a fresh one has it from 0002 already."""
    from recommendations.defaults import DEFAULT_RECOMMENDERS, SIMILAR_ITEMS_SLUG

    Recommender = apps.get_model("recommendations", "Recommender")
    for spec in DEFAULT_RECOMMENDERS:
        if spec["slug"] == SIMILAR_ITEMS_SLUG:
            Recommender.objects.get_or_create(slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"})


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0009_bought_together_association")]

    operations = [migrations.RunPython(create_similar_items, migrations.RunPython.noop)]

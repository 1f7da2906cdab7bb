from django.db import migrations

# Written out, not imported: a migration must keep meaning what it meant when it was written.
NEW_ARRIVALS = {
    "slug": "new-arrivals",
    "name": "New arrivals",
    "recipe": "new-arrivals",
    "params": {"max_age_days": 30.0},
    "event_weights": {"View": 1.0, "AddToCart": 3.0, "Purchase": 5.0},
}


def create_new_arrivals(apps, schema_editor):
    """Databases made before the recommender existed get it; a fresh one has it from 0002 already."""
    Recommender = apps.get_model("recommendations", "Recommender")
    Recommender.objects.get_or_create(
        slug=NEW_ARRIVALS["slug"], defaults={k: v for k, v in NEW_ARRIVALS.items() if k != "slug"}
    )


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0012_filter_defaults")]

    operations = [migrations.RunPython(create_new_arrivals, migrations.RunPython.noop)]

from django.db import migrations

SLUG = "frequently-bought-together"
# Written out, not imported: a migration must keep meaning what it meant when it was written.
OLD = {"recipe": "item-item", "params": {"min_support": 1}, "event_weights": {"Purchase": 1}}
NEW = {
    "recipe": "association",
    "params": {"min_support": 1, "shrinkage": 5.0},
    "event_weights": {"AddToCart": 1, "Purchase": 1},
}


def _switch(apps, before: dict, after: dict) -> None:
    """Only a recommender still configured as shipped: staff's own choices are theirs."""
    Recommender = apps.get_model("recommendations", "Recommender")
    for recommender in Recommender.objects.filter(slug=SLUG, recipe=before["recipe"]):
        if recommender.params == before["params"] and recommender.event_weights == before["event_weights"]:
            for name, value in after.items():
                setattr(recommender, name, value)
            recommender.save(update_fields=list(after))


def forwards(apps, schema_editor):
    _switch(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _switch(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0008_trending_now")]

    operations = [migrations.RunPython(forwards, backwards)]

from django.db import migrations

# Written out, not imported: a migration must keep meaning what it meant when it was written.
FILTERS = [
    {
        "name": "exclude-purchased",
        "expression": 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("Purchase")',
        "description": "What the shopper bought (their latest 100 purchases) is not recommended again.",
    },
    {
        "name": "same-category",
        "expression": "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN (CurrentItem.CATEGORY_L1)",
        "description": "Only items of the current item's category (related-items recommenders).",
    },
    {
        "name": "promoted-items",
        "expression": 'INCLUDE ItemID WHERE Items.PROMOTED IN ("true")',
        "description": "Products flagged promoted, for promotions.",
    },
]


def forwards(apps, schema_editor):
    Filter = apps.get_model("recommendations", "Filter")
    for row in FILTERS:
        Filter.objects.get_or_create(name=row["name"], defaults=row)


def backwards(apps, schema_editor):
    Filter = apps.get_model("recommendations", "Filter")
    for row in FILTERS:
        # Only a filter still as shipped: staff's edits are theirs.
        Filter.objects.filter(name=row["name"], expression=row["expression"]).delete()


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0011_filter_model")]

    operations = [migrations.RunPython(forwards, backwards)]

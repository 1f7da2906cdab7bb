from django.db import migrations

# Written out, not imported: a migration must keep meaning what it meant when it was written.
CANDIDATES = ["als", "ease", "rp3beta"]


def choose_among_candidates(apps, schema_editor):
    """The personal recommender compares ALS, EASE and RP3beta at each training, unless staff
    already gave it candidates (or pinned another recipe than ALS)."""
    Recommender = apps.get_model("recommendations", "Recommender")
    for recommender in Recommender.objects.filter(slug="recommended-for-you", recipe="als"):
        if not recommender.candidates:
            recommender.candidates = CANDIDATES
            recommender.save(update_fields=["candidates"])


def pin_als(apps, schema_editor):
    Recommender = apps.get_model("recommendations", "Recommender")
    for recommender in Recommender.objects.filter(slug="recommended-for-you"):
        if recommender.candidates == CANDIDATES:
            recommender.candidates = []
            recommender.save(update_fields=["candidates"])


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0014_recipe_candidates_and_tuning")]

    operations = [migrations.RunPython(choose_among_candidates, pin_als)]

"""Each recommender's row, the pages that show them, and training every recommender against a bare ALS fit.

    .venv/bin/python scripts/bench_rows.py [--users N ...] [--no-write]

Builds a scratch SQLite database (never the demo's), generates the reference-scale data, trains
every enabled recommender once, then in one process:

- times one row per recommender (`recommendations_get`, the call the API and the rows make) for
  shoppers or products drawn with a fixed seed, median and p95;
- renders the home page and product pages through Django's test client (middleware, templates,
  impressions written), as a shopper with history;
- fits every enabled recommender's model on the same events, beside a bare fit of the ALS recipe,
  and reports the ratio (no offline evaluation in either).

Prints the figures and rewrites the "rows" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarks_doc import write_section  # noqa: E402

CHILD = r"""
import json, os, random, statistics, time
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.test import Client
from recommendations import selectors, services
from recommendations.dataset import interaction_data_load
from recommendations.engine import Interactions
from recommendations.models import Recommender
from recommendations.recipes import recipe_get
from recommendations.selectors.catalogue import item_table_for
from shop.models import Product

call_command("migrate", verbosity=0)
call_command("generate_data", reset=True, seed=42, no_progress=True, verbosity=0, **json.loads(os.environ["GEN_ARGS"]))
t0 = time.perf_counter()
run = services.training_run_start(triggered_by="benchmark", synchronous=True)
run_seconds = time.perf_counter() - t0
assert run.status == "succeeded", run.error

rng = random.Random(42)
samples = int(os.environ["SAMPLES"])
users = list(get_user_model().objects.filter(shopper__is_demo=True).order_by("id"))
users = rng.sample(users, min(samples, len(users)))
products = list(Product.objects.order_by("id").values_list("id", flat=True))
product_sample = rng.sample(products, min(samples, len(products)))


def timed(calls):
    lat = []
    for call in calls:
        t = time.perf_counter()
        call()
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    return {"p50": statistics.median(lat), "p95": lat[max(int(len(lat) * 0.95) - 1, 0)], "n": len(lat)}


rows = {}
for recommender in Recommender.objects.filter(enabled=True).order_by("slug"):
    spec = recipe_get(recommender.recipe)
    if spec.related:
        calls = [lambda p=p: selectors.recommendations_get(recommender=recommender, product_id=p, num_results=8)
                 for p in product_sample]
    elif spec.personal:
        calls = [lambda u=u: selectors.recommendations_get(recommender=recommender, user=u, num_results=8)
                 for u in users]
    else:
        calls = [lambda: selectors.recommendations_get(recommender=recommender, num_results=8)] * len(users)
    for call in calls[:5]:
        call()  # load the model, warm the catalogue table
    rows[recommender.slug] = {"recipe": recommender.recipe, **timed(calls)}

home_rows = timed([lambda u=u: selectors.home_rows(user=u, visitor_id="") for u in users])
product_rows = timed(
    [lambda p=p, u=u: selectors.product_rows(product=Product.objects.get(pk=p), user=u, visitor_id="")
     for p, u in zip(product_sample, users)]
)

client = Client()
client.force_login(users[0])
for p in product_sample[:5]:
    client.get(f"/product/{p}/")
def get(path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
home_page = timed([lambda: get("/")] * len(users))
product_page = timed([lambda p=p: get(f"/product/{p}/") for p in product_sample])

# Fits only: what each recipe costs to train, beside the ALS recipe's own fit on the same log.
data = interaction_data_load()
fits = {}
for recommender in Recommender.objects.filter(enabled=True).order_by("slug"):
    spec = recipe_get(recommender.recipe)
    weights = data.weights_for(recommender.event_weights or dict(spec.event_weights))
    keep = weights > 0
    events = Interactions.of(data.user_idx[keep], data.item_idx[keep], weights[keep], data.timestamps[keep],
                             data.n_users, data.n_items)
    if spec.reads_items:
        events = events.with_items(item_table_for(data.product_ids))
    params = {k: v for k, v in (recommender.params or {}).items() if k in spec.params}
    t = time.perf_counter()
    spec.build(params).fit(events)
    fits[recommender.slug] = time.perf_counter() - t
als = Recommender.objects.get(slug="recommended-for-you")
spec = recipe_get("als")
weights = data.weights_for(als.event_weights or dict(spec.event_weights))
keep = weights > 0
events = Interactions.of(data.user_idx[keep], data.item_idx[keep], weights[keep], data.timestamps[keep],
                         data.n_users, data.n_items)
t = time.perf_counter()
spec.build({}).fit(events)
bare_als = time.perf_counter() - t

print("RESULT " + json.dumps({
    "rows": rows, "home_rows": home_rows, "product_rows": product_rows,
    "home_page": home_page, "product_page": product_page,
    "fits": fits, "bare_als": bare_als, "run_seconds": run_seconds, "timings": run.timings,
    "n_interactions": run.n_interactions, "n_products": len(products),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=2465)
    parser.add_argument("--users", type=int, default=6000)
    parser.add_argument("--interactions", type=int, default=675000)
    parser.add_argument("--samples", type=int, default=200, help="shoppers and products per measurement")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    gen = {"products": args.products, "users": args.users, "interactions": args.interactions}
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{tmp}/media",
            "GEN_ARGS": json.dumps(gen),
            "SAMPLES": str(args.samples),
            "LOG_LEVEL": "WARNING",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only",
            # The embedded default: no Redis, training in this process.
        }
        env.pop("REDIS_URL", None)
        out = subprocess.run(
            [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
    if out.returncode != 0:
        sys.exit(f"benchmark failed:\n{out.stdout}\n{out.stderr}")
    r = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("RESULT ")).removeprefix("RESULT "))

    lines = [
        "## Rows, pages and training every recommender",
        "",
        f"`scripts/bench_rows.py`: {r['n_products']:,} products, {args.users:,} shoppers, "
        f"{r['n_interactions']:,} interactions (seed 42), SQLite, no Redis, one process. "
        f"Rows of 8 for {args.samples} shoppers or products drawn with seed 42, models warm.",
        "",
        "| row (`recommendations_get`) | recipe | p50 (ms) | p95 (ms) |",
        "|---|---|---:|---:|",
    ]
    for slug, row in r["rows"].items():
        lines.append(f"| {slug} | {row['recipe']} | {row['p50']:.2f} | {row['p95']:.2f} |")
    lines += [
        f"| all home rows (`home_rows`) | | {r['home_rows']['p50']:.2f} | {r['home_rows']['p95']:.2f} |",
        f"| all product-page rows (`product_rows`) | | {r['product_rows']['p50']:.2f} "
        f"| {r['product_rows']['p95']:.2f} |",
        "",
        "| page (test client, logged-in shopper with history) | p50 (ms) | p95 (ms) |",
        "|---|---:|---:|",
        f"| home `/` | {r['home_page']['p50']:.1f} | {r['home_page']['p95']:.1f} |",
        f"| product page with all its rows | {r['product_page']['p50']:.1f} | {r['product_page']['p95']:.1f} |",
        "",
        "Training, fits only (no evaluation), same events, same process:",
        "",
        "| recommender | fit (s) |",
        "|---|---:|",
    ]
    for slug, seconds in r["fits"].items():
        lines.append(f"| {slug} | {seconds:.2f} |")
    total = sum(r["fits"].values())
    lines += [
        f"| **all recommenders** | **{total:.2f}** |",
        f"| bare ALS fit (the recipe's defaults) | {r['bare_als']:.2f} |",
        "",
        f"All recommenders' fits take **{total / r['bare_als']:.1f}x** a bare ALS fit. The whole training run "
        f"(reading the log, every fit, ALS's three-fold offline evaluation, serve checks, persona check, saving, "
        f"publishing) took {r['run_seconds']:.1f} s, {r['run_seconds'] / r['bare_als']:.1f}x the bare fit; "
        "per step: " + json.dumps({k: round(v, 2) for k, v in r["timings"].items()}),
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("rows", text)


if __name__ == "__main__":
    main()

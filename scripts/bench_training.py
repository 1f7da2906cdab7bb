"""Training and serving at the reference demo's scale, on SQLite and on PostgreSQL.

    .venv/bin/python scripts/bench_training.py [--skip-postgres] [--users N ...]

Builds a scratch database per backend (never the demo's), generates the data,
runs one training run end to end (load, train every recommender, offline
evaluation, save, publish) and times the home page's recommendation rows.
Prints the figures and rewrites the "training" section of docs/benchmarks.md.
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
import json, os, statistics, time
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from recommendations import selectors, services

call_command("migrate", verbosity=0)
call_command("generate_data", reset=True, seed=42, no_progress=True, verbosity=0, **json.loads(os.environ["GEN_ARGS"]))
t0 = time.perf_counter()
run = services.training_run_start(triggered_by="benchmark", synchronous=True)
wall = time.perf_counter() - t0
assert run.status == "succeeded", run.error
users = list(get_user_model().objects.filter(shopper__is_demo=True).order_by("id")[:300])
lat = []
for user in users:
    t = time.perf_counter()
    rows = selectors.home_rows(user=user, visitor_id="")
    lat.append((time.perf_counter() - t) * 1000)
lat.sort()
print("RESULT " + json.dumps({
    "wall": wall, "timings": run.timings, "n_interactions": run.n_interactions,
    "n_users": run.n_users, "n_items": run.n_items,
    "p50": statistics.median(lat), "p95": lat[int(len(lat) * 0.95) - 1],
    "metrics": {v.recommender.slug: v.metrics.get("model", {}) for v in run.versions.all()},
}))
"""


def run_backend(name: str, database_url: str, gen_args: dict) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix="bench-media-"),
        "GEN_ARGS": json.dumps(gen_args),
        "LOG_LEVEL": "WARNING",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only",
    }
    env.pop("REDIS_URL", None)
    out = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"{name} failed:\n{out.stdout}\n{out.stderr}")
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=2465)
    parser.add_argument("--users", type=int, default=6000)
    parser.add_argument("--interactions", type=int, default=675000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/bench_training")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    gen = {"products": args.products, "users": args.users, "interactions": args.interactions}

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["SQLite"] = run_backend("SQLite", f"sqlite:///{tmp}/bench.sqlite3", gen)
    if not args.skip_postgres:
        dbname = args.postgres.rsplit("/", 1)[1]
        admin_url = args.postgres.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True)
        subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {dbname}"], check=True)
        try:
            results["PostgreSQL"] = run_backend("PostgreSQL", args.postgres, gen)
        finally:
            subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=False)

    lines = [
        "## Training and serving",
        "",
        f"`scripts/bench_training.py`: {args.products:,} products, {args.users:,} shoppers, "
        f"≥{args.interactions:,} interactions (seed 42). One training run end to end: read the log, "
        "train every recommender (recommended-for-you choosing among its candidate recipes on a validation "
        "split), check each serves, save and publish, then run the persona check and evaluate offline "
        "(three folds of a tenth of the users, stable by user id). "
        "Serving: `home_rows` for 300 persona shoppers, warm model: two fold-ins per personal row "
        "(whole history and latest events), the variety re-ranking over 200 candidates, best sellers.",
        "",
        "| database | interactions | training run (s) | load (s) | recommended-for-you, choice and fit (s) "
        "| home rows p50 (ms) | p95 (ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['n_interactions']:,} | {r['wall']:.2f} | {r['timings'].get('load', 0):.2f} | "
            f"{r['timings'].get('recommended-for-you', 0):.2f} | {r['p50']:.1f} | {r['p95']:.1f} |"
        )
    first = next(iter(results.values()))
    lines += ["", "Per-step seconds (" + next(iter(results)) + "): " + json.dumps(first["timings"])]
    als = first["metrics"].get("recommended-for-you", {})
    if als:
        lines += [
            "",
            "Offline metrics of the recommended-for-you version (the recipe chosen) on the synthetic data: "
            + ", ".join(f"{k} {v:.4f}" for k, v in sorted(als.items()) if isinstance(v, float)),
        ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("training", text)


if __name__ == "__main__":
    main()

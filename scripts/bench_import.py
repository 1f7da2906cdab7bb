"""Bulk import of the interactions dataset: rows per second on a scratch PostgreSQL database.

    .venv/bin/python scripts/bench_import.py [--rows 675000] [--rows 6750000] [--sqlite]

Generates an interactions CSV in Personalize's format (USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE,
EVENT_VALUE; seed 42; shoppers and items the shop has never seen, a shopper per 112 rows and an
item per 274, as the reference scale's 6,000 and 2,465 at 675,000), creates a scratch database
(dropped afterwards), migrates it and times a FULL import end to end: reading and checking the file,
creating the shoppers and products, writing the events (COPY on PostgreSQL, executemany on SQLite)
and rebuilding the product counters, in one transaction. Prints the figures; ``--write``
rewrites the "import" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarks_doc import write_section  # noqa: E402

CHILD = r"""
import io, json, os, time
import django
django.setup()
from django.core.management import call_command
from datasets import services
from recommendations.models import Interaction

call_command("migrate", verbosity=0)
t0 = time.perf_counter()
with open(os.environ["CSV"], "rb") as source:
    result = services.dataset_import(source, dataset="interactions", mode="full")
wall = time.perf_counter() - t0
assert len(result.report) == 0, result.report.text()[:500]
assert Interaction.objects.count() == result.rows_imported
print("RESULT " + json.dumps({
    "wall": wall, "rows": result.rows_imported, "users": result.created_users, "items": result.created_products,
}))
"""


def generate(path: Path, rows: int, seed: int = 42) -> None:
    rng = np.random.default_rng(seed)
    n_users, n_items = max(rows // 112, 25), max(rows // 274, 10)
    users = rng.integers(0, n_users, size=rows)
    # Popularity is skewed, as in a shop: a few items take most of the views.
    items = 100_000 + np.minimum(rng.zipf(1.3, size=rows) - 1, n_items - 1)
    end = 1_733_000_000
    stamps = end - rng.integers(0, 180 * 86_400, size=rows)
    kinds = rng.choice(
        np.array(["view", "add-to-cart", "purchase", "View", "Purchase"]), size=rows, p=[0.6, 0.15, 0.05, 0.15, 0.05]
    )
    values = np.where(
        np.char.lower(kinds.astype(str)) == "purchase", np.round(rng.uniform(5, 200, size=rows), 2), np.nan
    )
    frame = pd.DataFrame(
        {
            "USER_ID": np.char.add("customer-", users.astype(str)),
            "ITEM_ID": items,
            "TIMESTAMP": stamps,
            "EVENT_TYPE": kinds,
            "EVENT_VALUE": values,
        }
    )
    frame.to_csv(path, index=False, na_rep="")


def run(name: str, database_url: str, csv_path: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix="bench-media-"),
        "CSV": str(csv_path),
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
    parser.add_argument("--rows", type=int, action="append", help="rows per run (repeatable); default 675,000")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/bench_import")
    parser.add_argument("--sqlite", action="store_true", help="also time SQLite")
    parser.add_argument("--write", action="store_true", help="rewrite the import section of docs/benchmarks.md")
    args = parser.parse_args()
    dbname = args.postgres.rsplit("/", 1)[1]
    admin_url = args.postgres.rsplit("/", 1)[0] + "/postgres"
    table = [
        "| database | rows | shoppers created | items created | seconds | rows/s | rows/min |",
        "|---|---|---|---|---|---|---|",
    ]
    print("\n".join(table))
    for rows in args.rows or [675_000]:
        with tempfile.TemporaryDirectory() as tmp:
            csv_path = Path(tmp) / "interactions.csv"
            t0 = time.perf_counter()
            generate(csv_path, rows)
            print(
                f"(generated {rows:,} rows, {csv_path.stat().st_size / 1e6:.0f} MB, "
                f"in {time.perf_counter() - t0:.1f} s)",
                file=sys.stderr,
            )
            backends = {}
            subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True)
            subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {dbname}"], check=True)
            try:
                backends["PostgreSQL"] = run("PostgreSQL", args.postgres, csv_path)
            finally:
                subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=False)
            if args.sqlite:
                backends["SQLite"] = run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", csv_path)
            for name, r in backends.items():
                rate = r["rows"] / r["wall"]
                table.append(
                    f"| {name} | {r['rows']:,} | {r['users']:,} | {r['items']:,} | {r['wall']:.1f} | {rate:,.0f} "
                    f"| {rate * 60:,.0f} |"
                )
                print(table[-1], flush=True)
    if args.write:
        intro = (
            "## Importing interactions\n\n`scripts/bench_import.py`: a FULL import of a generated interactions CSV "
            "(Personalize's format; shoppers and items the shop has never seen, created by the import) into a "
            "scratch database, end to end in one transaction: reading and checking the file, creating shoppers "
            "and products, writing the events (COPY on PostgreSQL) and rebuilding the counters and indexes.\n\n"
        )
        write_section("import", intro + "\n".join(table))


if __name__ == "__main__":
    main()

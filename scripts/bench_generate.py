"""Time ``manage.py generate_data`` at the reference scale on SQLite and PostgreSQL.

Each back end gets a fresh database: a temporary SQLite file, and a scratch PostgreSQL
database this script creates and drops. Runs ``migrate`` then ``generate_data`` (a first
load, then a regeneration with ``--reset``) as subprocesses and writes the figures to the
"generate" section of docs/benchmarks.md.

    python scripts/bench_generate.py [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarks_doc import write_section  # noqa: E402

SCRATCH_DB = "bench_generate"
SUMMARY = re.compile(r"Generated .* in (?P<seconds>[\d.]+) s\.")
TIMING = re.compile(r"^\s+(?P<name>[^:]+): (?P<seconds>[\d.]+) s$", re.MULTILINE)


def manage(database_url: str, *args: str) -> tuple[float, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "bench-only"}
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout


def bench(label: str, database_url: str) -> list[dict]:
    migrate_s, _ = manage(database_url, "migrate", "--no-input", "-v0")
    print(f"{label}: migrate {migrate_s:.1f} s", flush=True)
    rows = []
    for run, extra in (("first load", []), ("regenerate (--reset)", ["--reset"])):
        wall, out = manage(database_url, "generate_data", "--no-progress", "-v2", *extra)
        match = SUMMARY.search(out)
        timings = {m["name"]: float(m["seconds"]) for m in TIMING.finditer(out)}
        rows.append(
            {"backend": label, "run": run, "wall": wall, "service": float(match["seconds"]) if match else wall,
             "timings": timings, "summary": match.group(0) if match else out.strip()}
        )  # fmt: skip
        print(f"{label} {run}: {wall:.1f} s wall, {rows[-1]['service']:.1f} s in the service", flush=True)
        for name, seconds in timings.items():
            print(f"    {name}: {seconds:.2f} s")
    return rows


def postgres_scratch(base_url: str, create: bool) -> str:
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DB}"')
        if create:
            conn.execute(f'CREATE DATABASE "{SCRATCH_DB}"')
    return base_url.rsplit("/", 1)[0] + f"/{SCRATCH_DB}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="an existing database to connect to while creating the scratch one",
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()

    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as tmp:
        rows += bench("SQLite", f"sqlite:///{Path(tmp) / 'db.sqlite3'}")
    if not args.skip_postgres:
        try:
            url = postgres_scratch(args.postgres_url, create=True)
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL skipped: {exc}")
        else:
            try:
                rows += bench("PostgreSQL", url)
            finally:
                postgres_scratch(args.postgres_url, create=False)

    steps = list(dict.fromkeys(name for row in rows for name in row["timings"]))
    body = [
        "## Synthetic data: `manage.py generate_data`",
        "",
        "Reference scale (2,465 products, 6,000 shoppers, 675,000 events over 90 days, seed 42) "
        "into a freshly migrated database, then again with `--reset` over the first load. "
        "*Wall* is the whole `manage.py` process, *service* the generation and loading itself.",
        "",
        "| back end | run | wall (s) | service (s) | " + " | ".join(steps) + " |",
        "|---|---|---:|---:|" + "---:|" * len(steps),
    ]
    for row in rows:
        cells = " | ".join(f"{row['timings'].get(step, 0):.2f}" for step in steps)
        body.append(f"| {row['backend']} | {row['run']} | {row['wall']:.1f} | {row['service']:.1f} | {cells} |")
    if rows:
        body += ["", f"Output: {rows[0]['summary']}"]
    text = "\n".join(body)
    print("\n" + text)
    if not args.no_write:
        write_section("generate", text)


if __name__ == "__main__":
    main()

"""Time ``manage.py generate_data`` at the reference scale on SQLite and PostgreSQL, and how it scales.

Each back end gets a fresh database: a temporary SQLite file, and a scratch PostgreSQL
database this script creates and drops. Runs ``migrate`` then ``generate_data`` (a first
load, then a regeneration with ``--reset``) as subprocesses and writes the figures to the
"generate" section of docs/benchmarks.md.

With ``--scale 1 10`` it also loads the shop at each ``--scale`` into a fresh database
(PostgreSQL; SQLite too with ``--scale-sqlite``) and reports time and peak memory (the
command's own ``getrusage`` figure) beside the first scale's, measured in the same run.

    python scripts/bench_generate.py [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
        [--scale 1 10 [100]] [--scale-sqlite] [--chunk-size N] [--no-write]
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
PEAK = re.compile(r"Peak memory: (?P<mib>[\d,]+) MiB")
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


def bench_scale(label: str, database_url: str, scale: float, chunk_size: int | None) -> dict:
    """One first load at ``scale`` into a freshly migrated database."""
    manage(database_url, "migrate", "--no-input", "-v0")
    extra = [f"--chunk-size={chunk_size}"] if chunk_size else []
    wall, out = manage(database_url, "generate_data", "--no-progress", "-v2", f"--scale={scale:g}", *extra)
    match, peak = SUMMARY.search(out), PEAK.search(out)
    events = re.search(r"shoppers \([\d,]+ demo\), (?P<events>[\d,]+) events", out)
    row = {
        "backend": label,
        "scale": scale,
        "wall": wall,
        "service": float(match["seconds"]) if match else wall,
        "peak_mib": int(peak["mib"].replace(",", "")) if peak else 0,
        "events": int(events["events"].replace(",", "")) if events else 0,
        "timings": {m["name"]: float(m["seconds"]) for m in TIMING.finditer(out)},
    }
    print(
        f"{label} x{scale:g}: {row['events']:,} events, {wall:.1f} s wall, {row['service']:.1f} s in the service, "
        f"peak {row['peak_mib']:,} MiB",
        flush=True,
    )
    return row


def scaling_table(rows: list[dict]) -> list[str]:
    body = [
        "",
        "### Scaling: `--scale N` (products, shoppers and events times N), first load",
        "",
        "Each scale into a fresh database; ratios are to the first scale of the same back end, measured in "
        "the same run. *Peak* is the command's peak resident memory (`getrusage`).",
        "",
        "| back end | scale | events | wall (s) | service (s) | peak (MiB) | time ratio | events ratio | peak ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base: dict[str, dict] = {}
    for row in rows:
        first = base.setdefault(row["backend"], row)
        body.append(
            f"| {row['backend']} | {row['scale']:g}x | {row['events']:,} | {row['wall']:.1f} | {row['service']:.1f} "
            f"| {row['peak_mib']:,} | {row['service'] / first['service']:.1f} | "
            f"{row['events'] / max(first['events'], 1):.1f} | {row['peak_mib'] / max(first['peak_mib'], 1):.2f} |"
        )
    return body


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
    parser.add_argument(
        "--scale", type=float, nargs="*", default=[], help="also load the shop at these scales, e.g. 1 10 100"
    )
    parser.add_argument(
        "--skip-reference", action="store_true", help="only the --scale loads (the section then has no reference table)"
    )
    parser.add_argument("--scale-sqlite", action="store_true", help="run the --scale loads on SQLite as well")
    parser.add_argument("--chunk-size", type=int, default=None, help="generate_data --chunk-size for --scale runs")
    args = parser.parse_args()

    rows: list[dict] = []
    if not args.skip_reference:
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

    scaled: list[dict] = []
    if args.scale_sqlite:
        for scale in args.scale:
            with tempfile.TemporaryDirectory(prefix="bench-generate-") as tmp:
                scaled.append(bench_scale("SQLite", f"sqlite:///{Path(tmp) / 'db.sqlite3'}", scale, args.chunk_size))
    if not args.skip_postgres:
        for scale in args.scale:
            try:
                url = postgres_scratch(args.postgres_url, create=True)
            except psycopg.OperationalError as exc:
                print(f"PostgreSQL skipped: {exc}")
                break
            try:
                scaled.append(bench_scale("PostgreSQL", url, scale, args.chunk_size))
            finally:
                postgres_scratch(args.postgres_url, create=False)

    body = ["## Synthetic data: `manage.py generate_data`"]
    if rows:
        steps = list(dict.fromkeys(name for row in rows for name in row["timings"]))
        body += [
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
        body += ["", f"Output: {rows[0]['summary']}"]
    if scaled:
        body += scaling_table(scaled)
    text = "\n".join(body)
    print("\n" + text)
    if not args.no_write:
        write_section("generate", text)


if __name__ == "__main__":
    main()

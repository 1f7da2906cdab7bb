"""Training at 1x, 10x (and 100x) the reference shop on PostgreSQL, beside a bare read-and-fit.

    .venv/bin/python scripts/bench_train_scale.py [--scale 1 10] [--server postgres://...] [--keep] [--reuse]
        [--no-write]

For each scale a scratch database (``bench_train_<scale>``, dropped afterwards unless --keep) is
generated with ``generate_data --scale N`` (with --reuse, one kept from an earlier run is used as
it is: at 100x generation takes 20 minutes); then, in one child process per scale, one after the
other in the same minute:

* **baseline**: one SQL query of (user, product) into numpy, a CSR matrix and one implicit ALS
  fit with the recipe's default settings: the least any trainer must do;
* **project**: a training run of recommended-for-you pinned to ALS (``candidates`` cleared),
  end to end through the service: reading the log, fitting, checks, saving the artifact and
  publishing; the persona check and offline evaluation, which run after publishing, are timed apart;
* **log read**: ``interaction_data_load`` alone in a fresh process, with the peak RSS it adds
  divided by the events (bytes per event).

Reports ratios to the baseline (the machine is shared) and rewrites the "train-scale" section of
docs/benchmarks.md.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarks_doc import write_section  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")

SETUP = """
import json, os, resource, sys, time
import django
django.setup()
"""

BASELINE = "".join(
    [
        SETUP,
        r"""
import numpy as np, scipy.sparse as sp
from implicit.cpu.als import AlternatingLeastSquares
from django.db import connection
from recommendations.engine import ALSRecommender
defaults = ALSRecommender().params
t0 = time.perf_counter()
with connection.cursor() as cursor:
    cursor.execute("SELECT user_id, product_id FROM recommendations_interaction WHERE user_id IS NOT NULL")
    pairs = np.array(cursor.fetchall(), dtype=np.int64)
users, user_idx = np.unique(pairs[:, 0], return_inverse=True)
items, item_idx = np.unique(pairs[:, 1], return_inverse=True)
matrix = sp.csr_matrix((np.ones(len(pairs), dtype=np.float32), (user_idx, item_idx)), shape=(users.size, items.size))
read = time.perf_counter() - t0
model = AlternatingLeastSquares(factors=defaults["factors"], regularization=defaults["regularization"],
    iterations=defaults["iterations"], alpha=defaults["alpha"], random_state=42)
model.fit(matrix, show_progress=False)
print("RESULT " + json.dumps({"seconds": time.perf_counter() - t0, "read": read,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""",
    ]
)

PROJECT = (
    SETUP
    + r"""
from recommendations import services
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.models import Recommender
Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(candidates=[], recipe="als", params={})
t0 = time.perf_counter()
run = services.training_run_start(triggered_by="benchmark", recommenders=[RECOMMENDED_FOR_YOU], synchronous=True)
wall = time.perf_counter() - t0
assert run.status == "succeeded", run.error
evaluate = run.timings.get("evaluate", 0.0) + run.timings.get("checks", 0.0)  # both after publishing
print("RESULT " + json.dumps({"wall": wall, "to_live": wall - evaluate, "evaluate": evaluate,
    "timings": run.timings, "events": run.n_interactions,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
)

READ = (
    SETUP
    + r"""
from recommendations.dataset import interaction_data_load
import shop.models, recommendations.models  # imported before the baseline RSS is taken
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
t0 = time.perf_counter()
data = interaction_data_load()
seconds = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
held = sum(a.nbytes for a in (data.user_idx, data.item_idx, data.event_code, data.timestamps))
print("RESULT " + json.dumps({"seconds": seconds, "events": len(data), "peak_per_event": (after - before) / len(data),
    "held_per_event": held / len(data)}))
"""
)


def child(code: str, env: dict) -> dict:
    out = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))[7:])


def exists(server: str, name: str) -> bool:
    out = subprocess.run(
        ["psql", f"{server}/postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # noqa: S608 - our own name
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip() == "1"


def psql(admin_url: str, sql: str) -> None:
    subprocess.run(["psql", admin_url, "-q", "-c", sql], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="use a kept bench_train_<scale> database as it is")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = []
    for scale in args.scale:
        name = f"bench_train_{scale}"
        reused = args.reuse and exists(args.server, name)
        if not reused:
            psql(f"{args.server}/postgres", f"DROP DATABASE IF EXISTS {name}")
            psql(f"{args.server}/postgres", f"CREATE DATABASE {name}")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DATABASE_URL": f"{args.server}/{name}",
               "REDIS_URL": "", "DJANGO_SECRET_KEY": "benchmark-only",
               "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix=f"bench-train-{scale}-")}  # fmt: skip
        env.pop("CI", None)
        try:
            subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
            generate = None
            if not reused:
                started = time.perf_counter()
                subprocess.run(
                    [PYTHON, "manage.py", "generate_data", f"--scale={scale}", "--seed=42", "--no-progress"],
                    env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                )  # fmt: skip
                generate = time.perf_counter() - started
            # The same minute on both sides of the project's run; past 10x once, after it (a baseline
            # read of 67.5 million rows as Python tuples takes minutes and 10 GB by itself).
            base = child(BASELINE, env) if scale <= 10 else None
            project = child(PROJECT, env)
            base_again = child(BASELINE, env)
            read = child(READ, env)
        finally:
            if not args.keep:
                psql(f"{args.server}/postgres", f"DROP DATABASE IF EXISTS {name}")
        baseline = min(b["seconds"] for b in (base, base_again) if b)
        row = {"scale": scale, "generate": generate, "baseline": baseline, "base": [base, base_again],
               "project": project, "read": read}  # fmt: skip
        print(json.dumps(row), flush=True)
        rows.append(row)
    body = markdown(rows, kept_rows(args.scale))
    print(body)
    if not args.no_write:
        write_section("train-scale", body)


def kept_rows(measured: list[int]) -> dict[int, str]:
    """The table rows of scales this run did not measure, from the section as it stands (a 100x run
    alone takes half an hour; its row joins the 1x and 10x ones measured before)."""
    from scripts.benchmarks_doc import DOC

    text = DOC.read_text() if DOC.exists() else ""
    section = text.split("<!-- bench:train-scale -->", 1)[-1].split("<!-- /bench:train-scale -->", 1)[0]
    kept = {}
    for line in section.splitlines():
        head = line.split("|")[1].strip() if line.startswith("| ") else ""
        if head.endswith("x") and head[:-1].isdigit() and int(head[:-1]) not in measured:
            kept[int(head[:-1])] = line
    return kept


def markdown(rows: list[dict], kept: dict[int, str]) -> str:
    scales = sorted({row["scale"] for row in rows} | set(kept))
    lines = [
        "## Training at " + ", ".join(f"{scale}x" for scale in scales) + " the reference shop (PostgreSQL)",
        "",
        "`scripts/bench_train_scale.py`: per scale a scratch database from `generate_data --scale N`; the baseline "
        "is one SQL query of (user, product) into numpy and one implicit ALS fit at the recipe's defaults, run "
        "before and after the project's training run in the same minute (the faster of the two is the "
        "baseline). *To live* is the training run of recommended-for-you pinned to ALS from its start until "
        "the version is published (log read, fit, serving check, artifact, publish); the persona check and "
        "the offline evaluation run after publishing and are timed apart. *Log read* is "
        "`interaction_data_load` alone in a fresh process: its peak RSS added per event, and the bytes per "
        "event of the arrays it keeps. *Peak RSS* is the training process's and the baseline's (a row "
        "measured before this column has none). Rows of scales a run did not measure are kept from "
        "their own run; past 10x the baseline runs once, after the project's run.",
        "",
        "| scale | events | baseline read + fit (s) | to live (s) | ratio | checks and evaluation after (s) | "
        "log read (s) | peak bytes/event | kept bytes/event | peak RSS, training / baseline (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    measured = {}
    for row in rows:
        project, read = row["project"], row["read"]
        base_rss = max(b["rss_mb"] for b in row["base"] if b)
        measured[row["scale"]] = (
            f"| {row['scale']}x | {project['events']:,} | {row['baseline']:.1f} | {project['to_live']:.1f} | "
            f"{project['to_live'] / row['baseline']:.2f}x | {project['evaluate']:.1f} | {read['seconds']:.1f} | "
            f"{read['peak_per_event']:.0f} | {read['held_per_event']:.0f} | "
            f"{project['rss_mb']:,.0f} / {base_rss:,.0f} |"
        )
    lines += [measured.get(scale) or kept[scale] for scale in scales]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

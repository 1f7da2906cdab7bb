"""Batch recommendation jobs end to end (JSON Lines in, JSON Lines out), beside implicit's own batch.

    .venv/bin/python scripts/bench_batch_job.py [--lines 200000] [--workers 2] [--database URL] [--keep DIR]

Builds a scratch SQLite database (never the demo's; or uses the PostgreSQL database ``--database``
names, which it resets), generates the reference data (2,465 products, 6,000 shoppers) and trains
once with recommended-for-you pinned to ALS, so implicit can be handed the very same item factors.
Then, in one run:

1. a job of one line per shopper with history (``{"userId": …}``, 25 items each), run in this
   process as a job runs without a broker: chunks of 2,000 lines, one task each, then the join;
2. a job of ``--lines`` lines (the shoppers again and again, in a seeded random order: the reference
   shop has 6,000 shoppers) on ``--workers`` Celery worker processes (``--pool=solo``, one BLAS thread
   each, so two workers use the two cores) against a redis-server of its own on a free port;
3. the baseline for each: implicit's ``recommend(userids, user_items, N=25, recalculate_user=True)``
   on the live model's item factors for the same users (repeats included), given the prebuilt
   confidence matrix, in this process with its BLAS on every core. It reads no history, writes no
   file, and applies no purchases, filter, variety, reasons or exploration.

Each job is timed from its creation (the file stored and split, chunks queued) to its output file
written. Prints a markdown table: seconds, lines per second, and the ratio to implicit.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarks_doc import write_section  # noqa: E402

CHILD = r"""
import json, os, random, shutil, subprocess, sys, time
from pathlib import Path
import numpy as np
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management import call_command
from recommendations import services
from recommendations.artifacts import live_model
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.engine.als import confidence
from recommendations.models import BatchChunk, BatchJob, Recommender
from recommendations.selectors.history import user_history_arrays
from recommendations.selectors.personal import personal_scores_batch
from tests.servers import RedisServer, celery_on

scratch = Path(os.environ["SCRATCH"])
if not os.environ.get("REUSE"):
    call_command("migrate", verbosity=0)
    call_command("generate_data", reset=True, seed=42, no_progress=True, verbosity=0)
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(candidates=[])
    run = services.training_run_start(triggered_by="benchmark", synchronous=True)
    assert run.status == "succeeded", run.error
recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
loaded = live_model(RECOMMENDED_FOR_YOU)
assert loaded.model.kind == "als", loaded.model.kind
shoppers = list(
    get_user_model().objects.filter(interactions__isnull=False).distinct().order_by("pk").values_list("pk", "username")
)
N = 25
LINES = int(os.environ["LINES"])


def write_input(names, path):
    with open(path, "w") as out:
        for name in names:
            out.write(json.dumps({"userId": name}) + "\n")
    return path


def run_job(path, wait):
    started = time.perf_counter()
    with open(path, "rb") as stream:
        job = services.batch_job_create(
            recommender=recommender, input_file=File(stream), name=path.name, num_results=N, created_by="benchmark"
        )
    while True:
        job.refresh_from_db()
        if job.status in ("succeeded", "failed"):
            break
        time.sleep(wait)
    seconds = time.perf_counter() - started
    assert job.status == "succeeded", job.error
    workers = sorted(set(BatchChunk.objects.filter(job=job).values_list("worker", flat=True)))
    per_worker = {w: BatchChunk.objects.filter(job=job, worker=w).count() for w in workers}
    return {
        "seconds": seconds, "lines": job.lines_total, "errors": job.errors, "chunks": job.chunks_total,
        "workers": per_worker, "timings": job.timings,
    }


# implicit's input: the confidence matrix the shop's fold-in solves from (whole history, decayed).
ids = [pk for pk, _ in shoppers]
histories = user_history_arrays(user_ids=ids)
options = loaded.spec.serving_options(loaded.params)
scored = personal_scores_batch(loaded, histories, options, time.time())
matrix = next(p for p in scored if p is not None).matrix
user_items = confidence(matrix[: len(ids)], loaded.model.alpha).tocsr()
del scored, matrix, histories
from implicit.als import AlternatingLeastSquares
reference = AlternatingLeastSquares(
    factors=loaded.model.factors, regularization=loaded.model.regularization, alpha=1.0, use_gpu=False
)
reference.item_factors = loaded.model.item_factors


def implicit_seconds(rows):
    userids = np.arange(len(rows))
    batch_items = user_items[rows]
    reference.recommend(userids[:10], batch_items[:10], N=N, recalculate_user=True)  # warm up
    started = time.perf_counter()
    reference.recommend(userids, batch_items, N=N, recalculate_user=True)
    return time.perf_counter() - started


result = {"users": len(shoppers), "items": len(loaded.product_ids), "factors": loaded.model.factors}

# 1. Every shopper once, in this process (no broker: the chunks run in the caller, one after another).
settings.RECOMMENDATIONS_TASKS_IN_THREAD = False
everyone = write_input([name for _, name in shoppers], scratch / "everyone.jsonl")
result["in_process"] = run_job(everyone, 0.05)
result["in_process"]["implicit"] = implicit_seconds(np.arange(len(shoppers)))

# 2. --lines lines on real workers.
rng = random.Random(42)
picks = [rng.randrange(len(shoppers)) for _ in range(LINES)]
many = write_input([shoppers[k][1] for k in picks], scratch / "many.jsonl")
redis = RedisServer(shutil.which("redis-server"), scratch)
env = {
    **os.environ,
    "REDIS_URL": redis.url,
    # One BLAS thread per worker: two workers, two cores.
    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
}
workers = [
    subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-n", f"bench{k}@%h",
         "--prefetch-multiplier=1", "--loglevel=WARNING", "--logfile", str(scratch / f"worker{k}.log")],
        env=env,
    )
    for k in range(int(os.environ["WORKERS"]))
]
try:
    with celery_on(redis.url) as app:
        deadline = time.monotonic() + 120
        while len(app.control.ping(timeout=1) or []) < len(workers):
            assert time.monotonic() < deadline, "the workers did not start"
        result["workers"] = run_job(many, 0.2)
finally:
    for w in workers:
        w.terminate()
    for w in workers:
        w.wait(timeout=30)
    redis.stop()
result["workers"]["implicit"] = implicit_seconds(np.array(picks))
print("RESULT " + json.dumps(result))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200_000, help="lines of the job run on workers")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--database", help="a PostgreSQL URL to use (it is reset) instead of a scratch SQLite file")
    parser.add_argument("--keep", help="a directory to keep the generated database in, reused when it holds one")
    parser.add_argument("--write", action="store_true", help="rewrite the batch-job section of docs/benchmarks.md")
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is required (Debian: apt-get install redis-server)")
    scratch = Path(args.keep or tempfile.mkdtemp(prefix="bench-batch-job-"))
    scratch.mkdir(parents=True, exist_ok=True)
    database = scratch / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": args.database or f"sqlite:///{database}",
        "DJANGO_MEDIA_ROOT": str(scratch / "media"),
        "LOG_LEVEL": "WARNING",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only",
        "SCRATCH": str(scratch),
        "LINES": str(args.lines),
        "WORKERS": str(args.workers),
        "REUSE": "1" if args.keep and database.exists() and not args.database else "",
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    if done.returncode != 0:
        sys.exit(done.stderr[-4000:])
    r = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))[7:])

    def row(label: str, figures: dict) -> str:
        seconds, implicit = figures["seconds"], figures["implicit"]
        return (
            f"| {label} | {figures['lines']:,} | {figures['chunks']} | {len(figures['workers'])} | {seconds:.1f} | "
            f"{figures['lines'] / seconds:,.0f} | {implicit:.2f} | {figures['lines'] / implicit:,.0f} | "
            f"{seconds / implicit:.1f}x |"
        )

    backend = "PostgreSQL" if args.database else "SQLite"
    lines = [
        "## Batch recommendation jobs",
        "",
        f"`scripts/bench_batch_job.py`: reference scale ({r['items']:,} products, {r['users']:,} shoppers with "
        f"events), {backend}, ALS with {r['factors']} factors pinned for recommended-for-you, 25 items a line, "
        "chunks of 2,000 lines. A job is timed from its creation (input stored and split, chunks queued) to its "
        "output file written; implicit's `recommend(..., recalculate_user=True)` scores the same users on the "
        "same item factors from a prebuilt matrix, in the same run, and writes nothing. The large job repeats "
        "the reference shop's shoppers in a seeded random order.",
        "",
        "| job | lines | chunks | workers | s | lines/s | implicit s | implicit lines/s | / implicit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        row("every shopper once, in-process (no broker)", r["in_process"]),
        row(f"{r['workers']['lines']:,} lines on Celery workers (own Redis)", r["workers"]),
        "",
        "Chunks per worker: " + ", ".join(f"{w} {n}" for w, n in r["workers"]["workers"].items()) + ".",
    ]
    print("\n".join(lines))
    if args.write:
        write_section("batch-job", "\n".join(lines))


if __name__ == "__main__":
    main()

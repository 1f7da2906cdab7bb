"""Batch recommendations for every shopper through the serving code, beside implicit's own batch.

    .venv/bin/python scripts/bench_batch.py [--sample 300] [--write] [--keep DIR]

Builds a scratch SQLite database (never the demo's), generates the reference data (2,465
products, 6,000 shoppers), trains once with recommended-for-you pinned to ALS (so implicit can be
given the very same item factors), then in one process:

- implicit's ``recommend(userids, user_items, N=25, recalculate_user=True)`` for all shoppers on
  the live model's item factors, given a prebuilt confidence matrix (the baseline);
- ``user_recommendations_batch`` for all shoppers, 25 each: the history query, both fold-ins
  (whole history and latest events), purchases left out, a filter, the variety re-ranking,
  "because you ..." reasons and exploration cards, unfiltered and with two filters;
- the per-request path (``user_recommendations``, one shopper at a time) on a seeded sample,
  extrapolated to every shopper (the "before" figure).

Prints a markdown table; ``--write`` rewrites the "batch" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarks_doc import write_section  # noqa: E402

CHILD = r"""
import json, os, random, time
import numpy as np
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from recommendations import services
from recommendations.artifacts import live_model
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.engine.als import confidence
from recommendations.engine.base import single_blas_thread
from recommendations.models import Filter, Recommender
from recommendations.selectors import user_recommendations, user_recommendations_batch
from recommendations.selectors.history import user_history_arrays
from recommendations.selectors.personal import personal_scores_batch

if not os.environ.get("REUSE"):
    call_command("migrate", verbosity=0)
    call_command("generate_data", reset=True, seed=42, no_progress=True, verbosity=0)
    # Pinned to ALS: implicit can then score the very model the shop serves.
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(candidates=[])
    run = services.training_run_start(triggered_by="benchmark", synchronous=True)
    assert run.status == "succeeded", run.error
    Filter.objects.get_or_create(
        name="bench-price", defaults={"expression": "INCLUDE ItemID WHERE Items.PRICE <= $MAX"}
    )
loaded = live_model(RECOMMENDED_FOR_YOU)
assert loaded.model.kind == "als", loaded.model.kind
user_ids = list(
    get_user_model().objects.filter(interactions__isnull=False).distinct().order_by("pk").values_list("pk", flat=True)
)
N = 25
ROUNDS = int(os.environ["ROUNDS"])
now = time.time()


def timed(call):
    started, cpu = time.perf_counter(), time.process_time()
    value = call()
    return (time.perf_counter() - started, time.process_time() - cpu), value


def best(call, repeat):
    # Wall seconds and this process's CPU seconds (every thread's), each the best of the repeats.
    runs = [timed(call) for _ in range(repeat)]
    return (min(r[0][0] for r in runs), min(r[0][1] for r in runs)), runs[-1][1]


def beside_implicit(call):
    # Each round times implicit, then the path: the machine is shared, so each path's ratio is taken
    # to the implicit run of its own minute, and the rounds' median reported with their range.
    rounds, value = [], None
    for _ in range(ROUNDS):
        base, _ = best(implicit, 2)
        seconds, value = timed(call)
        rounds.append((seconds, base))
    return rounds, value


# implicit's input: the confidence matrix the shop's fold-in solves from (whole history, decayed).
histories = user_history_arrays(user_ids=user_ids)
options = loaded.spec.serving_options(loaded.params)
# The fold-in's own input rows: the first len(user_ids) rows of the batch's matrix are the whole histories.
scored = personal_scores_batch(loaded, histories, options, now)
matrix = next(p for p in scored if p is not None).matrix
user_items = confidence(matrix[: len(user_ids)], loaded.model.alpha)
del scored, matrix

from implicit.als import AlternatingLeastSquares
with single_blas_thread():
    reference = AlternatingLeastSquares(
        factors=loaded.model.factors, regularization=loaded.model.regularization, alpha=1.0, use_gpu=False
    )
reference.item_factors = loaded.model.item_factors
userids = np.arange(len(user_ids))
with single_blas_thread():
    reference.recommend(userids[:10], user_items[:10], N=N, recalculate_user=True)  # warm up


def implicit():
    with single_blas_thread():
        return reference.recommend(userids, user_items, N=N, recalculate_user=True)


implicit_s, _ = best(implicit, 3)

# What the batch reads first: every history, as arrays (one query per 2,000 shoppers).
history_s, _ = beside_implicit(lambda: user_history_arrays(user_ids=user_ids))
FILTERS = {
    "none": (None, None),
    "exclude-purchased (the shopper's events)": ("exclude-purchased", None),
    "price <= 80 (the catalogue)": ("bench-price", {"MAX": "80"}),
}
batch = {}
for name, (item_filter, values) in FILTERS.items():
    call = lambda: user_recommendations_batch(
        recommender=RECOMMENDED_FOR_YOU, users=user_ids, num_results=N, item_filter=item_filter,
        filter_values=values, now=now,
    )
    call()  # warm: parses, tables, caches
    seconds, result = beside_implicit(call)
    batch[name] = {"rounds": seconds, "answered": sum(1 for r in result.values() if r)}
    if item_filter is None:
        unfiltered = {uid: result[uid].product_ids for uid in user_ids}
    del result

# A batch job's chunk (one Celery task, RECOMMENDATIONS_BATCH_CHUNK_SIZE lines): the same path per 2,000 shoppers.
def chunked():
    for start in range(0, len(user_ids), 2000):
        part = user_ids[start : start + 2000]
        user_recommendations_batch(recommender=RECOMMENDED_FOR_YOU, users=part, num_results=N, now=now)
chunked_s, _ = beside_implicit(chunked)

sample = random.Random(5).sample(user_ids, min(int(os.environ["SAMPLE"]), len(user_ids)))
accounts = get_user_model().objects.in_bulk(sample)
user_recommendations(recommender=RECOMMENDED_FOR_YOU, user=accounts[sample[0]], num_results=N, now=now)
def per_user():
    return {
        uid: user_recommendations(recommender=RECOMMENDED_FOR_YOU, user=accounts[uid], num_results=N, now=now)
        for uid in sample
    }
per_user_s, singles = timed(per_user)
same = sum(singles[uid].product_ids == unfiltered[uid] for uid in sample)
print("RESULT " + json.dumps({
    "users": len(user_ids), "items": len(loaded.product_ids), "factors": loaded.model.factors,
    "nnz": int(user_items.nnz), "implicit": implicit_s, "same": same, "history": history_s, "batch": batch,
    "chunked": chunked_s, "sample": len(sample), "per_user": per_user_s,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=300, help="shoppers timed on the per-request path")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each path, each beside its own implicit run")
    parser.add_argument("--write", action="store_true", help="rewrite the batch section of docs/benchmarks.md")
    parser.add_argument("--keep", help="a directory to keep the generated database in, reused when it holds one")
    args = parser.parse_args()
    scratch = args.keep or tempfile.mkdtemp(prefix="bench-batch-")
    database = Path(scratch) / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_MEDIA_ROOT": f"{scratch}/media",
        "LOG_LEVEL": "WARNING",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only",
        "SAMPLE": str(args.sample),
        "ROUNDS": str(args.rounds),
        "REUSE": "1" if args.keep and database.exists() else "",
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if not args.keep:
        subprocess.run(["rm", "-rf", scratch], check=False)
    if done.returncode != 0:
        sys.exit(done.stderr[-4000:])
    r = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))[7:])
    users, implicit = r["users"], r["implicit"]
    before = [seconds / r["sample"] * users for seconds in r["per_user"]]

    def row(label: str, rounds: list) -> str:
        wall = [seconds[0] / base[0] for seconds, base in rounds]
        cpu = [seconds[1] / base[1] for seconds, base in rounds]
        spread = f"{min(wall):.1f} to {max(wall):.1f}"
        return (
            f"| {label} | {median(s[0] for s, _ in rounds):.2f} | {median(wall):.1f}x ({spread}) "
            f"| {median(s[1] for s, _ in rounds):.2f} | {median(cpu):.1f}x |"
        )

    unfiltered = median(s[0] for s, _ in r["batch"]["none"]["rounds"])
    unfiltered_cpu = median(s[1] for s, _ in r["batch"]["none"]["rounds"])
    lines = [
        "## Batch recommendations",
        "",
        f"`scripts/bench_batch.py`: reference scale ({r['items']:,} products, {users:,} shoppers with events, "
        f"{r['nnz']:,} shopper x product entries), SQLite, one process, ALS with {r['factors']} factors "
        "pinned for recommended-for-you. 25 recommendations for every shopper. implicit is given the prebuilt "
        "confidence matrix and returns ids and scores only; the serving path reads every history from the "
        "database, folds in the whole history and the latest events, leaves purchases and the filter out, "
        "varies the row, names the history item behind each card and mixes in new arrivals, 500 shoppers "
        "at a time with the next 500 read and scored on a second thread. "
        f"{args.rounds} rounds, each path beside its own implicit run (best of two) in the same round; "
        "the ratio is the rounds' median, their range in brackets. CPU is this process's CPU seconds "
        "over all its threads; both sides use both cores.",
        "",
        "| path | wall s | wall / implicit | CPU s | CPU / implicit |",
        "|---|---:|---:|---:|---:|",
        f"| implicit `recommend(..., recalculate_user=True)` | {implicit[0]:.2f} | 1.0x | {implicit[1]:.2f} | 1.0x |",
    ]
    for name, figures in r["batch"].items():
        lines.append(row(f"`user_recommendations_batch`, filter: {name}", figures["rounds"]))
    lines += [
        row("the same, unfiltered, one call per 2,000 shoppers (a batch job's task each)", r["chunked"]),
        row("of which: reading every history (a query per 2,000 shoppers, as arrays)", r["history"]),
        f"| before: `user_recommendations` per shopper, {r['sample']} timed, extrapolated to {users:,} "
        f"| {before[0]:.2f} | {before[0] / implicit[0]:.0f}x | {before[1]:.2f} | {before[1] / implicit[1]:.0f}x |",
        "",
        f"Batch vs one request per shopper (unfiltered): {before[0] / unfiltered:.0f}x "
        f"less wall time, {before[1] / unfiltered_cpu:.0f}x less CPU; the batch's list equals "
        f"the single request's for {r['same']} of the {r['sample']} sampled shoppers.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("batch", text)


if __name__ == "__main__":
    main()

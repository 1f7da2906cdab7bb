"""Engine speed at the reference demo's scale on synthetic data (no database).

    .venv/bin/python scripts/bench_engine.py [--users 6000] [--items 2465] [--events 675000] [--no-write]

Times fitting each model, one fold of ``evaluate_model`` and single-user recommendations, prints
them and rewrites the "engine" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommendations.engine import (  # noqa: E402
    ALSRecommender,
    Interactions,
    ItemItemRecommender,
    PopularityRecommender,
    SequentialBlendRecommender,
    build_user_item_matrix,
)
from recommendations.engine.evaluation import evaluate_model  # noqa: E402
from scripts.benchmarks_doc import write_section  # noqa: E402


def synthetic(users: int, items: int, events: int, seed: int = 42):
    """Shoppers with a favourite category each (Zipf-popular items inside it), over 90 days."""
    rng = np.random.default_rng(seed)
    categories = 20
    user_idx = rng.integers(0, users, events)
    favourite = rng.integers(0, categories, users)[user_idx]
    in_category = rng.random(events) < 0.8
    category = np.where(in_category, favourite, rng.integers(0, categories, events))
    per_category = items // categories
    rank = np.minimum(rng.zipf(1.3, events) - 1, per_category - 1)
    item_idx = category * per_category + rank
    timestamps = 1.7e9 + np.sort(rng.random(events)) * 90 * 86400
    weights = rng.choice([1.0, 3.0, 5.0], events, p=[0.91, 0.08, 0.01])
    return user_idx, item_idx, weights, timestamps


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=6000)
    parser.add_argument("--items", type=int, default=2465)
    parser.add_argument("--events", type=int, default=675_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    users, items, weights, timestamps = synthetic(args.users, args.items, args.events)
    n_items = int(items.max()) + 1
    matrix = build_user_item_matrix(users, items, weights, args.users, n_items)
    data = Interactions.of(users, items, weights, timestamps, args.users, n_items)
    rows = []
    for name, model in [
        ("popularity", PopularityRecommender()),
        ("ALS (64 factors, 15 iterations)", ALSRecommender()),
        ("item-item", ItemItemRecommender(min_support=2)),
    ]:
        seconds, _ = timed(lambda model=model: model.fit(matrix))
        rows.append((f"fit {name}", seconds))
    seconds, _ = timed(lambda: SequentialBlendRecommender().fit(data))
    rows.append(("fit sequential", seconds))
    als = ALSRecommender().fit(matrix)
    seconds, _ = timed(lambda: [als.recommend(matrix[u], N=10) for u in range(200)])
    rows.append(("ALS recommend, per user (fold-in)", seconds / 200))
    for name, factory in [("ALS", ALSRecommender), ("sequential", SequentialBlendRecommender)]:
        seconds, _ = timed(lambda factory=factory: evaluate_model(factory, data))
        rows.append((f"evaluate_model({name}), 1 fold incl. popularity baseline", seconds))

    for label, seconds in rows:
        print(f"{label:<66} {seconds:8.4f} s")
    body = "\n".join(
        [
            "## Engine speed",
            "",
            f"Synthetic data at the demo's scale: {args.users:,} users, {n_items:,} items, {args.events:,} "
            "weighted events over 90 days; BLAS limited to one thread inside the engine.",
            "",
            "| step | seconds |",
            "|---|---:|",
            *(f"| {label} | {seconds:.4f} |" for label, seconds in rows),
        ]
    )
    if not args.no_write:
        write_section("engine", body)
        print("wrote the engine section of docs/benchmarks.md")


if __name__ == "__main__":
    main()

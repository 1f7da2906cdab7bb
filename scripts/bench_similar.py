"""Similar-items speed beside item-item, in one process, at the reference demo's scale (no database).

    .venv/bin/python scripts/bench_similar.py [--users 6000] [--items 2465] [--events 675000] [--calls 2000]

Fits both on the same synthetic views (the items get categories, styles, prices and names), then
times single ``similar_items`` calls on random items, a new product's row from its attributes
(``features`` + ``similar_to_features``) and the per-card reasons (``match_parts``), as medians.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommendations.engine import ContentSimilarityRecommender, Interactions, ItemItemRecommender  # noqa: E402
from recommendations.engine.catalogue import ItemTable  # noqa: E402
from scripts.bench_engine import synthetic  # noqa: E402

WORDS = ("linen", "cotton", "wool", "oak", "brass", "steel", "ceramic", "soft", "bold", "classic", "modern")


def catalogue(items: int, seed: int = 42) -> ItemTable:
    """20 categories (as ``synthetic`` lays them out), 4 styles each, log-normal prices, 6-word texts."""
    rng = np.random.default_rng(seed)
    category = np.minimum(np.arange(items) // (items // 20), 19)
    style = rng.integers(0, 4, items)
    texts = [" ".join(rng.choice(WORDS, 6)) for _ in range(items)]
    return ItemTable.of(
        np.arange(items),
        categorical={
            "CATEGORY": [f"c{c}" for c in category],
            "DEPARTMENT": [f"d{c // 4}" for c in category],
            "STYLE": [f"s{s}" for s in style],
        },
        numeric={"PRICE": np.exp(rng.normal(3.5, 0.8, items)).tolist()},
        texts=texts,
    )


def median_ms(action, calls: int) -> float:
    times = []
    for k in range(calls):
        started = time.perf_counter()
        action(k)
        times.append(time.perf_counter() - started)
    return float(np.median(times) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=6000)
    parser.add_argument("--items", type=int, default=2465)
    parser.add_argument("--events", type=int, default=675_000)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()

    user_idx, item_idx, _, timestamps = synthetic(args.users, args.items, args.events)
    table = catalogue(args.items)
    data = Interactions.of(user_idx, item_idx, None, timestamps, args.users, args.items).with_items(table)
    rng = np.random.default_rng(0)
    asked = rng.integers(0, args.items, args.calls)

    started = time.perf_counter()
    itemitem = ItemItemRecommender(min_support=2).fit(data)
    itemitem_fit = time.perf_counter() - started
    started = time.perf_counter()
    similar = ContentSimilarityRecommender().fit(data)
    similar_fit = time.perf_counter() - started

    n = 200  # what serving asks for (ranking.CANDIDATE_POOL)
    base = median_ms(lambda k: itemitem.similar_items(int(asked[k]), N=n), args.calls)
    row = median_ms(lambda k: similar.similar_items(int(asked[k]), N=n), args.calls)
    new = median_ms(
        lambda k: similar.similar_to_features(similar.features(similar.tokens_of(table, int(asked[k]))), N=n),
        args.calls,
    )
    reasons = median_ms(lambda k: similar.match_parts(int(asked[k]), np.arange(8)), args.calls)
    print(f"{args.items} items, {args.users} users, {args.events} events")
    print(f"fit: item-item {itemitem_fit:.2f} s, similar-items {similar_fit:.2f} s")
    print(f"similar_items (N={n}) median: item-item {base:.3f} ms, similar-items {row:.3f} ms ({row / base:.2f}x)")
    print(f"new product from attributes median: {new:.3f} ms ({new / base:.2f}x item-item)")
    print(f"reasons for 8 cards median: {reasons:.3f} ms")


if __name__ == "__main__":
    main()

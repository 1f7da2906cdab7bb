"""Our recommenders against Amazon Personalize's published MovieLens figures, with Personalize's protocol.

    .venv/bin/python scripts/bench_movielens.py [RATINGS_CSV] [--folds 10] [--seed 42] [--no-search] [--no-write]

Reads MovieLens ``ratings.csv`` (every rating is one interaction; the data stays where it is),
tunes the sequence-aware blend on the data *without* each user's newest 10% (so the events it is
finally scored on are never seen while tuning), evaluates ALS, the blend and the popularity
baseline over 10 folds of users, prints the table and rewrites the "movielens" section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommendations.engine import ALSRecommender, SequentialBlendRecommender  # noqa: E402
from recommendations.engine.evaluation import BASELINE, evaluate_models  # noqa: E402
from recommendations.engine.loading import load_interactions  # noqa: E402
from recommendations.engine.metrics import metric_names  # noqa: E402
from recommendations.engine.reports import default_factories, format_table  # noqa: E402
from recommendations.engine.search import SELECTION_METRIC, search_hyperparameters  # noqa: E402
from recommendations.engine.split import drop_newest, holdout_sizes  # noqa: E402
from scripts.benchmarks_doc import write_section  # noqa: E402

DEFAULT_RATINGS = Path("/work/shared/datasets/ml-latest-small/ratings.csv")

# Amazon Personalize User-Personalization on MovieLens, as published (no figure for recall/hit rate).
PERSONALIZE = {
    "coverage": 0.0845,
    "mean_reciprocal_rank_at_25": 0.3782,
    "normalized_discounted_cumulative_gain_at_5": 0.3253,
    "normalized_discounted_cumulative_gain_at_10": 0.3452,
    "normalized_discounted_cumulative_gain_at_25": 0.398,
    "precision_at_5": 0.0821,
    "precision_at_10": 0.0554,
    "precision_at_25": 0.0371,
}

# Around the defaults found by a wider manual exploration with the same tuning protocol:
# the blend weight and the transition normalisation mattered most.
SEARCH_SPACE = {
    "sequence_weight": [2.0, 4.0, 8.0],
    "damping": [0.15, 0.25, 0.35],
    "smoothing": [20.0, 50.0],
}

CITATION = (
    "F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context. "
    "ACM Transactions on Interactive Intelligent Systems (TiiS) 5, 4: 19:1-19:19. "
    "<https://doi.org/10.1145/2827872>"
)

LABELS = {
    "coverage": "coverage",
    "mean_reciprocal_rank_at_25": "MRR@25",
    "normalized_discounted_cumulative_gain_at_5": "NDCG@5",
    "normalized_discounted_cumulative_gain_at_10": "NDCG@10",
    "normalized_discounted_cumulative_gain_at_25": "NDCG@25",
    "precision_at_5": "precision@5",
    "precision_at_10": "precision@10",
    "precision_at_25": "precision@25",
    "recall_at_10": "recall@10",
    "hit_rate_at_10": "hit rate@10",
}


def markdown(report: dict, blend_params: dict, search: dict | None, info: dict) -> str:
    blend, als = report["sequential"], report["als"]
    als_defaults = ", ".join(f"{k}={v}" for k, v in ALSRecommender().params.items() if v is not None)
    lines = [
        "## MovieLens: offline metrics against Amazon Personalize",
        "",
        f"Dataset: MovieLens `ml-latest-small` ({info['interactions']:,} ratings, {info['users']:,} users, "
        f"{info['items']:,} movies), each rating one interaction. {CITATION}",
        "",
        "Protocol (Amazon Personalize's): users are dealt at random (seed "
        f"{info['seed']}) into 10 folds; for each fold the models train on every event of the other 90% of "
        "users plus the oldest 90% of the test users' events, recommend 25 movies to each test user from "
        "that input alone (input movies excluded), and are scored against the newest 10% (at least one). "
        f"Mean ± standard deviation over the {info['folds']} folds ({report['n_test_users']:,} test users, "
        "each tested once). Personalize's column is its published User-Personalization result; "
        "**bold** marks where our best model beats it.",
        "",
        "| metric | Personalize | sequential | ALS (shop defaults) | popularity baseline |",
        "|---|---:|---:|---:|---:|",
    ]
    for metric in metric_names(25):
        reference = PERSONALIZE.get(metric)
        ours = blend["mean"][metric]
        cell = f"{ours:.4f} ± {blend['std'][metric]:.4f}"
        if reference is not None and ours > reference:
            cell = f"**{cell}**"
        lines.append(
            f"| {LABELS[metric]} | {'' if reference is None else f'{reference:.4f}'} | {cell} | "
            f"{als['mean'][metric]:.4f} ± {als['std'][metric]:.4f} | "
            f"{report[BASELINE]['mean'][metric]:.4f} ± {report[BASELINE]['std'][metric]:.4f} |"
        )
    wins = [LABELS[m] for m, ref in PERSONALIZE.items() if blend["mean"][m] > ref]
    losses = [LABELS[m] for m, ref in PERSONALIZE.items() if blend["mean"][m] <= ref]
    lines += [
        "",
        f"**Where we beat Personalize:** {', '.join(wins) or 'nowhere'}. "
        f"**Where we do not:** {', '.join(losses) or 'nowhere'}.",
        "",
        "Reading: the ranking metrics (MRR, NDCG) are far behind Personalize's figures and no setting we "
        "tried came close. We doubt they measure the same thing: DCG@10 cannot exceed the number of hits, "
        "which a precision@10 of 0.0554 puts at 0.55 per user, so an NDCG@10 of 0.345 needs an ideal DCG "
        "of at most about 1.6 on average, i.e. one or two held-out movies per test user. This protocol holds "
        f"out the newest 10% of each user's ratings: {info['holdout_min']} to {info['holdout_max']} movies, "
        f"{info['holdout_mean']:.0f} on average (median {info['holdout_median']:.0f}). Personalize's "
        "published run evidently held out, filtered or normalised differently, so we make no claim on MRR or "
        "NDCG. "
        "Tuning by NDCG@10 also trades away some coverage: stronger successor damping (0.25 and up) "
        "recommended more of the catalogue in tuning, at a slightly lower NDCG@10.",
        "",
        "Models: *ALS* is implicit's ALS as the shop's \"Recommended for you\" trains it "
        f"({als_defaults}), folding each test user in from their input. "
        "*sequential* (`SequentialBlendRecommender`) adds to an ALS fold-in weighted towards the user's "
        'latest events a "what comes next" Markov score learnt from every user\'s time-ordered history: '
        f"{', '.join(f'{k}={v}' for k, v in sorted(blend_params.items()))}.",
    ]
    if search is not None:
        lines += [
            "",
            f"Tuning: {len(search['trials'])} trials of `search_hyperparameters` over "
            f"{', '.join(f'{k} ∈ {v}' for k, v in SEARCH_SPACE.items())}, by NDCG@10 over 10 folds of the data "
            "without every user's newest 10%, so the final test events were never seen while tuning. "
            f"Best tuning NDCG@10 {search['best_score']:.4f}.",
        ]
    lines += [
        "",
        f"Run time: tuning {info['search_seconds']:.0f} s, evaluation {info['eval_seconds']:.0f} s "
        "(`scripts/bench_movielens.py`).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ratings", nargs="?", type=Path, default=DEFAULT_RATINGS)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-search", action="store_true", help="use the model's defaults without tuning")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()

    data = load_interactions(args.ratings, "movielens").interactions
    print(f"{len(data):,} ratings, {data.n_users:,} users, {data.n_items:,} movies", flush=True)

    started = time.perf_counter()
    search = None
    blend_params: dict = {}
    if not args.no_search:
        tuning = drop_newest(data)
        search = search_hyperparameters(
            SequentialBlendRecommender,
            SEARCH_SPACE,
            tuning,
            folds=10,
            seed=args.seed,
            on_trial=lambda t: print(
                f"  trial {t['params']}: NDCG@10 {t['metrics'][SELECTION_METRIC]:.4f}", flush=True
            ),
        )
        blend_params = dict(search["best_params"])
        print(f"best {blend_params} (tuning NDCG@10 {search['best_score']:.4f})", flush=True)
    search_seconds = time.perf_counter() - started

    started = time.perf_counter()
    report = evaluate_models(default_factories(blend_params=blend_params), data, folds=args.folds, seed=args.seed)
    eval_seconds = time.perf_counter() - started
    print(format_table(report))

    full_params = SequentialBlendRecommender(**blend_params).params
    hidden = {"seed", "max_neighbors"} | ({"trend_half_life_days"} if not full_params["trend_weight"] else set())
    shown = {k: v for k, v in full_params.items() if k not in hidden and v not in (None, 0.0)}
    holdout = holdout_sizes(np.bincount(data.user_idx, minlength=data.n_users))
    info = {
        "holdout_min": int(holdout.min()),
        "holdout_max": int(holdout.max()),
        "holdout_mean": float(holdout.mean()),
        "holdout_median": float(np.median(holdout)),
        "interactions": len(data),
        "users": data.n_users,
        "items": data.n_items,
        "folds": args.folds,
        "seed": args.seed,
        "search_seconds": search_seconds,
        "eval_seconds": eval_seconds,
    }
    body = markdown(report, shown, search, info)
    if not args.no_write:
        write_section("movielens", body)
        print("wrote the movielens section of docs/benchmarks.md")


if __name__ == "__main__":
    main()

"""The staff dashboard at the reference demo's scale: queries and render time, beside the admin index.

    .venv/bin/python scripts/bench_dashboard.py [--requests 30] [--no-write]

Builds a scratch SQLite database (never the demo's), generates the reference data, trains once,
simulates some traffic so the online charts have data, then renders the dashboard and, as the
baseline in the same process, the admin's index page, alternately. Prints the figures and
rewrites the "dashboard" section of docs/benchmarks.md.
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
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from personas.simulation import traffic_simulate
from recommendations import services

call_command("migrate", verbosity=0)
call_command("generate_data", reset=True, seed=42, no_progress=True, verbosity=0)
run = services.training_run_start(triggered_by="benchmark", synchronous=True)
assert run.status == "succeeded", run.error
traffic_simulate(sessions=200, seed=3)
staff = get_user_model().objects.create_user("bench-staff", password="x", is_staff=True, is_superuser=True)
client = Client()
client.force_login(staff)
pages = {"dashboard": reverse("admin:recommendations_dashboard"), "baseline": reverse("admin:index")}
times = {name: [] for name in pages}
queries = {}
for name, url in pages.items():  # warm up: templates, the live model
    assert client.get(url).status_code == 200
for _ in range(int(os.environ["REQUESTS"])):
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times[name].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries[name] = len(captured.captured_queries)
print("RESULT " + json.dumps({
    name: {"p50": statistics.median(values), "max": max(values), "queries": queries[name]}
    for name, values in times.items()
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{scratch}/media",
            "REDIS_URL": "",
            "REQUESTS": str(args.requests),
        }
        done = subprocess.run(
            [sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
    if done.returncode != 0:
        sys.exit(done.stderr[-4000:])
    result = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))[7:])
    dash, base = result["dashboard"], result["baseline"]
    lines = [
        "## Staff dashboard",
        "",
        "Reference scale (2,465 products, 6,000 shoppers, 675,000 events, one training run, 200 simulated "
        f"sessions), SQLite, Django's test client in one process; {args.requests} requests of each page, "
        "alternately, after one warm-up request each.",
        "",
        "| page | queries | median ms | slowest ms |",
        "|---|---:|---:|---:|",
        f"| recommendations dashboard | {dash['queries']} | {dash['p50']:.1f} | {dash['max']:.1f} |",
        f"| admin index (baseline) | {base['queries']} | {base['p50']:.1f} | {base['max']:.1f} |",
        "",
        f"Dashboard / baseline median: {dash['p50'] / base['p50']:.1f}x. The persona check is read from the live "
        "version (computed when it trained), not recomputed per page (`scripts/bench_dashboard.py`).",
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("dashboard", body)
        print("wrote the dashboard section of docs/benchmarks.md")


if __name__ == "__main__":
    main()

"""What Personalize compatibility costs a request: /personalize/ against /api/, in one process.

    .venv/bin/python scripts/bench_personalize.py [--shoppers 200] [--write]

Builds a scratch SQLite database (never the demo's), generates the reference data, trains once,
issues an access key, then for each of ``--shoppers`` shoppers (seed 5) asks recommended-for-you
for 25 items both ways, alternately, after a warm-up, through Django's test client (the whole
middleware stack, no network): GET /api/recommendations/ with the bootstrap API key, and POST
/personalize/recommendations signed with SigV4 as boto3 signs it (signed before the clock starts:
the client's work is not the server's). Prints the medians and their ratio: what signature
checking, the key's decryption and Personalize's wire format add. ``--write`` rewrites the
"personalize" section of docs/benchmarks.md.
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
import json, os, random, statistics, time
import django
django.setup()
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from personalize.services import access_key_create
from recommendations import services

call_command("migrate", verbosity=0)
call_command("generate_data", reset=True, seed=42, no_progress=True, verbosity=0)
run = services.training_run_start(triggered_by="benchmark", synchronous=True)
assert run.status == "succeeded", run.error
issued = access_key_create(name="bench")
credentials = Credentials(issued.access_key.access_key_id, issued.secret)
users = list(get_user_model().objects.filter(interactions__isnull=False).distinct().order_by("pk"))
random.Random(5).shuffle(users)
users = users[: int(os.environ["SHOPPERS"])]
client = Client()
ARN = "arn:aws:personalize:eu-west-1:123456789012:recommender/recommended-for-you"


def api(user):
    response = client.get(
        "/api/recommendations/",
        {"recommender": "recommended-for-you", "userId": user.username, "numResults": 25},
        headers={"Authorization": "Api-Key bench-key"},
    )
    assert response.status_code == 200, response.content
    return len(response.json()["itemList"])


def signed(user):
    body = json.dumps({"recommenderArn": ARN, "userId": user.username, "numResults": 25}).encode()
    request = AWSRequest(method="POST", url="http://testserver/personalize/recommendations", data=body,
                         headers={"Content-Type": "application/json"})
    SigV4Auth(credentials, "personalize", "eu-west-1").add_auth(request)
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-type"}
    return body, {**headers, "Host": "testserver"}


def personalize(prepared):
    body, headers = prepared
    response = client.post("/personalize/recommendations", body, content_type="application/json", headers=headers)
    assert response.status_code == 200, response.content
    return len(response.json()["itemList"])


for user in users[:10]:  # warm up: the model, the catalogue tables, the key
    api(user), personalize(signed(user))
times = {"api": [], "personalize": []}
items = {"api": 0, "personalize": 0}
for user in users:
    prepared = signed(user)
    started = time.perf_counter()
    items["api"] += api(user)
    times["api"].append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    items["personalize"] += personalize(prepared)
    times["personalize"].append((time.perf_counter() - started) * 1000)
print("RESULT " + json.dumps({
    "median": {k: statistics.median(v) for k, v in times.items()},
    "p90": {k: statistics.quantiles(v, n=10)[-1] for k, v in times.items()},
    "items": items,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shoppers", type=int, default=200)
    parser.add_argument("--write", action="store_true", help="rewrite the personalize section of docs/benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-personalize-") as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "false",  # debug keeps every query in memory: not what a server does
            "DJANGO_SECRET_KEY": "bench-personalize-not-a-secret",
            "RECOMMENDATIONS_API_KEY": "bench-key",
            "RECOMMENDATIONS_EVENTS_THROTTLE_RATE": "",
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{scratch}/media",
            "REDIS_URL": "",
            "SHOPPERS": str(args.shoppers),
        }
        done = subprocess.run(
            [sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
    if done.returncode != 0:
        sys.exit(done.stderr[-4000:])
    result = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))[7:])
    median, p90 = result["median"], result["p90"]
    assert result["items"]["api"] == result["items"]["personalize"], result["items"]
    lines = [
        "## Personalize compatibility",
        "",
        f"Reference scale, SQLite, one process, Django's test client (all middleware, no network); "
        f"recommended-for-you, 25 items, for {args.shoppers} shoppers, each asked both ways alternately. "
        "/personalize/ checks a SigV4 signature (the key's secret decrypted with Fernet), reads "
        "Personalize's JSON body and answers its shape; /api/ compares an API key.",
        "",
        "| endpoint | median ms | p90 ms | / api |",
        "|---|---:|---:|---:|",
        f"| GET /api/recommendations/ | {median['api']:.2f} | {p90['api']:.2f} | 1.00x |",
        f"| POST /personalize/recommendations | {median['personalize']:.2f} | {p90['personalize']:.2f} | "
        f"{median['personalize'] / median['api']:.2f}x |",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("personalize", text)


if __name__ == "__main__":
    main()

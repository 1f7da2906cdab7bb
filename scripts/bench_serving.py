"""Pages and the API under load with gunicorn, against a bare Django JSON view served beside them.

    .venv/bin/python scripts/bench_serving.py [--database URL] [--duration 5] [--rounds 3] [--clients 16] [--write]

Prepares a scratch SQLite database at the reference scale (generate data, one training run), or
reuses the one ``--database`` (or BENCH_SERVING_DATABASE_URL) names, already trained. Then starts
gunicorn (2 workers, production-like settings: debug off, no Redis) on a free port, serving the
shop plus one bare JSON view (``scripts/bench_serving_site.py``), and loads each URL in turn with
``--clients`` concurrent clients for ``--duration`` seconds, after a warm-up, right after loading the
bare view (same middleware, same workers: the floor) for as long, ``--rounds`` times over:

- GET /api/recommendations/ for recommended-for-you, over demo shoppers drawn with seed 42;
- the home page as a persona's demo shopper (logged in as the "Shop as…" menu does), again and again:
  what a shopper coming back to it gets;
- the home page as another demo shopper each request (``--shoppers`` of them logged in, drawn with
  seed 42): a first view, whose rows nothing has cached yet;
- product pages as the persona's shopper, over products drawn with seed 42.

The load comes from ``wrk`` when it is installed (``apt-get install wrk``), else from Python
threads over http.client. Prints p50, p99 and requests per second with each one's ratio to its
paired bare run (the median of the rounds, and their range); ``--write`` rewrites the "serving"
section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarks_doc import write_section  # noqa: E402

API_KEY = "bench-serving-key"
SETTINGS = "scripts.bench_serving_site"

PREPARE = r"""
import json, os, time
import django
django.setup()
from django.core.management import call_command
from recommendations import services
call_command("migrate", verbosity=0)
call_command("generate_data", reset=True, seed=42, no_progress=True, verbosity=0, **json.loads(os.environ["GEN_ARGS"]))
run = services.training_run_start(triggered_by="benchmark", synchronous=True)
assert run.status == "succeeded", run.error
"""

# A persona shopper's session, as the "Shop as…" switch leaves it, and what the load will ask for.
TARGETS = r"""
import json, os, random
import django
django.setup()
from django.contrib.auth import get_user_model
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from personas import selectors as personas
from recommendations.models import ModelVersion
from shop.models import Product

assert ModelVersion.objects.filter(status="live").exists(), "no live model: train the database first"
rng = random.Random(42)
persona = next(p for p in personas.persona_list() if personas.persona_demo_shopper(persona=p) is not None)
shopper = personas.persona_demo_shopper(persona=persona)
client = Client()
client.force_login(shopper)


def cookie(c):
    # A logged-in browser also sends the CSRF cookie the login form set: without it, every page
    # would mint a new secret and set the cookie again.
    request = RequestFactory().get("/")
    get_token(request)
    return f"sessionid={c.cookies['sessionid'].value}; csrftoken={request.META['CSRF_COOKIE']}"


# Other demo shoppers, each logged in once: a home page none of them has asked for yet.
others = []
pool = list(get_user_model().objects.filter(shopper__is_demo=True).exclude(pk=shopper.pk).order_by("id"))
for user in rng.sample(pool, min(int(os.environ["OTHERS"]), len(pool))):
    other = Client()
    other.force_login(user)
    others.append(cookie(other))
users = list(get_user_model().objects.filter(shopper__is_demo=True).order_by("id").values_list("username", flat=True))
products = list(Product.objects.order_by("id").values_list("id", flat=True))
print("RESULT " + json.dumps({
    "persona": persona.name,
    "cookie": cookie(client),
    "others": others,
    "users": rng.sample(users, min(50, len(users))),
    "products": rng.sample(products, min(50, len(products))),
    "n_products": len(products),
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def django_env(database_url: str, media_root: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only",
        "RECOMMENDATIONS_API_KEY": API_KEY,
    }
    # The embedded default: no Redis, a local-memory cache per worker.
    env.pop("REDIS_URL", None)
    return env


def run_child(code: str, env: dict[str, str]) -> dict | None:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"benchmark setup failed:\n{out.stdout}\n{out.stderr}")
    line = next((line for line in out.stdout.splitlines() if line.startswith("RESULT ")), None)
    return json.loads(line.removeprefix("RESULT ")) if line else None


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/bench/bare/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer in time")


# --- Load: wrk when installed, else threads ---------------------------------------------------------

# Each thread takes every other request of the list (thread 0 the 1st, 3rd...), so no two requests
# of a run ask for the same (path, cookie) unless the list runs out.
WRK_SCRIPT = """
paths = {%s}
cookies = {%s}
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
function init(args)
  i = offset
end
function request()
  local k = (i %% #paths) + 1
  i = i + 2
  -- A table of one's own replaces the -H headers: they are copied in.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  if cookies[k] ~= "" then headers["Cookie"] = cookies[k] end
  return wrk.format("GET", paths[k], headers)
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS[unit]


def load_wrk(
    port: int, requests: list[tuple[str, str]], headers: dict[str, str], clients: int, duration: float, tmp: str
) -> dict:
    """``requests``: (path, cookie) pairs, asked in turn."""
    script = Path(tmp) / "paths.lua"
    script.write_text(
        WRK_SCRIPT % (", ".join(json.dumps(p) for p, _ in requests), ", ".join(json.dumps(c) for _, c in requests))
    )
    cmd = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(clients),
        "-d",
        f"{duration:g}s",
        "--latency",
        "--timeout",
        "30s",
        "-s",
        str(script),
    ]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
        sys.exit(f"wrk saw failures on {requests[0][0]}:\n{out}")
    return {
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "n": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def load_threads(
    port: int, requests: list[tuple[str, str]], headers: dict[str, str], clients: int, duration: float, tmp: str
) -> dict:
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def client(start: int) -> None:
        mine, i = [], start
        while time.monotonic() < stop:
            path, cookie = requests[i % len(requests)]
            i += clients
            t = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={**headers, **({"Cookie": cookie} if cookie else {})})
            response = conn.getresponse()
            response.read()
            conn.close()
            mine.append((time.perf_counter() - t) * 1000)
            if response.status != 200:
                failures.append(f"{path}: {response.status}")
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit(f"failures: {failures[:5]}")
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[max(int(len(latencies) * 0.99) - 1, 0)],
        "rps": len(latencies) / elapsed,
        "n": len(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_SERVING_DATABASE_URL", ""),
        help="a trained database to reuse (DATABASE_URL form); default: a scratch one",
    )
    parser.add_argument(
        "--media-root",
        default=os.environ.get("DJANGO_MEDIA_ROOT", ""),
        help="with --database: where its model artifacts are",
    )
    parser.add_argument("--products", type=int, default=2465)
    parser.add_argument("--users", type=int, default=6000)
    parser.add_argument("--interactions", type=int, default=675000)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per URL and round")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of load per URL before measuring")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every URL, each beside its own bare run")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--shoppers",
        type=int,
        default=2500,
        help="demo shoppers logged in for the first-view home pages (more than it can serve in --rounds x --duration)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", action="store_true", help="Python threads even when wrk is installed")
    parser.add_argument("--write", action="store_true", help="rewrite the serving section of docs/benchmarks.md")
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.threads
    load = load_wrk if use_wrk else load_threads

    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/bench.sqlite3"
        if args.database.startswith("sqlite:///"):
            # The pages write views and impressions: a copy keeps the given database as it was, so
            # runs before and after a change start from the same history.
            shutil.copyfile(args.database.removeprefix("sqlite:///"), f"{tmp}/bench.sqlite3")
        elif args.database:
            database = args.database
        if args.database and not args.media_root:
            sys.exit("with --database, pass --media-root (or DJANGO_MEDIA_ROOT): where its model artifacts are")
        env = django_env(database, args.media_root or f"{tmp}/media")
        if not args.database:
            gen = {"products": args.products, "users": args.users, "interactions": args.interactions}
            run_child(PREPARE, {**env, "GEN_ARGS": json.dumps(gen)})
        targets = run_child(TARGETS, {**env, "OTHERS": str(args.shoppers)})
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "config.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port, server)
            api = "/api/recommendations/?recommender=recommended-for-you&numResults=8&userId="
            key = {"Authorization": f"Api-Key {API_KEY}"}
            shopper = targets["cookie"]
            api_calls = [(f"{api}{u}", "") for u in targets["users"]]
            product_pages = [(f"/product/{p}/", shopper) for p in targets["products"]]
            others = [("/", c) for c in targets["others"]]
            warm_others, others = others[: len(others) // 5], others[len(others) // 5 :]
            persona = targets["persona"]
            bare = [("/bench/bare/", "")]
            # (name, warm-up requests, measured requests, headers) per round: the first views take
            # a fresh slice of shoppers each round.
            per_round = len(others) // args.rounds
            cases = [
                ("API recommended-for-you (8 items)", lambda r: (api_calls, api_calls), key),
                (f"home page as a persona shopper ({persona}), again", lambda r: ([("/", shopper)],) * 2, {}),
                (
                    "home page, another demo shopper each request (first view)",
                    lambda r: (warm_others, others[r * per_round : (r + 1) * per_round]),
                    {},
                ),
                ("product page as the persona shopper", lambda r: (product_pages, product_pages), {}),
            ]
            # Each URL beside a bare-view run just before it, in rounds: a shared machine drifts
            # within minutes, so a ratio compares two runs of the same few seconds.
            results: dict[str, list[tuple[dict, dict]]] = {name: [] for name, _, _ in cases}
            for r in range(args.rounds):
                for name, requests, headers in cases:
                    warm, measured = requests(r)
                    load(port, bare, {}, args.clients, args.warmup, tmp)
                    paired = load(port, bare, {}, args.clients, args.duration, tmp)
                    load(port, warm, headers, args.clients, args.warmup, tmp)
                    results[name].append((paired, load(port, measured, headers, args.clients, args.duration, tmp)))
        finally:
            server.terminate()
            server.wait(timeout=30)

    median = statistics.median
    bares = [paired for runs in results.values() for paired, _ in runs]
    lines = [
        "## Serving: pages and the API under load",
        "",
        f"`scripts/bench_serving.py`: gunicorn, {args.workers} workers, {args.clients} concurrent clients "
        f"({'wrk' if use_wrk else 'Python threads'}), debug off, no Redis (a local-memory cache per worker), "
        + ("SQLite, " if database.startswith("sqlite") else "PostgreSQL, ")
        + f"{targets['n_products']:,} products at the reference scale, trained. The bare view is a Django JSON "
        "view served by the same gunicorn through the same middleware. In each of "
        f"{args.rounds} rounds every URL is loaded for {args.duration:g} s (after {args.warmup:g} s of warm-up) "
        f"right after a bare-view run of the same length; a ratio is the median of the {args.rounds} rounds' "
        "ratios (range in brackets), a time the median of the rounds.",
        "",
        "| URL | p50 (ms) | p99 (ms) | req/s | p50 ÷ bare | p99 ÷ bare | bare req/s ÷ req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| bare Django JSON view (every paired run) | {median(b['p50'] for b in bares):.1f} "
        f"| {median(b['p99'] for b in bares):.1f} | {median(b['rps'] for b in bares):.0f} | 1.0x | 1.0x | 1.0x |",
    ]

    def ratio(values: list[float]) -> str:
        return f"{median(values):.1f}x ({min(values):.1f}-{max(values):.1f})"

    for name, runs in results.items():
        lines.append(
            f"| {name} | {median(r['p50'] for _, r in runs):.1f} | {median(r['p99'] for _, r in runs):.1f} "
            f"| {median(r['rps'] for _, r in runs):.0f} | {ratio([r['p50'] / b['p50'] for b, r in runs])} "
            f"| {ratio([r['p99'] / b['p99'] for b, r in runs])} | {ratio([b['rps'] / r['rps'] for b, r in runs])} |"
        )
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("serving", text)


if __name__ == "__main__":
    main()

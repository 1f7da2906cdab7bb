"""The deployment path: `make serve-prod` serves pages and static files with debug off, through gunicorn."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import START_TIMEOUT_SECONDS, free_port

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)
GUNICORN = [str(VENV / "bin" / "gunicorn"), "--config", "config/gunicorn.py", "config.wsgi"]
# How long collectstatic, migrate and gunicorn's boot may take (a guard, not a measurement).
SERVE_TIMEOUT_SECONDS = 120
# What a TLS-terminating proxy adds; production's default SECURE_PROXY_SSL_HEADER trusts it.
OVER_HTTPS = {"X-Forwarded-Proto": "https"}


def deploy_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A deploy's environment: none of the caller's Django, database or Redis variables, state in tmp_path."""
    inherited = ("DJANGO_", "MAKE", "MFLAGS")
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(inherited) and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    return {
        **clean,
        "DJANGO_SECRET_KEY": "k8Qw2-LmZr9xVt4sPe7yHn3bJd6fGc1aUo5iRk0wXq8zMv2NhT",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.sqlite3'}",
        **extra,
    }


def fetch(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one GET; redirects are answers, not followed."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def stop(process: subprocess.Popen, log: Path) -> str:
    """Stop the process group (make, its shell, gunicorn and its workers); what they printed."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return log.read_text()


@pytest.fixture
def serve_prod(tmp_path) -> Iterator[tuple[str, Path]]:
    """`make serve-prod` on a free port (the install step skipped: this venv runs the tests)."""
    port = free_port()
    env = deploy_env(tmp_path, WEB_CONCURRENCY="2")
    command = ["make", "-o", "install", "serve-prod", f"VENV={VENV}", "HOST=127.0.0.1", f"PORT={port}"]
    log = tmp_path / "serve-prod.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops gunicorn's workers too
        )
    base = f"http://127.0.0.1:{port}"
    if not answering(base, process):
        pytest.fail(f"make serve-prod did not start serving:\n{stop(process, log)}")
    try:
        yield base, tmp_path / "var" / "staticfiles"
    finally:
        stop(process, log)


def answering(base: str, process: subprocess.Popen) -> bool:
    """Wait until the server answers; False when it exits first or never does."""
    deadline = time.monotonic() + SERVE_TIMEOUT_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        try:
            fetch(base, "/", OVER_HTTPS)
            return True
        except OSError:
            time.sleep(0.2)
    return False


def test_serve_prod_serves_pages_and_hashed_static_files_with_debug_off(serve_prod):
    base, static_root = serve_prod
    status, headers, body = fetch(base, "/", OVER_HTTPS)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Strict-Transport-Security" in headers  # production's HTTPS settings are on

    # The page links the stylesheet by the name collectstatic gave it, and whitenoise serves it.
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    stylesheet = manifest["paths"]["css/shop.css"]
    assert re.fullmatch(r"css/shop\.[0-9a-f]{12}\.css", stylesheet)
    assert f'href="/static/{stylesheet}"' in body.decode()
    status, headers, css = fetch(base, f"/static/{stylesheet}", OVER_HTTPS)
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert css == (static_root / stylesheet).read_bytes() and css
    assert "immutable" in headers["Cache-Control"]  # its name changes with its content
    status, headers, _ = fetch(base, "/favicon.ico", OVER_HTTPS)
    assert status == 301 and headers["Location"] == f"/static/{manifest['paths']['favicon.svg']}"

    # Debug is off: an unknown page is the shop's 404, not Django's technical page.
    status, _, body = fetch(base, "/no-such-page/", OVER_HTTPS)
    assert status == 404 and b"Using the URLconf" not in body
    # Plain HTTP is sent to HTTPS.
    status, headers, _ = fetch(base, "/")
    assert status == 301 and headers["Location"].startswith("https://")


def test_gunicorn_listens_where_host_and_port_say_with_web_concurrency_workers(tmp_path):
    # A container's settings; gunicorn only prints them here, it binds nothing.
    everywhere = "0.0.0.0"  # noqa: S104
    env = deploy_env(tmp_path, HOST=everywhere, PORT="9123", WEB_CONCURRENCY="3")
    out = subprocess.run([*GUNICORN, "--print-config"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    config = dict(re.findall(r"^(\w+)\s+= (.*)$", out.stdout, flags=re.MULTILINE))
    assert config["bind"] == "['0.0.0.0:9123']" and config["workers"] == "3"

    typo = deploy_env(tmp_path, PORT="80a")
    out = subprocess.run([*GUNICORN, "--print-config"], cwd=ROOT, env=typo, capture_output=True, text=True, check=False)
    assert out.returncode != 0 and "PORT must be an integer, not '80a'" in out.stdout + out.stderr


def test_gunicorn_refuses_to_start_when_static_files_were_never_collected(tmp_path):
    env = deploy_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.production", PORT=str(free_port()))
    process = subprocess.Popen(GUNICORN, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = process.communicate(timeout=START_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"gunicorn kept running without static files:\n{process.communicate()[0]}")
    # It stops (3, "worker failed to boot", unless a loaded machine makes the master give up
    # otherwise) and says why.
    assert process.returncode != 0, output
    assert "Static files are not collected" in output and "collectstatic" in output


def test_the_wsgi_application_leaves_what_it_loaded_out_of_the_collectors_full_passes(tmp_path):
    # Django, the apps and their libraries live as long as the worker: walked by every full
    # collection, they made each one a pause of tens of milliseconds under load.
    code = (
        "import gc; import config.wsgi; frozen = gc.get_freeze_count(); "
        "gc.collect(); print(frozen, len(gc.get_objects()))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_VAR_DIR": str(tmp_path),
        "DJANGO_DEBUG": "true",
    }
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    frozen, scanned = map(int, out.stdout.split())
    # What a full collection still walks: a small remainder of what was loaded.
    assert frozen > 50_000 and scanned < frozen / 10, out.stdout

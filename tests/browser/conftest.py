"""Playwright against Debian's Chromium (Playwright cannot download its own browsers here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import require_service

# pytest-playwright drives the browser from an event loop; the live server's ORM calls are
# synchronous and run in their own thread, so Django's async-safety guard would only get in the way.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        require_service("Chromium", f"{CHROMIUM} is missing (apt-get install -y chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }

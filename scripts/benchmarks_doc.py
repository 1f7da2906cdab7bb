"""Shared by the benchmark scripts: each owns one marked section of docs/benchmarks.md."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Written by the scripts under `scripts/`; each script rewrites only its own section. "
    "Re-run a script to refresh its figures.\n"
)


def machine_line() -> str:
    import os

    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section fenced by ``<!-- bench:name -->`` markers."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = f"{start}\n{body.rstrip()}\n\n_Measured {stamp} on {machine_line()}._\n{end}"
    text = DOC.read_text() if DOC.exists() else HEADER
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)

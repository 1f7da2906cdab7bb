"""The apps form layers: each imports only the apps below it, so the app graph has no cycle."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from django.conf import settings

# Top to bottom, as import-linter's layers contract (make lint) declares them; "a | b" is a layer
# of independent siblings, which import neither each other nor anything above.
LAYER_GROUPS = tuple(
    tuple(part.strip() for part in layer.split("|"))
    for layer in next(
        contract["layers"]
        for contract in tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())["tool"]["importlinter"][
            "contracts"
        ]
        if contract["type"] == "layers"
    )
)
LAYERS = tuple(app for group in LAYER_GROUPS for app in group)


def imported_apps(source: str) -> set[str]:
    """The project apps a module imports, however and wherever (in functions, under TYPE_CHECKING)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(LAYERS)


def test_detector_catches_every_import_form():
    source = (
        "import shop.models\n"
        "from recommendations import services\n"
        "from . import receivers\n"
        "def f():\n    from personas.models import Persona\n"
    )
    assert imported_apps(source) == {"shop", "recommendations", "personas"}


def test_every_layer_is_an_installed_app():
    assert set(LAYERS) <= set(settings.INSTALLED_APPS)


def test_each_app_imports_only_the_apps_below_it():
    offenders = {}
    ranked = [(rank, app) for rank, group in enumerate(LAYER_GROUPS) for app in group]
    for rank, app in ranked:
        allowed = {app, *(below for lower in LAYER_GROUPS[rank + 1 :] for below in lower)}
        files = sorted((Path(settings.BASE_DIR) / app).rglob("*.py"))
        assert files, f"{app} not found"
        for path in files:
            above = imported_apps(path.read_text()) - allowed
            if above:
                offenders[str(path.relative_to(settings.BASE_DIR))] = sorted(above)
    assert offenders == {}

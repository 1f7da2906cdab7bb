"""The apps form layers: each imports only the apps below it, so the app graph has no cycle."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from django.conf import settings

# Top to bottom, as import-linter's layers contract (make lint) declares them.
LAYERS = tuple(
    next(
        contract["layers"]
        for contract in tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())["tool"]["importlinter"][
            "contracts"
        ]
        if contract["type"] == "layers"
    )
)


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
    for rank, app in enumerate(LAYERS):
        allowed = {app, *LAYERS[rank + 1 :]}
        files = sorted((Path(settings.BASE_DIR) / app).rglob("*.py"))
        assert files, f"{app} not found"
        for path in files:
            above = imported_apps(path.read_text()) - allowed
            if above:
                offenders[str(path.relative_to(settings.BASE_DIR))] = sorted(above)
    assert offenders == {}

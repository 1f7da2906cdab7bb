"""The engine must stay importable and testable without Django."""

import ast
from pathlib import Path

import recommendations

ENGINE = Path(recommendations.__file__).parent / "engine"


def django_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "django"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "django":
            found.append(node.module)
    return found


def test_detector_catches_both_import_forms():
    assert django_imports("import django.db\nfrom django.conf import settings") == ["django.db", "django.conf"]


def test_engine_never_imports_django():
    files = sorted(ENGINE.rglob("*.py"))
    assert files, "engine package not found"
    offenders = {str(path): django_imports(path.read_text()) for path in files}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_importing_the_engine_loads_no_django():
    import subprocess
    import sys

    code = (
        "import sys; import recommendations.engine, recommendations.engine.evaluation, "
        "recommendations.engine.loading, recommendations.engine.search, recommendations.engine.reports, "
        "recommendations.engine.protocols; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ENGINE.parent.parent, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"

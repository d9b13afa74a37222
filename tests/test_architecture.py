"""The pure core never imports the UI or the database layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = ["crm_select/models", "scoring", "finance", "crm_select/reports", "crm_select/locales"]
FORBIDDEN = {
    "streamlit": [*PURE, "crm_select/store", "crm_select/cli"],
    "sqlalchemy": [*PURE, "crm_select/ui", "views", "crm_select/cli"],
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("library", sorted(FORBIDDEN))
def test_forbidden_imports(library: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in FORBIDDEN[library]
        for path in (ROOT / package).rglob("*.py")
        if library in imported_roots(path)
    ]
    assert offenders == [], f"{library} imported by {offenders}"


def test_the_check_sees_real_imports() -> None:
    assert "streamlit" in imported_roots(ROOT / "app.py")

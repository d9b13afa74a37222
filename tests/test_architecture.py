"""The layering holds and no module imports itself round a cycle.

views/app and cli  →  ui and services  →  scoring, finance, store, reports  →  models, locales

A module imports only from its own layer or below (views, app and the CLI only from ui or
services and the schemas: they reach scoring, finance, the store and the reports through the
services); the services never import ui; the core never streamlit, and only the store
sqlalchemy. Imports under ``if TYPE_CHECKING:`` are annotations, not dependencies; every other
import counts, a deferred one inside a function too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crm_select", "scoring", "finance", "views")

# layer of each part, and what a part of that layer may import besides its own layer and below
LAYERS: dict[str, int] = {
    "crm_select.models": 0,
    "crm_select.locales": 0,
    "scoring": 1,
    "finance": 1,
    "crm_select.store": 1,
    "crm_select.reports": 1,
    "crm_select.services": 2,
    "crm_select.ui": 3,
    "crm_select.cli": 4,
    "views": 4,
    "app": 4,
}
ENTRY = ("crm_select.cli", "views", "app")
ENTRY_MAY_IMPORT = (
    "crm_select.services",
    "crm_select.ui",
    "crm_select.models",
    "crm_select.locales",
)
EXTERNAL = {
    "streamlit": ("crm_select.ui", "views", "app"),
    "sqlalchemy": ("crm_select.store",),
    "alembic": ("crm_select.store",),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}
    found["app"] = ROOT / "app.py"
    return {m: p for m, p in found.items() if "migrations.versions" not in m}


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST, package: str) -> Iterator[str]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _type_checking(child):
            for other in child.orelse:
                yield from _imports(other, package)
            continue
        if isinstance(child, ast.Import):
            yield from (a.name for a in child.names)
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                parent = package.rsplit(".", child.level - 1)[0] if child.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield base
            yield from (f"{base}.{a.name}" for a in child.names)
        else:
            yield from _imports(child, package)


def imports_of(name: str, path: Path) -> set[str]:
    """Every module this one imports at run time (``from a import b`` gives a and a.b)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return set(_imports(ast.parse(path.read_text("utf-8")), package))


def part_of(module: str) -> str | None:
    """The layered part a module belongs to (the longest matching prefix)."""
    best = None
    for part in LAYERS:
        if (module == part or module.startswith(part + ".")) and (
            best is None or len(part) > len(best)
        ):
            best = part
    return best


def first_party(module: str, known: dict[str, Path]) -> str | None:
    """The first-party module an import names (``a.b.c`` may be the name ``c`` in ``a.b``)."""
    while module and module not in known:
        module = module.rpartition(".")[0]
    return module or None


MODULES = modules()
GRAPH = {
    m: {d for i in imports_of(m, p) if (d := first_party(i, MODULES)) and d != m}
    for m, p in MODULES.items()
}
EXTERNAL_IMPORTS = {m: {i.split(".")[0] for i in imports_of(m, p)} for m, p in MODULES.items()}


def test_the_check_sees_real_imports() -> None:
    assert "crm_select.services.ranking" in GRAPH["crm_select.ui.compute"]
    assert "crm_select.store.audit" in GRAPH["crm_select.store.access"]
    assert "streamlit" in EXTERNAL_IMPORTS["app"]
    assert part_of("crm_select.store.api") == "crm_select.store"


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if m not in PACKAGES and part_of(m) is None] == []


def test_each_layer_imports_only_its_own_and_lower_layers() -> None:
    offenders = [
        f"{m} imports {d}"
        for m, deps in GRAPH.items()
        if (mine := part_of(m)) is not None
        for d in deps
        if (theirs := part_of(d)) is not None and LAYERS[theirs] > LAYERS[mine]
    ]
    assert offenders == []


def test_pages_and_the_cli_reach_the_core_only_through_the_services() -> None:
    offenders = [
        f"{m} imports {d}"
        for m, deps in GRAPH.items()
        if part_of(m) in ENTRY
        for d in deps
        if part_of(d) not in (None, part_of(m), *ENTRY_MAY_IMPORT)
    ]
    assert offenders == []


@pytest.mark.parametrize("library", sorted(EXTERNAL))
def test_only_its_layer_imports_a_library(library: str) -> None:
    offenders = [
        m
        for m, libs in EXTERNAL_IMPORTS.items()
        if library in libs and part_of(m) not in EXTERNAL[library]
    ]
    assert offenders == [], f"{library} imported by {offenders}"


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (the cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_cycles() -> None:
    # a package's __init__ re-exporting its modules is not a cycle with them
    graph = {
        m: {d for d in deps if not (m in PACKAGES or MODULES[m].name == "__init__.py")}
        for m, deps in GRAPH.items()
    }
    assert strongly_connected(graph) == []

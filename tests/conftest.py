"""Suite-wide settings, and how the suite is spread over pytest-xdist workers.

`make test` runs the whole suite with a worker per core (``-n auto --dist loadgroup``). A test
file is one unit of work, kept on one worker in its order (its module fixtures, a journey's
app and its steps stay together), unless the file sets ``SPREAD_OVER_WORKERS = True``: then
its tests are dealt out one by one (the monkey test's 40 independent cases). Files with
browser tests go first, then the other slow ones, so the last units left are short and the
workers finish together.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

# Property tests check invariants, not speed: a per-example deadline only flakes on a shared
# machine (speed is measured in bench/, never in tests).
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


def _weight(item: pytest.Item) -> int:
    """0 for browser tests, 1 for other slow tests, 2 for the rest (the order they start in)."""
    if item.get_closest_marker("browser"):
        return 0
    return 1 if item.get_closest_marker("slow") else 2


@pytest.hookimpl(tryfirst=True)  # before xdist names the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:  # noqa: ARG001
    first: dict[str, int] = {}
    for item in items:
        file = item.nodeid.split("::", 1)[0]
        first[file] = min(first.get(file, 2), _weight(item))
        if not getattr(getattr(item, "module", None), "SPREAD_OVER_WORKERS", False):
            item.add_marker(pytest.mark.xdist_group(file))
    items.sort(key=lambda item: first[item.nodeid.split("::", 1)[0]])  # stable: file order kept


@pytest.fixture(scope="session", autouse=True)
def _chart_specs_validated_once() -> Iterator[None]:
    """Each distinct chart spec is checked against the Vega-Lite schema once per session.

    Altair validates every spec it builds and Streamlit converts (jsonschema: a third of the
    monkey test's time went there, each rerun validating the same charts again). Validation is
    a pure function of the spec and the schema, so its outcome is kept per spec: a spec seen
    before gets the same answer (its error raised again), a new spec is validated in full.
    """
    from altair.utils import schemapi

    validate = schemapi.validate_jsonschema
    seen: dict[tuple[str, int, int], tuple[object, object, Exception | None]] = {}

    def validate_once(
        spec: Any, schema: dict[str, Any], rootschema: dict[str, Any] | None = None, *,
        raise_error: bool = True,
    ) -> Exception | None:  # fmt: skip
        try:
            key = (json.dumps(spec, sort_keys=True), id(schema), id(rootschema))
        except (TypeError, ValueError):  # not plain JSON: validated as it is, every time
            error = validate(spec, schema, rootschema, raise_error=False)
        else:
            if key not in seen:
                if len(seen) > 20_000:  # bounded memory
                    seen.clear()
                # the schemas are kept with the answer: their ids stay theirs while it is kept
                seen[key] = (
                    schema,
                    rootschema,
                    validate(spec, schema, rootschema, raise_error=False),
                )
            error = seen[key][2]
        if error is not None and raise_error:
            raise copy.copy(error)
        return error

    schemapi.validate_jsonschema = validate_once  # type: ignore[assignment]
    yield
    schemapi.validate_jsonschema = validate


@pytest.fixture(scope="session", autouse=True)
def _pages_compiled_once() -> Iterator[None]:
    """AppTest compiles app.py and the page for every run (a new ScriptCache per run: Streamlit's
    magic rewrite of the syntax tree and the compile were a third of the monkey test's CPU);
    a running app compiles each file once. One cache for the session, as in the app (the
    files do not change while the tests run)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    with pytest.MonkeyPatch.context() as patch:
        for module in (app_test, local_script_runner):
            patch.setattr(module, "ScriptCache", lambda: shared)
        yield

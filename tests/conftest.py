"""Suite-wide settings, and how the suite is spread over pytest-xdist workers.

`make test` runs the whole suite with a worker per core (``-n auto --dist loadgroup``). A test
file is one unit of work, kept on one worker in its order (its module fixtures, a journey's
app and its steps stay together), unless the file sets ``SPREAD_OVER_WORKERS = True``: then
its tests are dealt out one by one (the monkey test's 40 independent cases). Files with
browser tests go first, then the other slow ones, so the last units left are short and the
workers finish together.
"""

from __future__ import annotations

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

"""Helpers to make scenario and catalog files with one thing wrong."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from crm_select.models.paths import CATALOG_PATH, EXAMPLE_SCENARIO


@pytest.fixture(scope="session")
def example_data() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE_SCENARIO.read_text("utf-8"))


@pytest.fixture(scope="session")
def catalog_data() -> dict[str, Any]:
    return yaml.safe_load(CATALOG_PATH.read_text("utf-8"))


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[Any, str], Path]:
    def write(data: Any, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return write


@pytest.fixture
def mutated(
    example_data: dict[str, Any], write_yaml: Callable[[Any, str], Path]
) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Write a copy of the example scenario after applying one change to it."""

    def make(change: Callable[[dict[str, Any]], None]) -> Path:
        data = copy.deepcopy(example_data)
        change(data)
        return write_yaml(data, "scenario.yaml")

    return make

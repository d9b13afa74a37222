"""The load bench runs and reports (tiny sizes, SQLite only)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def test_bench_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_store_load.py"
    spec = importlib.util.spec_from_file_location("bench_store_load", path)
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--raters", "3", "--writes", "4", "--backend", "sqlite"]) == 0
    out = capsys.readouterr().out
    assert "writes/s" in out
    assert "p95" in out

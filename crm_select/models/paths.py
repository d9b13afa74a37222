"""Where the bundled data lives (the project is installed in editable mode)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOG_PATH = ROOT / "data" / "vendors.yaml"
EXAMPLES_DIR = ROOT / "examples"
EXAMPLE_SCENARIO = EXAMPLES_DIR / "b2b-distributor.yaml"

"""`make run` (local mode: every decision open to whoever reaches it) answers only this machine."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_command(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    done = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    [line] = [x for x in done.stdout.splitlines() if "streamlit run app.py" in x]
    return line


def test_make_run_binds_to_loopback_by_default() -> None:
    assert "--server.address 127.0.0.1 " in run_command()


def test_a_network_address_is_an_explicit_choice() -> None:
    assert "--server.address 0.0.0.0 " in run_command("ADDRESS=0.0.0.0")

"""`crm-select rank` / `sensitivity` on the bundled examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crm_select.cli.main import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bank-500.yaml"
runner = CliRunner()


@pytest.mark.skipif(not EXAMPLE.exists(), reason="example scenario not present")
def test_rank_json_shape() -> None:
    r = runner.invoke(app, ["rank", str(EXAMPLE), "--method", "topsis", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert {"method", "ranking", "weights", "groups", "warnings"} <= set(d)
    assert d["method"] == "topsis"
    assert [row["rank"] for row in d["ranking"]] == sorted(row["rank"] for row in d["ranking"])
    assert sum(d["weights"].values()) == pytest.approx(1.0)
    assert set(d["groups"]) == {"functionality", "deadlines", "budget", "risk"}


@pytest.mark.slow
@pytest.mark.skipif(not EXAMPLE.exists(), reason="example scenario not present")
def test_rank_all_and_sensitivity() -> None:
    r = runner.invoke(app, ["rank", str(EXAMPLE), "--method", "all", "--json"])
    assert r.exit_code == 0, r.output
    assert set(json.loads(r.stdout)["methods"]) == {"wsm", "wpm", "topsis", "vikor", "promethee"}
    r = runner.invoke(
        app, ["sensitivity", str(EXAMPLE), "--samples", "500", "--seed", "3", "--json"]
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    probs = [o["rank_probabilities"] for o in d["rank_acceptability"]["options"].values()]
    assert sum(p[0] for p in probs) == pytest.approx(1.0)
    again = runner.invoke(
        app, ["sensitivity", str(EXAMPLE), "--samples", "500", "--seed", "3", "--json"]
    )
    assert json.loads(again.stdout)["rank_acceptability"] == d["rank_acceptability"]


def test_rank_missing_file_exits_2(tmp_path: Path) -> None:
    r = runner.invoke(app, ["rank", str(tmp_path / "nope.yaml")])
    assert r.exit_code == 2

"""`crm-select weights --json` gives the AHP numbers the Criteria page shows: lambda_max, CI, RI,
CR and the judgements to revisit, checked against the principal eigenvalue by numpy and Saaty's
random index."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.models.paths import EXAMPLE_SCENARIO

runner = CliRunner()
GROUPS = ["functionality", "deadlines", "budget", "risk"]
# budget vs risk at 5 breaks the otherwise consistent 4 : 2 : 1 : 1
JUDGED = {
    ("functionality", "deadlines"): 2.0,
    ("functionality", "budget"): 4.0,
    ("functionality", "risk"): 4.0,
    ("deadlines", "budget"): 2.0,
    ("deadlines", "risk"): 2.0,
    ("budget", "risk"): 5.0,
}
SAATY_RI_4 = 0.90  # Saaty (1980), random index of a 4 x 4 matrix


def ahp_scenario(tmp_path: Path) -> Path:
    """The example weighed by AHP: the groups by the judgements above, the criteria inside each
    group by a chain of equal judgements (a tree: every ratio fixed, nothing to check)."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_SCENARIO.read_text("utf-8"))
    criteria = data["criteria"]
    criteria["method"] = "ahp"
    criteria["group_pairwise"] = [{"a": a, "b": b, "value": v} for (a, b), v in JUDGED.items()]
    for group in criteria["groups"]:
        ids = [c["id"] for c in group["criteria"]]
        group["pairwise"] = [{"a": a, "b": b, "value": 1} for a, b in pairwise(ids)]
    path = tmp_path / "ahp.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_weights_json_gives_lambda_max_ci_ri_cr_and_what_to_revisit(tmp_path: Path) -> None:
    result = runner.invoke(app, ["weights", str(ahp_scenario(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["method"] == "ahp"
    groups = out["ahp"]["groups"]

    n = len(GROUPS)
    m = np.ones((n, n))
    for (a, b), v in JUDGED.items():
        i, j = GROUPS.index(a), GROUPS.index(b)
        m[i, j], m[j, i] = v, 1 / v
    values, vectors = np.linalg.eig(m)
    k = int(np.argmax(values.real))
    lam = float(values[k].real)
    ci = (lam - n) / (n - 1)
    assert groups["lambda_max"] == pytest.approx(lam, rel=1e-6)
    assert groups["ci"] == pytest.approx(ci, rel=1e-6)
    assert groups["ri"] == pytest.approx(SAATY_RI_4, abs=5e-3)
    assert groups["cr"] == pytest.approx(ci / groups["ri"], rel=1e-9)
    assert groups["cr"] > 0.10
    assert groups["consistent"] is False
    assert groups["method"] == "principal eigenvector"
    w = np.abs(vectors[:, k].real)
    assert groups["weights"] == pytest.approx(dict(zip(GROUPS, w / w.sum(), strict=True)), rel=1e-6)
    first = groups["repairs"][0]  # the judgement that broke the 4 : 2 : 1 : 1 comes first
    assert (first["a"], first["b"], first["value"]) == ("budget", "risk", 5.0)
    assert first["cr_after"] < 0.10
    assert sum(out["effective"].values()) == pytest.approx(1.0)
    for group in GROUPS:  # a chain of judgements fixes every ratio: no consistency to measure
        assert out["ahp"][group]["cr"] is None

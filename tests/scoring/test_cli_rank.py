"""`crm-select rank` / `sensitivity` on the bundled examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pymcdm.methods as pm
import pytest
from pymcdm import normalizations as pn
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.services.decision import load_decision, prepare

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


def _problem(
    varying: bool = False,
) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray, np.ndarray, np.ndarray]:
    """The example's decision matrix as the services prepare it (options, criteria, values,
    weights, directions): the input the independent reference ranks.

    ``varying``: only the criteria on which the options differ. One on which every option is
    equal adds nothing to a score here (its normalised column is 0) while pymcdm adds the same
    amount to every score (WSM) or refuses it (VIKOR); the weights stay as they are.
    """
    dec = prepare(load_decision(EXAMPLE))
    m = dec.matrix
    x, w, d = m.values, dec.weight_vector, m.directions
    keep = x.max(axis=0) > x.min(axis=0) if varying else np.ones(x.shape[1], bool)
    criteria = tuple(c for c, k in zip(m.criteria, keep, strict=True) if k)
    return m.options, criteria, x[:, keep], w[keep], d[keep]


def _rank_json(*flags: str) -> dict[str, Any]:
    r = runner.invoke(app, ["rank", str(EXAMPLE), *flags, "--json"])
    assert r.exit_code == 0, r.output
    out: dict[str, Any] = json.loads(r.stdout)
    return out


def _scores(out: dict[str, Any], options: tuple[str, ...]) -> list[float]:
    by_option = {row["option"]: row["score"] for row in out["ranking"]}
    return [by_option[o] for o in options]


# the weights of the varying criteria keep their values (sum < 1), so scores compare one to one
@pytest.mark.filterwarnings("ignore:Weights should be positive:UserWarning")
def test_normalisation_flag_ranks_as_pymcdm() -> None:
    options, _, x, w, d = _problem(varying=True)
    cases = (
        ("topsis", "minmax", pm.TOPSIS(pn.minmax_normalization)),
        ("wsm", "vector", pm.WSM(pn.vector_normalization)),
    )
    for method, flag, reference in cases:
        out = _rank_json("--method", method, "--normalisation", flag)
        assert out["normalisation"] == flag
        assert out["settings"]["normalisation"][method] == flag
        np.testing.assert_allclose(_scores(out, options), reference(x, w, d), rtol=1e-9)


def test_vikor_v_flag_ranks_as_pymcdm() -> None:
    options, _, x, w, d = _problem(varying=True)
    w = w / w.sum()  # VIKOR's Q does not change with the weights' scale; pymcdm wants sum 1
    low = _rank_json("--method", "vikor", "--vikor-v", "0.1")
    high = _rank_json("--method", "vikor", "--vikor-v", "0.9")
    assert (low["settings"]["vikor_v"], high["settings"]["vikor_v"]) == (0.1, 0.9)
    np.testing.assert_allclose(_scores(low, options), pm.VIKOR(v=0.1)(x, w, d), atol=1e-9)
    np.testing.assert_allclose(_scores(high, options), pm.VIKOR(v=0.9)(x, w, d), atol=1e-9)
    assert _scores(low, options) != pytest.approx(_scores(high, options))
    assert set(low["explain"]) >= {"S", "R", "Q", "compromise_set"}


def test_preference_flags_rank_as_pymcdm_linear_criteria() -> None:
    # PROMETHEE II with the linear function (q, p) on every criterion: pymcdm's 'vshape_2'
    options, criteria, x, w, d = _problem()
    p = np.maximum(0.5 * (x.max(axis=0) - x.min(axis=0)), 1.0)
    q = 0.2 * p
    flags = [
        f"--preference={c}=linear:{float(qi)!r}:{float(pi)!r}"
        for c, qi, pi in zip(criteria, q, p, strict=True)
    ]
    out = _rank_json("--method", "promethee", *flags)
    ref = pm.PROMETHEE_II("vshape_2", p=p, q=q)(x, w, d)
    np.testing.assert_allclose(_scores(out, options), ref, atol=1e-9)
    first = out["settings"]["promethee"][criteria[0]]
    assert first == {"function": "linear", "q": float(q[0]), "p": float(p[0])}
    usual = _rank_json("--method", "promethee")
    assert _scores(usual, options) != pytest.approx(_scores(out, options))


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("price=linear:1", "linear takes q, p"),
        ("price=v_shape:0", "needs a preference threshold p > 0"),
        ("price=gauss:1", "expected CRITERION=usual"),
        ("=usual", "expected CRITERION=FUNCTION"),
        ("no-such-criterion=usual", "unknown criterion 'no-such-criterion'"),
    ],
)
def test_a_bad_preference_flag_exits_2_saying_what_was_expected(flag: str, message: str) -> None:
    r = runner.invoke(app, ["rank", str(EXAMPLE), "--preference", flag])
    assert r.exit_code == 2
    assert f"{EXAMPLE}: --preference: " in r.stderr
    assert message in r.stderr

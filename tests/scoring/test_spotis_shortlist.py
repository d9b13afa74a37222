"""SPOTIS against its published example and pymcdm; elimination and rank reversal."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm.methods import SPOTIS

from crm_select.models.decision import resolve
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLES_DIR
from finance.measures import tco_measures
from scoring.analysis import prepare_decision
from scoring.errors import ScoringError
from scoring.method_call import MethodCall
from scoring.methods.spotis import spotis
from scoring.shortlist import elimination_effect, fixed_bounds


def test_spotis_dezert2020() -> None:
    """The worked example of Dezert et al. (2020), as reproduced in pymcdm's documentation."""
    matrix = np.array([[10.5, -3.1, 1.7], [-4.7, 0, 3.4], [8.1, 0.3, 1.3], [3.2, 7.3, -5.3]])
    bounds = np.array([[-5, 12], [-6, 10], [-8, 5]], dtype=float)
    scores = spotis(matrix, np.array([0.2, 0.3, 0.5]), np.array([1, -1, 1]), bounds)
    np.testing.assert_allclose(scores, [0.1989, 0.3705, 0.3063, 0.7491], atol=5e-5)


# pymcdm's input validation warns when a random matrix has a dominated or dominant option;
# SPOTIS is defined for such matrices and the comparison is the point, so the advice is muted
@pytest.mark.filterwarnings("ignore:Alternatives with indices:UserWarning:pymcdm")
@settings(max_examples=40)
@given(st.integers(0, 10_000), st.integers(2, 8), st.integers(1, 6))
def test_spotis_matches_pymcdm(seed: int, m: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 100, (m, n))
    w = rng.dirichlet(np.ones(n))
    d = rng.choice([-1, 1], n)
    bounds = np.column_stack([np.zeros(n), np.full(n, 100.0)])
    np.testing.assert_allclose(spotis(x, w, d, bounds), SPOTIS(bounds)(x, w, d), rtol=1e-10)


def test_spotis_refuses_values_outside_bounds() -> None:
    with pytest.raises(ScoringError, match="outside its criterion's bounds"):
        spotis(np.array([[5.0]]), np.array([1.0]), np.array([1]), np.array([[0.0, 4.0]]))


@pytest.fixture(scope="module")
def bank():
    scenario = load_scenario(EXAMPLES_DIR / "bank-500.yaml")
    resolved = resolve(scenario, load_catalog())
    return prepare_decision(scenario, resolved, tco_measures(scenario, resolved))


@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis", "vikor", "promethee"])
def test_spotis_order_never_changes_when_an_option_leaves(bank, method: str) -> None:
    dec = bank
    dm = dec.matrix
    w = dec.weight_vector / dec.weight_vector.sum()
    full = spotis(dm.values, w, dm.directions, fixed_bounds(dm))
    full_order = [dm.options[i] for i in np.argsort(full, kind="stable")]
    for option in dm.options:
        effect = elimination_effect(dec, option, MethodCall(method))
        assert list(effect.spotis_order) == [o for o in full_order if o != option]
        assert set(effect.after) == set(dm.options) - {option}


def test_rank_reversal_is_reported_with_the_swapped_pair(bank) -> None:
    dec = bank
    effects = [elimination_effect(dec, o, MethodCall("vikor")) for o in dec.matrix.options]
    reversed_ = [e for e in effects if e.rank_reversal]
    assert reversed_, "VIKOR's compromise ranking reorders the bank shortlist when one leaves"
    for e in reversed_:
        assert e.swapped
        for a, b in e.swapped:
            assert e.before.index(a) < e.before.index(b)
            assert e.after.index(a) > e.after.index(b)
    for e in effects:
        if not e.rank_reversal:
            assert e.swapped == ()


def test_elimination_needs_a_known_option_and_three_on_the_list(bank) -> None:
    dec = bank
    with pytest.raises(ScoringError, match="not on the list"):
        elimination_effect(dec, "no-such-option")


def test_shortlist_command_reports_the_reversal_as_json() -> None:
    import json

    from typer.testing import CliRunner

    from crm_select.cli.main import app

    bank_file = str(EXAMPLES_DIR / "bank-500.yaml")
    result = CliRunner().invoke(
        app, ["shortlist", bank_file, "--eliminate", "creatio", "--method", "vikor", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["rank_reversal"] is True
    assert "creatio" not in out["after"]
    assert sorted(out["spotis"]) == sorted(out["after"])
    bad = CliRunner().invoke(app, ["shortlist", bank_file, "--eliminate", "nope"])
    assert bad.exit_code == 2
    assert "not on the list" in bad.stderr

"""Value of information: closed forms (V5, V6), bounds, the sum rule, what could flip the choice."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finance.value_of_information import (
    TrialArrayError,
    design,
    evpi,
    evpi_normal,
    evppi,
    fitted,
    value_of_information,
)

# ../shared/facts/crm_benefits_risk_evidence.md, V5/V6 (voi vignette): p1 ~ N(1, 1),
# p2 ~ N(0, 2^2), INB = p1 - p2 ~ N(1, 5)
V6 = {"evpi": 0.479811, "p1": 0.083315, "p2": 0.395593, "zero_mean": 0.398942}


def test_closed_form_two_normal_options_reproduces_v6() -> None:
    assert evpi_normal(1, 5**0.5) == pytest.approx(V6["evpi"], abs=1e-6)
    assert evpi_normal(1, 1) == pytest.approx(V6["p1"], abs=1e-6)
    assert evpi_normal(1, 2) == pytest.approx(V6["p2"], abs=1e-6)
    assert evpi_normal(0, 1) == pytest.approx(V6["zero_mean"], abs=1e-6)
    assert evpi_normal(-1, 1) == evpi_normal(1, 1)
    assert evpi_normal(3, 0) == 0.0


@pytest.fixture(scope="module")
def v6_run() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20240217)
    s = 200_000
    p1, p2 = rng.normal(1, 1, s), rng.normal(0, 2, s)
    return np.column_stack([np.zeros(s), p1 - p2]), p1, p2


def test_evpi_and_evppi_by_regression_match_v6_within_5_percent(
    v6_run: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    nb, p1, p2 = v6_run
    v = value_of_information(nb, {"p1": p1, "p2": p2}, options=["A", "B"])
    assert v.current == "B"
    assert v.evpi == pytest.approx(V6["evpi"], rel=0.05)
    assert abs(v.evpi - V6["evpi"]) < 3 * v.evpi_se + 1e-3
    by = {g.group: g for g in v.groups}
    assert by["p1"].evppi == pytest.approx(V6["p1"], rel=0.05)
    assert by["p2"].evppi == pytest.approx(V6["p2"], rel=0.05)
    assert 0 <= by["p1"].evppi <= by["p2"].evppi <= v.evpi
    assert [g.group for g in v.ranked()] == ["p2", "p1"]


def test_evppi_of_every_input_together_is_evpi(
    v6_run: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    nb, p1, p2 = v6_run
    both = value_of_information(nb, {"both": np.column_stack([p1, p2])}, options=["A", "B"])
    assert both.groups[0].evppi == pytest.approx(both.evpi, rel=0.01)
    assert both.groups[0].r2["A"] == pytest.approx(1.0, abs=1e-6)


def test_sum_rule_conditional_means_of_independent_inputs_add_up() -> None:
    """With independent inputs and an additive net benefit, E(INB | x1, x2) = E(INB | x1) +
    E(INB | x2) - E(INB): the fitted conditional means add (their EVPPIs do not)."""
    rng = np.random.default_rng(7)
    s = 40_000
    x1, x2 = rng.uniform(-2, 2, s), rng.uniform(0, 3, s)
    inb = (np.sin(x1) + 0.3 * x2**2 - 1.0)[:, None]
    joint = fitted(design(np.column_stack([x1, x2])), inb)[:, 0]
    parts = fitted(design(x1), inb)[:, 0] + fitted(design(x2), inb)[:, 0] - inb.mean()
    assert np.sqrt(((joint - parts) ** 2).mean()) < 0.05 * inb.std()
    nb = np.column_stack([np.zeros(s), inb[:, 0]])
    v = value_of_information(nb, {"x1": x1, "x2": x2, "both": np.column_stack([x1, x2])})
    e1, e2, e12 = (g.evppi for g in v.groups)
    assert e12 == pytest.approx(v.evpi, rel=0.01)  # no noise: the inputs are everything
    assert max(e1, e2) <= e12 <= v.evpi
    assert e1 + e2 != pytest.approx(e12, rel=0.05)  # EVPPI itself is not additive


def test_evpi_estimator_by_hand_three_options() -> None:
    # four equally likely states: best per state 10, 8, 9, 7 (mean 8.5); best on average: C, 6.75
    nb = np.array([[10, 2, 6], [1, 8, 7], [3, 4, 9], [0, 7, 5.0]])
    assert evpi(nb) == pytest.approx(8.5 - 6.75)


@settings(max_examples=25)
@given(seed=st.integers(0, 1000), options=st.integers(2, 5))
def test_evppi_lies_between_zero_and_evpi(seed: int, options: int) -> None:
    rng = np.random.default_rng(seed)
    s = 2_000
    x = rng.normal(size=(s, 3))
    nb = (
        x @ rng.normal(size=(3, options))
        + rng.normal(0, 0.5, (s, options))
        + rng.normal(size=options)
    )
    v = value_of_information(nb, {"x0": x[:, 0], "x12": x[:, 1:], "all": x})
    for g in v.groups:
        assert 0.0 <= g.evppi <= v.evpi + 1e-12
        assert 0.0 <= g.flip_probability <= 1.0


def test_a_dominating_option_leaves_nothing_to_learn() -> None:
    rng = np.random.default_rng(3)
    s = 5_000
    x = rng.normal(size=s)
    a = 10 + x + rng.normal(0, 1, s)
    b = a - rng.uniform(0.1, 1.0, s)  # below A in every trial
    v = value_of_information(np.column_stack([a, b]), {"x": x}, options=["A", "B"])
    assert v.evpi == 0.0
    assert v.groups[0].evppi == 0.0
    assert v.groups[0].flip_probability == 0.0
    assert v.groups[0].low.winner == v.groups[0].high.winner == "A"
    assert evppi(np.column_stack([a, b]), x) == 0.0


def test_what_could_flip_names_the_winner_at_each_end() -> None:
    rng = np.random.default_rng(5)
    s = 30_000
    effort = rng.uniform(0, 3, s)  # the current choice B loses when effort is above 2
    nb_b = 2.0 - effort + rng.normal(0, 0.3, s)
    nb = np.column_stack([np.zeros(s), nb_b])
    v = value_of_information(
        nb, {"effort": effort}, options=["Bitrix24", "Creatio"], names={"effort": ["effort_days"]}
    )
    g = v.groups[0]
    assert v.current == "Creatio"
    assert g.flip_probability == pytest.approx(1 / 3, abs=0.02)  # P(effort > 2)
    assert g.low.winner == "Bitrix24"  # the unfavourable end for Creatio: high effort
    assert g.low.lead < 0
    assert g.low.inputs["effort_days"] == pytest.approx(2.85, abs=0.05)  # mean of the top 10 %
    assert g.high.winner == "Creatio"
    assert g.high.inputs["effort_days"] == pytest.approx(0.15, abs=0.05)
    # the exact value of knowing effort: E[max(0, effort - 2)] = 1/6 for U(0, 3)
    assert g.evppi == pytest.approx(1 / 6, rel=0.05)


def test_a_discrete_input_gets_exact_conditional_means() -> None:
    rng = np.random.default_rng(8)
    s = 20_000
    outcome = rng.choice([0.0, 1.0, 2.0], s, p=[0.3, 0.42, 0.28])
    nb = np.column_stack(
        [np.zeros(s), np.choose(outcome.astype(int), [3.0, 0.5, -6.0]) + rng.normal(0, 1, s)]
    )
    v = value_of_information(nb, {"outcome": outcome})
    means = [nb[outcome == k, 1].mean() for k in (0.0, 1.0, 2.0)]
    share = [(outcome == k).mean() for k in (0.0, 1.0, 2.0)]
    best_mean = max(0.0, nb[:, 1].mean())
    oracle = sum(p * max(0.0, m) for p, m in zip(share, means, strict=True)) - best_mean
    assert v.groups[0].evppi == pytest.approx(oracle, abs=1e-9)
    assert v.groups[0].basis == "indicators of 3 values"


def test_bad_arrays_are_errors_naming_the_group() -> None:
    nb = np.zeros((10, 2))
    with pytest.raises(TrialArrayError, match="net benefit must be"):
        value_of_information(np.zeros(10), {})
    with pytest.raises(TrialArrayError, match="non-finite"):
        value_of_information(np.full((10, 2), np.nan), {})
    with pytest.raises(TrialArrayError) as e:
        value_of_information(nb, {"effort": np.zeros(9)})
    assert e.value.where == "effort"
    with pytest.raises(TrialArrayError, match="drop the columns"):
        value_of_information(nb, {"effort": np.full(10, np.nan)})

"""Property tests on the models and the loader."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_select.models.distributions import Lognormal, Pert, Triangular, bounds
from crm_select.models.errors import InputError
from crm_select.models.loader import dump_scenario, load_catalog, parse_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
CATALOG = load_catalog()
EXAMPLE = parse_scenario(EXAMPLE_SCENARIO.read_bytes(), "example.yaml", CATALOG)


@given(st.lists(finite, min_size=3, max_size=3))
def test_three_point_estimates_keep_their_order(points: list[float]) -> None:
    lo, mode, hi = sorted(points)
    for cls in (Triangular, Pert):
        dist = cls(min=lo, mode=mode, max=hi)
        eps = 1e-12 * max(1.0, abs(lo), abs(hi))  # one rounding of the weighted mean
        assert lo - eps <= dist.mean <= hi + eps
        assert bounds(dist) == (lo, hi)


@given(st.floats(0.01, 1e6), st.floats(1.01, 50))
def test_lognormal_by_percentiles_recovers_them(p10: float, ratio: float) -> None:
    dist = Lognormal(p10=p10, p90=p10 * ratio)
    mu, sigma = dist.mu_sigma
    z90 = 1.2815515655446004  # standard normal P90
    assert math.isclose(math.exp(mu - z90 * sigma), p10, rel_tol=1e-9)
    assert math.isclose(math.exp(mu + z90 * sigma), p10 * ratio, rel_tol=1e-9)
    assert dist.base < dist.mean  # right-skewed: median below mean


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_document_is_accepted_or_refused_with_problems(doc: object) -> None:
    text = json.dumps(doc, allow_nan=True)
    problems = None
    try:
        parse_scenario(text, "fuzz.json", CATALOG)
    except InputError as e:
        problems = e.problems
    if problems is not None:
        assert problems
        assert all(str(p).startswith("fuzz.json") for p in problems)


@pytest.mark.slow
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(
    users=st.integers(1, 100_000),
    margin=st.floats(0, 1),
    rate=st.floats(-0.5, 1),
    horizon=st.integers(1, 10),
)
def test_edited_company_round_trips(users: int, margin: float, rate: float, horizon: int) -> None:
    company = EXAMPLE.company.model_copy(
        update={
            "crm_users": users,
            "gross_margin": margin,
            "discount_rate": rate,
            "horizon_years": horizon,
        }
    )
    scenario = EXAMPLE.model_copy(update={"company": company})
    for fmt in ("yaml", "json"):
        assert parse_scenario(dump_scenario(scenario, fmt), f"x.{fmt}", CATALOG) == scenario

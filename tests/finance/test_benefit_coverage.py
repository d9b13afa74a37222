"""Benefits scale with what an option covers (issue 15): the reps and users it licenses.

Hand-computed cases on the test company (revenue 1,000,000, 60 % from existing customers,
margin 50 %, 10 CRM users of whom 5 are sales reps) and properties (hypothesis).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_select.models.catalog import Catalog
from crm_select.models.decision import resolve
from crm_select.models.scenario import Scenario
from finance.base_case import base_case
from finance.engine import simulate

from .conftest import fixed, option, scenario_data

#: every lever on with a fixed uplift (win rate and sales per rep together: allow_overlap)
ALL_LEVERS: dict[str, Any] = {
    "benefits": {
        "levers": {
            "sales_per_rep": {"enabled": True, "uplift": fixed(0.10)},
            "win_rate": {"enabled": True, "uplift": fixed(0.05)},
            "cross_sales": {"enabled": True, "uplift": fixed(0.15)},
            "retention": {"enabled": True, "uplift": fixed(0.01)},
            "margin": {"enabled": True, "uplift": fixed(0.02)},
            "admin": {"enabled": True, "uplift": fixed(0.10)},
            "allow_overlap": True,
        },
        "productivity_factor": fixed(0.5),
    }
}


def licensed(data: dict[str, Any], users: int | None) -> tuple[Scenario, Any]:
    """The scenario with its (single) option licensing ``users`` (None: every CRM user)."""
    d = copy.deepcopy(data)
    if users is not None:
        d["options"][0]["users"] = users
    s = Scenario.model_validate(d)
    cat = Catalog.model_validate(
        {
            "as_of": "2026-11-01",
            "options": [o.inline.model_dump(mode="json") for o in s.options if o.inline],
        }
    )
    return s, resolve(s, cat)


def yearly_benefit(data: dict[str, Any], users: int | None) -> float:
    """Benefit of a full year after go-live (year 2 of the test option: go-live at 0.5)."""
    s, r = licensed(data, users)
    return base_case(s, r)[r[0].id].benefits[2]


def test_sales_per_rep_follows_the_reps_licensed() -> None:
    data = scenario_data()  # sales per rep +10 % only, margin 50 %
    # all 10 users: R_new 400,000 x 10 % x margin 50 % = 20,000
    assert yearly_benefit(data, None) == pytest.approx(20_000)
    # 4 users: reps first, 4 of the 5 reps: 20,000 x 4 / 5
    assert yearly_benefit(data, 4) == pytest.approx(16_000)
    # 5 users cover every rep
    assert yearly_benefit(data, 5) == pytest.approx(20_000)


def test_every_lever_by_hand_with_half_the_users() -> None:
    data = scenario_data(finance=ALL_LEVERS)
    # 5 of 10 users: every rep (rep share 1), half the users (user share 0.5)
    d_rev = (
        400_000 * 0.10  # sales per rep on new business
        + (100 * 10_000 * 0.4) * 0.05 * 1.10  # win rate on new-business deals, x (1 + u_s)
        + 0.5 * 100_000 * 0.15  # cross-sales
        + 0.5 * 600_000 * 0.01  # retention: one point of churn on existing revenue
    )
    gain = d_rev * 0.5 * (1 + 0.02) + 1_000_000 * 0.5 * 0.02
    saving = 0.5 * 100_000 * 0.10 * 0.5
    assert yearly_benefit(data, 5) == pytest.approx(gain + saving)
    # all users: every share 1, the model of schema versions 1-7
    d_all = 400_000 * 0.10 + 400_000 * 0.05 * 1.10 + 100_000 * 0.15 + 600_000 * 0.01
    full = (1_000_000 + d_all) * 0.5 * 1.02 - 1_000_000 * 0.5 + 100_000 * 0.10 * 0.5
    assert yearly_benefit(data, None) == pytest.approx(full)


def test_win_rate_acts_on_the_profiles_deals() -> None:
    fin = copy.deepcopy(ALL_LEVERS)
    for name in ("sales_per_rep", "cross_sales", "retention", "margin", "admin"):
        fin["benefits"]["levers"][name]["enabled"] = False
    # 50 deals of 10,000 a year, 40 % of them new business: 200,000 x 5 % x margin 50 %
    data = scenario_data(finance=fin, company={"deals_per_year": 50})
    assert yearly_benefit(data, None) == pytest.approx(200_000 * 0.05 * 0.5)
    # more deals than the revenue holds: capped at the new-business revenue (400,000)
    data = scenario_data(finance=fin, company={"deals_per_year": 1_000})
    assert yearly_benefit(data, None) == pytest.approx(400_000 * 0.05 * 0.5)


def test_no_sales_reps_no_rep_levers() -> None:
    data = scenario_data(company={"sales_reps": 0})
    assert yearly_benefit(data, None) == 0.0


@settings(max_examples=30, deadline=None)
@given(
    crm_users=st.integers(1, 60),
    reps=st.integers(0, 60),
    fewer=st.integers(1, 70),
    more=st.integers(1, 70),
)
def test_licensing_fewer_users_never_raises_the_benefit(
    crm_users: int, reps: int, fewer: int, more: int
) -> None:
    """Fewer users never raise the benefit, and raise NPV by at most the cost they save."""
    fewer, more = min(fewer, more), max(fewer, more)
    data = scenario_data(
        finance=ALL_LEVERS, company={"crm_users": crm_users, "sales_reps": min(reps, crm_users)}
    )
    s, r = licensed(data, fewer)
    a = base_case(s, r)[r[0].id]
    s, r = licensed(data, more)
    b = base_case(s, r)[r[0].id]
    assert a.pv_benefits <= b.pv_benefits + 1e-9
    assert a.npv - b.npv <= (b.pv_costs - a.pv_costs) + 1e-6


def test_options_licensing_different_users_get_different_benefits_in_the_simulation() -> None:
    data = scenario_data(
        options=[option("saas-a"), option("saas-b")], finance=ALL_LEVERS, deterministic=True
    )
    data["options"][1]["users"] = 3
    s = Scenario.model_validate(data)
    cat = Catalog.model_validate(
        {
            "as_of": "2026-11-01",
            "options": [o.inline.model_dump(mode="json") for o in s.options if o.inline],
        }
    )
    res = simulate(s, resolve(s, cat), trials=200)
    a, b = res.option("saas-a"), res.option("saas-b")
    assert sum(b.benefits_by_year) < sum(a.benefits_by_year)
    # the simulation and the base case apply the same shares
    assert b.base_case.benefits == pytest.approx(b.benefits_by_year)

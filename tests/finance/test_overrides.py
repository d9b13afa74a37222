"""Every cost override runs through the Monte Carlo (not only the base case) and lands in its
category with the mean of its distribution."""

from __future__ import annotations

import pytest

from crm_select.models.finance import COST_OVERRIDE_FIELDS
from finance.base_case import base_case
from finance.engine import simulate

from .conftest import build, option

#: override field -> the category it fills
CATEGORY = {
    "licences_upfront": "licences",
    "licences_annual": "licences",
    "infrastructure_upfront": "infrastructure",
    "infrastructure_annual": "infrastructure",
}


@pytest.mark.parametrize("field", COST_OVERRIDE_FIELDS)
def test_an_override_alone_is_drawn_per_trial(field: str) -> None:
    # a boxed option has infrastructure; symmetric PERT: its mode (the base case) is its mean
    opt = option(
        delivery="boxed",
        pricing={
            "model": "perpetual",
            "currency": "USD",
            "per_user": 100.0,
            "maintenance_rate": 0.2,
        },
    )
    dist = {"kind": "pert", "min": 1000.0, "mode": 2000.0, "max": 3000.0}
    s, r = build(options=[opt], finance={"cost_overrides": {"saas-a": {field: dist}}})
    o = simulate(s, r, trials=20_000, seed=2).options[0]
    base = base_case(s, r)["saas-a"]
    cat = CATEGORY.get(field, field)
    if cat == "data_entry":  # users' time: the indirect block, not the cash TCO
        mc, expected = o.indirect_tco, base.indirect_tco
    else:
        mc, expected = sum(o.tco_by_category[cat]), sum(base.tco_by_category[cat])
    assert expected > 0
    assert mc == pytest.approx(expected, rel=0.01)
    assert o.npv["p5"] < o.npv["p95"]  # the override varies by trial

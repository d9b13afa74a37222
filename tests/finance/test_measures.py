"""tco_measures and the deterministic base case against hand-computed cash flows."""

from __future__ import annotations

import numpy_financial as npf
import pytest

from finance.base_case import base_case
from finance.measures import tco_measures

from .conftest import build, option


def test_subscription_tco_by_hand() -> None:
    # 10 users x 100 USD x 12 = 12,000 a year; 10 partner days x 1,000 at year 0; go-live after
    # 26 weeks. TCO: the project and the licence from the decision to 3 years after go-live.
    s, r = build()
    m = tco_measures(s, r)
    assert m["upfront_cost"]["saas-a"] == pytest.approx(10_000)
    assert m["tco"]["saas-a"] == pytest.approx(10_000 + 3.5 * 12_000)
    tco = base_case(s, r)["saas-a"].tco_by_category["licences"]
    assert tco == pytest.approx([6_000, 12_000, 12_000, 12_000])  # until go-live, then years 1-3


def test_base_case_cash_flows_match_numpy_financial() -> None:
    s, r = build()
    b = base_case(s, r)["saas-a"]
    # go-live after 26 weeks = 0.5 year: year 1 has half a year of benefits.
    # benefit = R_new * 10 % * margin = 400,000 * 0.1 * 0.5 = 20,000 a year.
    assert b.benefits == pytest.approx([0, 10_000, 20_000, 20_000])
    assert b.costs == pytest.approx([10_000, 12_000, 12_000, 12_000])
    net = [bb - c for bb, c in zip(b.benefits, b.costs, strict=True)]
    assert b.npv == pytest.approx(npf.npv(0.1, net))
    assert b.irr == pytest.approx(npf.irr(net))


def test_escalation_and_perpetual() -> None:
    sub = option(
        "sub",
        pricing={
            "model": "subscription",
            "currency": "USD",
            "per_user_month": 100.0,
            "annual_escalation": 0.1,
        },
    )
    perp = option(
        "perp",
        delivery="boxed",
        pricing={
            "model": "perpetual",
            "currency": "USD",
            "per_user": 500.0,
            "maintenance_rate": 0.2,
        },
    )
    s, r = build(options=[sub, perp])
    b = base_case(s, r)
    assert b["sub"].costs_by_category["licences"] == pytest.approx([0, 12_000, 13_200, 14_520])
    assert b["perp"].costs_by_category["licences"] == pytest.approx([5_000, 1_000, 1_000, 1_000])

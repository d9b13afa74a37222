"""The deterministic base case: every input at its base value, the project succeeding.

``costs_by_category`` are the cash flows of each calendar year 0 .. H (what NPV discounts);
``tco`` and ``tco_by_category`` count the project and H years after go-live
(:mod:`finance.ownership`).

Base values: PERT / triangular mode, uniform midpoint, lognormal median, fixed value,
discrete most likely value; the project outcome is a full success and nothing is abandoned
(the plan a business case presents). It sits next to the simulation, never replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crm_select.models.decision import ResolvedOption
from crm_select.models.scenario import Scenario
from finance import metrics
from finance.benefits import CompanyModel, company_model
from finance.cashflow import option_flows
from finance.costs import CATEGORIES, INDIRECT, OptionModel, option_model
from finance.initial_price import PriceCheck, price_check

Array = NDArray[np.float64]

#: Base values of the two risk uniforms: u = 0 is a full success, u = 1 never abandons.
RISK_BASE = {"outcome": 0.0, "abandonment": 1.0}


def base_inputs(om: OptionModel, cm: CompanyModel) -> dict[str, float]:
    """Base value of every input of one option (its own and the shared ones)."""
    out = {name: float(d.base) for name, d in {**cm.inputs, **om.inputs}.items()}
    out.update(RISK_BASE)
    return out


@dataclass(frozen=True)
class BaseCase:
    """Deterministic cash flows and metrics of one option (scenario currency)."""

    option_id: str
    years: list[int]
    costs_by_category: dict[str, list[float]]
    tco_by_category: dict[str, list[float]]
    costs: list[float]
    benefits: list[float]
    tax: list[float]
    net: list[float]
    cumulative: list[float]
    tco: float
    pv_costs: float
    upfront_cost: float
    pv_benefits: float
    npv: float
    roi: float | None
    risk_adjusted_roi: float | None
    irr: float | None
    discounted_payback: float | None
    go_live_years: float
    indirect_by_year: dict[str, list[float]]
    indirect_tco: float
    price_check: PriceCheck

    def to_dict(self) -> dict[str, object]:
        d = dict(self.__dict__)
        d["price_check"] = dict(self.price_check.__dict__)
        return d


def _none(v: float) -> float | None:
    return float(v) if np.isfinite(v) else None


def evaluate_bases(scenario: Scenario, oms: list[OptionModel], cm: CompanyModel) -> list[BaseCase]:
    """Base cases of several options from prepared models: the flows one option at a time,
    the metrics (PV, IRR, payback) for all options in one vectorised call each."""
    flows = [
        option_flows(om, cm, {k: np.array([v]) for k, v in base_inputs(om, cm).items()})
        for om in oms
    ]
    r = cm.discount_rate
    cost = np.concatenate([f.cost for f in flows], axis=1)  # (Y, options)
    benefit = np.concatenate([f.benefit for f in flows], axis=1)
    net = benefit - cost
    pvc, pvb = metrics.present_value(r, cost.T), metrics.present_value(r, benefit.T)
    risk = scenario.finance.risk
    roi = metrics.roi(pvb, pvc)
    rar = metrics.risk_adjusted_roi(pvb, pvc, risk.tei_benefit_haircut, risk.tei_cost_markup)
    irr = metrics.irr_years_first(net)
    go_live = np.concatenate([f.go_live for f in flows])
    payback = metrics.payback_years_first(r, net, benefit=benefit, go_live=go_live)
    out = []
    for j, (om, f) in enumerate(zip(oms, flows, strict=True)):
        cash = len(CATEGORIES)
        tco = float(f.tco_sum[:cash].sum())
        lic = float(f.tco_sum[CATEGORIES.index("licences")].sum())
        initial = float(f.initial_price[0]) if f.initial_price is not None else 0.0
        out.append(
            BaseCase(
                option_id=om.id,
                years=list(range(cm.horizon + 1)),
                costs_by_category={c: f.category_sum[i].tolist() for i, c in enumerate(CATEGORIES)},
                tco_by_category={c: f.tco_sum[i].tolist() for i, c in enumerate(CATEGORIES)},
                costs=cost[:, j].tolist(),
                benefits=benefit[:, j].tolist(),
                tax=(f.tax_sum if f.tax_sum is not None else np.zeros(cm.horizon + 1)).tolist(),
                net=net[:, j].tolist(),
                cumulative=np.cumsum(net[:, j]).tolist(),
                tco=tco,
                pv_costs=float(pvc[j]),
                upfront_cost=float(cost[0, j]),
                pv_benefits=float(pvb[j]),
                npv=float(pvb[j] - pvc[j]),
                roi=_none(float(roi[j])),
                risk_adjusted_roi=_none(float(rar[j])),
                irr=_none(float(irr[j])),
                discounted_payback=_none(float(payback[j])),
                go_live_years=float(f.go_live[0]),
                indirect_by_year={
                    c: f.category_sum[cash + i].tolist() for i, c in enumerate(INDIRECT)
                },
                indirect_tco=float(f.tco_sum[cash:].sum()),
                price_check=price_check(initial, lic, tco, om.delivery.value, scenario.finance),
            )
        )
    return out


def base_case(scenario: Scenario, resolved: list[ResolvedOption]) -> dict[str, BaseCase]:
    """Deterministic base case per option id."""
    cm = company_model(scenario)
    oms = [option_model(scenario, ro) for ro in resolved]
    return {b.option_id: b for b in evaluate_bases(scenario, oms, cm)}

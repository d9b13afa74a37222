"""Measured criteria for the scoring engine: TCO and up-front cash per option.

The signature of :func:`tco_measures` is stable; scoring/ depends on it.
"""

from __future__ import annotations

from crm_select.models.decision import ResolvedOption
from crm_select.models.scenario import Scenario
from finance.base_case import base_case


def tco_measures(scenario: Scenario, resolved: list[ResolvedOption]) -> dict[str, dict[str, float]]:
    """Deterministic base-case measures per option, in the scenario currency.

    Parameters
    ----------
    scenario : Scenario
    resolved : list of ResolvedOption
        From ``models.decision.resolve(scenario, catalog)``.

    Returns
    -------
    dict
        ``{"tco": {option_id: nominal TCO of the project and H years after go-live},
        "upfront_cost": {option_id: year-0 cash}, "npv": {option_id: NPV}}``. TCO and up-front
        cash are costs (lower is better), NPV a benefit (a measured NPV criterion lets a
        committee weigh money directly; decision confidence feeds it each trial's NPV). All under
        the base case (inputs at their base value, the project succeeding: the budget
        criteria do not count project risk, which the risk criteria and the simulation
        price). TCO is cash (every cash category of docs/finance.md), or economic with users'
        data-entry time when ``finance.budget_tco`` is ``economic``.
    """
    cases = base_case(scenario, resolved)
    economic = scenario.finance.budget_tco == "economic"
    return {
        "tco": {oid: c.tco + (c.indirect_tco if economic else 0.0) for oid, c in cases.items()},
        "upfront_cost": {oid: c.upfront_cost for oid, c in cases.items()},
        "npv": {oid: c.npv for oid, c in cases.items()},
    }

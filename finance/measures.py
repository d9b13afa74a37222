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
        ``{"tco": {option_id: nominal TCO over years 0..H},
        "upfront_cost": {option_id: year-0 cash}}``. Both are costs (lower is better).
        TCO includes every cost category of docs/finance.md (users' data-entry time too)
        under the base case (inputs at their base value, the project succeeding).
    """
    cases = base_case(scenario, resolved)
    return {
        "tco": {oid: c.tco for oid, c in cases.items()},
        "upfront_cost": {oid: c.upfront_cost for oid, c in cases.items()},
    }

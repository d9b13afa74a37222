"""The cash-flow kernel: costs by category and benefits of one option for T trials.

Arrays are (T, Y) with Y = horizon + 1 (year 0 .. H). Timing conventions (docs/finance.md):

* year 0 is the start (undiscounted); year y >= 1 collects the flows of the interval
  (y - 1, y] and is discounted as if paid at its end;
* project spend is paid at the start of each project year: the share of the project that
  falls in [y, y + 1) is paid at point y (so a project shorter than a year is all year 0);
* licences, infrastructure and add-ons run from year 1 until abandonment; administration and
  support run from go-live; data-entry time and benefits follow the live fraction of each year
  times the adoption ramp; an abandoned project stops all of them and pays an exit cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from finance.benefits import CompanyModel, lever_value
from finance.costs import CATEGORIES, OptionModel
from finance.risk import abandonment_time, outcome_value

Array = NDArray[np.float64]
CAT = {name: i for i, name in enumerate(CATEGORIES)}
PROJECT = (
    "implementation",
    "customisation",
    "integration",
    "data_migration",
    "change_management",
    "training",
)
RUNNING = ("licences", "infrastructure", "add_ons")
LIVE = ("administration", "support")


@dataclass
class Flows:
    """Cash flows of one option for T trials.

    Attributes
    ----------
    cost : (T, Y) total cost per trial and year (nominal)
    benefit : (T, Y) benefit per trial and year (nominal)
    category_sum : (C, Y) cost per category and year summed over the T trials
    go_live : (T,) years from start to go-live
    abandoned : (T,) bool
    """

    cost: Array
    benefit: Array
    category_sum: Array
    go_live: Array
    abandoned: NDArray[np.bool_]


def _get(x: dict[str, Array], name: str, default: Array | float) -> Array:
    v = x.get(f"override.{name}")
    if v is None:
        return np.asarray(default, dtype=np.float64) * np.ones_like(x["outcome"])
    return v


def option_flows(om: OptionModel, cm: CompanyModel, x: dict[str, Array]) -> Flows:
    """Cash flows of one option given drawn inputs ``x`` (name -> (T,) array).

    ``x`` holds the option's inputs (``om.inputs``) and the shared ones (``cm.inputs``).
    """
    H = cm.horizon
    Y = H + 1
    y = np.arange(Y, dtype=np.float64)
    T = x["outcome"].shape[0]

    # --- timing --------------------------------------------------------------------------
    dur = x["duration_weeks"] * (om.duration_multiplier / 52.0) * x["schedule_overrun"]
    dur = np.maximum(dur, 1e-9)
    proj = np.clip(dur[:, None] - y, 0.0, 1.0) / dur[:, None]
    o, failure = outcome_value(x["outcome"], om.outcome)
    t_end = abandonment_time(x["abandonment"], failure, dur, om.outcome)
    abandoned = np.isfinite(t_end)
    start = np.maximum(y - 1.0, dur[:, None])
    end = np.minimum(y, t_end[:, None])
    live = np.clip(end - start, 0.0, 1.0)
    ramp = np.asarray(cm.adoption_ramp)
    tau = 0.5 * (start + end) - dur[:, None]
    idx = np.clip(tau, 0, len(ramp) - 1).astype(np.intp)
    use = live * ramp[idx]
    last_year = np.minimum(np.ceil(t_end), H + 1.0)
    running = (y >= 1.0) & (y <= last_year[:, None])

    # --- amounts per trial ---------------------------------------------------------------
    co = x["cost_overrun"]
    effort = x["effort_days"]
    work = effort * om.effort_multiplier
    internal_days = work * (1.0 - om.partner_share) + effort * om.internal_share
    impl_base = work * om.partner_share * om.partner_rate + internal_days * om.internal_rate
    build = x["build_days"] * om.build_day_rate if "build_days" in x else 0.0
    amounts: dict[str, Array] = {
        "implementation": _get(x, "implementation", impl_base) * co,
        "customisation": _get(x, "customisation", impl_base * om.customisation_share + build) * co,
        "integration": _get(x, "integration", impl_base * om.integration_share) * co,
        "data_migration": _get(x, "data_migration", impl_base * om.migration_share) * co,
        "change_management": _get(x, "change_management", impl_base * om.change_share) * co,
        "training": _get(x, "training", om.training_cost),
    }
    project_total = sum(amounts[c] for c in PROJECT)
    lic_up = _get(x, "licences_upfront", om.licence_upfront)
    lic_ann = _get(x, "licences_annual", om.licence_annual)
    infra_up = _get(x, "infrastructure_upfront", om.infra_upfront)
    amounts["licences"] = lic_ann
    amounts["infrastructure"] = _get(x, "infrastructure_annual", om.infra_annual)
    amounts["add_ons"] = _get(
        x, "add_ons", om.add_on_rate * (om.licence_annual + 0.2 * om.licence_upfront)
    )
    amounts["administration"] = _get(x, "administration", om.admin_annual)
    amounts["support"] = _get(
        x, "support", om.support_rate * impl_base + om.build_maintenance_rate * build
    )
    minutes = x["data_entry_minutes"]
    amounts["data_entry"] = _get(
        x, "data_entry", om.users * minutes / 480.0 * cm.working_days * cm.labour_per_day
    )
    exit_cost = om.exit_share * project_total * abandoned
    exit_year = np.where(abandoned, np.minimum(np.ceil(t_end), H + 1), H + 1).astype(np.intp)
    exit_at = (exit_year[:, None] == np.arange(Y)).astype(np.float64)

    esc = np.zeros(Y)
    esc[1:] = (1.0 + om.licence_escalation) ** np.arange(H)

    # --- totals per trial ----------------------------------------------------------------
    run_f = running.astype(np.float64)
    cost = proj * project_total[:, None]
    cost += run_f * (
        lic_ann[:, None] * esc + (amounts["infrastructure"] + amounts["add_ons"])[:, None]
    )
    cost += live * (amounts["administration"] + amounts["support"])[:, None]
    cost += use * amounts["data_entry"][:, None]
    cost += exit_at * exit_cost[:, None]
    cost[:, 0] += lic_up + infra_up

    # --- category sums over trials (matrix products, no per-category (T, Y) arrays) ------
    cat = np.zeros((len(CATEGORIES), Y))
    cat[[CAT[c] for c in PROJECT]] = np.stack([amounts[c] for c in PROJECT]) @ proj
    cat[[CAT[c] for c in RUNNING]] = np.stack([amounts[c] for c in RUNNING]) @ run_f
    cat[CAT["licences"]] *= esc
    cat[[CAT[c] for c in LIVE]] = np.stack([amounts[c] for c in LIVE]) @ live
    cat[CAT["data_entry"]] = amounts["data_entry"] @ use
    cat[CAT["exit"]] = exit_cost @ exit_at
    cat[CAT["licences"], 0] += lic_up.sum()
    cat[CAT["infrastructure"], 0] += infra_up.sum()

    # --- benefits ------------------------------------------------------------------------
    if cm.compounding:
        k = np.clip(np.ceil(tau), 1.0, 3.0)
        xb = {n: v[:, None] for n, v in x.items()}
        benefit = o[:, None] * lever_value(cm, xb, k) * use
    else:
        benefit = (o * lever_value(cm, x))[:, None] * use
    if T == 0:
        benefit = np.zeros((0, Y))
    return Flows(cost=cost, benefit=benefit, category_sum=cat, go_live=dur, abandoned=abandoned)

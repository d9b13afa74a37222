"""The cash-flow kernel: costs by category and benefits of one option for T trials.

Arrays are (T, Y) with Y = horizon + 1 (year 0 .. H). Timing conventions (docs/finance.md):

* year 0 is the start (undiscounted); year y >= 1 collects the flows of the interval
  (y - 1, y] and is discounted as if paid at its end;
* project spend is paid at the start of each project year: the share of the project that
  falls in [y, y + 1) is paid at point y (so a project shorter than a year is all year 0);
* licences, infrastructure and add-ons run from year 1 until abandonment; licences (with the
  edition's fixed yearly fees) and add-ons are paid as the contract bills them
  (:mod:`finance.timing`: annual in advance puts each licence year at its start);
  administration and support run from go-live; data-entry time and benefits follow the live
  fraction of each year times the adoption ramp; an abandoned project stops all of them and
  pays an exit cost;
* the total cost of ownership counts the project and H years after go-live
  (:mod:`finance.ownership`), not the calendar horizon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from finance.benefits import CompanyModel, lever_parts, option_benefit
from finance.costs import ALL_CATEGORIES, OptionModel
from finance.ownership import OwnershipInputs, ownership_costs
from finance.risk import abandonment_time, outcome_value

Array = NDArray[np.float64]
CAT = {name: i for i, name in enumerate(ALL_CATEGORIES)}
PROJECT = (
    "implementation",
    "customisation",
    "integration",
    "data_migration",
    "change_management",
    "training",
)
RUNNING = ("licences", "infrastructure", "add_ons")
#: running categories paid as the contract bills them (the rest at each year's end)
BILLED = ("licences", "add_ons")
LIVE = ("administration", "support")


@dataclass
class Flows:
    """Cash flows of one option for T trials, **years first** (long inner loops over trials).

    Attributes
    ----------
    cost : (Y, T) total cost per calendar year and trial (nominal)
    benefit : (Y, T) benefit per calendar year and trial (nominal)
    category_sum : (C, Y) cost per category and calendar year summed over the T trials
    go_live : (T,) years from start to go-live
    abandoned : (T,) bool
    tco_sum : (C, Y) cost per category and ownership row (the project, then each year after
        go-live: :mod:`finance.ownership`) summed over the T trials
    tco : (T,) TCO of each trial, when asked for (``per_trial_tco``)
    tax_sum : (Y,) profit tax per calendar year summed over the T trials (None when the
        scenario is pre-tax); ``cost`` and ``benefit`` are then after tax
    initial_price : (T,) licences and implementation as quoted (:mod:`finance.initial_price`)
    """

    cost: Array
    benefit: Array
    category_sum: Array
    go_live: Array
    abandoned: NDArray[np.bool_]
    tco_sum: Array
    tco: Array | None = None
    tax_sum: Array | None = None
    initial_price: Array | None = None


def _get(x: dict[str, Array], name: str, default: Array | float) -> Array | float:
    """The override of ``name`` if drawn, else ``default`` (a float stays a float)."""
    v = x.get(f"override.{name}")
    if v is None:
        return default if isinstance(default, np.ndarray) and default.ndim else float(default)
    return v


def _total(a: Array | float, T: int) -> float:
    """Sum over T trials of a drawn amount, or T times a constant one."""
    return float(a.sum()) if isinstance(a, np.ndarray) and a.ndim else float(a) * T


def _sums(m: Array, amounts: list[Array | float]) -> Array:
    """``[Σ_t m[y, t] a[t] for y]`` for each amount; a constant uses the row sums of ``m``."""
    out = np.empty((len(amounts), m.shape[0]))
    rows: Array | None = None
    for i, a in enumerate(amounts):
        if np.ndim(a) == 0:
            if rows is None:
                rows = m.sum(axis=1)
            np.multiply(rows, a, out=out[i])
        else:
            np.einsum("yt,t->y", m, a, out=out[i])  # no BLAS: no thread pool to wake
    return out


def _bad_data_entry(om: OptionModel, u: Array, outcome: Array) -> Array:
    """Extra data-entry minutes of the badly-organised-entry risk: it strikes when ``u`` falls
    below the probability of the trial's outcome (full, partial, failure); the position of
    ``u`` inside that band places the minutes uniformly in their range."""
    m = om.outcome
    p = np.full(u.shape, om.bad_entry[1])
    p[outcome < m.p_full] = om.bad_entry[0]
    p[outcome >= m.p_full + m.p_partial] = om.bad_entry[2]
    level = np.zeros_like(u)
    np.divide(u, p, out=level, where=p > 0)
    lo, hi = om.bad_minutes
    return np.where(u < p, lo + (hi - lo) * level, 0.0)


def decayed_ramp(ramp: Array, decay: float, horizon: int) -> Array:
    """The ramp followed by its plateau losing ``decay`` a year, far enough for the horizon."""
    fade = ramp[-1] * (1.0 - decay) ** np.arange(1, horizon + 2, dtype=np.float64)
    return np.concatenate((ramp, fade))


def option_flows(
    om: OptionModel,
    cm: CompanyModel,
    x: dict[str, Array],
    parts: dict[str, Array] | None = None,
    per_trial_tco: bool = False,
) -> Flows:
    """Cash flows of one option given drawn inputs ``x`` (name -> (T,) array).

    ``x`` holds the option's inputs (``om.inputs``) and the shared ones (``cm.inputs``).
    Arrays are laid out (Y, T) so that every elementwise loop runs over the trials.
    ``parts`` is ``lever_parts(cm, x)`` when the caller has it already (it depends on the
    shared inputs only, so the engine computes it once per chunk for all options; the
    option's shares are applied here; an option with its own ``uplift_scale`` draws its own).

    Performance notes (the engine calls this once per option and chunk): every (Y, T)
    temporary is reused in place (``out=``); project shares are computed only for the years
    the longest project reaches (the other rows are exactly zero); the exit cost touches only
    abandoned trials.
    """
    H = cm.horizon
    Y = H + 1
    yc = np.arange(Y, dtype=np.float64)[:, None]
    T = x["outcome"].shape[0]

    # --- timing --------------------------------------------------------------------------
    dur = x["duration_weeks"] * (om.duration_multiplier / 52.0)
    dur *= x["schedule_overrun"]
    np.clip(dur, 1e-9, np.inf, out=dur)  # explicit bounds: numpy's fast clip loop
    # project years: rows y with y < dur somewhere (clip(dur - y, 0, 1) is 0 for the others)
    dmax = float(dur.max()) if T else 0.0
    m = math.ceil(dmax) if dmax < Y else Y
    o, failure = outcome_value(x["outcome"], om.outcome)
    t_end = abandonment_time(x["abandonment"], failure, dur, om.outcome)
    abandoned = np.isfinite(t_end)
    any_abandoned = bool(abandoned.any())
    # a project dropped during implementation pays only the work done until then
    early = bool(np.any(t_end < dur)) if any_abandoned else False
    proj = np.subtract(np.minimum(dur, t_end) if early else dur, yc[:m])
    np.clip(proj, 0.0, 1.0, out=proj)
    proj /= dur
    # max(y - 1, dur) and min(y, t_end) row by row: clip with two finite-or-infinite scalar
    # bounds is a SIMD loop; np.maximum / np.minimum (and clip with None) are much slower
    start = np.empty((Y, T))
    for y in range(Y):
        np.clip(dur, y - 1.0, np.inf, out=start[y])
    if any_abandoned:
        end = np.empty((Y, T))
        for y in range(Y):
            np.clip(t_end, -np.inf, float(y), out=end[y])
    else:
        end = np.broadcast_to(yc, (Y, T))
    live = np.subtract(end, start)
    np.clip(live, 0.0, 1.0, out=live)
    ramp = np.asarray(om.adoption_ramp)
    tau = start
    tau += end
    tau *= 0.5
    tau -= dur
    if len(ramp) > 1:
        # truncation then index clipping = the ramp year clipped to 0 .. len - 1
        use = ramp.take(tau.astype(np.intp), mode="clip")
        use *= live
    else:
        use = live * ramp[0]
    # benefits fade by ``decay`` a year after the ramp's plateau (users' time does not)
    gets = use
    if cm.decay:
        gets = decayed_ramp(ramp, cm.decay, H).take(tau.astype(np.intp), mode="clip")
        gets *= live
    if any_abandoned:
        last_year = np.clip(np.ceil(t_end), -np.inf, H + 1.0)
        running = np.zeros((Y, T))
        np.less_equal(yc[1:], last_year, out=running[1:])
    else:
        running = np.ones((Y, T))
        running[0] = 0.0

    # --- amounts per trial ---------------------------------------------------------------
    co = x["cost_overrun"]
    effort = x["effort_days"]
    work = effort * om.effort_multiplier
    internal_days = work * (1.0 - om.partner_share) + effort * om.internal_share
    impl_base = work * (om.partner_share * om.partner_rate) + internal_days * om.internal_rate
    # cost of one more person-day of scope, staffed like the core effort (integrations,
    # extra data sources, hypercare)
    day_cost = (
        om.effort_multiplier * om.partner_share * om.partner_rate
        + (om.effort_multiplier * (1.0 - om.partner_share) + om.internal_share) * om.internal_rate
    )
    build = x["build_days"] * om.build_day_rate if "build_days" in x else 0.0
    integration = impl_base * om.integration_share + x["integration_days"] * day_cost
    migration = impl_base * om.migration_share + om.migration_days * day_cost
    amounts: dict[str, Array | float] = {
        "implementation": _get(x, "implementation", impl_base) * co,
        "customisation": _get(x, "customisation", impl_base * om.customisation_share + build) * co,
        "integration": _get(x, "integration", integration) * co,
        "data_migration": _get(x, "data_migration", migration) * co,
        "change_management": _get(x, "change_management", impl_base * om.change_share) * co,
        "training": _get(x, "training", om.training_cost),
    }
    hypercare = effort * (om.hypercare_share * day_cost)
    hypercare *= co
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
    if "data_entry_risk" in x:
        minutes = minutes + _bad_data_entry(om, x["data_entry_risk"], x["outcome"])
    amounts["data_entry"] = _get(
        x,
        "data_entry",
        minutes * (om.capture_factor * om.users / 480.0 * cm.working_days * cm.labour_per_day),
    )
    # the initial price: licences and implementation as quoted (up-front licences and fees, a
    # subscription's fees over the ownership period further down, the partner's share of
    # implementation, customisation and migration before any overrun, an agency's build)
    quoted = _get(x, "implementation", impl_base * om.quote_share)
    quoted = quoted + _get(
        x,
        "customisation",
        impl_base * (om.customisation_share * om.quote_share)
        + (build if om.build_external else 0.0),
    )
    quoted = quoted + _get(x, "data_migration", migration * om.quote_share)

    esc = np.zeros(Y)
    esc[1:] = (1.0 + om.licence_escalation) ** np.arange(H)
    # price levels (inflation): amounts are at year-0 prices; project spend paid at point y
    # carries the wage level of year y, a running year (y - 1, y] the level of its start
    inflated = cm.inflated
    wage = cm.index(cm.wage_inflation)
    price = cm.index(cm.price_inflation)
    wage_run = np.concatenate(([0.0], wage[:-1]))[:, None]
    price_run = np.concatenate(([0.0], price[:-1]))[:, None]

    # --- totals per trial ----------------------------------------------------------------
    # licences (with fixed yearly fees) and add-on subscriptions are paid as the contract
    # bills them: the share ``w`` of each licence year at its start (finance.timing);
    # infrastructure runs at the year's end. (Y, 1) unless an override is drawn per trial.
    add_ons = amounts["add_ons"] * price_run if inflated else amounts["add_ons"]
    billed = np.multiply(lic_ann, esc[:, None])
    billed = billed + add_ons
    infra_run = amounts["infrastructure"] * price_run if inflated else amounts["infrastructure"]
    cost = np.multiply(running, infra_run)
    tmp = np.empty((Y, T))
    w = om.licence_advance
    np.multiply(running, billed, out=tmp)
    if w == 0.0:
        cost += tmp
    else:
        if w != 1.0:
            cost[1:] += (1.0 - w) * tmp[1:]
            tmp[1:] *= w
        cost[:-1] += tmp[1:]
    np.multiply(proj, project_total, out=tmp[:m])
    if inflated:
        tmp[:m] *= wage[:m, None]
    cost[:m] += tmp[:m]
    np.multiply(live, amounts["administration"] + amounts["support"], out=tmp)
    if inflated:
        tmp *= wage_run
    cost += tmp
    np.multiply(use, amounts["data_entry"], out=tmp)
    if inflated:
        tmp *= wage_run
    cost += tmp
    cost[0] += lic_up + infra_up
    # hypercare: expert support just after go-live, paid in the year go-live falls in
    hyper_year = np.floor(dur).astype(np.intp)
    hc = np.flatnonzero((hyper_year <= H) & (dur < t_end) if early else hyper_year <= H)
    hyper_paid = hypercare[hc] * wage[hyper_year[hc]] if inflated else hypercare[hc]
    cost[hyper_year[hc], hc] += hyper_paid
    exit_year = np.empty(0, dtype=np.intp)
    exit_cost = np.empty(0)
    ab = np.empty(0, dtype=np.intp)
    if any_abandoned:
        ab = np.flatnonzero(abandoned)
        exit_year = np.minimum(np.ceil(t_end[ab]), H + 1).astype(np.intp)
        exit_cost = om.exit_share * np.broadcast_to(np.asarray(project_total, np.float64), (T,))[ab]
        inside = exit_year <= H
        paid = exit_cost[inside] * wage[exit_year[inside]] if inflated else exit_cost[inside]
        cost[exit_year[inside], ab[inside]] += paid

    # --- category sums over trials (matrix-vector products, no per-category (Y, T) arrays)
    cat = np.zeros((len(ALL_CATEGORIES), Y))
    if m:
        cat[[CAT[c] for c in PROJECT], :m] = _sums(proj, [amounts[c] for c in PROJECT])
        if inflated:
            cat[[CAT[c] for c in PROJECT], :m] *= wage[:m]
    cat[[CAT[c] for c in RUNNING]] = _sums(running, [amounts[c] for c in RUNNING])
    cat[CAT["licences"]] *= esc
    if inflated:
        cat[[CAT["infrastructure"], CAT["add_ons"]]] *= price_run[:, 0]
    for c in BILLED:
        if w != 0.0:
            row = cat[CAT[c]]
            row[:-1] = w * row[1:] + (1.0 - w) * row[:-1]
            row[-1] *= 1.0 - w
    cat[[CAT[c] for c in LIVE]] = _sums(live, [amounts[c] for c in LIVE])
    cat[CAT["data_entry"]] = _sums(use, [amounts["data_entry"]])[0]
    if inflated:
        cat[[CAT["administration"], CAT["support"], CAT["data_entry"]]] *= wage_run[:, 0]
    exit_paid = exit_cost * wage[np.minimum(exit_year, H)] if inflated else exit_cost
    cat[CAT["exit"]] = np.bincount(exit_year, weights=exit_paid, minlength=H + 2)[:Y]
    cat[CAT["hypercare"]] = np.bincount(hyper_year[hc], weights=hyper_paid, minlength=Y)[:Y]
    cat[CAT["licences"], 0] += _total(lic_up, T)
    cat[CAT["infrastructure"], 0] += _total(infra_up, T)

    # --- total cost of ownership: the project, then H years after go-live -----------------
    if inflated:
        # the project's amounts at the wage levels of the years they are paid in
        proj_level = np.einsum("y,yt->t", wage[:m], proj) if m else np.ones(T)
        once = {c: amounts[c] * proj_level for c in PROJECT}
        hyper_owned = hypercare * wage[np.minimum(hyper_year, H)]
        exit_owned = exit_paid
    else:
        # the share of the project done (less than all of it when dropped during it)
        done = np.clip(t_end / dur, 0.0, 1.0) if early else 1.0
        once = {c: amounts[c] * done for c in PROJECT}
        hyper_owned, exit_owned = hypercare, exit_cost
    pi, wi = cm.price_inflation, cm.wage_inflation
    owned = ownership_costs(
        OwnershipInputs(
            dur,
            t_end if any_abandoned else None,
            H,
            running={
                "licences": (amounts["licences"], om.licence_escalation),
                "infrastructure": (amounts["infrastructure"], pi),
                "add_ons": (amounts["add_ons"], pi),
            },
            live={c: (amounts[c], wi) for c in LIVE},
            adoption={"data_entry": (amounts["data_entry"], wi, om.adoption_ramp)},
            once=once | {"licences": lic_up, "infrastructure": infra_up},
            hypercare=hyper_owned,
            exit_cost=(ab, exit_owned),
        ),
        per_trial=per_trial_tco,
    )
    tco_sum = np.zeros((len(ALL_CATEGORIES), Y))
    for c, row in owned.category_sum.items():
        tco_sum[CAT[c]] += row
    # licences as quoted: a purchase (up-front licences, onboarding fees), plus a
    # subscription's fees over the ownership period when the vendor quotes for the term
    initial_price = quoted + lic_up
    if om.licence_over_term:
        initial_price = initial_price + lic_ann * owned.licence_years

    # --- benefits ------------------------------------------------------------------------
    if cm.compounding:
        k = np.clip(np.ceil(tau), 1.0, 3.0)
        xb = {n: v[None, :] for n, v in x.items()}
        parts = lever_parts(cm, xb, k, om.uplift_scale)
        gain, saving = option_benefit(cm, parts, om.lever_share)
        if inflated:
            gain = gain * price_run
            saving = saving * wage_run
        benefit = o * (gain + saving) * gets
    else:
        if parts is None or om.uplift_scale != 1.0:
            parts = lever_parts(cm, x, scale=om.uplift_scale)
        gain, saving = option_benefit(cm, parts, om.lever_share)
        if inflated:
            benefit = gets * (o * gain) * price_run
            benefit += gets * (o * saving) * wage_run
        else:
            benefit = gets  # in place: ``use`` is not needed after this
            benefit *= o * (gain + saving)

    # --- profit tax and the residual value (both optional) ------------------------------
    tax_sum = None
    if cm.tax_rate > 0 or cm.residual_value:
        # capitalised: up-front licences and database licences at year 0, a bespoke build
        # (unless customisation is overridden) as it is paid; amortised from go-live
        build_paid = build * co if "override.customisation" not in x else 0.0
        capex_rows = np.zeros((Y, T))
        capex_rows[0] += lic_up + infra_up
        if m and np.any(build_paid):
            capex_rows[:m] += proj * build_paid * (wage[:m, None] if inflated else 1.0)
        capex = capex_rows.sum(axis=0)
        life = cm.amortisation_years
        if cm.tax_rate > 0:
            before = benefit.sum(axis=1) - cost.sum(axis=1)
            stop_at = np.minimum(dur + life, t_end) if any_abandoned else dur + life
            dep = np.clip(np.minimum(yc, stop_at) - np.maximum(yc - 1.0, dur), 0.0, 1.0)
            dep *= capex / life
            if any_abandoned:
                # the book value left is written off when the project is dropped
                rest = capex[ab] * np.clip(1.0 - (t_end[ab] - dur[ab]) / life, 0.0, 1.0)
                keep = exit_year <= H
                dep[exit_year[keep], ab[keep]] += rest[keep]
            rate = cm.tax_rate
            # after tax: (1 - t) x (benefits - operating costs) - capex + t x amortisation
            cost *= 1.0 - rate
            cost += rate * (capex_rows - dep)
            benefit *= 1.0 - rate
            tax_sum = before - (benefit.sum(axis=1) - cost.sum(axis=1))
        if cm.residual_value:
            # the book value left at H of an asset still in use, untaxed (sold at book value)
            left = np.clip(1.0 - (H - dur) / life, 0.0, 1.0) * capex
            if any_abandoned:
                left[abandoned] = 0.0
            benefit[H] += left

    return Flows(
        cost=cost,
        benefit=benefit,
        category_sum=cat,
        go_live=dur,
        abandoned=abandoned,
        tco_sum=tco_sum,
        tco=owned.total,
        tax_sum=tax_sum,
        initial_price=np.broadcast_to(np.asarray(initial_price, np.float64), (T,)),
    )

"""Benefits gated by fit: the share of each benefit lever an option can deliver (issue 15).

An option delivers lever ``l`` in the share ``w_l = coverage_l × fit_l``:

* ``coverage_l`` — the part of the lever's base it licenses (:func:`benefits.coverage_shares`:
  the reps for the rep levers, the CRM users for the others);
* ``fit_l = floor + (1 − floor) · clip((g_l − zero_grade) / (full_grade − zero_grade), 0, 1)``
  with ``g_l`` the mean 0–5 grade of the Goldenberg components the lever needs
  (``finance.benefits.fit.requires``): the catalog's grade (with the decision's
  ``overrides.coverage``), replaced by the committee's consensus where raters scored a rating
  criterion named after the component (rescaled from its scale to 0–5). Off
  (``fit.enabled: false``, schema versions 1–7) every ``fit_l`` is 1.

Both factors are non-decreasing in what they measure, so more users and better grades never
lower a lever's share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_select.models.catalog import Component
from crm_select.models.decision import ResolvedOption
from crm_select.models.finance import LEVER_NAMES, Fit
from crm_select.models.scenario import Scenario
from finance.benefits import coverage_shares
from finance.judgement import committee_inputs, rescaled_consensus


def component_grades(scenario: Scenario, ro: ResolvedOption) -> dict[Component, float]:
    """The option's 0–5 grade of each component: the committee's consensus on a rating
    criterion named after the component where raters scored it, else the catalog's grade."""
    grades = {c: float(g) for c, g in ro.option.coverage.items()}
    scored = rescaled_consensus(scenario, ro, [c.value for c in Component])
    for name, v in scored.items():
        grades[Component(name)] = 5.0 * v
    return grades


def fit_inputs(scenario: Scenario) -> dict[str, object]:
    """What :func:`component_grades` reads of the committee (nothing when the gate is off)."""
    if not scenario.finance.benefits.fit.enabled:
        return {}
    return committee_inputs(scenario, [c.value for c in Component])


def fit_share(fit: Fit, grades: dict[Component, float], lever: str) -> float:
    """The share of ``lever`` an option with these grades can deliver (module docstring)."""
    g = float(np.mean([grades[c] for c in fit.requires[lever]]))
    x = min(1.0, max(0.0, (g - fit.zero_grade) / (fit.full_grade - fit.zero_grade)))
    return fit.floor + (1.0 - fit.floor) * x


def fit_shares(scenario: Scenario, ro: ResolvedOption) -> dict[str, float]:
    """Each lever's fit share of one option (all 1 when the fit gate is off)."""
    fit = scenario.finance.benefits.fit
    if not fit.enabled:
        return dict.fromkeys(LEVER_NAMES, 1.0)
    grades = component_grades(scenario, ro)
    return {name: fit_share(fit, grades, name) for name in LEVER_NAMES}


@dataclass(frozen=True)
class LeverShare:
    """One lever of one option: ``coverage`` the part of its base the option licenses, ``fit``
    the part its components' grades deliver; ``share`` = coverage × fit of the benchmark.
    ``benchmark`` is the lever's mean uplift times its mean attribution (what a full share
    would bring on average), ``effective`` = ``benchmark`` × ``share``."""

    lever: str
    coverage: float
    fit: float
    share: float
    benchmark: float
    effective: float


def lever_breakdown(scenario: Scenario, ro: ResolvedOption) -> list[LeverShare]:
    """Each enabled lever's coverage, fit and share for one option, with the uplift it brings
    on average (the Monte Carlo draws the uplift and the attribution independently, so the mean
    of their product is the product of the means)."""
    cov = coverage_shares(scenario.company, ro.users)
    fit = fit_shares(scenario, ro)
    shares = lever_shares(scenario, ro)
    levers = scenario.finance.benefits.levers
    out = []
    for name in LEVER_NAMES:
        lever = getattr(levers, name)
        if lever.enabled:
            mean = lever.uplift.mean * lever.attribution.mean
            share = shares[name]
            out.append(LeverShare(name, cov[name], fit[name], share, mean, mean * share))
    return out


def lever_shares(scenario: Scenario, ro: ResolvedOption) -> dict[str, float]:
    """The share of each lever's benchmark the option delivers: coverage × fit."""
    cov = coverage_shares(scenario.company, ro.users)
    fit = fit_shares(scenario, ro)
    return {name: cov[name] * fit[name] for name in LEVER_NAMES}

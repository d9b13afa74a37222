"""The decision matrix (options x criteria) of a scenario.

Rating criteria take the committee's consensus; measured criteria come from the catalog
(after the scenario's overrides) or from the finance model via ``measures``.

Catalog measures and their numeric mapping:

========================  =================================================================
measure                   value
========================  =================================================================
coverage:<component>      the option's grade 0..5 for that Goldenberg component
crm_type:<type>           grade 0..5 for operational / analytical / collaborative
coverage_total            sum of the 11 component grades (0..55)
weeks_to_deploy           most likely implementation duration (``duration_weeks.mode``)
lock_in                   0 none .. 5 severe (natural direction: cost)
vendor_viability          0 doubtful .. 5 very strong
russia_availability       available 3, restricted 2, unknown 1, unavailable 0
data_residency            personal data can stay in Russia: yes 1, unknown 0.5, no 0
lifecycle                 active 2, maintenance 1, end_of_life 0
tco, upfront_cost, npv    ``measures["tco"][option_id]`` etc., from finance/ (base case; per
                          trial in decision confidence, :mod:`scoring.joint`)
========================  =================================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crm_select.models.catalog import Availability, Component, CrmType, Lifecycle
from crm_select.models.criteria import Direction, MeasuredScale
from crm_select.models.decision import ResolvedOption
from crm_select.models.scenario import Scenario
from scoring.committee import Aggregate, Consensus, consensus, rating_tensor
from scoring.errors import ScoringWarning
from scoring.normalise import zero_variance

RUSSIA_AVAILABILITY: dict[Availability, float] = {
    Availability.AVAILABLE: 3.0,
    Availability.RESTRICTED: 2.0,
    Availability.UNKNOWN: 1.0,
    Availability.UNAVAILABLE: 0.0,
}
DATA_RESIDENCY: dict[bool | None, float] = {True: 1.0, None: 0.5, False: 0.0}
LIFECYCLE: dict[Lifecycle, float] = {
    Lifecycle.ACTIVE: 2.0,
    Lifecycle.MAINTENANCE: 1.0,
    Lifecycle.END_OF_LIFE: 0.0,
}
FINANCE_MEASURES: frozenset[str] = frozenset({"tco", "upfront_cost", "npv"})


def catalog_measure(resolved: ResolvedOption, measure: str) -> float:
    """The numeric value of a catalog measure for one option (see the module table)."""
    option = resolved.option
    if measure.startswith("coverage:"):
        return float(option.coverage[Component(measure.split(":", 1)[1])])
    if measure.startswith("crm_type:"):
        return float(option.crm_types[CrmType(measure.split(":", 1)[1])])
    match measure:
        case "coverage_total":
            return float(sum(option.coverage.values()))
        case "weeks_to_deploy":
            return float(resolved.duration_weeks.mode)
        case "lock_in":
            return float(option.risk.lock_in)
        case "vendor_viability":
            return float(option.risk.vendor_viability)
        case "russia_availability":
            return RUSSIA_AVAILABILITY[option.risk.russia]
        case "data_residency":
            return DATA_RESIDENCY[option.risk.data_residency_ru]
        case "lifecycle":
            return LIFECYCLE[option.risk.lifecycle]
    raise KeyError(measure)


@dataclass(frozen=True)
class DecisionMatrix:
    """Options x criteria values ready for a method, with where each column came from.

    Attributes
    ----------
    options, criteria : tuple of str
    values : ndarray (m, n)
    directions : ndarray (n,) of +1 (benefit) / -1 (cost)
    source : dict criterion -> "raters" | "catalog" | "finance"
    dispersion : ndarray (m, n)
        Standard deviation of the raters' scores (0 for measured criteria and single scores).
    sem : ndarray (m, n)
        Standard error of the consensus (0 for measured criteria).
    scale_min, scale_max : ndarray (n,)
        Rating scale bounds (NaN for measured criteria).
    dropped : tuple of str
        Criteria of the tree left out, each with a warning.
    consensus : Consensus or None
    """

    options: tuple[str, ...]
    criteria: tuple[str, ...]
    values: np.ndarray
    directions: np.ndarray
    source: dict[str, str]
    dispersion: np.ndarray
    sem: np.ndarray
    scale_min: np.ndarray
    scale_max: np.ndarray
    dropped: tuple[str, ...]
    consensus: Consensus | None
    warnings: tuple[ScoringWarning, ...]

    @property
    def scale_span(self) -> np.ndarray:
        return self.scale_max - self.scale_min

    @property
    def zero_variance(self) -> tuple[str, ...]:
        mask = (
            zero_variance(self.values) if len(self.options) else np.zeros(len(self.criteria), bool)
        )
        return tuple(c for c, z in zip(self.criteria, mask, strict=True) if z)


def build_matrix(
    scenario: Scenario,
    resolved: Sequence[ResolvedOption],
    measures: Mapping[str, Mapping[str, float]] | None = None,
    aggregate: Aggregate = "mean",
) -> DecisionMatrix:
    """Build the decision matrix of a scenario.

    Parameters
    ----------
    scenario : Scenario
    resolved : list of ResolvedOption
        ``models.decision.resolve(scenario, catalog)``; their order is the option order.
    measures : mapping, optional
        Finance measures, e.g. ``{"tco": {option_id: value}, "upfront_cost": {...}}``
        (``finance.measures.tco_measures``). A criterion whose measure is missing is dropped with
        a ``measure_unavailable`` warning.
    aggregate : {"mean", "median"}
        Consensus of the raters' scores.

    Warnings
    --------
    ``measure_unavailable``, ``criterion_unscored`` (a rating criterion some option has no
    score on is dropped: missing is not zero), ``zero_variance_criterion``, plus the committee's.
    """
    options = tuple(r.id for r in resolved)
    by_id = {r.id: r for r in resolved}
    measures = measures or {}
    warnings: list[ScoringWarning] = []
    tree = scenario.criteria.criteria
    scales = scenario.criteria.rating_scales
    spans = [s.max - s.min for s in scales.values()]
    tensor, tw = rating_tensor(
        scenario.scores, [r.id for r in scenario.raters], options, list(scales), spans
    )
    warnings.extend(tw)
    cons = consensus(tensor, aggregate) if scales else None
    if cons is not None:
        warnings.extend(cons.warnings)
    columns: list[np.ndarray] = []
    disp: list[np.ndarray] = []
    sems: list[np.ndarray] = []
    kept: list[str] = []
    dirs: list[int] = []
    source: dict[str, str] = {}
    lo_out: list[float] = []
    hi_out: list[float] = []
    dropped: list[str] = []
    zeros = np.zeros(len(options))
    for c in tree:
        if isinstance(c.scale, MeasuredScale):
            measure = c.scale.measure
            if measure in FINANCE_MEASURES:
                given = measures.get(measure, {})
                missing = [
                    o
                    for o in options
                    if o not in given or given[o] is None or not np.isfinite(given[o])
                ]
                if missing:
                    dropped.append(c.id)
                    warnings.append(
                        ScoringWarning(
                            "measure_unavailable",
                            f"finance measure {measure!r} unavailable for {', '.join(missing)}: "
                            "criterion left out of the ranking",
                            c.id,
                        )
                    )
                    continue
                col = np.array([float(given[o]) for o in options])
                source[c.id] = "finance"
            else:
                col = np.array([catalog_measure(by_id[o], measure) for o in options])
                source[c.id] = "catalog"
            columns.append(col)
            disp.append(zeros)
            sems.append(zeros)
            lo_out.append(np.nan)
            hi_out.append(np.nan)
        else:
            assert cons is not None
            j = tensor.criteria.index(c.id)
            col = cons.values[:, j]
            if np.isnan(col).any():
                unscored = [o for o, v in zip(options, col, strict=True) if np.isnan(v)]
                dropped.append(c.id)
                warnings.append(
                    ScoringWarning(
                        "criterion_unscored",
                        f"no rater scored {', '.join(unscored)}: criterion left out of the ranking "
                        "(a missing score is not a zero)",
                        c.id,
                    )
                )
                continue
            columns.append(col)
            disp.append(np.nan_to_num(cons.std[:, j], nan=0.0))
            sems.append(cons.sem[:, j])
            source[c.id] = "raters"
            lo_out.append(scales[c.id].min)
            hi_out.append(scales[c.id].max)
        kept.append(c.id)
        dirs.append(1 if c.direction is Direction.BENEFIT else -1)
    m = len(options)
    values = np.column_stack(columns) if columns else np.empty((m, 0))
    dm = DecisionMatrix(
        options,
        tuple(kept),
        values,
        np.array(dirs, dtype=int),
        source,
        np.column_stack(disp) if disp else np.empty((m, 0)),
        np.column_stack(sems) if sems else np.empty((m, 0)),
        np.array(lo_out),
        np.array(hi_out),
        tuple(dropped),
        cons,
        (),
    )
    if m > 1:
        for cid in dm.zero_variance:
            warnings.append(
                ScoringWarning(
                    "zero_variance_criterion",
                    "all options have the same value: the criterion cannot separate them and "
                    "contributes nothing to the ranking",
                    cid,
                )
            )
    return DecisionMatrix(**{**dm.__dict__, "warnings": tuple(warnings)})

"""Named finance scenarios side by side: the same figures for every option in every scenario,
and each figure's change from a baseline scenario.

The scenarios are simulated with one trial count and seed (common random numbers), so a
difference comes from the assumptions, not from sampling noise: an unchanged input draws the
same values in every scenario.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from finance.result import OptionResult, SimulationResult, clean

Verdict = Literal["better", "worse", "same"]
Kind = Literal["money", "percent", "years"]


@dataclass(frozen=True)
class Metric:
    """One compared figure: its attribute on :class:`Figures`, whether more is better and how
    it is shown."""

    name: str
    higher_is_better: bool
    kind: Kind


METRICS: tuple[Metric, ...] = (
    Metric("tco", False, "money"),
    Metric("npv_p5", True, "money"),
    Metric("npv_p50", True, "money"),
    Metric("npv_p95", True, "money"),
    Metric("roi_p50", True, "percent"),
    Metric("risk_adjusted_roi_p50", True, "percent"),
    Metric("p_npv_positive", True, "percent"),
    Metric("payback_p50", False, "years"),
)
"""The figures compared, in display order (TCO: mean over trials; NPV: P5, P50, P95; ROI and
risk-adjusted ROI: P50; P(NPV > 0); discounted payback: P50 of the trials that pay back)."""


@dataclass(frozen=True)
class Figures:
    """One option's figures in one scenario (money in the decision's currency; ``payback_p50``
    None when no trial pays back within the horizon)."""

    tco: float
    npv_p5: float
    npv_p50: float
    npv_p95: float
    roi_p50: float
    risk_adjusted_roi_p50: float
    p_npv_positive: float
    payback_p50: float | None

    @classmethod
    def of(cls, o: OptionResult) -> Figures:
        payback = o.discounted_payback
        return cls(
            tco=o.tco,
            npv_p5=o.npv["p5"],
            npv_p50=o.npv["p50"],
            npv_p95=o.npv["p95"],
            roi_p50=o.roi["p50"],
            risk_adjusted_roi_p50=o.risk_adjusted_roi["p50"],
            p_npv_positive=o.p_npv_positive,
            payback_p50=None if payback.get("n", 0) == 0 else payback["p50"],
        )

    def value(self, metric: str) -> float | None:
        v: float | None = getattr(self, metric)
        return None if v is None or not math.isfinite(v) else float(v)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


@dataclass(frozen=True)
class FinanceComparison:
    """Every option's :class:`Figures` in every scenario, with a baseline to compare against.

    ``scenarios`` in display order; the empty name ``""`` stands for the decision's current
    assumptions when they differ from every kept scenario. ``figures[scenario][option]``.
    ``without_terms[scenario]`` lists the options a kept scenario has no terms for (they were
    shortlisted after it was kept; the decision's current terms are used).
    """

    scenarios: tuple[str, ...]
    baseline: str
    option_ids: tuple[str, ...]
    figures: dict[str, dict[str, Figures]]
    currency: str
    trials: int
    seed: int
    latin_hypercube: bool
    without_terms: dict[str, tuple[str, ...]]

    def change(self, scenario: str, option_id: str, metric: str) -> float | None:
        """The figure minus the baseline's for the same option (None if either is missing)."""
        v = self.figures[scenario][option_id].value(metric)
        b = self.figures[self.baseline][option_id].value(metric)
        return None if v is None or b is None else v - b

    def verdict(self, scenario: str, option_id: str, metric: str) -> Verdict:
        """Whether the figure is better, worse or the same as the baseline's (within 1e-9
        relative); a payback that appears (or disappears) against the baseline is better
        (worse)."""
        m = next(x for x in METRICS if x.name == metric)
        v = self.figures[scenario][option_id].value(metric)
        b = self.figures[self.baseline][option_id].value(metric)
        if v is None or b is None:
            if v is None and b is None:
                return "same"
            return "better" if (v is not None) else "worse"
        if _same(v, b):
            return "same"
        return "better" if (v > b) == m.higher_is_better else "worse"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (non-finite numbers as None)."""
        return clean(
            {
                "currency": self.currency,
                "trials": self.trials,
                "seed": self.seed,
                "latin_hypercube": self.latin_hypercube,
                "baseline": self.baseline,
                "scenarios": [
                    {
                        "name": s,
                        "current": s == "",
                        "without_terms": list(self.without_terms.get(s, ())),
                        "options": {
                            o: {
                                **asdict(self.figures[s][o]),
                                "change": {m.name: self.change(s, o, m.name) for m in METRICS},
                            }
                            for o in self.option_ids
                        },
                    }
                    for s in self.scenarios
                ],
            }
        )


def compare(
    results: Mapping[str, SimulationResult],
    baseline: str | None = None,
    without_terms: Mapping[str, tuple[str, ...]] | None = None,
) -> FinanceComparison:
    """The scenarios' results side by side, in the mapping's order.

    ``baseline`` names the scenario the others are compared with (default: the first).
    Every result must come from the same seed and sampling (and, unless a convergence rule
    stopped them, the same trials) and cover the same options.
    """
    if not results:
        raise ValueError("nothing to compare: keep at least one scenario")
    names = tuple(results)
    base = names[0] if baseline is None else baseline
    if base not in results:
        raise ValueError(f"unknown baseline {base!r}; scenarios: {list(names)}")
    first = results[names[0]]
    option_ids = tuple(o.option_id for o in first.options)
    for name, r in results.items():
        if (r.seed, r.latin_hypercube) != (first.seed, first.latin_hypercube):
            raise ValueError(f"scenario {name!r} was simulated with another seed or sampling")
        if tuple(o.option_id for o in r.options) != option_ids:
            raise ValueError(f"scenario {name!r} has other options")
    return FinanceComparison(
        scenarios=names,
        baseline=base,
        option_ids=option_ids,
        figures={n: {o.option_id: Figures.of(o) for o in r.options} for n, r in results.items()},
        currency=first.currency,
        trials=first.trials,
        seed=first.seed,
        latin_hypercube=first.latin_hypercube,
        without_terms={k: tuple(v) for k, v in (without_terms or {}).items() if v},
    )

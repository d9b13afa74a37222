"""Per-trial outputs and input draws of a simulation, for decision confidence and the value of
information (``simulate(..., keep_trials=True)``).

Every option is evaluated on the same trials: trial ``t`` of every option shares the draws of
the shared inputs (benefit uplifts, ...), so differences between options are paired (common
random numbers). Per-option inputs are drawn independently per option. The inputs are grouped
(:data:`GROUPS`) so that a value-of-information regression can take one group at a time
(e.g. all options' implementation effort, or the benefit uplifts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

#: input groups by name prefix or exact name; the first match wins, unknown names go to "other"
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("effort", ("effort_days", "build_days", "duration_weeks", "integration_days")),
    ("overrun", ("schedule_overrun", "cost_overrun")),
    ("outcome", ("outcome", "abandonment")),
    ("prices", ("override.", "price.")),
    ("benefits", ("lever.", "productivity_factor", "attribution.")),
    ("data_entry", ("data_entry_minutes", "data_entry.")),
)


def group_of(name: str) -> str:
    """The group an input name belongs to (see :data:`GROUPS`)."""
    for group, keys in GROUPS:
        if any(name == k or (k.endswith(".") and name.startswith(k)) for k in keys):
            return group
    return "other"


def input_groups(names: list[str]) -> dict[str, tuple[str, ...]]:
    """``{group: input names}`` in the order of :data:`GROUPS` (groups without inputs left out)."""
    out: dict[str, list[str]] = {}
    for name in names:
        out.setdefault(group_of(name), []).append(name)
    order = [g for g, _ in GROUPS] + ["other"]
    return {g: tuple(out[g]) for g in order if g in out}


@dataclass
class TrialData:
    """Per-trial outputs (options x trials) and the input draws behind them.

    Attributes
    ----------
    option_ids : list of str
        Row order of the (options, trials) arrays.
    npv, tco, upfront_cost, go_live_years : ndarray (options, trials)
        NPV and nominal TCO of the trial (the result's conventions), year-0 cash, years from
        the decision to go-live.
    inputs : dict of name -> ndarray
        Draws of every uncertain input: (trials,) for an input shared by all options,
        (options, trials) for a per-option input (NaN where an option has no such input).
    groups : dict of group -> tuple of input names
        The inputs of each group (:data:`GROUPS`).
    """

    option_ids: list[str]
    npv: Array
    tco: Array
    upfront_cost: Array
    go_live_years: Array
    inputs: dict[str, Array] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def trials(self) -> int:
        return int(self.npv.shape[1])

    def truncated(self, n: int) -> TrialData:
        """The first ``n`` trials (a run stopped early by its convergence rule)."""
        if n >= self.trials:
            return self
        return TrialData(
            option_ids=self.option_ids,
            npv=self.npv[:, :n],
            tco=self.tco[:, :n],
            upfront_cost=self.upfront_cost[:, :n],
            go_live_years=self.go_live_years[:, :n],
            inputs={k: v[..., :n] for k, v in self.inputs.items()},
            groups=self.groups,
        )

    def group_matrix(self, group: str) -> Array:
        """The draws of one input group as a (trials, columns) matrix for a regression: a shared
        input is one column, a per-option input one column per option that has it (columns of
        NaN dropped)."""
        cols: list[Array] = []
        for name in self.groups.get(group, ()):
            v = self.inputs[name]
            rows = [v] if v.ndim == 1 else [r for r in v if not np.isnan(r).all()]
            cols.extend(rows)
        if not cols:
            return np.empty((self.trials, 0))
        return np.column_stack(cols)

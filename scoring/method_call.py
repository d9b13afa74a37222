"""The ranking settings of a decision turned into what a method kernel takes.

One place says which normalisation a method uses and how a PROMETHEE preference function per
criterion becomes thresholds: usual is the linear function with q = p = 0 (preferred as soon as
better), V-shape is linear with q = 0, so one vectorised kernel serves every mix of criteria.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from crm_select.models.ranking_settings import (
    Method,
    PreferenceFunction,
    RankingSettings,
)


@dataclass(frozen=True)
class MethodCall:
    """A method with its normalisation and parameters, for the criteria of one matrix.

    ``params`` holds VIKOR's ``v`` or PROMETHEE's ``preference`` ("usual" or "linear") with the
    thresholds ``q`` and ``p`` (arrays over the criteria, in their own units).
    """

    method: str
    normalisation: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`scoring.analysis.rank_matrix` and the kernels."""
        return {"normalisation": self.normalisation, **self.params}


def method_call(
    settings: RankingSettings, criteria: Sequence[str], method: Method | str | None = None
) -> MethodCall:
    """How ``method`` (the settings' own unless given) ranks a matrix with these criteria."""
    m = Method(method) if method is not None else settings.method
    norm = settings.normalisation_of(m)
    if m is Method.VIKOR:
        return MethodCall(m.value, None, {"v": settings.vikor_v})
    if m is Method.PROMETHEE:
        prefs = [settings.preference_of(c) for c in criteria]
        if all(p.function is PreferenceFunction.USUAL for p in prefs):
            return MethodCall(m.value, None, {"preference": "usual", "q": None, "p": None})
        q = np.array([p.q if p.function is PreferenceFunction.LINEAR else 0.0 for p in prefs])
        p = np.array([0.0 if x.p is None else x.p for x in prefs])
        return MethodCall(m.value, None, {"preference": "linear", "q": q, "p": p})
    return MethodCall(m.value, None if norm is None else norm.value)


def method_calls(settings: RankingSettings, criteria: Sequence[str]) -> dict[str, MethodCall]:
    """:func:`method_call` for every method, in the order of :class:`Method`."""
    return {m.value: method_call(settings, criteria, m) for m in Method}

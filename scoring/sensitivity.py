"""Weight sensitivity: stability intervals, the smallest change that changes the winner, OAT sweep.

When one weight w_j moves to t, the others are rescaled proportionally so the weights still sum
to 1: w_k(t) = w_k (1 - t) / (1 - w_j) (if w_j = 1 the others share 1 - t equally).

WSM, WPM (in logarithms) and PROMETHEE II are linear in the weights once the matrix is
normalised, so their intervals are exact (solved, not searched). TOPSIS and VIKOR are searched
on a grid of ``grid`` points and the edges refined by bisection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring.errors import ScoringError
from scoring.methods import DEFAULT_NORMALISATION, HIGHER_IS_BETTER, KERNELS
from scoring.methods.promethee import _flows, _preference
from scoring.methods.wpm import wpm_normalised
from scoring.normalise import normalise

_EPS = 1e-9


def moved_weights(weights: np.ndarray, j: int, t: np.ndarray) -> np.ndarray:
    """Weight vectors (len(t), n) with w_j = t and the others rescaled proportionally."""
    w = np.asarray(weights, dtype=float)
    t = np.atleast_1d(np.asarray(t, dtype=float))
    rest = np.delete(w, j)
    base = rest / rest.sum() if rest.sum() > 0 else np.full(rest.size, 1.0 / max(rest.size, 1))
    out = np.empty((t.size, w.size))
    out[:, j] = t
    out[:, np.arange(w.size) != j] = (1 - t)[:, None] * base
    return out


def _kernel_kwargs(
    method: str, normalisation: str | None, params: dict[str, Any]
) -> dict[str, Any]:
    if method == "vikor":
        return {"v": params.get("v", 0.5)}
    if method == "promethee":
        return {
            "function": params.get("preference", "usual"),
            "q": params.get("q"),
            "p": params.get("p"),
        }
    return {"normalisation": normalisation or DEFAULT_NORMALISATION[method]}


def scores_for(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    method: str,
    normalisation: str | None = None,
    **params: Any,
) -> np.ndarray:
    """Scores oriented so that higher is better, for (n,) or (S, n) weights."""
    s = KERNELS[method](
        matrix, weights, directions, **_kernel_kwargs(method, normalisation, params)
    )
    return s if HIGHER_IS_BETTER[method] else -s


def linear_components(
    matrix: np.ndarray,
    directions: np.ndarray,
    method: str,
    normalisation: str | None = None,
    **params: Any,
) -> np.ndarray | None:
    """V (m, n) with score = V @ w (a monotone transform of it) for WSM, WPM, PROMETHEE; else None."""
    if method == "wsm":
        return normalise(matrix, directions, normalisation or "minmax")  # type: ignore[arg-type]
    if method == "wpm":
        return np.log(wpm_normalised(matrix, directions, normalisation or "max")[0])  # type: ignore[arg-type]
    if method == "promethee":
        pref = _preference(np.asarray(matrix, float), directions, params.get("preference", "usual"),
                           params.get("q"), params.get("p"))  # fmt: skip
        return _flows(pref)
    return None


@dataclass(frozen=True)
class StabilityInterval:
    """Range of one criterion's weight over which the current winner stays first.

    ``lower``/``upper`` bound the interval (0 and 1 when the winner never changes);
    ``winner_below``/``winner_above`` name who takes over just outside it (None at 0/1).
    """

    criterion: str
    weight: float
    lower: float
    upper: float
    winner_below: str | None
    winner_above: str | None

    @property
    def margin(self) -> float:
        """Smallest move of this weight that changes the winner (inf if none)."""
        down = self.weight - self.lower if self.winner_below else np.inf
        up = self.upper - self.weight if self.winner_above else np.inf
        return float(min(down, up))


@dataclass(frozen=True)
class MinimalChange:
    """The smallest single-weight change that changes the winner."""

    criterion: str
    from_weight: float
    to_weight: float
    new_winner: str

    @property
    def change(self) -> float:
        return self.to_weight - self.from_weight


def _winner(scores: np.ndarray, current: int) -> np.ndarray:
    """Per row: True where ``current`` is (jointly) first."""
    best = scores.max(axis=-1)
    tol = 1e-9 * np.maximum(1.0, np.abs(best))
    return scores[..., current] >= best - tol


def _exact_interval(v: np.ndarray, w: np.ndarray, j: int, a: int) -> tuple[float, float]:
    # score_i(t) = t v_ij + (1 - t) r_i, with r_i the score on the other (rescaled) weights
    others = moved_weights(w, j, np.array([0.0]))[0]
    r = v @ others
    c = v[:, j]
    lo, hi = 0.0, 1.0
    for i in range(v.shape[0]):
        if i == a:
            continue
        f0 = r[a] - r[i]  # f(0)
        f1 = c[a] - c[i]  # f(1)
        slope = f1 - f0
        if abs(slope) < 1e-15:
            if f0 < -_EPS:
                return w[j], w[j]
            continue
        root = -f0 / slope
        if slope > 0:
            lo = max(lo, root)
        else:
            hi = min(hi, root)
    lo, hi = min(lo, w[j]), max(hi, w[j])
    return float(np.clip(lo, 0, 1)), float(np.clip(hi, 0, 1))


def _searched_interval(score: Any, w: np.ndarray, j: int, a: int, grid: int) -> tuple[float, float]:
    ts = np.unique(np.concatenate([np.linspace(0, 1, grid), [w[j]]]))
    ok = _winner(score(moved_weights(w, j, ts)), a)
    k = int(np.searchsorted(ts, w[j]))
    lo_i, hi_i = k, k
    while lo_i > 0 and ok[lo_i - 1]:
        lo_i -= 1
    while hi_i < ts.size - 1 and ok[hi_i + 1]:
        hi_i += 1

    def refine(inside: float, outside: float) -> float:
        for _ in range(40):
            mid = 0.5 * (inside + outside)
            if _winner(score(moved_weights(w, j, np.array([mid]))), a)[0]:
                inside = mid
            else:
                outside = mid
        return inside

    lo = ts[lo_i] if lo_i == 0 else refine(ts[lo_i], ts[lo_i - 1])
    hi = ts[hi_i] if hi_i == ts.size - 1 else refine(ts[hi_i], ts[hi_i + 1])
    return float(lo), float(hi)


def stability_intervals(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    method: str = "wsm",
    criteria: Sequence[str] | None = None,
    options: Sequence[str] | None = None,
    *,
    normalisation: str | None = None,
    grid: int = 201,
    **params: Any,
) -> tuple[list[StabilityInterval], MinimalChange | None]:
    """For each criterion weight, the interval over which the current winner stays first.

    Returns the intervals and the smallest single-weight change that changes the winner (None
    when no single weight can change it, e.g. with one option or a dominating winner).
    """
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    m, n = x.shape
    crits = list(criteria) if criteria is not None else [f"C{j + 1}" for j in range(n)]
    opts = list(options) if options is not None else [f"A{i + 1}" for i in range(m)]
    d = np.asarray(directions)

    def score(ws: np.ndarray) -> np.ndarray:
        return scores_for(x, ws, d, method, normalisation, **params)

    try:
        base = score(w)
    except ScoringError as e:  # name the criterion, as the ranking does
        where = crits[int(e.where)] if e.where.isdigit() else e.where
        raise ScoringError(e.code, e.message, where) from None
    a = int(np.argmax(base))
    v = linear_components(x, d, method, normalisation, **params)
    out: list[StabilityInterval] = []
    for j in range(n):
        if m < 2:
            out.append(StabilityInterval(crits[j], float(w[j]), 0.0, 1.0, None, None))
            continue
        lo, hi = (
            _exact_interval(v, w, j, a)
            if v is not None
            else _searched_interval(score, w, j, a, grid)
        )

        def who(t: float, j: int = j) -> str:
            s = score(moved_weights(w, j, np.array([t])))[0]
            s = s.copy()
            s[a] = -np.inf
            return opts[int(np.argmax(s))]

        below = who(max(lo - 1e-7, 0.0)) if lo > 1e-9 else None
        above = who(min(hi + 1e-7, 1.0)) if hi < 1 - 1e-9 else None
        out.append(StabilityInterval(crits[j], float(w[j]), lo, hi, below, above))
    best: MinimalChange | None = None
    for s in out:
        for target, new in ((s.lower, s.winner_below), (s.upper, s.winner_above)):
            if new is None:
                continue
            if best is None or abs(target - s.weight) < abs(best.change):
                best = MinimalChange(s.criterion, s.weight, target, new)
    return out, best


@dataclass(frozen=True)
class Sweep:
    """One-at-a-time sweep data for charts.

    ``t`` (points,) weight values; ``scores`` (n_criteria, points, m_options) with the other
    weights rescaled proportionally; ``winners`` (n_criteria, points) option index of the best.
    """

    criteria: tuple[str, ...]
    options: tuple[str, ...]
    t: np.ndarray
    scores: np.ndarray
    winners: np.ndarray
    higher_is_better: bool

    def records(self) -> list[dict[str, Any]]:
        """Long-form rows {criterion, weight, option, score} for a chart."""
        rows = []
        for j, c in enumerate(self.criteria):
            for k, t in enumerate(self.t):
                for i, o in enumerate(self.options):
                    rows.append({"criterion": c, "weight": float(t), "option": o,
                                 "score": float(self.scores[j, k, i])})  # fmt: skip
        return rows


def oat_sweep(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    method: str = "wsm",
    criteria: Sequence[str] | None = None,
    options: Sequence[str] | None = None,
    *,
    points: int = 21,
    normalisation: str | None = None,
    **params: Any,
) -> Sweep:
    """Scores of every option as each weight in turn runs over 0..1 (others rescaled)."""
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    m, n = x.shape
    t = np.linspace(0, 1, points)
    kw = _kernel_kwargs(method, normalisation, params)
    allw = np.concatenate([moved_weights(w, j, t) for j in range(n)])
    raw = KERNELS[method](x, allw, np.asarray(directions), **kw).reshape(n, points, m)
    oriented = raw if HIGHER_IS_BETTER[method] else -raw
    return Sweep(
        tuple(criteria) if criteria is not None else tuple(f"C{j + 1}" for j in range(n)),
        tuple(options) if options is not None else tuple(f"A{i + 1}" for i in range(m)),
        t, raw, oriented.argmax(axis=-1), HIGHER_IS_BETTER[method],
    )  # fmt: skip

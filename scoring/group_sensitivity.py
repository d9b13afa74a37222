"""Sensitivity to the interests' weights: gradient, dynamic and performance views.

The views an Expert Choice user knows, computed on the criteria *groups* (the four interests)
rather than on single criteria (:mod:`scoring.sensitivity` sweeps one criterion at a time):

- gradient (:func:`group_sweep`): every option's score as one group's share t runs from 0 to
  1, with the exact points where the leader changes;
- dynamic (:func:`dynamic_scores`): scores and ranks for a given set of group shares, i.e.
  what the bars show while one interest's slider is dragged (:func:`with_group_share`);
- performance (:func:`performance`): each option's score on each group alone, and its
  weighted contribution to the total where the method adds (or multiplies) them up.

Moving a group. With shares s_g (the sum of the group's effective weights) and local weights
l_c within each group (w_c = s_g l_c), setting group G to t gives
w_c(t) = t l_c for c in G and w_c(t) = (1 - t) w_c / (1 - s_G) for the others: the other groups
keep their proportions, and every group keeps its criteria's proportions. (If s_G = 1 the
others share 1 - t equally; if s_G = 0 its criteria take the given local weights, else equal.)

Crossings. w(t) is affine in t, and WSM, PROMETHEE II and WPM (in logarithms) are linear in w
once the matrix is normalised, so score_i(t) = a_i + t b_i (a monotone transform of it for
WPM): the leader changes exactly where the upper envelope of these lines has a kink, found
line by line (no grid). TOPSIS and VIKOR are not linear: their leader is evaluated on a grid of
``grid`` points and each change refined by bisection to 1e-10; a lead shorter than the grid
step can be missed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from scoring.errors import ScoringError
from scoring.methods import HIGHER_IS_BETTER, KERNELS
from scoring.ranking import rank_scores
from scoring.sensitivity import _kernel_kwargs, linear_components, scores_for


@dataclass(frozen=True)
class GroupModel:
    """Criteria grouped: each column's group, the groups' shares and local weights."""

    groups: tuple[str, ...]
    index: np.ndarray  # (n,) group index of each criterion
    shares: np.ndarray  # (G,) sum of each group's weights
    local: np.ndarray  # (n,) weight within the group (sums to 1 per group)

    def weights(self, shares: np.ndarray) -> np.ndarray:
        """Effective weights (..., n) for group shares (..., G): w_c = s_g(c) l_c."""
        return np.asarray(shares)[..., self.index] * self.local


def group_model(
    weights: np.ndarray,
    group_of: Sequence[str],
    local: Sequence[float] | None = None,
) -> GroupModel:
    """Split effective weights into group shares and local weights.

    ``local`` (n,) is used for groups whose share is 0 (their local weights cannot be read off
    the effective weights); otherwise such a group's criteria are weighed equally.
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or len(group_of) != w.size or w.size == 0:
        raise ScoringError("shape_mismatch", f"{w.size} weights but {len(group_of)} group labels")
    if np.any(w < 0) or w.sum() <= 0:
        raise ScoringError("all_weights_zero", "weights must be >= 0 and not all 0")
    w = w / w.sum()
    groups = tuple(dict.fromkeys(group_of))
    index = np.array([groups.index(g) for g in group_of])
    shares = np.bincount(index, weights=w, minlength=len(groups))
    loc = np.empty_like(w)
    for k in range(len(groups)):
        cols = index == k
        if shares[k] > 0:
            loc[cols] = w[cols] / shares[k]
        else:
            given = None if local is None else np.asarray(local, dtype=float)[cols]
            ok = given is not None and given.sum() > 0
            loc[cols] = given / given.sum() if ok else 1.0 / cols.sum()  # type: ignore[union-attr]
    return GroupModel(groups, index, shares, loc)


def moved_shares(shares: np.ndarray, k: int, t: np.ndarray) -> np.ndarray:
    """Group shares (len(t), G) with group k at t and the others rescaled proportionally."""
    s = np.asarray(shares, dtype=float)
    t = np.atleast_1d(np.asarray(t, dtype=float))
    rest = np.delete(s, k)
    base = rest / rest.sum() if rest.sum() > 0 else np.full(rest.size, 1.0 / max(rest.size, 1))
    out = np.empty((t.size, s.size))
    out[:, k] = t
    out[:, np.arange(s.size) != k] = (1 - t)[:, None] * base
    return out


def with_group_share(shares: Mapping[str, float], group: str, t: float) -> dict[str, float]:
    """Shares after dragging ``group`` to ``t`` (0..1), the others rescaled proportionally."""
    if not 0 <= t <= 1:
        raise ScoringError("share_out_of_range", f"a share must be in [0, 1], got {t}", group)
    names = list(shares)
    if group not in shares:
        raise ScoringError("unknown_group", f"unknown group; known: {names}", group)
    moved = moved_shares(np.array([shares[g] for g in names]), names.index(group), np.array([t]))
    return dict(zip(names, (float(x) for x in moved[0]), strict=True))


@dataclass(frozen=True)
class Crossing:
    """Where the leader changes as ``group``'s share passes ``t``: ``before`` -> ``after``."""

    group: str
    t: float
    before: str
    after: str


@dataclass(frozen=True)
class GroupSweep:
    """Gradient view data: ``scores`` (G, points, m) as the method reports them.

    ``t`` the share grid, ``winners`` (G, points) the leader's index, ``current`` each group's
    share now, ``crossings`` the exact leader changes (sorted by group, then t), ``exact``
    whether they were solved (linear methods) or searched.
    """

    groups: tuple[str, ...]
    options: tuple[str, ...]
    method: str
    t: np.ndarray
    scores: np.ndarray
    winners: np.ndarray
    current: dict[str, float]
    crossings: tuple[Crossing, ...]
    higher_is_better: bool
    exact: bool

    def records(self) -> list[dict[str, Any]]:
        """Long-form rows {group, share, option, score} for a chart."""
        return [
            {"group": g, "share": float(t), "option": o, "score": float(self.scores[k, p, i])}
            for k, g in enumerate(self.groups)
            for p, t in enumerate(self.t)
            for i, o in enumerate(self.options)
        ]


def _envelope(a: np.ndarray, b: np.ndarray) -> list[tuple[float, int, int]]:
    """Kinks of max_i (a_i + t b_i) on [0, 1]: (t, leader before, leader after)."""
    tol = 1e-12 * max(1.0, float(np.abs(a).max()), float(np.abs(b).max()))
    t = 0.0
    cur = a + t * b
    best = cur.max()
    near = np.flatnonzero(cur >= best - tol)
    leader = int(near[np.argmax(b[near])])  # among ties at 0 the one rising fastest leads
    out: list[tuple[float, int, int]] = []
    while True:
        faster = np.flatnonzero(b > b[leader] + tol)
        if faster.size == 0:
            return out
        cross = (a[leader] - a[faster]) / (b[faster] - b[leader])
        cross = np.where(cross < t - tol, np.inf, np.maximum(cross, t))
        nxt = float(cross.min())
        if nxt > 1:
            return out
        cands = faster[cross <= nxt + tol]
        new = int(cands[np.argmax(b[cands])])
        out.append((nxt, leader, new))
        leader, t = new, nxt


def _searched(
    score: Any, shares: np.ndarray, k: int, grid: np.ndarray
) -> list[tuple[float, int, int]]:
    lead = np.argmax(score(moved_shares(shares, k, grid)), axis=1)
    out: list[tuple[float, int, int]] = []
    for p in np.flatnonzero(lead[1:] != lead[:-1]):
        lo, hi = float(grid[p]), float(grid[p + 1])
        a, b = int(lead[p]), int(lead[p + 1])
        while hi - lo > 1e-10:
            mid = 0.5 * (lo + hi)
            if int(np.argmax(score(moved_shares(shares, k, np.array([mid])))[0])) == a:
                lo = mid
            else:
                hi = mid
        after = int(np.argmax(score(moved_shares(shares, k, np.array([hi])))[0]))
        out.append((0.5 * (lo + hi), a, after if after != a else b))
    return out


def group_sweep(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    group_of: Sequence[str],
    method: str = "wsm",
    options: Sequence[str] | None = None,
    *,
    local: Sequence[float] | None = None,
    points: int = 101,
    grid: int = 401,
    normalisation: str | None = None,
    **params: Any,
) -> GroupSweep:
    """Every option's score as each group's share runs over 0..1, and where the leader changes.

    Parameters
    ----------
    matrix : ndarray (m, n); weights : (n,) effective weights; directions : (n,) +/-1
    group_of : sequence of str, length n
        The group (interest) of each criterion.
    method : str
        ``wsm``, ``wpm``, ``topsis``, ``vikor`` or ``promethee``.
    local : sequence of float, optional
        Local weights for groups whose share is 0 (see :func:`group_model`).
    points : int
        Grid of the returned curves.
    grid : int
        Search grid of the leader for TOPSIS and VIKOR.
    """
    x = np.asarray(matrix, dtype=float)
    d = np.asarray(directions)
    model = group_model(weights, group_of, local)
    m = x.shape[0]
    opts = tuple(options) if options is not None else tuple(f"A{i + 1}" for i in range(m))
    t = np.linspace(0.0, 1.0, points)
    kw = _kernel_kwargs(method, normalisation, params)
    g = len(model.groups)
    allw = np.concatenate([model.weights(moved_shares(model.shares, k, t)) for k in range(g)])
    raw = KERNELS[method](x, allw, d, **kw).reshape(g, points, m)
    hib = HIGHER_IS_BETTER[method]
    oriented = raw if hib else -raw
    v = linear_components(x, d, method, normalisation, **params)
    crossings: list[Crossing] = []
    for k, name in enumerate(model.groups):
        if m < 2:
            break
        if v is not None:
            w0, w1 = model.weights(moved_shares(model.shares, k, np.array([0.0, 1.0])))
            kinks = _envelope(v @ w0, v @ (w1 - w0))
        else:

            def score(s: np.ndarray) -> np.ndarray:
                return scores_for(x, model.weights(s), d, method, normalisation, **params)

            kinks = _searched(score, model.shares, k, np.linspace(0.0, 1.0, grid))
        crossings.extend(Crossing(name, tt, opts[a], opts[b]) for tt, a, b in kinks)
    return GroupSweep(
        model.groups, opts, method, t, raw, oriented.argmax(axis=-1),
        dict(zip(model.groups, (float(s) for s in model.shares), strict=True)),
        tuple(crossings), hib, v is not None,
    )  # fmt: skip


@dataclass(frozen=True)
class DynamicView:
    """Scores and ranks for given group shares (the bars while a slider is dragged)."""

    options: tuple[str, ...]
    method: str
    shares: dict[str, float]
    weights: np.ndarray
    scores: np.ndarray
    ranks: np.ndarray
    higher_is_better: bool

    @property
    def leader(self) -> str:
        return self.options[int(np.argmin(self.ranks))]


def dynamic_scores(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    group_of: Sequence[str],
    shares: Mapping[str, float],
    method: str = "wsm",
    options: Sequence[str] | None = None,
    *,
    local: Sequence[float] | None = None,
    normalisation: str | None = None,
    **params: Any,
) -> DynamicView:
    """Scores for the given group ``shares`` (normalised to sum 1), local weights kept.

    Groups missing from ``shares`` keep their current share before normalisation.
    """
    x = np.asarray(matrix, dtype=float)
    model = group_model(weights, group_of, local)
    unknown = sorted(set(shares) - set(model.groups))
    if unknown:
        raise ScoringError("unknown_group", f"unknown groups {unknown}; known: {model.groups}")
    s = np.array([float(shares.get(g, model.shares[k])) for k, g in enumerate(model.groups)])
    if np.any(s < 0) or s.sum() <= 0:
        raise ScoringError("all_weights_zero", "group shares must be >= 0 and not all 0")
    s = s / s.sum()
    w = model.weights(s)
    kw = _kernel_kwargs(method, normalisation, params)
    raw = KERNELS[method](x, w, np.asarray(directions), **kw)
    hib = HIGHER_IS_BETTER[method]
    m = x.shape[0]
    return DynamicView(
        tuple(options) if options is not None else tuple(f"A{i + 1}" for i in range(m)),
        method,
        dict(zip(model.groups, (float(v) for v in s), strict=True)),
        w,
        raw,
        rank_scores(raw, hib).ranks,
        hib,
    )


@dataclass(frozen=True)
class PerformanceView:
    """Each option on each group: ``performance`` (m, G) and ``contribution`` (m, G) or None.

    ``performance[i, g]`` is the method's score of option i on group g's criteria alone, with
    the group's local weights. ``contribution`` exists where the method combines groups:
    ``combine == "sum"`` (WSM, PROMETHEE II: contribution = share x performance, summing to the
    score) or ``"product"`` (WPM: performance ** share, multiplying to the score); None for
    TOPSIS and VIKOR, whose scores do not decompose.
    """

    options: tuple[str, ...]
    groups: tuple[str, ...]
    method: str
    shares: dict[str, float]
    performance: np.ndarray
    contribution: np.ndarray | None
    combine: Literal["sum", "product"] | None
    higher_is_better: bool


def performance(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    group_of: Sequence[str],
    method: str = "wsm",
    options: Sequence[str] | None = None,
    *,
    local: Sequence[float] | None = None,
    normalisation: str | None = None,
    **params: Any,
) -> PerformanceView:
    """The performance view: each option's score per group, and its weighted part of the total.

    The whole matrix is normalised once (so a column's scale does not depend on which group is
    looked at), then each group is scored on its columns with its local weights.
    """
    x = np.asarray(matrix, dtype=float)
    d = np.asarray(directions)
    model = group_model(weights, group_of, local)
    m, g = x.shape[0], len(model.groups)
    kw = _kernel_kwargs(method, normalisation, params)
    per = np.empty((m, g))
    for k in range(g):
        only = np.where(model.index == k, model.local, 0.0)
        per[:, k] = KERNELS[method](x, only, d, **kw)
    combine: Literal["sum", "product"] | None
    if method in ("wsm", "promethee"):
        contribution, combine = per * model.shares, "sum"
    elif method == "wpm":
        contribution, combine = per**model.shares, "product"
    else:
        contribution, combine = None, None
    return PerformanceView(
        tuple(options) if options is not None else tuple(f"A{i + 1}" for i in range(m)),
        model.groups,
        method,
        dict(zip(model.groups, (float(s) for s in model.shares), strict=True)),
        per,
        contribution,
        combine,
        HIGHER_IS_BETTER[method],
    )

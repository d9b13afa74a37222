"""AHP from incomplete pairwise comparisons: n items weighted from n - 1 or more judgements.

A group of n criteria needs n(n - 1)/2 judgements for a complete matrix (120 for 16 criteria).
Weights exist, and are unique, as soon as the judged pairs link every item to every other by
some chain of judgements, i.e. the *judgement graph* (items as vertices, judged pairs as edges)
is connected; n - 1 judgements forming a spanning tree are the minimum (Bozoki, Fulop & Ronyai
2010, Theorems 2 and 4). More judgements refine the weights and make consistency checkable.

Weights
    ``harker`` (default): Harker's (1987) eigenvector method. Missing a_ij are replaced by 0 and
    each diagonal entry by 1 + (number of missing entries in its row); the weights are the
    principal eigenvector of that matrix, which equals filling every gap with w_i / w_j. On a
    complete matrix it is Saaty's eigenvector, so complete and incomplete groups agree.
    ``llsm``: logarithmic least squares, min sum over judged pairs (ln a_ij - ln w_i + ln w_j)^2,
    solved as the Laplacian system L y = r (y = ln w, r_i = sum_j ln a_ij over judged j); it is
    the geometric mean of the weight vectors of all spanning trees of the judgement graph
    (Bozoki & Tsyganok 2019) and the row geometric mean on a complete matrix.

Consistency
    The consistency ratio of an incomplete matrix is that of its best completion: the missing
    entries are chosen to minimise lambda_max (a convex problem in their logarithms, unique on a
    connected graph; Bozoki, Fulop & Ronyai 2010), CI = (lambda* - n)/(n - 1), and CR = CI / RI
    with the random index of incomplete matrices, which falls almost linearly with the number of
    missing entries (Agoston & Csato 2022). We use RI(n, G) = RI(n) x c(G) / c(K_n), with
    c = e - n + 1 the cycle rank (independent cycles) of the judgement graph G and
    c(K_n) = (n - 1)(n - 2)/2: a spanning tree (c = 0) cannot be inconsistent and has no CR; the
    complete graph gives Saaty's CR. tests/scoring/test_ahp_incomplete.py checks this rule
    against a simulation of random incomplete matrices.

Which pair next (:func:`suggest_pair`)
    While the graph is not connected: link the next unlinked item to a hub, so the first n - 1
    judgements form a star (the best spanning tree in Bozoki & Szadoczki's simulations, 2024).
    Then: the unjudged pair furthest apart in the graph (longest shortest chain of judgements),
    ties to the pair whose items have been judged least often, then list order. This drives the
    graph towards small diameter and (quasi-)regular degrees, the filling patterns whose weights
    come closest to the complete matrix's (Szadoczki, Bozoki & Tekile 2022), and each new
    judgement closes the longest unchecked cycle, so it is the most informative for consistency.

References
----------
Harker, P. T. (1987). Incomplete pairwise comparisons in the analytic hierarchy process.
Mathematical Modelling 9(11), 837-848.
Bozoki, S., Fulop, J., & Ronyai, L. (2010). On optimal completion of incomplete pairwise
comparison matrices. Mathematical and Computer Modelling 52(1-2), 318-333.
Bozoki, S., & Tsyganok, V. (2019). The (logarithmic) least squares optimality of the arithmetic
(geometric) mean of weight vectors calculated from all spanning trees for incomplete additive
(multiplicative) pairwise comparison matrices. Int. J. General Systems 48(4), 362-381.
Agoston, K. Cs., & Csato, L. (2022). Inconsistency thresholds for incomplete pairwise comparison
matrices. Omega 108, 102576.
Szadoczki, Zs., Bozoki, S., & Tekile, H. A. (2022). Filling in pattern designs for incomplete
pairwise comparison matrices: (quasi-)regular graphs with minimal diameter. Omega 107, 102557.
Bozoki, S., & Szadoczki, Zs. (2024). Optimal sequences for pairwise comparisons: the graph of
graphs approach. Annals of Operations Research (arXiv:2205.08673).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.linalg as sla
from scipy.optimize import minimize

from scoring.ahp import (
    CR_THRESHOLD,
    RANDOM_INDEX,
    RANDOM_INDEX_NAME,
    AhpResult,
    Inconsistency,
    PairSuggestion,
    ahp,
    diagnose,
    judgement_matrix,
    no_random_index_warning,
)
from scoring.errors import ScoringError, ScoringWarning

IncompleteMethod = Literal["harker", "llsm"]
METHOD_NAMES: dict[str, str] = {
    "harker": "Harker's eigenvector (incomplete)",
    "llsm": "logarithmic least squares (incomplete)",
}
RI_SCALING = "scaled by the judgement graph's cycle rank (Agoston & Csato 2022)"


@dataclass(frozen=True)
class JudgementGraph:
    """Which pairs of a group are judged, and whether they link every item.

    ``components`` lists the groups of items linked by chains of judgements, largest first;
    ``cycle_rank`` = judged - n + (number of components) counts the independent cycles, i.e.
    the judgements beyond a spanning forest that can be checked against the others.
    """

    labels: tuple[str, ...]
    judged: np.ndarray  # (n, n) bool, symmetric, False on the diagonal
    components: tuple[tuple[str, ...], ...]

    @property
    def connected(self) -> bool:
        return len(self.components) <= 1

    @property
    def edges(self) -> int:
        return int(np.triu(self.judged, 1).sum())

    @property
    def cycle_rank(self) -> int:
        return _cycle_rank(self.judged)

    @property
    def missing(self) -> tuple[tuple[str, str], ...]:
        n = len(self.labels)
        return tuple(
            (self.labels[i], self.labels[j])
            for i in range(n)
            for j in range(i + 1, n)
            if not self.judged[i, j]
        )


def _cycle_rank(judged: np.ndarray) -> int:
    """Independent cycles of a graph: edges - vertices + components."""
    return int(np.triu(judged, 1).sum()) - int(judged.shape[0]) + len(_components(judged))


def _components(judged: np.ndarray) -> list[list[int]]:
    n = judged.shape[0]
    seen = np.zeros(n, dtype=bool)
    out: list[list[int]] = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        stack, comp = [start], [start]
        while stack:
            for j in np.flatnonzero(judged[stack.pop()] & ~seen):
                seen[j] = True
                stack.append(int(j))
                comp.append(int(j))
        out.append(sorted(comp))
    return sorted(out, key=lambda c: (-len(c), c[0]))


def judgement_graph(labels: Sequence[str], a: np.ndarray) -> JudgementGraph:
    """The judgement graph of a matrix with NaN where a pair is not judged."""
    judged = ~np.isnan(np.asarray(a, dtype=float))
    np.fill_diagonal(judged, False)
    names = tuple(labels)
    comps = tuple(tuple(names[i] for i in c) for c in _components(judged))
    return JudgementGraph(names, judged, comps)


def require_connected(graph: JudgementGraph) -> None:
    """Raise ``ahp_not_connected`` naming the items not linked to the largest group.

    ``where`` lists those items; the message names every separate group and the pair that
    would link the first of them.
    """
    if graph.connected:
        return
    main, *rest = graph.components
    loose = [x for comp in rest for x in comp]
    hint = suggest_pair(graph)
    groups = "; ".join("{" + ", ".join(c) + "}" for c in rest)
    raise ScoringError(
        "ahp_not_connected",
        f"the judgements do not link every item: {groups} "
        f"{'is' if len(rest) == 1 else 'are'} not compared, directly or through others, with "
        f"{{{', '.join(main)}}}; judge one pair between them"
        + (f" (suggested: {hint.a} vs {hint.b})" if hint else ""),
        ",".join(loose),
    )


def _shortest_paths(judged: np.ndarray) -> np.ndarray:
    """All-pairs shortest path lengths (BFS from every vertex); -1 where not connected."""
    n = judged.shape[0]
    dist = np.full((n, n), -1, dtype=int)
    for s in range(n):
        dist[s, s] = 0
        frontier = np.zeros(n, dtype=bool)
        frontier[s] = True
        d = 0
        while frontier.any():
            d += 1
            nxt = judged[frontier].any(axis=0) & (dist[s] < 0)
            dist[s, nxt] = d
            frontier = nxt
    return dist


def suggest_pair(graph: JudgementGraph) -> PairSuggestion | None:
    """The pair to judge next, or None when every pair is judged (rule in the module docstring).

    Not yet connected: the hub (most judged item, first in list order on ties) with the first
    item outside its group, so judgements from scratch form a star around the first item.
    Connected: the unjudged pair with the longest shortest chain of judgements between them,
    ties to the smallest sum of the two items' judgement counts, then list order.
    """
    n = len(graph.labels)
    judged = graph.judged
    degree = judged.sum(axis=1)
    names = graph.labels
    if not graph.connected:
        hub = int(np.argmax(degree))
        reach = _shortest_paths(judged)[hub] >= 0
        other = int(np.argmax(~reach))
        return PairSuggestion(names[hub], names[other], "connect", None)
    dist = _shortest_paths(judged)
    best: tuple[int, int, int, int] | None = None
    for i in range(n):
        for j in range(i + 1, n):
            if judged[i, j]:
                continue
            key = (-int(dist[i, j]), int(degree[i] + degree[j]), i, j)
            if best is None or key < best:
                best = key
    if best is None:
        return None
    return PairSuggestion(names[best[2]], names[best[3]], "shorten", -best[0])


def harker_weights(a: np.ndarray) -> np.ndarray:
    """Harker's (1987) weights of a connected incomplete matrix (NaN = not judged), sum 1.

    C = A with missing entries 0 and c_ii = 1 + m_i (m_i missing entries in row i); w is the
    principal eigenvector of C. C w = lambda w is A-filled-with-w_i/w_j times w, so the gaps
    are completed consistently with the weights they produce.
    """
    missing = np.isnan(a)
    c = np.where(missing, 0.0, a)
    c[np.diag_indices_from(c)] = 1.0 + missing.sum(axis=1)
    vals, vecs = np.linalg.eig(c)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    return w / w.sum()


def llsm_weights(a: np.ndarray) -> np.ndarray:
    """Logarithmic least squares weights of a connected incomplete matrix, sum 1.

    y = ln w minimises sum over judged i<j of (ln a_ij - y_i + y_j)^2; the normal equations are
    L y = r with L the Laplacian of the judgement graph and r_i = sum_{j judged} ln a_ij
    (Bozoki, Fulop & Ronyai 2010, Theorem 4); y_1 = 0 fixes the scale.
    """
    judged = ~np.isnan(a)
    np.fill_diagonal(judged, False)
    lap = np.diag(judged.sum(axis=1)).astype(float) - judged
    r = np.where(judged, np.log(np.where(judged, a, 1.0)), 0.0).sum(axis=1)
    lap[0, :], r[0] = 1.0, 0.0
    y = np.linalg.solve(lap, r)
    w = np.exp(y - y.max())
    return w / w.sum()


def optimal_completion(a: np.ndarray, start: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """The completion of a connected incomplete matrix with the smallest lambda_max, and lambda*.

    The missing entries x_ij = exp(t_ij) minimise the Perron root lambda(A(t)), a convex function
    of t (Bozoki, Fulop & Ronyai 2010); its gradient is
    d lambda / d t_ij = (v_i a_ij w_j - v_j a_ji w_i) / (v . w) with v, w the left and right
    Perron vectors. Solved by L-BFGS from the completion by ``start`` weights (default LLSM),
    which is exact when the judgement graph is a tree (lambda* = n).
    """
    judged = ~np.isnan(a)
    np.fill_diagonal(judged, False)
    iu, ju = np.nonzero(np.triu(~judged, 1))
    w0 = llsm_weights(a) if start is None else start
    b = a.copy()
    b[iu, ju] = w0[iu] / w0[ju]
    b[ju, iu] = w0[ju] / w0[iu]
    if iu.size == 0 or _cycle_rank(judged) == 0:
        return b, float(np.linalg.eigvals(b).real.max())

    def perron(t: np.ndarray) -> tuple[float, np.ndarray]:
        b[iu, ju] = np.exp(t)
        b[ju, iu] = np.exp(-t)
        vals, left, right = sla.eig(b, left=True, right=True)
        k = int(np.argmax(vals.real))
        w, v = np.abs(right[:, k].real), np.abs(left[:, k].real)
        grad = (v[iu] * b[iu, ju] * w[ju] - v[ju] * b[ju, iu] * w[iu]) / (v @ w)
        return float(vals[k].real), grad

    t0 = np.log(w0[iu] / w0[ju])
    res = minimize(perron, t0, jac=True, method="BFGS", options={"gtol": 1e-8})
    lam, _ = perron(res.x)
    return b.copy(), lam


def incomplete_random_index(n: int, cycle_rank: int, table: dict[int, float]) -> float | None:
    """RI(n, G) = RI(n) x c(G) / ((n - 1)(n - 2)/2) (module docstring); None beyond the table."""
    ri = table.get(n)
    if ri is None or n < 3:
        return None
    return ri * cycle_rank / ((n - 1) * (n - 2) / 2)


def ahp_judgements(
    labels: Sequence[str],
    judgements: Sequence[tuple[str, str, float]],
    *,
    method: IncompleteMethod = "harker",
    table: dict[int, float] | None = None,
    top: int = 3,
) -> AhpResult:
    """Weights and consistency of a group from any connected set of pairwise judgements.

    Parameters
    ----------
    labels : sequence of str
        The n items of the group.
    judgements : sequence of (a, b, value)
        a is ``value`` times as important as b (1/9..9); each pair at most once, any pair may
        be missing as long as the judged pairs link every item.
    method : {"harker", "llsm"}
        How weights are derived (module docstring). With every pair judged, ``harker`` returns
        exactly :func:`scoring.ahp.ahp`'s result.
    table : dict, optional
        Random index table of complete matrices (default ``RANDOM_INDEX``).
    top : int
        How many inconsistent judgements to name when CR > 0.10.

    Returns
    -------
    AhpResult
        ``weights``; ``matrix`` the lambda-optimal completion with ``lambda_max`` = lambda*;
        ``ci``, ``ri`` = RI(n, G), ``cr`` (None for a spanning tree or beyond the table);
        ``missing`` pairs; ``suggestion`` of the pair to judge next; ``inconsistencies``
        among the judged pairs as :func:`scoring.ahp.diagnose` gives them.

    Raises
    ------
    ScoringError
        ``ahp_not_connected`` (naming the unlinked items), ``ahp_unknown_item``,
        ``ahp_out_of_range``, ``ahp_unknown_method``.

    Warnings
    --------
    ``ahp_unchecked`` when no judgement can be checked against another (a spanning tree of 3 or
    more items); ``ahp_no_random_index``; ``ahp_inconsistent``, ``ahp_inconsistent_judgement``.
    """
    if method not in METHOD_NAMES:
        raise ScoringError(
            "ahp_unknown_method", f"method must be 'harker' or 'llsm', got {method!r}"
        )
    names = tuple(labels)
    n = len(names)
    if n == 0:
        raise ScoringError("no_criteria", "no items to compare")
    table = RANDOM_INDEX if table is None else table
    a = judgement_matrix(names, judgements)
    graph = judgement_graph(names, a)
    require_connected(graph)
    if not graph.missing and method == "harker":
        return ahp(a, names, table=table, top=top)
    w = harker_weights(a) if method == "harker" else llsm_weights(a)
    completed, lam = optimal_completion(a, w if method == "llsm" else None)
    ci = max((lam - n) / (n - 1), 0.0) if n > 2 else 0.0
    ri = incomplete_random_index(n, graph.cycle_rank, table)
    cr = ci / ri if ri else None
    warnings: list[ScoringWarning] = []
    if n > 2 and graph.cycle_rank == 0:
        warnings.append(
            ScoringWarning(
                "ahp_unchecked",
                f"{graph.edges} judgements link {n} items without any cycle: none can be checked "
                "against the others, so consistency is not measured yet; judge one more pair",
                ",".join(names),
            )
        )
    elif n > 2 and ri is None:
        warnings.append(no_random_index_warning(n, names))
    found: tuple[Inconsistency, ...] = ()
    if cr is not None and cr > CR_THRESHOLD:

        def cr_after(b: np.ndarray) -> float | None:
            rep = np.where(graph.judged, b, np.nan)
            np.fill_diagonal(rep, 1.0)
            lam_b = optimal_completion(rep)[1]
            return max((lam_b - n) / (n - 1), 0.0) / ri if ri else None

        found, extra = diagnose(completed, w, names, cr, cr_after, judged=graph.judged, top=top)
        warnings.extend(extra)
    return AhpResult(
        labels=names,
        weights=w,
        lambda_max=lam,
        ci=ci,
        cr=cr,
        ri=ri,
        consistent=cr is None or cr <= CR_THRESHOLD,
        inconsistencies=found,
        warnings=tuple(warnings),
        method=METHOD_NAMES[method],
        ri_table=f"{RANDOM_INDEX_NAME}, {RI_SCALING}" if graph.missing else RANDOM_INDEX_NAME,
        matrix=completed,
        missing=graph.missing,
        suggestion=suggest_pair(graph),
    )

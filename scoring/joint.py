"""Joint rank acceptability: one simulation over the weights, the scores and the money.

Each trial t draws

- the weights w_t: Dirichlet(concentration x w) around the stated weights (SMAA's draw,
  :func:`scoring.smaa.sample_weights`), uniform on the simplex when nothing is known, a stated
  relative band (w_j x U(1 - b, 1 + b), renormalised), or a random mix of the departments'
  weighting sets (Dirichlet(1, ..., 1) weights over the k sets: a point of their convex hull);
- the scores: each rating cell x_ij + sd_ij z_tij, z standard normal, sd from the raters'
  dispersion per cell, clipped to the rating scale;
- the money: the measured criteria fed by the finance model (TCO, up-front cost, time to
  go-live, NPV) take their values of finance trial t, one trial per option on common random
  numbers, so a cheap-but-risky option's budget score moves with its own simulated cost;

and ranks the options under the chosen method. The weighted sum with a linear normalisation
(min-max, vector, or max on benefit criteria) takes SMAA's fast path: the rated columns keep
the normalisation constants of the consensus matrix and an option's score noise is one normal
per trial, N(0, sum_j w_j^2 sd'_ij^2) (sd' the sd on the normalised scale), while the measured
columns are normalised per trial; every other method normalises each trial's whole matrix, its
noisy scores clipped to the rating scales (SMAA's full-matrix path). Outputs: the rank-acceptability matrix (ties share their positions, as in
SMAA-2), P(row ranked above column) for every pair, and per trial each option's share of the
first place and each option's weighted score draw (the inputs a value-of-information regression
takes). With the money fixed, no score noise and the same seed the acceptability is SMAA's
(:func:`scoring.smaa.smaa`) exactly: the weights come from the same generator in the same order.

Vectorised over trials in chunks of at most ``CHUNK_CELLS`` cells of the (trials, options,
criteria) working array, so memory is bounded whatever the shortlist.

References
----------
Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability analysis
for group decision making. Operations Research 49(3), 444-454.
Tervonen, T., & Figueira, J. R. (2008). A survey on stochastic multicriteria acceptability
analysis methods. J. Multi-Criteria Decision Analysis 15(1-2), 1-14.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crm_select.models.confidence import WeightModel
from scoring.errors import ScoringError
from scoring.method_call import MethodCall
from scoring.methods import DEFAULT_NORMALISATION
from scoring.normalise import Normalisation, normalise
from scoring.sensitivity import scores_for
from scoring.smaa import (
    CHUNK_CELLS,
    MAX_SAMPLES,
    _accumulate,
    _positions,
    linear_wsm,
    normalisation_slope,
    sample_weights,
)

Array = NDArray[np.float64]

WORKING_ARRAYS = 6
"""(trials, options, criteria) arrays of one chunk alive at once (matrix, noise, normalised...)."""


@dataclass(frozen=True)
class WeightDraw:
    """The weight model of a joint simulation and its parameter.

    ``concentration`` for Dirichlet; ``band`` the relative half-width (0.2 = +/- 20 %);
    ``sets`` the departments' weight vectors (k, n) over the matrix's criteria.
    """

    model: WeightModel = WeightModel.DIRICHLET
    concentration: float = 100.0
    band: float = 0.2
    sets: Array | None = None

    def draw(self, rng: np.random.Generator, weights: Array, samples: int) -> Array:
        """(samples, n) weight vectors summing to 1."""
        n = weights.size
        match self.model:
            case WeightModel.DIRICHLET:
                return sample_weights(rng, weights, n, samples, self.concentration)
            case WeightModel.UNIFORM:
                return sample_weights(rng, None, n, samples, self.concentration)
            case WeightModel.BAND:
                w = weights * rng.uniform(1 - self.band, 1 + self.band, size=(samples, n))
            case WeightModel.DEPARTMENTS:
                assert self.sets is not None
                mix = sample_weights(rng, None, self.sets.shape[0], samples, 1.0)
                w = mix @ self.sets
            case WeightModel.FIXED:
                w = np.broadcast_to(weights, (samples, n)).copy()
        return w / w.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class JointResult:
    """Rank acceptability under the joint uncertainty, and the per-trial draws behind it.

    Attributes
    ----------
    acceptability : ndarray (m, m)
        ``acceptability[i, r]`` = P(option i takes rank r + 1).
    above : ndarray (m, m)
        P(row option ranked above column option), ties counted half; 0.5 on the diagonal.
    first : ndarray (trials, m)
        Each option's share of the first place in each trial (1, or 1/k for a k-way tie).
    weights : ndarray (trials, n)
        The trial's weights.
    score_draw : ndarray (trials, m)
        Each option's weighted score draw: how far the trial's scores moved the option, on the
        0-1 scale (sum_j w_tj sd_ij z_tij / span_j with the rating scales' spans; on the
        weighted sum's fast path the option's normal draw on the normalised scale).
    """

    options: tuple[str, ...]
    criteria: tuple[str, ...]
    method: str
    trials: int
    seed: int
    weight_model: str
    score_noise: bool
    money: bool
    acceptability: Array
    above: Array
    first: Array
    weights: Array
    score_draw: Array

    @property
    def first_rank(self) -> Array:
        return self.acceptability[:, 0]


def joint_bytes(options: int, criteria: int, trials: int, measured: int = 4) -> int:
    """Peak bytes of :func:`joint` besides its inputs: the per-trial outputs kept (first place,
    score draw, weights), ``measured`` per-trial money columns and a chunk's working arrays
    (at most ``CHUNK_CELLS`` cells each)."""
    kept = trials * (2 * options + criteria + measured * options) * 8
    return kept + WORKING_ARRAYS * CHUNK_CELLS * 8


def _check(
    x: Array, w: Array, trials: int, measured: Mapping[int, np.ndarray], draw: WeightDraw
) -> None:
    m, n = x.shape
    if not 1 <= trials <= MAX_SAMPLES:
        raise ScoringError(
            "bad_samples", f"trials must be between 1 and {MAX_SAMPLES}, got {trials}"
        )
    if w.shape != (n,):
        raise ScoringError("shape_mismatch", f"{w.size} weights for {n} criteria")
    for j, v in measured.items():
        if not 0 <= j < n or np.shape(v) != (trials, m):
            raise ScoringError(
                "shape_mismatch",
                f"measured column {j} must be (trials, options) = ({trials}, {m}), "
                f"got {np.shape(v)}",
            )
        if not np.all(np.isfinite(v)):
            raise ScoringError("nan_score", "a simulated measure is not finite", str(j))
    if draw.model is WeightModel.DEPARTMENTS:
        s = draw.sets
        if s is None or s.ndim != 2 or s.shape[1] != n or s.shape[0] < 1:
            raise ScoringError("shape_mismatch", f"departments' weight sets must be (k, {n})")
    if draw.model is WeightModel.BAND and not 0 <= draw.band < 1:
        raise ScoringError("bad_band", f"the weight band must be in [0, 1), got {draw.band}")


def joint(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    call: MethodCall,
    *,
    trials: int,
    seed: int = 0,
    draw: WeightDraw | None = None,
    score_sd: np.ndarray | None = None,
    bounds: tuple[np.ndarray, np.ndarray] | None = None,
    measured: Mapping[int, np.ndarray] | None = None,
    options: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
) -> JointResult:
    """Rank acceptability with weights, scores and measured criteria drawn per trial.

    Parameters
    ----------
    matrix : ndarray (m, n)
        The decision matrix (consensus scores, base-case measures).
    weights : ndarray (n,)
        The stated weights (the centre of the Dirichlet and the band, the fixed weights).
    directions : ndarray (n,) of +1/-1
    call : MethodCall
        The method with its normalisation and parameters.
    trials, seed : sampling controls. The weights come from ``default_rng(seed)`` (SMAA's
        stream), the score noise from ``default_rng([seed, 1])``.
    draw : WeightDraw, optional
        The weight model (default: Dirichlet, concentration 100).
    score_sd : ndarray (m, n), optional
        Standard deviation of each cell (0 for measured criteria); None: no score noise.
    bounds : (lo, hi) arrays (n,), optional
        Rating scale bounds (NaN for measured criteria): noisy scores are clipped to them.
    measured : mapping column -> ndarray (trials, m), optional
        Per-trial values of measured criteria (the money); the matrix's column otherwise.

    Raises
    ------
    ScoringError
        Shapes that do not fit, non-finite measures, a trial count out of range.
    """
    x = np.asarray(matrix, dtype=float)
    w0 = np.asarray(weights, dtype=float)
    w0 = w0 / w0.sum()
    d = np.asarray(directions)
    wd = draw or WeightDraw()
    money = dict(measured or {})
    _check(x, w0, trials, money, wd)
    m, n = x.shape
    sd = None if score_sd is None else np.asarray(score_sd, dtype=float)
    noisy = sd is not None and bool(np.any(sd > 0))
    if bounds is not None:
        lo, hi = (
            np.nan_to_num(np.asarray(b, float), nan=f)
            for b, f in zip(bounds, (-np.inf, np.inf), strict=True)
        )
        span = np.where(np.isfinite(hi - lo) & (hi > lo), hi - lo, 1.0)
    else:
        lo, hi, span = np.full(n, -np.inf), np.full(n, np.inf), np.ones(n)
    rng_w = np.random.default_rng(seed)
    rng_s = np.random.default_rng([seed, 1])
    cols = np.array(sorted(money), dtype=int)
    acc = np.zeros((m, m))
    above = np.zeros((m, m))
    first = np.empty((trials, m))
    w_all = np.empty((trials, n))
    shift = np.zeros((trials, m))
    central, top = np.zeros((m, n)), np.zeros(m)
    chunk = max(1, CHUNK_CELLS // max(m * m, m * n))
    kw = call.kwargs()
    norm = kw.pop("normalisation")
    norm_name: Normalisation = norm or DEFAULT_NORMALISATION[call.method]  # type: ignore[assignment]
    linear = linear_wsm(call.method, norm_name, d)
    if linear:  # SMAA's weighted-sum path: constants of the rated columns fixed at the matrix
        rest = np.setdiff1d(np.arange(n), cols)
        base = normalise(x, d, norm_name)
        sd_n = sd * normalisation_slope(x, norm_name) if noisy and sd is not None else None
    done = 0
    while done < trials:
        c = min(chunk, trials - done)
        sl = slice(done, done + c)
        w = wd.draw(rng_w, w0, c)
        w_all[sl] = w
        if linear:
            s = np.einsum("cj,ij->ci", w[:, rest], base[:, rest])
            if cols.size:
                xm = np.stack([money[j][sl] for j in cols], axis=2)
                nm: Array = normalise(xm, d[cols], norm_name)
                s += np.einsum("ck,cik->ci", w[:, cols], nm)
            if sd_n is not None:
                z = np.sqrt(np.einsum("cj,ij->ci", w * w, sd_n * sd_n))
                z *= rng_s.standard_normal((c, m))
                s += z
                shift[sl] = z
        elif noisy or cols.size:
            xs = np.broadcast_to(x, (c, m, n)).copy()
            if cols.size:
                xs[:, :, cols] = np.stack([money[j][sl] for j in cols], axis=2)
            if noisy:
                assert sd is not None
                z = sd * rng_s.standard_normal((c, m, n))
                xs = np.clip(xs + z, lo, hi)
                shift[sl] = np.einsum("cj,cij->ci", w, z / span)
            s = scores_for(xs, w, d, call.method, norm, **kw)
        else:
            s = scores_for(x, w, d, call.method, norm, **kw)
        _accumulate(s, w, acc, central, top)
        better, equal = _positions(s)
        first[sl] = np.where(better == 0, 1.0 / equal, 0.0)
        tol = 1e-12 * np.maximum(1.0, np.abs(s).max(axis=1))[:, None, None]
        diff = s[:, :, None] - s[:, None, :]
        above += (diff > tol).sum(axis=0) + 0.5 * (np.abs(diff) <= tol).sum(axis=0)
        done += c
    return JointResult(
        options=tuple(options) if options is not None else tuple(f"A{i + 1}" for i in range(m)),
        criteria=tuple(criteria) if criteria is not None else tuple(f"C{j + 1}" for j in range(n)),
        method=call.method,
        trials=trials,
        seed=seed,
        weight_model=wd.model.value,
        score_noise=noisy,
        money=bool(cols.size),
        acceptability=acc / trials,
        above=above / trials,
        first=first,
        weights=w_all,
        score_draw=shift,
    )

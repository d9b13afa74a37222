"""Rank acceptability (SMAA-2) under weight and score uncertainty, vectorised over samples.

Weights: Dirichlet(concentration x w) around the stated weights w (mean w, variance of w_j
w_j (1 - w_j)/(concentration + 1)); criteria with weight 0 stay 0; uniform on the simplex
(Dirichlet(1, ..., 1)) when no weights are given. Scores: each cell x_ij + sd_ij z with z
standard normal and sd from the raters' dispersion (standard error of the consensus by default).

Under max normalisation (the weighted product's default) perturbed scores are kept >= 0, the
ratio scale's bound, before any rating-scale bounds apply.

For WSM with a linear normalisation (minmax, vector, or max on benefit criteria) the
normalisation constants are fixed at the consensus matrix, and the score noise of an option is
drawn exactly as one normal per option and sample, N(0, sum_j w_j^2 sd'_ij^2), instead of one
per cell. Other methods perturb the whole matrix per sample (in chunks). Ties in a sample share
the tied positions equally, so rank probabilities sum to 1 over ranks and over options.

Memory is bounded whatever the shortlist: a chunk holds at most ``CHUNK_CELLS`` cells of its
largest working array (samples x options x options where ties are counted, samples x options x
criteria where the matrix is perturbed), so the chunk size follows from the options and
criteria alone; the same inputs and seed give the same numbers on every surface.

References
----------
Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability analysis
for group decision making. Operations Research 49(3), 444-454.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring.errors import ScoringError
from scoring.methods import DEFAULT_NORMALISATION
from scoring.normalise import normalise
from scoring.sensitivity import scores_for

MAX_SAMPLES = 1_000_000
CHUNK_CELLS = 2_000_000
"""Cells of a chunk's largest working array (16 MB of float64): the memory bound of SMAA."""


@dataclass(frozen=True)
class SmaaResult:
    """Rank acceptability of each option.

    Attributes
    ----------
    acceptability : ndarray (m, m)
        ``acceptability[i, r]`` = probability that option i takes rank r + 1.
    central_weights : ndarray (m, n)
        Mean weight vector of the samples in which option i ranks first (NaN if it never does).
    score_noise : str
        "none" when no score moved, else the noise model ("sem", "sd"; "given" for a bare call).
    """

    options: tuple[str, ...]
    criteria: tuple[str, ...]
    method: str
    samples: int
    seed: int
    concentration: float | None
    score_noise: str
    acceptability: np.ndarray
    central_weights: np.ndarray

    @property
    def first_rank(self) -> np.ndarray:
        return self.acceptability[:, 0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "samples": self.samples,
            "seed": self.seed,
            "concentration": self.concentration,
            "score_noise": self.score_noise,
            "options": {
                o: {
                    "rank_probabilities": [float(p) for p in self.acceptability[i]],
                    "central_weights": None
                    if np.isnan(self.central_weights[i]).any()
                    else dict(
                        zip(self.criteria, (float(x) for x in self.central_weights[i]), strict=True)
                    ),
                }
                for i, o in enumerate(self.options)
            },
        }


def linear_wsm(method: str, normalisation: str, directions: np.ndarray) -> bool:
    """The weighted sum with a normalisation linear in the scores (min-max, vector, or max on
    benefit criteria): score noise can be drawn per option with the constants fixed."""
    return method == "wsm" and (
        normalisation in ("minmax", "vector")
        or (normalisation == "max" and bool(np.all(np.asarray(directions) > 0)))
    )


def normalisation_slope(x: np.ndarray, normalisation: str) -> np.ndarray:
    """d(normalised value)/d(score) per criterion of a linear normalisation, its constants
    fixed at the matrix ``x`` (0 where a criterion does not vary)."""
    if normalisation == "minmax":
        span = x.max(axis=0) - x.min(axis=0)
        return np.where(span > 0, 1.0 / np.where(span > 0, span, 1.0), 0.0)
    if normalisation == "vector":
        nrm = np.sqrt((x * x).sum(axis=0))
        return np.where(nrm > 0, 1.0 / np.where(nrm > 0, nrm, 1.0), 0.0)
    return 1.0 / x.max(axis=0)


def sample_weights(
    rng: np.random.Generator, weights: np.ndarray | None, n: int, samples: int, concentration: float
) -> np.ndarray:
    """(samples, n) weight vectors on the simplex (see the module docstring)."""
    if weights is None:
        g = rng.standard_gamma(np.ones(n), size=(samples, n))
    else:
        w = np.asarray(weights, dtype=float)
        w = w / w.sum()
        alpha = concentration * w
        g = np.zeros((samples, n))
        pos = alpha > 0
        g[:, pos] = rng.standard_gamma(alpha[pos], size=(samples, int(pos.sum())))
    return g / g.sum(axis=1, keepdims=True)


def _positions(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For (S, m) scores: how many options are strictly better, and how many tie (incl. itself)."""
    s, m = scores.shape
    tol = 1e-12 * np.maximum(1.0, np.abs(scores).max(axis=1, keepdims=True))
    order = np.argsort(-scores, axis=1, kind="stable")
    ranked = np.take_along_axis(scores, order, axis=1)
    tied_next = (ranked[:, :-1] - ranked[:, 1:]) <= tol
    better = np.empty((s, m), dtype=np.int64)
    equal = np.ones((s, m), dtype=np.int64)
    np.put_along_axis(better, order, np.broadcast_to(np.arange(m), (s, m)), axis=1)
    rows = np.flatnonzero(tied_next.any(axis=1))
    if rows.size:  # exact O(m^2) count only where a sample has ties
        sub = scores[rows]
        diff = sub[:, None, :] - sub[:, :, None]
        t = tol[rows][:, :, None]
        better[rows] = (diff > t).sum(axis=2)
        equal[rows] = (np.abs(diff) <= t).sum(axis=2)
    return better, equal


def _accumulate(
    scores: np.ndarray, w: np.ndarray, acc: np.ndarray, central: np.ndarray, first: np.ndarray
) -> None:
    """Add one chunk of (S, m) scores (higher is better) to the rank counts."""
    m = scores.shape[1]
    better, equal = _positions(scores)
    share = 1.0 / equal
    # option i occupies positions better .. better + equal - 1, each with probability 1/equal
    idx = np.arange(m)[None, :] * (m + 1)
    size = m * (m + 1)
    edges = np.bincount((idx + better).ravel(), weights=share.ravel(), minlength=size)
    edges -= np.bincount((idx + better + equal).ravel(), weights=share.ravel(), minlength=size)
    acc += np.cumsum(edges.reshape(m, m + 1), axis=1)[:, :m]
    top = np.where(better == 0, share, 0.0)
    # einsum, not BLAS: OpenBLAS's threads spin against each other on a busy machine
    # (this (m, S) x (S, n) product took 0.3 s through BLAS, 0.5 ms through einsum)
    central += np.einsum("si,sj->ij", top, w)
    first += top.sum(axis=0)


def smaa(
    matrix: np.ndarray,
    weights: np.ndarray | None,
    directions: np.ndarray,
    method: str = "wsm",
    *,
    score_sd: np.ndarray | None = None,
    samples: int = 10_000,
    concentration: float = 100.0,
    seed: int = 0,
    options: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
    normalisation: str | None = None,
    bounds: tuple[np.ndarray, np.ndarray] | None = None,
    chunk: int = 2_000,
    **params: Any,
) -> SmaaResult:
    """Rank acceptability indices and central weight vectors, seeded and reproducible.

    Parameters
    ----------
    matrix : ndarray (m, n)
    weights : ndarray (n,) or None
        Stated weights (Dirichlet around them) or None (uniform on the simplex).
    directions : ndarray (n,) of +1/-1
    method : str
    score_sd : ndarray (m, n), optional
        Standard deviation of each cell (0 for measured criteria); None for no score noise.
    samples, concentration, seed : sampling controls.
    bounds : (lo, hi) arrays (n,), optional
        Perturbed scores are clipped to these (e.g. the rating scale; NaN = unbounded).
    """
    x = np.asarray(matrix, dtype=float)
    m, n = x.shape
    if not 1 <= samples <= MAX_SAMPLES:
        raise ScoringError(
            "bad_samples", f"samples must be between 1 and {MAX_SAMPLES}, got {samples}"
        )
    if not concentration > 0:
        raise ScoringError("bad_concentration", f"concentration must be > 0, got {concentration}")
    d = np.asarray(directions)
    rng = np.random.default_rng(seed)
    sd = None if score_sd is None else np.asarray(score_sd, dtype=float)
    noisy = sd is not None and bool(np.any(sd > 0))
    norm = normalisation or DEFAULT_NORMALISATION[method]
    linear = linear_wsm(method, norm, d)
    base = normalise(x, d, norm) if method == "wsm" else None  # type: ignore[arg-type]
    sd_n = None
    if linear and noisy:
        assert sd is not None
        sd_n = sd * normalisation_slope(x, norm)
    acc = np.zeros((m, m))
    central = np.zeros((m, n))
    first = np.zeros(m)
    chunk = max(1, min(chunk, CHUNK_CELLS // max(m * m, m * n)))
    done = 0
    while done < samples:
        c = min(chunk, samples - done)
        w = sample_weights(rng, weights, n, c, concentration)
        if linear:
            assert base is not None
            # einsum, not BLAS (see _accumulate): 5 ms instead of 26 ms per chunk here
            s = np.einsum("cj,ij->ci", w, base)
            if sd_n is not None:
                s = s + np.sqrt(np.einsum("cj,ij->ci", w * w, sd_n * sd_n)) * rng.standard_normal(
                    (c, m)
                )
        elif noisy:
            assert sd is not None
            xs = x + sd * rng.standard_normal((c, m, n))
            if norm == "max":  # a ratio scale: noise must not push a value below 0
                xs = np.maximum(xs, 0.0)
            if bounds is not None:
                lo, hi = (
                    np.nan_to_num(np.asarray(b, float), nan=f)
                    for b, f in zip(bounds, (-np.inf, np.inf), strict=True)
                )
                xs = np.clip(xs, lo, hi)
            s = scores_for(xs, w, d, method, normalisation, **params)
        else:
            s = scores_for(x, w, d, method, normalisation, **params)
        _accumulate(s, w, acc, central, first)
        done += c
    with np.errstate(invalid="ignore", divide="ignore"):
        cw = central / first[:, None]
    cw[first == 0] = np.nan
    return SmaaResult(
        tuple(options) if options is not None else tuple(f"A{i + 1}" for i in range(m)),
        tuple(criteria) if criteria is not None else tuple(f"C{j + 1}" for j in range(n)),
        method, samples, seed, None if weights is None else concentration,
        "given" if noisy else "none", acc / samples, cw,
    )  # fmt: skip

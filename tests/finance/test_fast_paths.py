"""The engine's fast paths give the numbers of the plain numpy formulations they replace."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from finance import engine, metrics
from finance.correlation import spearman
from finance.risk import OutcomeModel, outcome_value
from finance.sampling import _beta_table, normal_ppf, table_lookup
from finance.sensitivity import rank_correlation, ranks

from .conftest import build


def _payback_reference(rate: float, cf: np.ndarray) -> np.ndarray:
    """The (Y, T) formulation: cumulative sum, first year >= 0, linear interpolation."""
    Y, T = cf.shape
    d = cf * metrics.discount_factors(rate, Y)[:, None]
    s = np.cumsum(d, axis=0)
    reached = s >= 0
    first = np.argmax(reached, axis=0)
    cols = np.arange(T)
    prev = s[np.maximum(first - 1, 0), cols]
    step = d[first, cols]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(step > 0, -prev / step, 0.0)
    out = np.where(first == 0, 0.0, first - 1 + np.clip(frac, 0.0, 1.0))
    return np.where(reached[first, cols], out, np.inf)


def _flows(rng: np.random.Generator, years: int, n: int) -> np.ndarray:
    cf = rng.normal(size=(years, n)) * rng.random((years, 1)) * 3
    cf += rng.normal() * np.linspace(-1, 1, years)[:, None]
    cf[:, :20] = 0.0
    return cf


@pytest.mark.parametrize("years", [1, 2, 6, 11])
def test_payback_matches_cumsum_formulation(years: int) -> None:
    rng = np.random.default_rng(years)
    cf = _flows(rng, years, 4000)
    expected = _payback_reference(0.1, cf)
    assert np.array_equal(metrics.payback_years_first(0.1, cf), expected)
    out = np.empty(cf.shape[1], dtype=np.float32)
    metrics.payback_years_first(0.1, cf, out=out)  # type: ignore[arg-type]  # float32 out works
    assert np.array_equal(out, expected.astype(np.float32))


def test_irr_years_first_is_irr_of_the_transpose() -> None:
    rng = np.random.default_rng(3)
    cf = _flows(rng, 6, 3000)
    r = metrics.irr_years_first(cf)
    assert np.array_equal(r, metrics.irr(cf.T), equal_nan=True)
    ok = np.isfinite(r)
    assert ok.mean() > 0.5
    npv = np.array([metrics.npv(x, c) for x, c in zip(r[ok], cf.T[ok], strict=True)])
    assert np.abs(npv).max() <= 1e-6 * np.abs(cf.T[ok]).sum(axis=1).max()


def test_npv_statistics_equal_the_numpy_formulations() -> None:
    rng = np.random.default_rng(7)
    npv = rng.normal(size=50_001) * 1e6 + 2e5
    summary, p_pos, es, hist = engine._npv_statistics(npv)
    p5, p50, p95 = np.percentile(npv, [5, 50, 95])
    assert (summary["p5"], summary["p50"], summary["p95"]) == (p5, p50, p95)
    assert summary["mean"] == float(npv.mean())
    assert p_pos == float(np.mean(npv > 0))
    k = int(np.ceil(0.05 * npv.size))
    assert es == pytest.approx(np.sort(npv)[:k].mean(), rel=1e-12)
    counts, edges = np.histogram(npv, bins=50)
    assert hist["edges"] == edges.tolist()
    assert hist["counts"] == counts.astype(float).tolist()


def test_payback_summary_counts_never_paid_back_apart() -> None:
    rng = np.random.default_rng(11)
    pb = rng.random(30_000) * 6
    pb[rng.random(30_000) < 0.3] = np.inf
    got = engine._payback_summary(pb)
    paid = pb[np.isfinite(pb)]
    assert got["n"] == paid.size
    assert got["share_paid_back"] == paid.size / pb.size
    assert [got["p5"], got["p50"], got["p95"]] == np.percentile(paid, [5, 50, 95]).tolist()
    assert got["mean"] == pytest.approx(paid.mean(), rel=1e-12)
    assert got["se"] == pytest.approx(paid.std(ddof=1) / np.sqrt(paid.size), rel=1e-9)
    assert engine._payback_summary(np.full(10, np.inf))["mean"] is None


def test_roi_statistics_map_to_risk_adjusted() -> None:
    rng = np.random.default_rng(8)
    pvc = rng.random(10_000) * 1e6 + 1.0
    pvb = rng.random(10_000) * 2e6
    roi, rar = engine._roi_statistics(pvb, pvc, 0.1, 0.1)
    assert roi == metrics.summary(metrics.roi(pvb, pvc))
    ref = metrics.summary(metrics.risk_adjusted_roi(pvb, pvc, 0.1, 0.1))
    for key in ("mean", "se", "p5", "p50", "p95"):
        assert rar[key] == pytest.approx(ref[key], rel=1e-12, abs=1e-15)


def test_ranks_and_rank_correlation_equal_spearman() -> None:
    rng = np.random.default_rng(9)
    x = rng.random(5000)
    y = x + rng.random(5000)
    ties = np.floor(x * 5)
    for a in (x, ties):
        ra, ry = ranks(a), ranks(y)
        assert ra is not None
        assert ry is not None
        assert rank_correlation(ra, ry) == pytest.approx(spearman(a, y), abs=1e-12)
    assert ranks(np.ones(10)) is None


def test_table_lookup_is_linear_interpolation() -> None:
    table = _beta_table(2.0, 3.0)
    u = np.random.default_rng(10).random(10_000)
    pos = u * (table.size - 1)
    i = np.minimum(pos.astype(np.intp), table.size - 2)
    assert np.array_equal(table_lookup(table, u), table[i] + (pos - i) * (table[i + 1] - table[i]))


def test_normal_quantile_is_within_its_stated_error_and_exact_in_the_tails() -> None:
    u = np.linspace(1e-12, 1 - 1e-12, 1_000_001)
    err = np.abs(normal_ppf(u) - special.ndtri(u))
    assert err.max() <= 4.1e-7
    tails = (u < 0.02) | (u > 0.98)
    assert np.array_equal(normal_ppf(u)[tails], special.ndtri(u[tails]))
    block = u[:600].reshape(2, 300)  # any shape
    assert np.array_equal(normal_ppf(block), normal_ppf(u[:600]).reshape(2, 300))


def test_outcome_levels_by_band() -> None:
    m = OutcomeModel(0.3, 0.45, 0.25, 0.3, 0.7, 0.0, 0.2, 0.85, 0.0, 2.0)
    u = np.random.default_rng(11).random(10_000)
    o, failure = outcome_value(u, m)
    p2 = m.p_full + m.p_partial
    partial = (u >= m.p_full) & (u < p2)
    assert np.all(o[u < m.p_full] == 1.0)
    v = (u[partial] - m.p_full) / m.p_partial
    assert np.array_equal(o[partial], m.partial_lo + (m.partial_hi - m.partial_lo) * v)
    assert np.array_equal(failure, u >= p2)
    w = np.minimum((u[failure] - p2) / m.p_failure, 1.0)
    assert np.array_equal(o[failure], m.failure_lo + (m.failure_hi - m.failure_lo) * w)


def test_threads_and_repeated_runs_give_identical_results() -> None:
    s, r = build(deterministic=False)
    one = engine.simulate(s, r, trials=6000, seed=3, threads=1, chunk_size=1000).to_json()
    two = engine.simulate(s, r, trials=6000, seed=3, threads=2, chunk_size=1000).to_json()
    again = engine.simulate(s, r, trials=6000, seed=3, threads=2, chunk_size=1000).to_json()
    assert one == two == again

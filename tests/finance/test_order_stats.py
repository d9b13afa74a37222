"""Order statistics, percentiles, shortfall and histogram equal numpy's sort-based answers."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from finance import order_stats


def _samples(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "normal":
        return rng.normal(size=n) * 1e5
    if kind == "sorted":  # a stride subsample of sorted data is no random sample
        return np.sort(rng.lognormal(size=n))
    if kind == "ties":  # few distinct values: brackets collapse onto ties
        return rng.integers(0, 4, size=n).astype(np.float64)
    if kind == "inf":
        x = rng.normal(size=n)
        x[rng.random(n) < 0.4] = np.inf
        return x
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["normal", "sorted", "ties", "inf"])
@pytest.mark.parametrize("n", [1, 7, 8192, 8193, 100_003])
def test_order_values_equal_a_sort(kind: str, n: int) -> None:
    rng = np.random.default_rng(n)
    x = _samples(kind, n, rng)
    wanted = (0, n - 1, n // 2, (n - 1) // 20, (n - 1) // 20 + 1, 19 * n // 20)
    ranks = sorted({min(r, n - 1) for r in wanted})
    ranks = [*ranks, ranks[-1]]  # a repeated rank is answered twice
    assert np.array_equal(order_stats.order_values(x, ranks), np.sort(x)[ranks])


@pytest.mark.parametrize("n", [1, 2, 3, 10, 1001, 20_000, 100_000])
def test_percentiles_equal_numpy(n: int) -> None:
    x = np.random.default_rng(n).standard_t(3, size=n) * 1e5
    q = (5, 25, 50, 75, 95)
    assert np.array_equal(order_stats.percentiles(x, q), np.percentile(x, q))


@pytest.mark.parametrize("n", [5, 8192, 20_000])
def test_row_percentiles_equal_numpy_along_rows(n: int) -> None:
    rng = np.random.default_rng(n)
    x = np.cumsum(rng.standard_t(4, size=(6, n)) * 1e5, axis=0)
    x[0] = np.round(x[0], -5)  # a row of heavy ties
    q = (5, 25, 50, 75, 95)
    assert np.array_equal(order_stats.row_percentiles(x, q), np.percentile(x, q, axis=1))


def test_float32_order_values_are_exact() -> None:
    x = np.random.default_rng(1).random(50_000).astype(np.float32)
    got = order_stats.order_values(x, [100, 25_000])
    assert got == np.sort(x)[[100, 25_000]].astype(np.float64).tolist()


def test_percentiles_of_the_finite_part_when_the_rest_is_infinite() -> None:
    x = np.random.default_rng(2).random(40_000)
    x[::3] = np.inf
    finite = x[np.isfinite(x)]
    points, _ = order_stats.percentile_points(x, finite.size, (5, 50, 95))
    got = [order_stats.interpolate(*p) for p in points]
    assert got == np.percentile(finite, [5, 50, 95]).tolist()


@pytest.mark.parametrize("k", [1, 17, 5000, 100_000])
def test_lower_mean_is_the_mean_of_the_k_smallest(k: int) -> None:
    x = np.random.default_rng(k).integers(-50, 50, size=100_000).astype(np.float64)
    assert order_stats.lower_mean(x, k) == pytest.approx(np.sort(x)[:k].mean(), rel=1e-12)


@pytest.mark.parametrize("offset", [0.0, 1e9, -3e12])
def test_histogram_equals_numpy_even_on_the_edges(offset: float) -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=60_000) + offset
    edges = np.linspace(x.min(), x.max(), 51)
    x[:51] = edges  # values exactly on every edge, and next to them
    x[51:102] = np.nextafter(edges, np.inf)
    x[102:153] = np.nextafter(edges, -np.inf)
    x[102], x[152] = edges[0], edges[-1]  # keep min and max
    counts, got_edges = order_stats.histogram(x, 50)
    ref_counts, ref_edges = np.histogram(x, 50)
    assert np.array_equal(got_edges, ref_edges)
    assert np.array_equal(counts, ref_counts)


def test_histogram_of_constant_samples() -> None:
    counts, edges = order_stats.histogram(np.full(100, 3.0), 50)
    ref_counts, ref_edges = np.histogram(np.full(100, 3.0), 50)
    assert np.array_equal(counts, ref_counts)
    assert np.array_equal(edges, ref_edges)


@settings(max_examples=60)
@given(
    x=arrays(
        np.float64,
        st.integers(1, 20_000),
        elements=st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
    ),
    q=st.lists(st.floats(0, 100), min_size=1, max_size=6),
)
def test_percentiles_and_histogram_equal_numpy_on_any_sample(x: np.ndarray, q: list[float]) -> None:
    assert np.array_equal(order_stats.percentiles(x, q), np.percentile(x, q))
    # the bracketing path on small samples too (tiny subsample: brackets often miss)
    with patch.object(order_stats, "_SMALL", 4), patch.object(order_stats, "_SAMPLE", 3):
        assert np.array_equal(order_stats.percentiles(x, q), np.percentile(x, q))
        rows = np.stack([x, x[::-1] * 2.0, np.sort(x)])
        assert np.array_equal(order_stats.row_percentiles(rows, q), np.percentile(rows, q, axis=1))
    counts, edges = order_stats.histogram(x, 50)
    ref_counts, ref_edges = np.histogram(x, 50)
    assert np.array_equal(counts, ref_counts)
    assert np.array_equal(edges, ref_edges)

"""Monte Carlo engine: draws inputs in chunks, runs the cash-flow kernel, reduces to results.

Arrays are (years, trials) per option, processed in chunks of ``chunk_size`` trials on
``threads`` threads (numpy releases the GIL). Chunk ``i`` draws from its own generator
``PCG64(SeedSequence(seed, spawn_key=(i,)))`` and chunk results are combined in index order,
so the same seed gives identical results whatever the thread count or timing.

Performance (bench/bench_finance.py; the speed contract of issue 4):

* the chunk loop makes no BLAS call (``einsum`` and elementwise loops instead): OpenBLAS's own
  threads would spin against the chunk threads; the worker pool is kept across runs;
* the chunk phase keeps only what the statistics need: PV of benefits and costs, category/year
  sums, and the net flows of the path sample; the measures that need a whole cash-flow path
  per trial (IRR, several options per call; discounted payback; the fan chart) are computed
  from that sample in the parallel statistics phase;
* statistics never sort a measure over all trials: percentiles and the expected shortfall are
  exact order statistics found by bracketing (:mod:`finance.order_stats`; the short rows of
  the path sample are sorted whole), the histogram is one pass; the risk-adjusted ROI is an
  increasing affine map of the ROI, so its order statistics are the ROI's mapped;
* the base cases of all options are evaluated together (one IRR and one payback call);
* the statistics phase is mostly many short numpy calls, which two threads contend for (the
  GIL): its cost is kept down rather than spread (the path sample is 10,000 trials by
  default; IRR, payback and fan cost scale with it);
* variance contributions rank each input once (shared inputs once for all options) and use
  the exact rank-correlation formula.

Numerical conventions: PERT and normal quantiles come from lookup tables
(:mod:`finance.sampling`: the normal one within 4e-7 of ``ndtri`` in the centre, exact in the
tails); correlated lognormal inputs are ``exp(mu + sigma z)`` of the copula normal directly
(no ``ndtr`` round trip, accurate in the tails); sums over years (``einsum``) and over trials
(category sums of constant amounts as amount x row sum) may add in another order than a plain
formulation (relative differences below 1e-13); percentiles equal ``np.percentile``.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import cast

import numpy as np
from numpy.typing import NDArray
from scipy import special

from crm_select.models.decision import ResolvedOption
from crm_select.models.distributions import Lognormal
from crm_select.models.errors import PathError
from crm_select.models.finance import Convergence
from crm_select.models.scenario import Scenario
from finance import metrics, order_stats
from finance.base_case import BaseCase, evaluate_bases
from finance.benefits import CompanyModel, company_model, lever_parts
from finance.cashflow import option_flows
from finance.conventions import in_force
from finance.correlation import cholesky_factor
from finance.costs import ALL_CATEGORIES, CATEGORIES, INDIRECT, OptionModel, option_model
from finance.initial_price import price_check
from finance.result import OptionResult, SimulationResult
from finance.sampling import is_degenerate, normal_ppf, ppf, uniforms
from finance.sensitivity import ranks, tornado, variance_contributions_ranked
from finance.trials import TrialData, input_groups

Array = NDArray[np.float64]
MAX_OPTIONS = 1000
PERCENTILES = (5, 25, 50, 75, 95)
#: the outcomes a trial is counted in (abandoned trials are failures too)
OUTCOME_KINDS = ("full", "partial", "failure", "abandoned")
#: normal quantiles of the uniform clip of the lognormal ppf (1e-12, 1 - 1e-12)
_Z_LO = float(special.ndtri(1e-12))
_Z_HI = -_Z_LO
Progress = Callable[[float], None]


@dataclass
class _Scope:
    """Stochastic inputs of one scope (shared, or one option): names, rows, constants, copula."""

    names: list[str]
    offset: int
    const: dict[str, float]
    corr_idx: list[int]
    chol: Array | None


def _scope(
    dists: dict[str, object], offset: int, pairs: list[tuple[str, str, float]], where: str
) -> _Scope:
    names = [n for n, d in dists.items() if not is_degenerate(d)]  # type: ignore[arg-type]
    const = {n: float(d.base) for n, d in dists.items() if n not in names}  # type: ignore[attr-defined]
    mine = [(a, b, r) for a, b, r in pairs if a in names and b in names]
    if not mine:
        return _Scope(names, offset, const, [], None)
    corr_names = sorted({a for a, _, _ in mine} | {b for _, b, _ in mine}, key=names.index)
    try:
        chol = cholesky_factor(corr_names, mine)
    except ValueError as e:
        raise PathError(("finance", "correlations"), f"{where}: {e}") from None
    return _Scope(names, offset, const, [names.index(n) for n in corr_names], chol)


def validate(scenario: Scenario, resolved: list[ResolvedOption]) -> None:
    """Checks the finance section cannot do alone; raises PathError naming the field."""
    if not resolved:
        raise PathError(("options",), "no options to simulate")
    if len(resolved) > MAX_OPTIONS:
        raise PathError(("options",), f"at most {MAX_OPTIONS} options, got {len(resolved)}")
    ids = {r.id for r in resolved}
    for key in scenario.finance.cost_overrides:
        if key not in ids:
            raise PathError(
                ("finance", "cost_overrides", key), f"unknown option id; known: {sorted(ids)}"
            )


def _check_correlation_names(scenario: Scenario, cm: CompanyModel, oms: list[OptionModel]) -> None:
    option_names = set().union(*(om.inputs for om in oms))
    shared = set(cm.inputs)
    for i, c in enumerate(scenario.finance.correlations):
        for side in ("a", "b"):
            name = getattr(c, side)
            if name not in option_names and name not in shared:
                raise PathError(
                    ("finance", "correlations", i, side),
                    f"unknown input {name!r}; known: {sorted(option_names | shared)}",
                )
        if (c.a in shared) != (c.b in shared):
            raise PathError(
                ("finance", "correlations", i),
                f"{c.a!r} and {c.b!r} must both be per-option inputs or both shared inputs",
            )


@dataclass
class _Plan:
    cm: CompanyModel
    oms: list[OptionModel]
    shared: _Scope
    scopes: list[_Scope]
    dims: int


def _plan(
    scenario: Scenario,
    resolved: list[ResolvedOption],
    uplift_scale: Mapping[str, float] | None = None,
) -> _Plan:
    validate(scenario, resolved)
    cm = company_model(scenario)
    oms = [option_model(scenario, ro) for ro in resolved]
    if uplift_scale:
        oms = [replace(om, uplift_scale=uplift_scale.get(om.id, 1.0)) for om in oms]
    _check_correlation_names(scenario, cm, oms)
    pairs = [(c.a, c.b, c.rho) for c in scenario.finance.correlations]
    shared = _scope(cm.inputs, 0, pairs, "shared inputs")  # type: ignore[arg-type]
    offset = len(shared.names)
    scopes = []
    for om in oms:
        s = _scope(om.inputs, offset, pairs, f"option {om.id!r}")  # type: ignore[arg-type]
        scopes.append(s)
        offset += len(s.names)
    return _Plan(cm, oms, shared, scopes, offset)


def _correlated_normals(block: Array, rows: list[int], chol: Array) -> Array:
    """``chol @ Φ⁻¹(u)`` for the correlated rows (lower triangle, no BLAS call)."""
    z = np.take(block, rows, axis=0)
    np.clip(z, 1e-15, 1.0 - 1e-15, out=z)
    z = normal_ppf(z)
    tmp = np.empty(z.shape[1])
    for i in range(len(rows) - 1, -1, -1):  # bottom up: row i needs the original rows <= i
        zi = z[i]
        zi *= chol[i, i]
        for k in range(i):
            if chol[i, k] != 0.0:
                np.multiply(z[k], chol[i, k], out=tmp)
                zi += tmp
    return z


def _inputs(scope: _Scope, dists: Mapping[str, object], u: Array, n: int) -> dict[str, Array]:
    block = u[scope.offset : scope.offset + len(scope.names)]
    x: dict[str, Array] = {}
    if scope.chol is not None:
        # Gaussian copula: a lognormal input is exp(mu + sigma z) of the correlated normal z
        # directly (no ndtr -> ndtri round trip); others go back to a uniform for their ppf.
        z = _correlated_normals(block, scope.corr_idx, scope.chol)
        for row, i in enumerate(scope.corr_idx):
            name = scope.names[i]
            d = dists[name]
            if isinstance(d, Lognormal):
                mu, sigma = d.mu_sigma
                zi = np.clip(z[row], _Z_LO, _Z_HI, out=z[row])
                zi *= sigma
                zi += mu
                x[name] = np.exp(zi, out=zi)
            else:
                x[name] = ppf(d, special.ndtr(z[row]))  # type: ignore[arg-type]
    for i, name in enumerate(scope.names):
        if name not in x:
            x[name] = ppf(dists[name], block[i])  # type: ignore[arg-type]
    for name, v in scope.const.items():
        x[name] = np.full(n, v)
    return x


@dataclass(frozen=True)
class RunSettings:
    """How one simulation runs: the settings object every stage of the engine reads.

    Built by :meth:`of` from ``scenario.finance.simulation`` and the caller's overrides.

    Attributes
    ----------
    trials : int
        Trials to run (the maximum when a convergence rule is set).
    seed, lhs, threads, chunk_size
        Seed, Latin hypercube sampling, worker threads, trials per chunk.
    path_sample : int
        Trials whose whole cash-flow path is kept (IRR, payback), ``<= trials``.
    fan_sample : int
        Trials of the cumulative cash-flow fan, ``<= trials``.
    variance_sample : int
        Trials of the variance contributions (0 when sensitivity is off).
    sensitivity : bool
        Compute the tornado and the variance contributions.
    keep_trials : bool
        Keep per-trial outputs and input draws (:class:`finance.result.TrialData`).
    """

    trials: int
    seed: int
    lhs: bool
    threads: int
    chunk_size: int
    path_sample: int
    fan_sample: int
    variance_sample: int
    sensitivity: bool
    keep_trials: bool

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        *,
        trials: int | None = None,
        seed: int | None = None,
        lhs: bool | None = None,
        threads: int | None = None,
        chunk_size: int | None = None,
        sensitivity: bool = True,
        keep_trials: bool = False,
    ) -> RunSettings:
        """The scenario's simulation settings with the given overrides (None keeps them)."""
        fin = scenario.finance
        s = fin.simulation
        n = trials if trials is not None else s.trials
        if n < 1:
            raise PathError(("finance", "simulation", "trials"), f"must be >= 1, got {n}")
        return cls(
            trials=n,
            seed=s.seed if seed is None else seed,
            lhs=s.latin_hypercube if lhs is None else lhs,
            threads=threads or s.threads,
            chunk_size=chunk_size or s.chunk_size,
            path_sample=min(s.irr_sample, n),
            fan_sample=min(s.fan_sample, n),
            variance_sample=min(fin.tornado.variance_sample, n) if sensitivity else 0,
            sensitivity=sensitivity,
            keep_trials=keep_trials,
        )

    @property
    def starts(self) -> list[int]:
        """First trial of each chunk."""
        return list(range(0, self.trials, self.chunk_size))

    def chunk_length(self, index: int) -> int:
        return min(self.chunk_size, self.trials - index * self.chunk_size)

    def stopped_at(self, n: int) -> RunSettings:
        """The settings of a run that stopped early after ``n`` trials (samples cut to n)."""
        return replace(
            self,
            trials=n,
            path_sample=min(self.path_sample, n),
            fan_sample=min(self.fan_sample, n),
            variance_sample=min(self.variance_sample, n),
        )


#: per-trial outputs kept for at most this many trial-option cells (memory bound of keep_trials)
MAX_KEPT_CELLS = 5_000_000


@dataclass
class _Store:
    """Per-trial arrays (options, trials) and running sums, filled chunk by chunk."""

    pvb: Array
    pvc: Array
    cat: Array
    tco_cat: Array
    initial: Array
    cost: Array
    ben: Array
    tax: Array
    kinds: Array
    net: Array  # (options, Y, trials): net flows of the first max(path, fan) sample trials
    ben_path: Array  # (options, Y, path sample): their benefits (payback respects go-live)
    go_live: Array  # (options, max(path, fan) sample)
    var_x: list[dict[str, Array]]
    var_shared: dict[str, Array]
    var_npv: Array
    kept: TrialData | None

    @classmethod
    def empty(cls, plan: _Plan, run: RunSettings) -> _Store:
        k, n, Y = len(plan.oms), run.trials, plan.cm.horizon + 1
        n_var = run.variance_sample
        n_net = max(run.path_sample, run.fan_sample)
        return cls(
            pvb=np.empty((k, n)),
            pvc=np.empty((k, n)),
            cat=np.zeros((k, len(ALL_CATEGORIES), Y)),
            tco_cat=np.zeros((k, len(ALL_CATEGORIES), Y)),
            initial=np.zeros(k),
            cost=np.zeros((k, Y)),
            ben=np.zeros((k, Y)),
            tax=np.zeros((k, Y)),
            kinds=np.zeros((k, 8)),
            net=np.empty((k, Y, n_net)),
            ben_path=np.empty((k, Y, run.path_sample)),
            go_live=np.empty((k, n_net)),
            var_x=[{name: np.empty(n_var) for name in s.names} for s in plan.scopes],
            var_shared={name: np.empty(n_var) for name in plan.shared.names},
            var_npv=np.empty((k, n_var)),
            kept=_kept_arrays(plan, run) if run.keep_trials else None,
        )


def _kept_arrays(plan: _Plan, run: RunSettings) -> TrialData:
    """Empty per-trial arrays for :attr:`RunSettings.keep_trials` (NaN where an option has no
    such input)."""
    k, n = len(plan.oms), run.trials
    if k * n > MAX_KEPT_CELLS:
        raise PathError(
            ("finance", "simulation", "trials"),
            f"keeping per-trial outputs of {k} options x {n:,} trials exceeds "
            f"{MAX_KEPT_CELLS:,} cells: ask for fewer trials",
        )
    own = sorted(set().union(*(om.inputs for om in plan.oms)))
    inputs = {name: np.full(n, np.nan) for name in plan.cm.inputs if name not in plan.cm.idle}
    inputs |= {name: np.full((k, n), np.nan) for name in own}
    return TrialData(
        option_ids=[om.id for om in plan.oms],
        npv=np.empty((k, n)),
        tco=np.empty((k, n)),
        upfront_cost=np.empty((k, n)),
        go_live_years=np.empty((k, n)),
        inputs=inputs,
        groups=input_groups(list(inputs)),
    )


def _chunk_uniforms(plan: _Plan, run: RunSettings, index: int) -> Array:
    """The uniforms of chunk ``index``, from its own generator (module docstring)."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(run.seed, spawn_key=(index,))))
    return uniforms(rng, plan.dims, run.chunk_length(index), run.lhs)


def option_draws(
    scenario: Scenario, resolved: list[ResolvedOption], option_id: str, run: RunSettings
) -> tuple[OptionModel, CompanyModel, Iterator[tuple[slice, dict[str, Array]]]]:
    """The model of one option and its drawn inputs chunk by chunk, exactly as :func:`simulate`
    draws them for the same shortlist and settings (the re-forecast after go-live,
    :mod:`finance.reforecast`, re-runs the kernel on them). ``KeyError`` for an unknown id."""
    plan = _plan(scenario, resolved)
    ids = [om.id for om in plan.oms]
    if option_id not in ids:
        raise KeyError(option_id)
    j = ids.index(option_id)

    def chunks() -> Iterator[tuple[slice, dict[str, Array]]]:
        for index, start in enumerate(run.starts):
            n = run.chunk_length(index)
            u = _chunk_uniforms(plan, run, index)
            shared = _inputs(plan.shared, plan.cm.inputs, u, n)
            yield (
                slice(start, start + n),
                _inputs(plan.scopes[j], plan.oms[j].inputs, u, n) | shared,
            )

    return plan.oms[j], plan.cm, chunks()


def _run_chunk(plan: _Plan, store: _Store, run: RunSettings, index: int) -> _ChunkSums:
    """Draw and evaluate trials ``[start, start + n)`` of chunk ``index`` for every option."""
    cm = plan.cm
    start, n = index * run.chunk_size, run.chunk_length(index)
    u = _chunk_uniforms(plan, run, index)
    shared = _inputs(plan.shared, cm.inputs, u, n)
    parts = None if cm.compounding else lever_parts(cm, shared)
    disc = metrics.discount_factors(cm.discount_rate, cm.horizon + 1)
    k = len(plan.oms)
    sums = _ChunkSums(
        cat=np.zeros((k, len(ALL_CATEGORIES), cm.horizon + 1)),
        tco_cat=np.zeros((k, len(ALL_CATEGORIES), cm.horizon + 1)),
        initial=np.zeros(k),
        cost=np.zeros((k, cm.horizon + 1)),
        ben=np.zeros((k, cm.horizon + 1)),
        tax=np.zeros((k, cm.horizon + 1)),
        kinds=np.zeros((k, 8)),
    )
    sl = slice(start, start + n)
    var = _head(start, n, run.variance_sample)
    if var is not None:
        for name in plan.shared.names:
            store.var_shared[name][var] = shared[name][: var.stop - start]
    kept = store.kept
    if kept is not None:
        for name, v in shared.items():
            if name in kept.inputs:
                kept.inputs[name][sl] = v
    n_net = max(run.path_sample, run.fan_sample)
    for j, (om, scope) in enumerate(zip(plan.oms, plan.scopes, strict=True)):
        x = _inputs(scope, om.inputs, u, n) | shared
        f = option_flows(om, cm, x, parts, per_trial_tco=kept is not None)
        # einsum, not BLAS: OpenBLAS's own threads would spin against the chunk threads
        np.einsum("y,yt->t", disc, f.benefit, out=store.pvb[j, sl])
        np.einsum("y,yt->t", disc, f.cost, out=store.pvc[j, sl])
        sums.cat[j] = f.category_sum
        sums.tco_cat[j] = f.tco_sum
        if f.initial_price is not None:
            sums.initial[j] = f.initial_price.sum()
        sums.cost[j] = f.cost.sum(axis=1)
        sums.ben[j] = f.benefit.sum(axis=1)
        if f.tax_sum is not None:
            sums.tax[j] = f.tax_sum
        if kept is not None:
            kept.tco[j, sl] = f.tco
            kept.upfront_cost[j, sl] = f.cost[0]
            kept.go_live_years[j, sl] = f.go_live
            for name in om.inputs:
                kept.inputs[name][j, sl] = x[name]
        head = _head(start, n, run.path_sample)
        if head is not None:
            store.ben_path[j, :, head] = f.benefit[:, : head.stop - start]
        net = np.subtract(f.benefit, f.cost, out=f.benefit)
        m = om.outcome
        uo = x["outcome"]
        full = uo < m.p_full
        fail = uo >= m.p_full + m.p_partial
        n_full, n_fail = np.count_nonzero(full), np.count_nonzero(fail)
        # trials paying back in each outcome: why P(NPV > 0) is not the share of full successes
        pos = store.pvb[j, sl] > store.pvc[j, sl]
        p_full, p_fail = np.count_nonzero(pos & full), np.count_nonzero(pos & fail)
        sums.kinds[j] = (
            n_full,
            n - n_full - n_fail,
            n_fail,
            np.count_nonzero(f.abandoned),
            p_full,
            np.count_nonzero(pos) - p_full - p_fail,
            p_fail,
            np.count_nonzero(pos & f.abandoned),
        )
        # IRR, payback and the fan chart are computed per option in the statistics phase
        # (in parallel, and chunk 0 stays as quick as the others)
        head = _head(start, n, n_net)
        if head is not None:
            store.net[j, :, head] = net[:, : head.stop - start]
        head = _head(start, n, n_net)
        if head is not None:
            store.go_live[j, head] = f.go_live[: head.stop - start]
        if var is not None:
            e = var.stop - start
            for name in scope.names:
                store.var_x[j][name][var] = x[name][:e]
            store.var_npv[j, var] = store.pvb[j, var] - store.pvc[j, var]
    if kept is not None:
        np.subtract(store.pvb[:, sl], store.pvc[:, sl], out=kept.npv[:, sl])
    return sums


def _head(start: int, n: int, sample: int) -> slice | None:
    """The part of trials ``[start, start + n)`` that falls in the first ``sample`` trials."""
    return slice(start, min(start + n, sample)) if start < sample else None


@dataclass
class _ChunkSums:
    """Sums over one chunk's trials, added to the store in chunk order."""

    cat: Array
    tco_cat: Array
    initial: Array
    cost: Array
    ben: Array
    tax: Array
    kinds: Array

    def add_to(self, store: _Store) -> None:
        store.cat += self.cat
        store.tco_cat += self.tco_cat
        store.initial += self.initial
        store.cost += self.cost
        store.ben += self.ben
        store.tax += self.tax
        store.kinds += self.kinds


_POOLS: dict[int, ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()
if hasattr(os, "register_at_fork"):  # a forked child has none of the parent's threads
    os.register_at_fork(after_in_child=_POOLS.clear)


def _pool(threads: int) -> ThreadPoolExecutor:
    """A worker pool kept across simulations: warm threads keep their memory arenas, so the
    first chunks of a run do not pay page faults for every temporary array again."""
    with _POOLS_LOCK:
        pool = _POOLS.get(threads)
        if pool is None:
            pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="finance")
            _POOLS[threads] = pool
        return pool


#: options whose IRR samples are solved in one call
_IRR_GROUP = 8


def _irr_group(store: _Store, group: range, n_irr: int, out: Array) -> None:
    flows = np.concatenate([store.net[j, :, :n_irr] for j in group], axis=1)
    out[group.start : group.stop] = metrics.irr_years_first(flows).reshape(len(group), n_irr)


def _relative_half_width(mean: Array, half: Array) -> list[float]:
    """``half / |mean|`` per option (inf where the mean is 0)."""
    m = np.abs(mean)
    return np.where(m > 0, half / np.where(m > 0, m, 1.0), np.inf).tolist()


def _z(confidence: float) -> float:
    return float(special.ndtri(0.5 + confidence / 2))


def _run_chunks(
    plan: _Plan,
    store: _Store,
    run: RunSettings,
    conv: Convergence,
    progress: Progress | None,
) -> tuple[int, list[float]]:
    """Run the chunks in order (in batches when a convergence rule may stop the run early).

    Returns the trials done and, when the rule was checked, each option's relative half-width
    of the mean-NPV confidence interval at the last check.
    """
    pool = _pool(run.threads)
    starts = run.starts
    z = _z(conv.confidence)
    done = 0
    next_chunk = 0
    achieved: list[float] = []
    while next_chunk < len(starts):
        stop = len(starts)
        if conv.enabled:
            stop = min(stop, next_chunk + max(run.threads, 1) * 2)
        batch = range(next_chunk, stop)
        futures = [pool.submit(_run_chunk, plan, store, run, i) for i in batch]
        for i, fut in zip(batch, futures, strict=True):
            fut.result().add_to(store)
            done = starts[i] + run.chunk_length(i)
            if progress is not None:
                progress(done / run.trials)
        next_chunk = stop
        if conv.enabled and done >= conv.min_trials:
            npv = store.pvb[:, :done] - store.pvc[:, :done]
            half = z * npv.std(axis=1, ddof=1) / math.sqrt(done)
            achieved = _relative_half_width(npv.mean(axis=1), half)
            if all(a <= conv.tolerance for a in achieved):
                break
    return done, achieved


@dataclass
class _Statistics:
    """What the per-option statistics share: the run, its store and the common reductions."""

    scenario: Scenario
    plan: _Plan
    store: _Store
    run: RunSettings
    irr: Array  # (options, path sample)
    disc: Array
    shared_ranks: dict[str, NDArray[np.int64] | None]


def simulate(
    scenario: Scenario,
    resolved: list[ResolvedOption],
    *,
    trials: int | None = None,
    seed: int | None = None,
    lhs: bool | None = None,
    progress: Progress | None = None,
    threads: int | None = None,
    chunk_size: int | None = None,
    sensitivity: bool = True,
    keep_trials: bool = False,
    uplift_scale: Mapping[str, float] | None = None,
) -> SimulationResult:
    """Run the Monte Carlo for every resolved option of a scenario.

    Parameters
    ----------
    scenario : Scenario
    resolved : list of ResolvedOption
        From ``models.decision.resolve(scenario, catalog)``.
    trials, seed, lhs, threads, chunk_size : optional
        Override ``scenario.finance.simulation`` (see :class:`RunSettings`). With a
        convergence rule, ``trials`` is the maximum.
    progress : callable(float) -> None, optional
        Called with the completed share (0..1] after each chunk.
    sensitivity : bool
        Compute tornado and variance contributions (default True).
    keep_trials : bool
        Also return every trial's outputs and input draws (``SimulationResult.trial_data``,
        :class:`finance.result.TrialData`), for at most ``MAX_KEPT_CELLS`` trial-option cells.
    uplift_scale : mapping of option id -> float, optional
        Multiplies every benefit lever's uplift of an option (default 1, the benchmark as the
        scenario states it); the draws do not change, so runs with different scales share
        their random numbers. The break-even uplift (:mod:`finance.break_even`) is the scale at
        which an option's mean NPV is zero.

    Returns
    -------
    SimulationResult
    """
    run = RunSettings.of(
        scenario,
        trials=trials,
        seed=seed,
        lhs=lhs,
        threads=threads,
        chunk_size=chunk_size,
        sensitivity=sensitivity,
        keep_trials=keep_trials,
    )
    plan = _plan(scenario, resolved, uplift_scale)
    store = _Store.empty(plan, run)
    conv = scenario.finance.convergence
    done, achieved = _run_chunks(plan, store, run, conv, progress)
    planned = run.trials
    if done < planned:
        run = run.stopped_at(done)
    results = _statistics(scenario, plan, store, run)
    if not achieved:
        # from each option's NPV mean and standard error (no second pass over all trials)
        mean = np.array([float(o.npv["mean"]) for o in results])
        se = [float(o.npv["se"]) if done > 1 else math.inf for o in results]
        achieved = _relative_half_width(mean, _z(conv.confidence) * np.asarray(se))
    warnings = [f"{om.id}: {w}" for om in plan.oms for w in om.warnings]
    warnings += [
        f"{o.option_id}: {o.price_check.warning}" for o in results if o.price_check.warning
    ]
    return SimulationResult(
        scenario=scenario.title(),
        currency=scenario.currency.value,
        trials=done,
        seed=run.seed,
        latin_hypercube=run.lhs,
        horizon_years=plan.cm.horizon,
        discount_rate=plan.cm.discount_rate,
        convergence={
            "enabled": conv.enabled,
            "tolerance": conv.tolerance,
            "confidence": conv.confidence,
            "max_trials": planned,
            "stopped_early": done < planned,
            "relative_half_width": dict(zip((om.id for om in plan.oms), achieved, strict=True)),
            "converged": bool(all(a <= conv.tolerance for a in achieved)),
        },
        options=results,
        warnings=warnings,
        conventions_in_force=in_force(scenario),
        trial_data=None if store.kept is None else store.kept.truncated(done),
    )


def _statistics(
    scenario: Scenario, plan: _Plan, store: _Store, run: RunSettings
) -> list[OptionResult]:
    """Per-option statistics from the filled store, in parallel: shared inputs ranked once,
    IRR solved for groups of options, the base cases of all options in one pass."""
    pool = _pool(run.threads)
    k = len(plan.oms)
    n_var, n_irr = run.variance_sample, run.path_sample
    shared_ranks: dict[str, NDArray[np.int64] | None] = {}
    if run.sensitivity:
        # shared inputs are the same for every option: rank them once
        names = [m for m in store.var_shared if m not in plan.cm.idle]
        got = pool.map(lambda v: ranks(v[:n_var]), (store.var_shared[m] for m in names))
        shared_ranks = dict(zip(names, got, strict=True))

    # IRR of the sample trials, several options per call (the Newton tail and the bisection
    # are many small steps whose cost is shared), queued before the per-option statistics
    irr_all = np.empty((k, n_irr))
    size = min(_IRR_GROUP, max(1, math.ceil(k / max(run.threads, 1))))
    groups = [range(a, min(k, a + size)) for a in range(0, k, size)]
    bases = pool.submit(evaluate_bases, scenario, plan.oms, plan.cm)
    irr_done = [pool.submit(_irr_group, store, g, n_irr, irr_all) for g in groups] if n_irr else []
    ctx = _Statistics(
        scenario=scenario,
        plan=plan,
        store=store,
        run=run,
        irr=irr_all,
        disc=metrics.discount_factors(plan.cm.discount_rate, plan.cm.horizon + 1),
        shared_ranks=shared_ranks,
    )

    def build(j: int) -> OptionResult:
        if irr_done:
            irr_done[j // size].result()
        return _option_result(ctx, j, bases.result()[j])

    return list(pool.map(build, range(k)))


def _npv_statistics(
    npv: Array,
) -> tuple[dict[str, float | int | None], float, float, dict[str, list[float]]]:
    """Summary, P(NPV > 0), ES5 and histogram of the NPV samples (no sort: order statistics)."""
    n = npv.size
    if not np.isfinite(npv).all():
        finite = npv[np.isfinite(npv)]
        # -inf counts in the tail; NaN (an undefined trial) leaves the shortfall undefined
        es = metrics.expected_shortfall(npv, 0.05) if not np.isnan(npv).any() else math.nan
        summ = metrics.summary_of(finite, n)
    else:
        finite = npv
        k = metrics.shortfall_count(n, 0.05)  # ES5 reads the k-th value next to P5: one bracket
        points, (kth,) = order_stats.percentile_points(npv, n, (5, 50, 95), extra=[k - 1])
        es = order_stats.lower_mean(npv, k, kth)
        pct = [order_stats.interpolate(*p) for p in points]
        summ = metrics.summary_of(finite, n, percentiles=pct)
    p_pos = float(np.count_nonzero(npv > 0) / n)
    if finite.size == 0:
        return summ, p_pos, es, {"edges": [], "counts": []}
    counts, edges = order_stats.histogram(finite, 50)
    return summ, p_pos, es, {"edges": edges.tolist(), "counts": counts.tolist()}


def _roi_statistics(
    pvb: Array, pvc: Array, haircut: float, markup: float
) -> tuple[dict[str, float | int | None], dict[str, float | int | None]]:
    """Summaries of ROI and risk-adjusted ROI from one selection of order statistics.

    The risk-adjusted ROI is an increasing affine map of the ROI,
    ``ROI_ra = a (ROI + 1) - 1`` with ``a = (1 - haircut) / (1 + markup) > 0`` (same trials
    undefined), so its order statistics are the ROI's mapped.
    """
    if bool((pvc > 0).all()):
        roi = pvb - pvc  # every trial defined: (b - c) / c without the masks of metrics.roi
        roi /= pvc
    else:
        roi = metrics.roi(pvb, pvc)
    mask = np.isfinite(roi)
    finite = roi if mask.all() else roi[mask]
    a = (1.0 - haircut) / (1.0 + markup)
    if finite.size == 0 or not a > 0 or not 1.0 + markup > 0:
        return metrics.summary(roi), metrics.summary(
            metrics.risk_adjusted_roi(pvb, pvc, haircut, markup)
        )
    points, _ = order_stats.percentile_points(finite, finite.size, (5, 50, 95))
    roi_summary = metrics.summary_of(
        finite, roi.size, percentiles=[order_stats.interpolate(*p) for p in points]
    )
    mean, se = cast(float, roi_summary["mean"]), cast(float, roi_summary["se"])  # finite.size > 0
    pct_ra = [
        order_stats.interpolate((lo + 1.0) * a - 1.0, (hi + 1.0) * a - 1.0, g)
        for lo, hi, g in points
    ]
    return roi_summary, roi_summary | {"mean": a * (mean + 1.0) - 1.0, "se": a * se} | dict(
        zip(("p5", "p50", "p95"), pct_ra, strict=True)
    )


def _payback_summary(payback: Array) -> dict[str, float | int | None]:
    """Summary of the paid-back trials and their share (never paid back is +inf, which orders
    last, so the order statistics of the paid-back trials are those of all trials)."""
    n = payback.size
    never = np.isinf(payback)
    n_paid = n - int(np.count_nonzero(never))
    pct = None
    if n_paid:
        points, _ = order_stats.percentile_points(payback, n_paid, (5, 50, 95))
        pct = [order_stats.interpolate(*p) for p in points]
    paid = payback[~never] if n_paid < n else payback
    return metrics.summary_of(paid, n, percentiles=pct) | {"share_paid_back": n_paid / n}


def _option_result(ctx: _Statistics, j: int, base: BaseCase) -> OptionResult:
    """Statistics of option ``j`` from the filled store.

    Percentiles and the expected shortfall are exact order statistics
    (:mod:`finance.order_stats`), not read from sorted copies.
    """
    fin = ctx.scenario.finance
    cm = ctx.plan.cm
    store = ctx.store
    n, n_fan, n_var = ctx.run.trials, ctx.run.fan_sample, ctx.run.variance_sample
    om = ctx.plan.oms[j]
    Y = cm.horizon + 1
    risk = fin.risk
    irr = ctx.irr[j]
    pvb, pvc = store.pvb[j, :n], store.pvc[j, :n]
    npv = pvb - pvc
    cat_mean = store.cat[j] / n
    tco_mean = store.tco_cat[j] / n
    cash = len(CATEGORIES)
    tco_total = float(tco_mean[:cash].sum())
    lic = float(tco_mean[CATEGORIES.index("licences")].sum())
    check = price_check(float(store.initial[j] / n), lic, tco_total, om.delivery.value, fin)
    fan = np.empty((Y, n_fan))  # cumulative net flow, the same additions as np.cumsum
    if n_fan:
        fan[0] = store.net[j, 0, :n_fan]
        for y in range(1, Y):
            np.add(fan[y - 1], store.net[j, y, :n_fan], out=fan[y])
    pct = order_stats.row_percentiles(fan, PERCENTILES) if n_fan else np.zeros((5, Y))
    npv_summary, p_pos, es, hist = _npv_statistics(npv)
    roi_summary, rar_summary = _roi_statistics(
        pvb, pvc, risk.tei_benefit_haircut, risk.tei_cost_markup
    )
    if ctx.run.sensitivity:
        base_npv, rows = tornado(
            om, cm, fin.tornado.low_quantile, fin.tornado.high_quantile, fin.tornado.top
        )
        own = {name: ranks(v[:n_var]) for name, v in store.var_x[j].items()}
        contrib = variance_contributions_ranked(
            own | ctx.shared_ranks, ranks(store.var_npv[j, :n_var])
        )
    else:
        base_npv, rows, contrib = math.nan, [], []
    return OptionResult(
        option_id=om.id,
        name=om.name,
        delivery_type=om.delivery.value,
        strategy=om.strategy,
        years=list(range(Y)),
        tco_by_category={c: tco_mean[i].tolist() for i, c in enumerate(CATEGORIES)},
        cash_by_category={c: cat_mean[i].tolist() for i, c in enumerate(CATEGORIES)},
        indirect_by_year={c: cat_mean[cash + i].tolist() for i, c in enumerate(INDIRECT)},
        indirect_tco=float(tco_mean[cash:].sum()),
        tco=tco_total,
        pv_costs=float(pvc.mean()),
        costs_by_year=(store.cost[j] / n).tolist(),
        benefits_by_year=(store.ben[j] / n).tolist(),
        tax_by_year=(store.tax[j] / n).tolist(),
        npv=npv_summary,
        roi=roi_summary,
        risk_adjusted_roi=rar_summary,
        irr=metrics.summary(irr)
        | {"share_without_irr": float(np.mean(~np.isfinite(irr))) if irr.size else None},
        discounted_payback=_payback_summary(
            metrics.payback_years_first(
                cm.discount_rate,
                store.net[j, :, : irr.size],
                benefit=store.ben_path[j, :, : irr.size],
                go_live=store.go_live[j, : irr.size],
            )
        ),
        p_npv_positive=p_pos,
        expected_shortfall_npv_5=es,
        price_check=check,
        outcome_shares=dict(zip(OUTCOME_KINDS, (store.kinds[j, :4] / n).tolist(), strict=True)),
        p_npv_positive_by_outcome={
            kind: float(store.kinds[j, 4 + i] / store.kinds[j, i]) if store.kinds[j, i] else None
            for i, kind in enumerate(OUTCOME_KINDS)
        },
        go_live_years=metrics.summary(store.go_live[j, :n_fan]),
        cumulative_cash_flow={f"p{p}": pct[i].tolist() for i, p in enumerate(PERCENTILES)},
        npv_histogram=hist,
        tornado_base_npv=base_npv,
        tornado=rows,
        variance_contribution=contrib,
        base_case=base,
        lever_shares=dict(om.lever_share),
        npv_samples=npv,
    )

"""Speed of the finance engine (printed figures, not a timed test).

    .venv/bin/python bench/bench_finance.py [REPEAT]

Cases (issue 4): 100,000 trials x 5 years x 20 options (target < 0.5 s) and 1,000,000 trials x
10 options (target < 3 s, peak memory < 1 GB). Each case also times a minimal hand-written
numpy kernel of the same cash-flow model (same kinds of draws, same chunking and threads) and prints
the ratio engine / kernel (target <= 1.5). The kernel computes the same cash-flow model (every
cost category, the same risk and benefit model) and the same basic NPV statistics (mean, se,
P5/P50/P95, P(NPV > 0), ES5); the benchmark checks that both mean NPVs agree within Monte Carlo
error. Engine and kernel runs are interleaved and repeated (best and median printed), since the
machine is shared: check ``uptime`` before trusting a figure. Each case runs in its own process
so that the peak resident memory (``ru_maxrss``, engine and kernel together) belongs to that
case alone. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be unset for this command alone to compare
(the engine's chunk loop makes no BLAS call, so they hardly matter).
"""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from scipy import special

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm_select.models.catalog import Catalog, Component, Perpetual, Subscription
from crm_select.models.decision import ResolvedOption, resolve
from crm_select.models.scenario import Scenario
from crm_select.models.schema_version import SCHEMA_VERSION
from finance.engine import simulate
from finance.sampling import _beta_table, table_lookup

SRC = {"source": "bench", "as_of": "2026-11-01"}
COVER = dict.fromkeys((c.value for c in Component), 3)
KINDS = ("saas", "boxed", "configurable", "saas")


def _option(i: int) -> dict[str, Any]:
    kind = KINDS[i % len(KINDS)]
    pricing = (
        {
            "model": "subscription",
            "currency": "USD",
            "per_user_month": 50.0 + i,
            "annual_escalation": 0.05,
        }
        if kind == "saas"
        else {
            "model": "perpetual",
            "currency": "USD",
            "per_user": 800.0 + 10 * i,
            "maintenance_rate": 0.2,
        }
    )
    return {
        "id": f"opt-{i}",
        "name": f"Option {i}",
        "vendor": "Bench",
        "country": "US",
        "delivery_type": kind,
        "editions": [{"id": "std", "name": "Std", "pricing": {**SRC, **pricing}}],
        "default_edition": "std",
        "implementation": {
            "effort_days": {"min": 20, "mode": 40 + i, "max": 90},
            "duration_weeks": {"min": 6, "mode": 10, "max": 20},
            "partner_day_rate": {"amount": 1000.0, "currency": "USD", **SRC},
        },
        "infrastructure": {
            "servers": 1 if kind != "saas" else 0,
            "admin_fte": 0.2 if kind != "saas" else 0,
            "server_cost_year": {"amount": 3000.0, "currency": "USD", **SRC},
        },
        "administration": {"users_per_fte": 87.5, "min_fte": 0.2, **SRC},
        # grades that differ by option, so the fit gate gives each its own lever shares
        "coverage": COVER | {"integration": i % 6, "marketing": (i + 2) % 6, "mobile_sales": 4},
        "crm_types": {"operational": 3, "analytical": 3, "collaborative": 3},
        "risk": {
            "lock_in": 2,
            "vendor_viability": 4,
            "russia": "available",
            "data_residency_ru": None,
        },
        "languages": ["en"],
    }


def scenario(n_options: int) -> tuple[Scenario, list[ResolvedOption]]:
    opts = [_option(i) for i in range(n_options)]
    s = Scenario.model_validate(
        {
            "schema_version": SCHEMA_VERSION,
            "name": "bench",
            "currency": "USD",
            "company": {
                "crm_users": 50,
                "sales_reps": 30,
                "annual_revenue": 2e7,
                "gross_margin": 0.3,
                "deals_per_year": 400,
                "win_rate": 0.25,
                "average_deal": 50_000,
                "admin_costs": 1e6,
                "cross_sell_revenue": 2e6,
                "churn": 0.1,
                "loaded_labour_cost_per_day": 400,
                "discount_rate": 0.1,
                "horizon_years": 5,
                "integrations": [
                    {"name": "ERP", "kind": "erp", "complexity": "medium"},
                    {"name": "Telephony", "kind": "telephony", "complexity": "low"},
                ],
            },
            "criteria": {
                "groups": [
                    {
                        "id": "budget",
                        "weight": 1,
                        "criteria": [{"id": "tco", "name": {"en": "TCO"}}],
                    }
                ]
            },
            "options": [{"inline": o} for o in opts],
            # users' data-entry time is uncertain here (the default is 0 minutes), so both
            # sides draw and count it: in NPV, not in TCO (an indirect cost)
            "finance": {
                "indirect": {
                    "data_entry_minutes": {"kind": "pert", "min": 5, "mode": 10, "max": 20}
                }
            },
        }
    )
    cat = Catalog.model_validate({"as_of": "2026-11-01", "options": opts})
    return s, resolve(s, cat)


# --- the minimal hand-written kernel ------------------------------------------------------------


def _chol() -> np.ndarray:
    """Cholesky factor of the normal correlations behind the default rank correlations
    (schedule, cost, outcome): ``2 sin(pi rho / 6)``, computed by hand (3 x 3)."""
    r_sc, r_o = (2 * math.sin(math.pi * rho / 6) for rho in (0.7, 0.3))
    l21, l22 = r_sc, math.sqrt(1 - r_sc**2)
    l31 = r_o
    l32 = (r_o - l31 * l21) / l22
    return np.array([[1, 0, 0], [l21, l22, 0], [l31, l32, math.sqrt(1 - l31**2 - l32**2)]])


CHOL = _chol()


def _pert(u: np.ndarray, lo: float, mode: float, hi: float) -> np.ndarray:
    a = 1 + 4 * (mode - lo) / (hi - lo)
    b = 1 + 4 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * table_lookup(_beta_table(a, b), u)


def _kernel_chunk(
    s: Scenario, r: list[ResolvedOption], index: int, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Same model, written flat: draws by inverse CDF, (Y, n) cash flows, PV of benefits and
    costs per trial and option (every cost category of docs/finance.md that this scenario has:
    licences up front and yearly with escalation, paid annually in advance, servers, add-ons,
    project costs with overrun, integrations priced one by one, data migration, training with
    trainer days, hypercare in the year of go-live, administration, support, users'
    data-entry time, exit cost on abandonment), and each trial's TCO over the project and H
    years after go-live."""
    c = s.company
    fin = s.finance
    cost_cfg = fin.costs
    H = c.horizon_years
    lab = c.loaded_labour_cost_per_day
    yc = np.arange(H + 1, dtype=float)[:, None]
    disc = (1 + c.discount_rate) ** -np.arange(H + 1.0)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(1, spawn_key=(index,))))
    u = rng.random((8 + 7 * len(r), n))
    up_s = _pert(u[0], 0.05, 0.10, 0.15)
    up_c = _pert(u[1], 0.05, 0.15, 0.25)
    up_r = _pert(u[2], 0.0, 0.01, 0.02)
    up_m = _pert(u[3], 0.01, 0.02, 0.03)
    up_a = _pert(u[4], 0.05, 0.10, 0.15)
    prod = _pert(u[5], 0.4, 0.5, 0.7)
    minutes = _pert(u[6], 5, 10, 20)
    R, m = c.annual_revenue, c.gross_margin
    ex = R * c.existing_customer_share
    # each lever's amount at full coverage; an option delivers its share of each (the reps it
    # licenses for the rep levers, its share of the CRM users for the others)
    rep_part = (R - ex) * up_s
    cross_part = c.cross_sell_revenue * up_c
    retention_part = ex * np.minimum(up_r, c.churn)
    admin_part = c.admin_costs * up_a * prod
    fit = fin.benefits.fit
    ramp = np.array(fin.benefits.adoption_ramp)
    users = 50
    # the company's two integrations (medium 5/7/10, low 1/2/3 days), summed into one PERT
    integ = [getattr(cost_cfg.integration_days, i.complexity.value) for i in c.integrations]
    i_lo, i_mode, i_hi = (sum(getattr(x, k) for x in integ) for k in ("min", "mode", "max"))
    trainer = math.ceil(users / cost_cfg.users_per_session) * cost_cfg.trainer_days_per_session
    pvb = np.empty((len(r), n))
    pvc = np.empty((len(r), n))
    tco = np.empty((len(r), n))
    for j, ro in enumerate(r):
        base = 8 + 7 * j
        kind = ro.option.delivery_type.value
        impl = ro.option.implementation
        pricing = ro.edition.pricing
        rate = ro.partner_day_rate.amount
        e, d = ro.effort_days, ro.duration_weeks
        effort = _pert(u[base], e.min, e.mode, e.max)
        weeks = _pert(u[base + 1], d.min, d.mode, d.max)
        integ_days = _pert(u[base + 6], i_lo, i_mode, i_hi)
        mu_s, sg_s = getattr(fin.risk.schedule_overrun, kind).mu_sigma
        mu_c, sg_c = getattr(fin.risk.cost_overrun, kind).mu_sigma
        # the default copula: schedule-cost 0.7, outcome with each 0.3 (rank correlations)
        z1, n2 = special.ndtri(u[base + 2]), special.ndtri(u[base + 3])
        z2 = CHOL[1, 0] * z1 + CHOL[1, 1] * n2
        z3 = CHOL[2, 0] * z1 + CHOL[2, 1] * n2 + CHOL[2, 2] * special.ndtri(u[base + 4])
        so, co = np.exp(mu_s + sg_s * z1), np.exp(mu_c + sg_c * z2)
        dur = np.maximum(weeks / 52 * so, 1e-9)
        p = getattr(fin.risk.outcome, kind)
        uo, ua = special.ndtr(z3), u[base + 5]
        pf, pp = p.full, p.partial + min(0.05, p.failure)
        fail = uo >= pf + pp
        o = np.where(
            uo < pf,
            1.0,
            np.where(
                fail, 0.2 * (uo - pf - pp) / (1 - pf - pp), 0.3 + 0.4 * (uo - pf) / max(pp, 1e-12)
            ),
        )
        # a third of abandonments during implementation, the rest 0-2 years after go-live
        p_ab, q_b = fin.risk.abandonment_given_failure, fin.risk.abandonment_before_go_live
        v = ua / p_ab
        t_end = np.where(
            fail & (ua < p_ab),
            np.where(v < q_b, dur * v / q_b, dur + 2 * (v - q_b) / (1 - q_b)),
            np.inf,
        )
        start = np.maximum(yc - 1, dur)
        end = np.minimum(yc, t_end)
        live = np.clip(end - start, 0, 1)
        use = live * ramp[np.clip(0.5 * (start + end) - dur, 0, len(ramp) - 1).astype(np.intp)]
        proj = np.clip(np.minimum(dur, t_end) - yc, 0, 1) / dur  # work done until dropped
        stop = np.minimum(np.ceil(t_end), H + 1)
        running = (yc >= 1) & (yc <= stop)
        day_cost = rate + impl.internal_share * lab  # consultants: all partner days
        impl_cost = effort * day_cost
        project = (
            impl_cost * (1 + cost_cfg.data_migration + 0.1 + getattr(cost_cfg.customisation, kind))
            + integ_days * day_cost
        ) * co + (users * lab + trainer * rate)
        hyper = 0.07 * impl_cost * co
        esc: np.ndarray | float
        if isinstance(pricing, Subscription):  # the saas options
            lic_up, lic, esc = 0.0, 12 * users * pricing.per_user_month, 1.05 ** (yc - 1)
            servers = 0.0
            admin_fte = max(0.2, users / 87.5)
        else:
            assert isinstance(pricing, Perpetual)  # every other bench option
            lic_up = users * pricing.per_user
            lic, esc = pricing.maintenance_rate * lic_up, 1.0
            servers = 3000.0
            admin_fte = max(0.2, users / 87.5) + 0.2
        admin = admin_fte * c.working_days * lab
        add_on = 0.05 * (lic + 0.2 * lic_up)
        billed = running * (lic * esc + add_on)  # paid annually in advance: at the year's start
        cost = proj * project + running * servers
        cost[:-1] += billed[1:]
        cost += live * (admin + 0.15 * impl_cost) + use * (users * minutes / 480 * 247 * lab)
        cost[0] += lic_up
        hy = np.floor(dur).astype(np.intp)
        inside = np.flatnonzero((hy <= H) & (dur < t_end))
        cost[hy[inside], inside] += hyper[inside]
        quit_ = np.flatnonzero(stop <= H)
        cost[stop[quit_].astype(np.intp), quit_] += 0.1 * project[quit_]
        # the option delivers coverage x fit of each lever: its grades' mean over the
        # components the lever needs, from 0 at zero_grade to 1 at full_grade
        w_rep, w_user = min(1.0, users / c.sales_reps), min(1.0, users / c.crm_users)
        f: dict[str, float] = {}
        for lever, comps in fit.requires.items():
            grade = sum(ro.option.coverage[x] for x in comps) / len(comps)
            f[lever] = min(
                1.0, max(0.0, (grade - fit.zero_grade) / (fit.full_grade - fit.zero_grade))
            )
        um = w_rep * f["margin"] * up_m
        d_rev = w_rep * f["sales_per_rep"] * rep_part + w_user * (
            f["cross_sales"] * cross_part + f["retention"] * retention_part
        )
        gain = d_rev * m * (1 + um) + R * m * um + w_user * f["admin"] * admin_part
        ben = use * (o * gain)
        pvb[j] = disc @ ben
        pvc[j] = disc @ cost
        # TCO: the project, then H years after go-live (running costs accrue, licences at each
        # calendar year's escalated price), exit costs; users' time is not cash (not in TCO)
        q_end = np.minimum(dur + H, t_end)
        if kind == "saas":
            nq = np.floor(q_end)
            g = 1.05**nq
            lic_time = (g - 1) / 0.05 + (q_end - nq) * g
        else:
            lic_time = q_end
        after = np.maximum(q_end - dur, 0.0)  # dropped during the project: none
        tco[j] = (
            project * np.clip(t_end / dur, 0, 1)
            + lic_up
            + lic * lic_time
            + (servers + add_on) * q_end
            + (admin + 0.15 * impl_cost) * after
            + np.where(dur < t_end, hyper, 0.0)
            + np.where(t_end <= dur + H, 0.1 * project, 0.0)
        )
    return pvb, pvc, tco


def kernel(
    s: Scenario, r: list[ResolvedOption], trials: int, chunk: int = 25_000, threads: int = 2
) -> list[dict[str, float]]:
    """Chunks on a thread pool, then the basic NPV statistics the engine reports and the
    mean TCO."""
    starts = range(0, trials, chunk)
    with ThreadPoolExecutor(threads) as pool:
        parts = list(
            pool.map(
                lambda i: _kernel_chunk(s, r, i, min(chunk, trials - i * chunk)), range(len(starts))
            )
        )
    pvb = np.concatenate([p[0] for p in parts], axis=1)
    pvc = np.concatenate([p[1] for p in parts], axis=1)
    tco = np.concatenate([p[2] for p in parts], axis=1)
    del parts

    def stats(j: int) -> dict[str, float]:
        npv = pvb[j] - pvc[j]
        p5, p50, p95 = np.percentile(npv, [5, 50, 95])
        k = math.ceil(0.05 * trials)
        return {
            "mean": float(npv.mean()),
            "se": float(npv.std(ddof=1) / math.sqrt(trials)),
            "p5": float(p5),
            "p50": float(p50),
            "p95": float(p95),
            "p_positive": float(np.mean(npv > 0)),
            "es5": float(np.partition(npv, k - 1)[:k].mean()),
            "tco": float(tco[j].mean()),
            "tco_se": float(tco[j].std(ddof=1) / math.sqrt(trials)),
        }

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(stats, range(len(r))))


def _timed(fn: object, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - t0)
    return out


def run_case(trials: int, n_options: int, repeat: int) -> dict[str, Any]:
    s, r = scenario(n_options)
    simulate(s, r, trials=2000)  # warm caches (PERT tables, imports)
    kernel(s, r, 2000)
    t_core: list[float] = []
    t_kernel: list[float] = []
    res = None
    for _ in range(repeat):  # interleaved, so both sides see the same machine load
        t0 = time.perf_counter()
        res = simulate(s, r, trials=trials, sensitivity=False)
        t_core.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ker = kernel(s, r, trials)
        t_kernel.append(time.perf_counter() - t0)
    t_full = _timed(lambda: simulate(s, r, trials=trials), max(1, repeat // 2))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert res is not None
    # the two sides model the same cash flows: mean NPVs agree within Monte Carlo error
    dev = max(
        abs(o.npv["mean"] - k["mean"]) / math.hypot(o.npv["se"], k["se"])
        for o, k in zip(res.options, ker, strict=True)
    )
    # TCO: the engine's mean against the kernel's, in the kernel's standard errors (the
    # engine reports no TCO standard error)
    dev_tco = max(
        abs(o.tco - k["tco"]) / (math.sqrt(2) * k["tco_se"])
        for o, k in zip(res.options, ker, strict=True)
    )
    ratios = [a / b for a, b in zip(t_core, t_kernel, strict=True)]
    return {
        "trials": trials,
        "options": n_options,
        "years": s.company.horizon_years,
        "engine_best_s": round(min(t_core), 3),
        "engine_median_s": round(statistics.median(t_core), 3),
        "engine_with_sensitivity_best_s": round(min(t_full), 3),
        "kernel_best_s": round(min(t_kernel), 3),
        "kernel_median_s": round(statistics.median(t_kernel), 3),
        "ratio_best": round(min(t_core) / min(t_kernel), 2),
        "ratio_median": round(statistics.median(ratios), 2),
        "peak_rss_mb": round(peak),
        "npv_mean_opt0": round(res.options[0].npv["mean"]),
        "npv_mean_opt0_kernel": round(ker[0]["mean"]),
        "max_npv_mean_gap_in_se": round(dev, 2),
        "max_tco_mean_gap_in_se": round(dev_tco, 2),
        "load": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    repeat = 5
    if len(sys.argv) >= 3:
        if len(sys.argv) == 4:
            repeat = int(sys.argv[3])
        print(json.dumps(run_case(int(sys.argv[1]), int(sys.argv[2]), repeat)))
        return
    if len(sys.argv) == 2:
        repeat = int(sys.argv[1])
    targets = {(100_000, 20): 0.5, (1_000_000, 10): 3.0}
    print(
        f"finance engine benchmark (2 threads, 25k-trial chunks, float64; best and median of "
        f"{repeat}, engine and kernel interleaved; load average {os.getloadavg()[0]:.2f})"
    )
    for (trials, n_opt), target in targets.items():
        out = subprocess.run(
            [sys.executable, __file__, str(trials), str(n_opt), str(repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        d = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{trials:>9,} trials x {d['years']} years x {n_opt:>2} options: "
            f"engine {d['engine_best_s']:.3f} / {d['engine_median_s']:.3f} s (best / median; "
            f"target < {target} s; with tornado+variance {d['engine_with_sensitivity_best_s']:.3f} s), "
            f"hand kernel {d['kernel_best_s']:.3f} / {d['kernel_median_s']:.3f} s, "
            f"ratio {d['ratio_best']:.2f} / {d['ratio_median']:.2f} (target <= 1.5), "
            f"peak RSS {d['peak_rss_mb']} MB, mean NPV gap engine-kernel "
            f"{d['max_npv_mean_gap_in_se']:.1f} se, mean TCO gap "
            f"{d['max_tco_mean_gap_in_se']:.1f} se, load {d['load']:.2f}"
        )


if __name__ == "__main__":
    main()

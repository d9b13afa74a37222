"""Speed of the finance engine (printed figures, not a timed test).

    .venv/bin/python bench/bench_finance.py

Cases (issue 4): 100,000 trials x 5 years x 20 options (target < 0.5 s) and 1,000,000 trials x
10 options (target < 3 s, peak memory < 1 GB). Each case also times a minimal hand-written
numpy kernel of the same cash-flow model (same draws, same chunking and threads) and prints
the ratio engine / kernel (target <= 1.5). Each case runs in its own process so that the
peak resident memory (``ru_maxrss``) belongs to that case alone.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from scipy import special

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finance.engine import simulate
from finance.sampling import _beta_table, table_lookup
from models.catalog import Catalog
from models.decision import resolve
from models.scenario import Scenario

SRC = {"source": "bench", "as_of": "2026-11-01"}
COVER = dict.fromkeys(
    [
        "contact_management",
        "sales_management",
        "telephone_sales",
        "time_management",
        "customer_service",
        "marketing",
        "executive_reporting",
        "integration",
        "data_sync",
        "ecommerce",
        "mobile_sales",
    ],
    3,
)
KINDS = ("saas", "boxed", "configurable", "saas")


def _option(i: int) -> dict:
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
        "coverage": COVER,
        "crm_types": {"operational": 3, "analytical": 3, "collaborative": 3},
        "risk": {
            "lock_in": 2,
            "vendor_viability": 4,
            "russia": "available",
            "data_residency_ru": None,
        },
        "languages": ["en"],
    }


def scenario(n_options: int) -> tuple[Scenario, list]:
    opts = [_option(i) for i in range(n_options)]
    s = Scenario.model_validate(
        {
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
        }
    )
    cat = Catalog.model_validate({"as_of": "2026-11-01", "options": opts})
    return s, resolve(s, cat)


# --- the minimal hand-written kernel ------------------------------------------------------------


def _pert(u: np.ndarray, lo: float, mode: float, hi: float) -> np.ndarray:
    a = 1 + 4 * (mode - lo) / (hi - lo)
    b = 1 + 4 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * table_lookup(_beta_table(a, b), u)


def _kernel_chunk(s: Scenario, r: list, index: int, n: int) -> np.ndarray:
    """Same model, written flat: draws by inverse CDF, (n, Y) cash flows, NPV sum per option."""
    c = s.company
    fin = s.finance
    H = c.horizon_years
    yc = np.arange(H + 1, dtype=float)[:, None]
    disc = 1.1 ** -np.arange(H + 1.0)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(1, spawn_key=(index,))))
    u = rng.random((8 + 6 * len(r), n))
    lev = fin.benefits.levers
    up_s = _pert(u[0], 0.05, 0.10, 0.15)
    up_c = _pert(u[1], 0.05, 0.15, 0.25)
    up_r = _pert(u[2], 0.0, 0.01, 0.02)
    up_m = _pert(u[3], 0.01, 0.02, 0.03)
    up_a = _pert(u[4], 0.05, 0.10, 0.15)
    prod = _pert(u[5], 0.4, 0.5, 0.7)
    minutes = _pert(u[6], 5, 10, 20)
    del lev
    R, m = c.annual_revenue, c.gross_margin
    ex = R * c.existing_customer_share
    d_rev = (R - ex) * up_s + c.cross_sell_revenue * up_c + ex * np.minimum(up_r, c.churn)
    gain = (R + d_rev) * m * (1 + up_m) - R * m + c.admin_costs * up_a * prod
    ramp = np.array(fin.benefits.adoption_ramp)
    out = np.empty(len(r))
    for j, ro in enumerate(r):
        base = 8 + 6 * j
        kind = ro.option.delivery_type.value
        impl = ro.option.implementation
        effort = _pert(u[base], impl.effort_days.min, impl.effort_days.mode, impl.effort_days.max)
        weeks = _pert(
            u[base + 1], impl.duration_weeks.min, impl.duration_weeks.mode, impl.duration_weeks.max
        )
        mu_s, sg_s = getattr(fin.risk.schedule_overrun, kind).mu_sigma
        mu_c, sg_c = getattr(fin.risk.cost_overrun, kind).mu_sigma
        z1 = special.ndtri(u[base + 2])
        z2 = 0.7137 * z1 + 0.7004 * special.ndtri(u[base + 3])
        so, co = np.exp(mu_s + sg_s * z1), np.exp(mu_c + sg_c * z2)
        dur = np.maximum(weeks / 52 * so, 1e-9)
        p = getattr(fin.risk.outcome, kind)
        uo, ua = u[base + 4], u[base + 5]
        pf, pp = p.full, p.partial + min(0.05, p.failure)
        fail = uo >= pf + pp
        o = np.where(
            uo < pf,
            1.0,
            np.where(
                fail, 0.2 * (uo - pf - pp) / (1 - pf - pp), 0.3 + 0.4 * (uo - pf) / max(pp, 1e-12)
            ),
        )
        t_end = np.where(fail & (ua < 0.85), dur + 2 * ua / 0.85, np.inf)
        start = np.maximum(yc - 1, dur)
        end = np.minimum(yc, t_end)
        live = np.clip(end - start, 0, 1)
        use = live * ramp[np.clip(0.5 * (start + end) - dur, 0, len(ramp) - 1).astype(np.intp)]
        proj = np.clip(dur - yc, 0, 1) / dur
        running = (yc >= 1) & (yc <= np.minimum(np.ceil(t_end), H + 1))
        impl_cost = effort * 1000 + effort * impl.internal_share * c.loaded_labour_cost_per_day
        project = (
            impl_cost * (1 + 0.5 + 0.2 + 0.1 + (0.15 if kind == "saas" else 0.1)) * co + 50 * 400
        )
        lic = (
            12 * 50 * ro.edition.pricing.per_user_month
            if kind == "saas"
            else 0.2 * 50 * ro.edition.pricing.per_user
        )
        cost = proj * project + running * (lic * 1.05 ** (yc - 1))
        cost += live * (0.15 * impl_cost) + use * (50 * minutes / 480 * 247 * 400)
        ben = use * (o * gain)
        net = ben - cost
        out[j] = (disc @ net).sum()
    return out


def kernel(s: Scenario, r: list, trials: int, chunk: int = 25_000, threads: int = 2) -> np.ndarray:
    starts = range(0, trials, chunk)
    with ThreadPoolExecutor(threads) as pool:
        parts = list(
            pool.map(
                lambda i: _kernel_chunk(s, r, i, min(chunk, trials - i * chunk)), range(len(starts))
            )
        )
    return np.sum(parts, axis=0) / trials


def run_case(trials: int, n_options: int) -> dict:
    s, r = scenario(n_options)
    simulate(s, r, trials=2000)  # warm caches (PERT tables, imports)
    kernel(s, r, 2000)
    t0 = time.perf_counter()
    res = simulate(s, r, trials=trials, sensitivity=False)
    t_core = time.perf_counter() - t0
    t0 = time.perf_counter()
    simulate(s, r, trials=trials)
    t_full = time.perf_counter() - t0
    t0 = time.perf_counter()
    kernel(s, r, trials)
    t_kernel = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "trials": trials,
        "options": n_options,
        "years": s.company.horizon_years,
        "engine_s": round(t_core, 3),
        "engine_with_sensitivity_s": round(t_full, 3),
        "kernel_s": round(t_kernel, 3),
        "ratio": round(t_core / t_kernel, 2),
        "peak_rss_mb": round(peak),
        "npv_mean_opt0": round(res.options[0].npv["mean"]),
    }


def main() -> None:
    if len(sys.argv) == 3:
        print(json.dumps(run_case(int(sys.argv[1]), int(sys.argv[2]))))
        return
    targets = {(100_000, 20): 0.5, (1_000_000, 10): 3.0}
    print("finance engine benchmark (2 threads, 25k-trial chunks, float64)")
    for (trials, n_opt), target in targets.items():
        out = subprocess.run(
            [sys.executable, __file__, str(trials), str(n_opt)],
            capture_output=True,
            text=True,
            check=True,
        )
        d = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{trials:>9,} trials x {d['years']} years x {n_opt:>2} options: engine {d['engine_s']:.3f} s "
            f"(target < {target} s; with tornado+variance {d['engine_with_sensitivity_s']:.3f} s), "
            f"hand kernel {d['kernel_s']:.3f} s, ratio {d['ratio']:.2f} (target <= 1.5), "
            f"peak RSS {d['peak_rss_mb']} MB"
        )


if __name__ == "__main__":
    main()

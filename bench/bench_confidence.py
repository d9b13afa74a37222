"""Speed of decision confidence (printed figures, not a timed test).

    .venv/bin/python bench/bench_confidence.py

Issue 16's case: 20,000 joint trials for 10 options x 40 criteria (36 rated by 3 raters, TCO,
up-front cost, time to deploy and NPV measured) x 5 years, target < 3 s on this 2-core machine,
beside a reference in the same run: the finance engine alone (the same run the joint one makes:
20,000 trials, every trial kept) plus rank acceptability alone (SMAA, 20,000 samples, the
decision's weights and score noise). The joint run (finance trials, per-trial measures, the
joint ranking) should cost at most 1.5x their sum. Then what could flip it and the value of
information from the same trials, no re-simulation: EVPPI of 10 input groups (target < 2 s),
and the whole summary (every group, on first place and on NPV). Each figure is the best of a
few runs, interleaved; check ``uptime`` (the machine is shared).
"""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np

from bench.bench_finance import scenario
from bench.bench_scoring import best_of
from crm_select.models.catalog import Catalog
from crm_select.models.confidence import ConfidenceSettings
from crm_select.services.confidence import simulate_joint
from crm_select.services.decision import OpenDecision, open_decision, prepare
from finance.engine import simulate
from finance.value_of_information import value_of_information
from scoring.analysis import acceptability_prepared
from scoring.confidence import decision_confidence, input_groups
from scoring.method_call import method_call

TRIALS, OPTIONS, RATED, RATERS = 20_000, 10, 36, 3
MEASURED = (("tco", "cost"), ("upfront_cost", "cost"), ("weeks_to_deploy", "cost"),
            ("npv", "benefit"))  # fmt: skip


def decision() -> OpenDecision:
    """The finance benchmark's 10 options with 40 criteria and 3 raters' scores."""
    s, resolved = scenario(OPTIONS)
    rng = np.random.default_rng(5)
    groups: list[dict[str, Any]] = []
    for g, interest in enumerate(("functionality", "deadlines", "budget", "risk")):
        crit: list[dict[str, Any]] = [{"id": f"c{g}_{k}", "name": {"en": f"C{g}.{k}"}, "weight": float(1 + k % 3)}
                for k in range(RATED // 4)]  # fmt: skip
        if interest == "budget":
            crit += [{"id": m, "name": {"en": m}, "direction": d,
                      "scale": {"kind": "measured", "measure": m}} for m, d in MEASURED]  # fmt: skip
        groups.append({"id": interest, "weight": float(4 - g), "criteria": crit})
    rated = [c["id"] for grp in groups for c in grp["criteria"] if "scale" not in c]
    raters = [{"id": f"r{k}", "name": f"Rater {k}"} for k in range(RATERS)]
    scores = {
        r["id"]: {r_.id: {c: float(rng.integers(1, 6)) for c in rated} for r_ in resolved}
        for r in raters
    }
    doc = s.model_dump(mode="json") | {
        "criteria": {"groups": groups},
        "raters": raters,
        "scores": scores,
    }
    s2 = type(s).model_validate(doc)
    cat = Catalog.model_validate(
        {
            "as_of": "2026-11-01",
            "options": [o.inline.model_dump(mode="json") for o in s2.options if o.inline],
        }
    )
    return open_decision(s2, cat)


def main() -> None:
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    d = decision()
    dec = prepare(d)
    call = method_call(d.settings, dec.matrix.criteria)
    robust = d.settings.robustness.model_copy(update={"samples": TRIALS})
    run = ConfidenceSettings(trials=TRIALS, seed=3)
    print(f"{OPTIONS} options x {len(dec.matrix.criteria)} criteria x "
          f"{d.scenario.company.horizon_years} years, {TRIALS:,} trials")  # fmt: skip
    simulate_joint(d, None, run.model_copy(update={"trials": 1000}))  # warm-up

    def finance() -> object:
        return simulate(d.scenario, list(d.resolved), trials=TRIALS, seed=3, sensitivity=False,
                        keep_trials=True)  # fmt: skip

    t_fin = t_smaa = t_joint = float("inf")
    for _ in range(3):  # interleaved: the machine's load moves all three alike
        t_fin = min(t_fin, best_of(finance, 1))
        t_smaa = min(t_smaa, best_of(lambda: acceptability_prepared(dec, call, robust), 1))
        t_joint = min(t_joint, best_of(lambda: simulate_joint(d, None, run), 1))
    ref = t_fin + t_smaa
    print(f"  finance engine alone (every trial kept):   {t_fin:7.3f} s")
    print(f"  rank acceptability alone (SMAA):           {t_smaa:7.3f} s")
    print(f"  joint simulation (weights, scores, money): {t_joint:7.3f} s   (target < 3 s)")
    print(f"  joint / (finance + SMAA) = {t_joint / ref:4.2f}   (target <= 1.5)")

    jr = simulate_joint(d, None, run)
    j, td = jr.joint, jr.trials
    focus = [j.options[int(i)] for i in np.argsort(-j.first_rank)[:3]]
    groups = input_groups(td, j, jr.group_of, focus)
    money = {k: x for k, kind, _, x, _ in groups if kind not in ("weights", "scores")}
    ten = dict(list(money.items())[:10])
    t_voi = best_of(lambda: value_of_information(td.npv.T, ten, td.option_ids))
    print(
        f"  EVPPI of {len(ten)} input groups from the same trials: {t_voi:7.3f} s   (target < 2 s)"
    )

    def summary() -> object:
        return decision_confidence(j, td, stated=jr.stated, group_of=jr.group_of,
                                   names=d.option_names(), currency="USD",
                                   weight_model=run.weights, score_noise=jr.score_noise,
                                   measured=jr.measured)  # fmt: skip

    t_sum = best_of(summary, 2)
    print(f"  the whole summary ({len(groups)} groups, on first place and on NPV): {t_sum:7.3f} s")


if __name__ == "__main__":
    main()

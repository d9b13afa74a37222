"""`crm-select simulate`: TCO and ROI Monte Carlo per option of a scenario."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from crm_select.cli.output import fail, warn_repaired
from crm_select.models.errors import InputError, PathError, format_path
from crm_select.services import finance_scenarios
from crm_select.services.decision import load_decision
from crm_select.services.simulation import BreakEven, SimulationResult, break_even_uplift
from crm_select.services.simulation import simulate as run_simulation


def _money(v: float | None) -> str:
    return "-" if v is None else f"{v:,.0f}"


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.1%}"


def _years(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}"


def _break_even_text(b: BreakEven) -> str:
    if b.scale is None:
        head = "does not pay back even at 10x the benchmark uplifts"
    else:
        head = f"pays back at {b.scale:.1%} of the benchmark uplifts"
    return (
        f"  break-even uplift: {head} (mean NPV {_money(b.npv_without_benefit)} without "
        f"benefits, {_money(b.npv_at_benchmark)} at the benchmark; {b.trials:,} trials)"
    )


def _print_text(res: SimulationResult, breaks: dict[str, BreakEven]) -> None:
    typer.echo(
        f"{res.scenario}: {res.trials:,} trials, seed {res.seed}, "
        f"{'Latin hypercube' if res.latin_hypercube else 'plain Monte Carlo'}, "
        f"horizon {res.horizon_years} years, discount rate {res.discount_rate:.1%}, "
        f"money in {res.currency}"
    )
    for o in res.options:
        b = o.base_case
        typer.echo(f"\n{o.option_id} ({o.name}; {o.delivery_type}, {o.strategy})")
        typer.echo(
            f"  TCO mean {_money(o.tco)} (project + {res.horizon_years} years after go-live); "
            f"PV of costs {_money(o.pv_costs)}; base case TCO {_money(b.tco)}, "
            f"up-front {_money(b.upfront_cost)}"
        )
        for label, s, fmt in (
            ("NPV", o.npv, _money),
            ("ROI", o.roi, _pct),
            ("risk-adj. ROI (TEI)", o.risk_adjusted_roi, _pct),
            ("IRR", o.irr, _pct),
            (
                "disc. payback (yrs)",
                o.discounted_payback,
                _years,
            ),
        ):
            typer.echo(
                f"  {label:20} mean {fmt(s['mean'])} (se {fmt(s['se'])})  "
                f"P5 {fmt(s['p5'])}  P50 {fmt(s['p50'])}  P95 {fmt(s['p95'])}"
            )
        typer.echo(
            f"  P(NPV > 0) {o.p_npv_positive:.1%}  ES5(NPV) {_money(o.expected_shortfall_npv_5)}  "
            f"no IRR {_pct(o.irr.get('share_without_irr'))}  "
            f"paid back {_pct(o.discounted_payback.get('share_paid_back'))}"
        )
        typer.echo(
            f"  base case: NPV {_money(b.npv)}  ROI {_pct(b.roi)}  IRR {_pct(b.irr)}  "
            f"initial price / TCO {_pct(b.price_check.share)}"
        )
        pc = o.price_check
        ref = pc.licence_reference
        typer.echo(
            f"  simulated means: initial price {_money(pc.initial_price)} = "
            f"{_pct(pc.share)} of TCO (expected {pc.band[0]:.0%}-{pc.band[1]:.0%}); "
            f"licence share {_pct(pc.licence_share)}"
            + (f" (typical for {o.delivery_type}: {ref[0]:.0%}-{ref[1]:.0%})" if ref else "")
        )
        typer.echo(
            f"  users' data-entry time (indirect, not in TCO): {_money(o.indirect_tco)} "
            f"over the ownership period; economic TCO {_money(o.tco + o.indirect_tco)}"
        )
        typer.echo(_break_even_text(breaks[o.option_id]))
        if o.tornado:
            top = ", ".join(f"{t.input} {_money(t.swing)}" for t in o.tornado[:5])
            typer.echo(f"  tornado (NPV swing P10-P90): {top}")
    for w in res.warnings:
        typer.echo(f"warning: {w}", err=True)
    typer.echo(f"\nin force: {'; '.join(res.conventions_in_force)}.")
    typer.echo(f"\n{res.conventions}")


def _print_comparison(c: finance_scenarios.FinanceComparison) -> None:
    """One block per option: a row per scenario, each figure with its change from the baseline
    (``+`` better, ``-`` worse than the baseline)."""
    typer.echo(
        f"{c.trials:,} trials, seed {c.seed}, "
        f"{'Latin hypercube' if c.latin_hypercube else 'plain Monte Carlo'}, money in "
        f"{c.currency}; baseline: {c.baseline or '(current assumptions)'}"
    )
    fmt = {"money": _money, "percent": _pct, "years": _years}
    heads = [m.name for m in finance_scenarios.METRICS]
    for oid in c.option_ids:
        typer.echo(f"\n{oid}")
        typer.echo(f"  {'scenario':24}" + "".join(f"{h:>24}" for h in heads))
        for name in c.scenarios:
            cells = []
            for m in finance_scenarios.METRICS:
                text = fmt[m.kind](c.figures[name][oid].value(m.name))
                mark = {"better": "+", "worse": "-", "same": ""}[c.verdict(name, oid, m.name)]
                cells.append(f"{text}{mark:1}")
            typer.echo(f"  {name or '(current)':24}" + "".join(f"{x:>24}" for x in cells))
    for name, missing in c.without_terms.items():
        typer.echo(
            f"note: {name} has no terms for {', '.join(missing)} (shortlisted after it was "
            "kept): the decision's current terms are used",
            err=True,
        )


def simulate(
    scenario: Annotated[Path, typer.Argument(help="scenario file (YAML/JSON)")],
    trials: Annotated[int | None, typer.Option("--trials", min=1, help="number of trials")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="random seed")] = None,
    lhs: Annotated[bool, typer.Option("--lhs", help="Latin hypercube sampling")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    compare: Annotated[
        bool,
        typer.Option(
            "--compare",
            help="compare the named finance scenarios the decision keeps (and its current "
            "assumptions when they differ), each simulated with the same trials and seed",
        ),
    ] = False,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", help="with --compare: the scenario to compare against"),
    ] = None,
) -> None:
    """TCO, NPV, ROI, IRR and payback per option under uncertainty (same seed, same output)."""
    try:
        decision = load_decision(scenario)
        warn_repaired(decision.repairs)
        if compare:
            comparison = finance_scenarios.compare(
                decision, trials=trials, seed=seed, lhs=lhs or None, baseline=baseline
            )
            if as_json:
                typer.echo(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False))
            else:
                _print_comparison(comparison)
            return
        res = run_simulation(decision, trials=trials, seed=seed, lhs=lhs or None)
        breaks = break_even_uplift(decision, trials=trials, seed=seed, lhs=lhs or None)
    except InputError as e:
        raise fail(e) from None
    except PathError as e:
        print(f"{scenario}: {format_path(e.path)}: {e.message}", file=sys.stderr)
        raise typer.Exit(code=2) from None
    except ValueError as e:  # an unknown --baseline
        print(f"{scenario}: {e}", file=sys.stderr)
        raise typer.Exit(code=2) from None
    if as_json:
        out = res.to_dict()
        for o in out["options"]:
            o["break_even"] = breaks[o["option_id"]].to_dict()
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        _print_text(res, breaks)

"""`crm-select simulate`: TCO and ROI Monte Carlo per option of a scenario."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from crm_select.cli.export import Language
from crm_select.cli.output import fail, warn_repaired
from crm_select.locales import Lang, number, percent, translate
from crm_select.models.errors import InputError, PathError, format_path
from crm_select.services import finance_scenarios
from crm_select.services.decision import OpenDecision, load_decision
from crm_select.services.simulation import (
    BreakEven,
    SimulationResult,
    break_even_uplift,
    conventions_in_force,
    input_name,
    model_messages,
)
from crm_select.services.simulation import simulate as run_simulation


class _Text:
    """The text output's words and numbers in one language (the locale layer's formats)."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def t(self, key: str, **fmt: object) -> str:
        return translate(f"sim_cli.{key}", self.lang, **fmt)

    def money(self, v: float | None) -> str:
        return "-" if v is None else number(v, self.lang)

    def pct(self, v: float | None, digits: int = 1) -> str:
        return "-" if v is None else percent(v, self.lang, digits)

    def years(self, v: float | None) -> str:
        return "-" if v is None else number(v, self.lang, 2)


def _break_even_text(b: BreakEven, x: _Text) -> str:
    head = x.t("never_pays") if b.scale is None else x.t("pays_at", scale=x.pct(b.scale))
    return "  " + x.t(
        "break_even",
        head=head,
        without=x.money(b.npv_without_benefit),
        at=x.money(b.npv_at_benchmark),
        trials=x.money(b.trials),
    )


def _print_text(
    res: SimulationResult,
    breaks: dict[str, BreakEven],
    decision: OpenDecision,
    in_force: list[str],
    lang: Lang,
) -> None:
    x = _Text(lang)
    names = decision.option_names(lang)
    typer.echo(
        x.t(
            "header",
            scenario=res.scenario,
            trials=x.money(res.trials),
            seed=res.seed,
            sampling=x.t("lhs" if res.latin_hypercube else "plain"),
            horizon=res.horizon_years,
            rate=x.pct(res.discount_rate),
            ccy=res.currency,
        )
    )
    for o in res.options:
        b = o.base_case
        delivery = translate(f"delivery.{o.delivery_type}", lang)
        strategy = translate(f"report.strategy.{o.strategy}", lang)
        typer.echo(f"\n{o.option_id} ({names[o.option_id]}; {delivery}, {strategy})")
        typer.echo(
            "  "
            + x.t(
                "tco",
                tco=x.money(o.tco),
                horizon=res.horizon_years,
                pv=x.money(o.pv_costs),
                base=x.money(b.tco),
                upfront=x.money(b.upfront_cost),
            )
        )
        for label, s, fmt in (
            (x.t("npv"), o.npv, x.money),
            (x.t("roi"), o.roi, x.pct),
            (x.t("roi_risk"), o.risk_adjusted_roi, x.pct),
            (x.t("irr"), o.irr, x.pct),
            (x.t("payback"), o.discounted_payback, x.years),
        ):
            stats = {k: fmt(s[k]) for k in ("mean", "se", "p5", "p50", "p95")}
            typer.echo(f"  {label:20} " + x.t("stats", **stats))
        typer.echo(
            "  "
            + x.t(
                "tail",
                p=x.pct(o.p_npv_positive),
                es5=x.money(o.expected_shortfall_npv_5),
                no_irr=x.pct(o.irr.get("share_without_irr")),
                paid=x.pct(o.discounted_payback.get("share_paid_back")),
            )
        )
        typer.echo(
            "  "
            + x.t(
                "base",
                npv=x.money(b.npv),
                roi=x.pct(b.roi),
                irr=x.pct(b.irr),
                share=x.pct(b.price_check.share),
            )
        )
        pc = o.price_check
        ref = pc.licence_reference
        typical = (
            x.t("licence_typical", delivery=delivery, lo=x.pct(ref[0], 0), hi=x.pct(ref[1], 0))
            if ref
            else ""
        )
        typer.echo(
            "  "
            + x.t(
                "price",
                price=x.money(pc.initial_price),
                share=x.pct(pc.share),
                lo=x.pct(pc.band[0], 0),
                hi=x.pct(pc.band[1], 0),
                licence=x.pct(pc.licence_share),
            )
            + typical
        )
        typer.echo(
            "  "
            + x.t(
                "indirect",
                indirect=x.money(o.indirect_tco),
                economic=x.money(o.tco + o.indirect_tco),
            )
        )
        typer.echo(_break_even_text(breaks[o.option_id], x))
        if o.tornado:
            top = ", ".join(
                f"{input_name(r.input, lang)} {x.money(r.swing)}" for r in o.tornado[:5]
            )
            typer.echo("  " + x.t("tornado", top=top))
    for name, message in model_messages(decision, res, lang):
        typer.echo(x.t("warning", name=name, message=message), err=True)
    typer.echo("\n" + x.t("in_force", items="; ".join(in_force)))
    typer.echo("\n" + translate("finance.conventions", lang))


def _print_comparison(c: finance_scenarios.FinanceComparison) -> None:
    """One block per option: a row per scenario, each figure with its change from the baseline
    (``+`` better, ``-`` worse than the baseline)."""
    typer.echo(
        f"{c.trials:,} trials, seed {c.seed}, "
        f"{'Latin hypercube' if c.latin_hypercube else 'plain Monte Carlo'}, money in "
        f"{c.currency}; baseline: {c.baseline or '(current assumptions)'}"
    )
    x = _Text("en")
    fmt = {"money": x.money, "percent": x.pct, "years": x.years}
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
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang", help="ru or en, the text output's (default: the scenario's language)"
        ),
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
        language: Lang = lang.value if lang else decision.scenario.language
        in_force = conventions_in_force(decision.scenario, language)
        _print_text(res, breaks, decision, in_force, language)

"""`crm-select rank` and `crm-select sensitivity`: the scoring half of the product on the command line."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from crm_select.cli.output import open_scenario
from crm_select.models.decision import ResolvedOption, resolve
from crm_select.models.errors import PathError, format_path
from crm_select.models.scenario import Scenario
from finance.measures import tco_measures
from scoring import (
    ScoringError,
    compare_decision,
    rank_decision,
    sensitivity_decision,
)
from scoring.analysis import prepare_decision
from scoring.methods import METHODS
from scoring.shortlist import elimination_effect


class MethodChoice(StrEnum):
    WSM = "wsm"
    WPM = "wpm"
    TOPSIS = "topsis"
    VIKOR = "vikor"
    PROMETHEE = "promethee"
    ALL = "all"


def _prepare(path: Path) -> tuple[Scenario, list[ResolvedOption], dict[str, dict[str, float]]]:
    """The scenario, its resolved options and the finance measures, or exit 2 naming the field."""
    scenario, catalog = open_scenario(path)
    try:
        resolved = resolve(scenario, catalog)
        measures = tco_measures(scenario, resolved)
    except PathError as e:
        print(f"{path}: {format_path(e.path)}: {e.message}", file=sys.stderr)
        raise typer.Exit(code=2) from None
    return scenario, resolved, measures


def _scoring_error(path: Path, e: ScoringError) -> typer.Exit:
    where = f"{e.where}: " if e.where else ""
    print(f"{path}: {where}{e.message} [{e.code}]", file=sys.stderr)
    return typer.Exit(code=2)


def _echo_warnings(warnings: list[dict[str, str]]) -> None:
    for w in warnings:
        where = f"{w['where']}: " if w["where"] else ""
        typer.echo(f"warning [{w['code']}] {where}{w['message']}", err=True)


def _table(d: dict[str, Any]) -> None:
    better = "higher" if d["higher_is_better"] else "lower"
    typer.echo(
        f"method {d['method']} (normalisation {d['normalisation']}; {better} score is better)"
    )
    typer.echo(f"{'rank':>4}  {'option':28} {'score':>10}")
    for row in d["ranking"]:
        typer.echo(f"{row['rank']:>4}  {row['option']:28} {row['score']:>10.4f}")


def rank(
    scenario: Annotated[Path, typer.Argument(help="scenario file (YAML/JSON)")],
    method: Annotated[
        MethodChoice, typer.Option("--method", help="aggregation method, or all side by side")
    ] = MethodChoice.WSM,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """Rank the shortlisted options of a scenario on its weighted criteria."""
    sc, resolved, measures = _prepare(scenario)
    try:
        if method is MethodChoice.ALL:
            comp = compare_decision(sc, resolved, measures)
            out = comp.to_dict()
            first = next(iter(comp.results.values()))
            payload: dict[str, Any] = {
                "method": "all",
                "methods": out["methods"],
                "agreement": out["agreement"],
                "weights": first.weights,
                "groups": first.groups,
                "warnings": out["warnings"],
            }
        else:
            payload = rank_decision(sc, resolved, measures, method.value).to_dict()
    except ScoringError as e:
        raise _scoring_error(scenario, e) from None
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if payload["method"] == "all":
        for d in payload["methods"].values():
            _table(d)
            typer.echo("")
        names = list(payload["methods"])
        typer.echo("agreement (Spearman rank correlation)")
        typer.echo(" " * 10 + "".join(f"{n:>10}" for n in names))
        for a in names:
            typer.echo(
                f"{a:10}"
                + "".join(f"{payload['agreement']['spearman'][a][b]:>10.2f}" for b in names)
            )
    else:
        _table(payload)
    typer.echo("")
    typer.echo(
        "interest groups: " + ", ".join(f"{g} {s:.1%}" for g, s in payload["groups"].items())
    )
    _echo_warnings(payload["warnings"])


def sensitivity(
    scenario: Annotated[Path, typer.Argument(help="scenario file (YAML/JSON)")],
    samples: Annotated[
        int, typer.Option("--samples", min=1, max=1_000_000, help="SMAA weight samples")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="random seed (results are reproducible)")] = 0,
    method: Annotated[str, typer.Option("--method", help=f"one of {', '.join(METHODS)}")] = "wsm",
    concentration: Annotated[
        float,
        typer.Option(
            "--concentration", min=0.001, help="Dirichlet concentration around the weights"
        ),
    ] = 100.0,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """Stability interval of each weight, the smallest change that changes the winner, rank acceptability."""
    sc, resolved, measures = _prepare(scenario)
    try:
        rep = sensitivity_decision(sc, resolved, measures, method, samples=samples, seed=seed,
                                   concentration=concentration)  # fmt: skip
    except ScoringError as e:
        raise _scoring_error(scenario, e) from None
    d = rep.to_dict()
    if as_json:
        typer.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    typer.echo(f"method {d['method']} (normalisation {d['normalisation']}); winner {d['winner']}")
    typer.echo(f"{'criterion':26} {'weight':>7} {'stable from':>12} {'to':>7}  taken over by")
    for s in d["stability"]:
        takers = " / ".join(x for x in (s["winner_below"], s["winner_above"]) if x) or "-"
        typer.echo(
            f"{s['criterion']:26} {s['weight']:>7.3f} {s['lower']:>12.3f} {s['upper']:>7.3f}  {takers}"
        )
    mc = d["minimal_change"]
    if mc:
        typer.echo(
            f"\nsmallest change: {mc['criterion']} {mc['from']:.3f} -> {mc['to']:.3f} makes {mc['new_winner']} win"
        )
    ra = d["rank_acceptability"]
    typer.echo(
        f"\nrank acceptability ({ra['samples']} samples, seed {ra['seed']}, concentration {ra['concentration']})"
    )
    opts = ra["options"]
    m = len(opts)
    typer.echo(f"{'option':28}" + "".join(f"{'#' + str(r + 1):>7}" for r in range(m)))
    for o, v in opts.items():
        typer.echo(f"{o:28}" + "".join(f"{p:>7.1%}" for p in v["rank_probabilities"]))
    _echo_warnings(d["warnings"])


def shortlist(
    scenario: Annotated[Path, typer.Argument(help="scenario file (YAML/JSON)")],
    eliminate: Annotated[str, typer.Option("--eliminate", help="option id to take off the list")],
    method: Annotated[
        MethodChoice, typer.Option("--method", help="aggregation method (not 'all')")
    ] = MethodChoice.WSM,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """Say whether eliminating an option reorders the others (rank reversal); SPOTIS beside it."""
    if method is MethodChoice.ALL:
        print("--method all is not supported here; name one method", file=sys.stderr)
        raise typer.Exit(code=2)
    sc, resolved, measures = _prepare(scenario)
    try:
        effect = elimination_effect(
            sc, prepare_decision(sc, resolved, measures), eliminate, method.value
        )
    except ScoringError as e:
        raise _scoring_error(scenario, e) from None
    payload = {
        "eliminated": effect.eliminated,
        "method": effect.method,
        "before": list(effect.before),
        "after": list(effect.after),
        "rank_reversal": effect.rank_reversal,
        "swapped": [list(p) for p in effect.swapped],
        "spotis": list(effect.spotis_order),
    }
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(f"without {eliminate} ({method.value}): {' > '.join(effect.after)}")
    if effect.rank_reversal:
        pairs = ", ".join(f"{a}/{b}" for a, b in effect.swapped)
        typer.echo(f"rank reversal: the order of the others changed ({pairs} swapped)")
    else:
        typer.echo("no rank reversal: the others keep their order")
    typer.echo(f"SPOTIS (fixed bounds, never reorders): {' > '.join(effect.spotis_order)}")

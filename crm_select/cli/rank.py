"""`crm-select rank`, `sensitivity`, `shortlist`, `weights` and `committee`: the scoring half of
the product on the command line, through the same use cases as the pages."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from crm_select.cli.output import fail, warn_repaired
from crm_select.cli.settings import (
    AggregateOption,
    ConcentrationOption,
    JsonOption,
    MethodChoice,
    MethodOption,
    NoiseOption,
    NormalisationOption,
    PreferenceOption,
    SamplesOption,
    SeedOption,
    VikorOption,
    parse_preference,
    ranking_settings,
)
from crm_select.models.errors import format_path
from crm_select.models.ranking_settings import NORMALISING, Method, Preference, RankingSettings
from crm_select.services.committee import committee_analysis, disagreement
from crm_select.services.decision import OpenDecision, load_decision
from crm_select.services.errors import InputError, PathError, ScoringError
from crm_select.services.ranking import compare_methods, rank, shortlist_effect
from crm_select.services.robustness import robustness
from crm_select.services.weights import AhpResult, weights

ScenarioArg = Annotated[Path, typer.Argument(help="scenario file (YAML/JSON)")]


@contextmanager
def _reported(path: Path) -> Iterator[None]:
    """Exit 2 with ``file: where: message [code]`` for a scoring or input problem."""
    try:
        yield
    except InputError as e:
        raise fail(e) from None
    except PathError as e:
        print(f"{path}: {format_path(e.path)}: {e.message}", file=sys.stderr)
        raise typer.Exit(code=2) from None
    except ScoringError as e:
        where = f"{e.where}: " if e.where else ""
        print(f"{path}: {where}{e.message} [{e.code}]", file=sys.stderr)
        raise typer.Exit(code=2) from None


def _open(path: Path) -> OpenDecision:
    with _reported(path):
        decision = load_decision(path)
    warn_repaired(decision.repairs)
    return decision


def _one_method(method: MethodChoice | None) -> None:
    """Exit 2 for ``--method all`` where a command looks at one method."""
    if method is MethodChoice.ALL:
        print("--method all is not supported here; name one method", file=sys.stderr)
        raise typer.Exit(code=2)


def _flag_error(path: Path, flag: str, message: str) -> typer.Exit:
    print(f"{path}: {flag}: {message}", file=sys.stderr)
    return typer.Exit(code=2)


def _given_preferences(d: OpenDecision, path: Path, given: list[str]) -> dict[str, Preference]:
    """The ``--preference`` flags as criterion -> preference function, each criterion known."""
    known = [c.id for c in d.scenario.criteria.criteria]
    out: dict[str, Preference] = {}
    for text in given:
        try:
            criterion, pref = parse_preference(text)
        except ValueError as e:
            raise _flag_error(path, "--preference", str(e)) from None
        if criterion not in known:
            raise _flag_error(
                path, "--preference", f"unknown criterion {criterion!r}; known: {sorted(known)}"
            )
        out[criterion] = pref
    return out


def _settings(
    path: Path,
    d: OpenDecision,
    method: MethodChoice | None,
    preference: list[str] | None = None,
    **flags: Any,
) -> RankingSettings:
    saved = d.settings
    norm = flags.get("normalisation")
    target = saved.method if method in (None, MethodChoice.ALL) else Method(method.value)
    if norm is not None and method is not MethodChoice.ALL and target not in NORMALISING:
        raise _flag_error(path, "--normalisation", f"{target.value} does not normalise")
    preferences = _given_preferences(d, path, preference or [])
    with _reported(path):
        return ranking_settings(saved, method=method, preferences=preferences, **flags)


def _echo_warnings(warnings: list[dict[str, str]]) -> None:
    for w in warnings:
        where = f"{w['where']}: " if w["where"] else ""
        typer.echo(f"warning [{w['code']}] {where}{w['message']}", err=True)


def _promethee_line(preferences: dict[str, dict[str, Any]]) -> str:
    """The criteria whose preference function is not the usual one, with their thresholds."""
    named = [
        f"{c} {p['function']}"
        + "".join(f" {k} {p[k]:g}" for k in ("q", "p") if p[k] is not None and p[k] != 0)
        for c, p in preferences.items()
        if p["function"] != "usual"
    ]
    return "preference functions: " + ("; ".join(named) + "; others usual" if named else "usual")


def _table(d: dict[str, Any], preferences: dict[str, dict[str, Any]]) -> None:
    better = "higher" if d["higher_is_better"] else "lower"
    if d["method"] == "promethee":
        params = _promethee_line(preferences)
    else:
        params = ", ".join(f"{k} {v}" for k, v in d["params"].items() if v is not None)
    typer.echo(
        f"method {d['method']} (normalisation {d['normalisation']}"
        + (f"; {params}" if params else "")
        + f"; {better} score is better)"
    )
    typer.echo(f"{'rank':>4}  {'option':28} {'score':>10}")
    for row in d["ranking"]:
        typer.echo(f"{row['rank']:>4}  {row['option']:28} {row['score']:>10.4f}")
    explain = d["explain"]
    if "compromise_set" in explain:
        typer.echo(f"compromise set: {', '.join(explain['compromise_set'])}")


def _preferences(settings: RankingSettings, criteria: tuple[str, ...]) -> dict[str, Any]:
    return {c: settings.preference_of(c).model_dump(mode="json") for c in criteria}


def rank_command(
    scenario: ScenarioArg,
    method: MethodOption = None,
    normalisation: NormalisationOption = None,
    vikor_v: VikorOption = None,
    preference: PreferenceOption = None,
    aggregate: AggregateOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rank the shortlisted options of a scenario on its weighted criteria."""
    d = _open(scenario)
    s = _settings(scenario, d, method, preference, normalisation=normalisation, vikor_v=vikor_v,
                  aggregate=aggregate)  # fmt: skip
    with _reported(scenario):
        if method is MethodChoice.ALL:
            comp = compare_methods(d, s)
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
            criteria = first.criteria
        else:
            res = rank(d, s)
            payload = res.to_dict()
            criteria = res.criteria
    payload["settings"] = {
        "aggregate": s.aggregate.value,
        "normalisation": {m.value: n.value for m, n in s.normalisation.items()},
        "vikor_v": s.vikor_v,
        "promethee": _preferences(s, criteria),
    }
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if payload["method"] == "all":
        for m in payload["methods"].values():
            _table(m, payload["settings"]["promethee"])
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
        _table(payload, payload["settings"]["promethee"])
    typer.echo("")
    typer.echo(
        "interest groups: " + ", ".join(f"{g} {v:.1%}" for g, v in payload["groups"].items())
    )
    _echo_warnings(payload["warnings"])


def sensitivity(
    scenario: ScenarioArg,
    samples: SamplesOption = None,
    seed: SeedOption = None,
    method: MethodOption = None,
    concentration: ConcentrationOption = None,
    score_noise: NoiseOption = None,
    normalisation: NormalisationOption = None,
    vikor_v: VikorOption = None,
    preference: PreferenceOption = None,
    aggregate: AggregateOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stability interval of each weight, the smallest change that changes the winner, rank
    acceptability (same seed and settings: the Ranking page's numbers)."""
    _one_method(method)
    d = _open(scenario)
    s = _settings(scenario, d, method, preference, normalisation=normalisation, vikor_v=vikor_v,
                  aggregate=aggregate, samples=samples, seed=seed, concentration=concentration,
                  score_noise=score_noise)  # fmt: skip
    with _reported(scenario):
        rep = robustness(d, s)
    out = rep.to_dict()
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    typer.echo(
        f"method {out['method']} (normalisation {out['normalisation']}); winner {out['winner']}"
    )
    typer.echo(f"{'criterion':26} {'weight':>7} {'stable from':>12} {'to':>7}  taken over by")
    for iv in out["stability"]:
        takers = " / ".join(x for x in (iv["winner_below"], iv["winner_above"]) if x) or "-"
        typer.echo(
            f"{iv['criterion']:26} {iv['weight']:>7.3f} {iv['lower']:>12.3f} {iv['upper']:>7.3f}  {takers}"
        )
    mc = out["minimal_change"]
    if mc:
        typer.echo(
            f"\nsmallest change: {mc['criterion']} {mc['from']:.3f} -> {mc['to']:.3f} makes {mc['new_winner']} win"
        )
    ra = out["rank_acceptability"]
    typer.echo(
        f"\nrank acceptability ({ra['samples']} samples, seed {ra['seed']}, concentration "
        f"{ra['concentration']}, score noise {ra['score_noise']})"
    )
    opts = ra["options"]
    typer.echo(f"{'option':28}" + "".join(f"{'#' + str(r + 1):>7}" for r in range(len(opts))))
    for o, v in opts.items():
        typer.echo(f"{o:28}" + "".join(f"{p:>7.1%}" for p in v["rank_probabilities"]))
    _echo_warnings(out["warnings"])


def shortlist(
    scenario: ScenarioArg,
    eliminate: Annotated[str, typer.Option("--eliminate", help="option id to take off the list")],
    method: MethodOption = None,
    normalisation: NormalisationOption = None,
    vikor_v: VikorOption = None,
    preference: PreferenceOption = None,
    aggregate: AggregateOption = None,
    as_json: JsonOption = False,
) -> None:
    """Say whether eliminating an option reorders the others (rank reversal); SPOTIS beside it."""
    _one_method(method)
    d = _open(scenario)
    s = _settings(scenario, d, method, preference, normalisation=normalisation, vikor_v=vikor_v,
                  aggregate=aggregate)  # fmt: skip
    with _reported(scenario):
        effect = shortlist_effect(d, eliminate, s)
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
    typer.echo(f"without {eliminate} ({effect.method}): {' > '.join(effect.after)}")
    if effect.rank_reversal:
        pairs = ", ".join(f"{a}/{b}" for a, b in effect.swapped)
        typer.echo(f"rank reversal: the order of the others changed ({pairs} swapped)")
    else:
        typer.echo("no rank reversal: the others keep their order")
    typer.echo(f"SPOTIS (fixed bounds, never reorders): {' > '.join(effect.spotis_order)}")


def _ahp(res: AhpResult) -> dict[str, Any]:
    return {
        "weights": res.as_dict(),
        "lambda_max": res.lambda_max,
        "ci": res.ci,
        "ri": res.ri,
        "cr": res.cr,
        "consistent": res.consistent,
        "method": res.method,
        "ri_table": res.ri_table,
        "repairs": [asdict(i) for i in res.inconsistencies],
        "missing": [list(p) for p in res.missing],
        "next_pair": None if res.suggestion is None else asdict(res.suggestion),
    }


def weights_command(scenario: ScenarioArg, as_json: JsonOption = False) -> None:
    """Effective weights, the four interests' shares, and for AHP each level's lambda_max, CI,
    RI, CR and the judgements to revisit (what the Criteria page shows)."""
    d = _open(scenario)
    with _reported(scenario):
        tw = weights(d.scenario.criteria)
    payload: dict[str, Any] = {
        "method": tw.method,
        "groups": tw.group,
        "local": tw.local,
        "effective": tw.effective,
        "group_shares": tw.group_shares,
        "ahp": {level: _ahp(res) for level, res in tw.ahp.items()},
        "warnings": [w.to_dict() for w in tw.warnings],
    }
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(f"weighting method {tw.method}")
    typer.echo(f"{'criterion':26} {'group':14} {'local':>7} {'effective':>10}")
    for c, w in tw.effective.items():
        typer.echo(f"{c:26} {tw.group_of[c]:14} {tw.local[c]:>7.3f} {w:>10.4f}")
    typer.echo("interest groups: " + ", ".join(f"{g} {v:.1%}" for g, v in tw.group_shares.items()))
    for level, res in tw.ahp.items():
        cr = "n/a" if res.cr is None else f"{res.cr:.3f}"
        ri = "n/a" if res.ri is None else f"{res.ri:.3f}"
        typer.echo(
            f"AHP {level}: lambda_max {res.lambda_max:.4f}, CI {res.ci:.4f}, RI {ri}, CR {cr}"
            + ("" if res.consistent else " (inconsistent)")
        )
        for inc in res.inconsistencies:
            after = "n/a" if inc.cr_after is None else f"{inc.cr_after:.3f}"
            typer.echo(
                f"  revisit {inc.a} vs {inc.b}: {inc.value:g} -> {inc.suggested:g} (CR {after})"
            )
    _echo_warnings(payload["warnings"])


def committee(
    scenario: ScenarioArg,
    aggregate: AggregateOption = None,
    method: MethodOption = None,
    as_json: JsonOption = False,
) -> None:
    """Consensus (mean or median), Kendall's W per criterion and overall, outlying raters, each
    rater's own ranking and the cells the raters disagree on most (the Scoring page)."""
    _one_method(method)
    d = _open(scenario)
    s = _settings(scenario, d, method, aggregate=aggregate)
    with _reported(scenario):
        rep = committee_analysis(d, s)
    payload = rep.to_dict()
    payload["disagreement"] = [asdict(c) for c in disagreement(rep)]
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(f"consensus by {payload['aggregate'] or '-'}; method {rep.consensus_ranking.method}")
    w = payload["overall_w"]
    typer.echo(
        f"overall agreement (Kendall's W of the raters' rankings): {'-' if w is None else f'{w:.3f}'}"
    )
    for c, k in payload["kendall_w"].items():
        typer.echo(f"  W {c:26} {'-' if k is None else f'{k:.3f}'}")
    typer.echo("consensus ranking: " + " > ".join(r["option"] for r in payload["consensus"]))
    for r, rows in payload["raters"].items():
        typer.echo(f"  {r:16} " + " > ".join(x["option"] for x in rows))
    for o in rep.outliers:
        if o.outlier:
            typer.echo(f"outlier: {o.rater} ({o.deviation:.0%} of the scale from the others)")
    typer.echo("largest disagreement (sample standard deviation; one rating: not measured)")
    for c in payload["disagreement"][:10]:
        sd = "-" if c["std"] is None else f"{c['std']:.2f}"
        typer.echo(f"  {c['option']:24} {c['criterion']:24} n {c['n']:>2}  sd {sd}")
    _echo_warnings(payload["warnings"])

"""`crm-select rank`, `sensitivity`, `shortlist`, `weights` and `committee`: the scoring half of
the product on the command line, through the same use cases as the pages."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from crm_select.cli.export import Language
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
from crm_select.locales import Lang, number, percent, translate
from crm_select.locales.warning_text import named_detail, named_where, warning_text
from crm_select.models.errors import format_path
from crm_select.models.ranking_settings import NORMALISING, Method, Preference, RankingSettings
from crm_select.services.committee import committee_analysis, disagreement
from crm_select.services.decision import OpenDecision, load_decision
from crm_select.services.errors import InputError, PathError, ScoringError
from crm_select.services.ranking import compare_methods, rank, shortlist_effect
from crm_select.services.robustness import robustness
from crm_select.services.weights import AhpResult, weights

ScenarioArg = Annotated[Path, typer.Argument(help="scenario file (YAML/JSON)")]
LangOption = Annotated[
    Language | None,
    typer.Option("--lang", help="ru or en: names, labels and numbers (default: the scenario's)"),
]


@dataclass(frozen=True)
class _Text:
    """The text output's language: labels, names for ids and numbers (the pages' and reports')."""

    lang: Lang
    names: dict[str, str]

    def t(self, key: str, **fmt: object) -> str:
        return translate(f"cli.{key}", self.lang, **fmt)

    def name(self, id_: str) -> str:
        return self.names.get(id_, id_)

    def order(self, ids: Iterable[str]) -> str:
        return " > ".join(map(self.name, ids))

    def num(self, value: float, digits: int) -> str:
        return number(value, self.lang, digits)

    def pct(self, value: float, digits: int = 1) -> str:
        return percent(value, self.lang, digits)

    def method(self, method: str) -> str:
        return translate(f"method.{method}", self.lang)

    def normalisation(self, normalisation: str) -> str:
        return translate(f"ranking.norm_{normalisation}", self.lang)

    def warnings(self, warnings: list[dict[str, str]]) -> None:
        """Each warning on stderr: its code, then what the pages say (names, not ids)."""
        for w in warnings:
            where = named_where(w["where"], self.names)
            detail = named_detail(w["message"], self.names, self.names)
            typer.echo(
                self.t(
                    "warning",
                    code=w["code"],
                    text=warning_text(w["code"], where, detail, self.lang),
                ),
                err=True,
            )


def _text(d: OpenDecision, lang: Language | None) -> _Text:
    language: Lang = lang.value if lang else d.scenario.language
    return _Text(language, d.id_names(language))


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


def _promethee_line(preferences: dict[str, dict[str, Any]], tx: _Text) -> str:
    """The criteria whose preference function is not the usual one, with their thresholds."""
    named = [
        f"{tx.name(c)} {p['function']}"
        + "".join(f" {k} {p[k]:g}" for k in ("q", "p") if p[k] is not None and p[k] != 0)
        for c, p in preferences.items()
        if p["function"] != "usual"
    ]
    functions = (
        "; ".join(named) + "; " + tx.t("preference_others_usual")
        if named
        else tx.t("preference_usual")
    )
    return tx.t("preference_functions", functions=functions)


def _table(d: dict[str, Any], preferences: dict[str, dict[str, Any]], tx: _Text) -> None:
    if d["method"] == "promethee":
        params = _promethee_line(preferences, tx)
    else:
        params = ", ".join(f"{k} {v}" for k, v in d["params"].items() if v is not None)
    typer.echo(
        tx.t(
            "method_line",
            method=tx.method(d["method"]),
            normalisation=tx.normalisation(d["normalisation"]) if d["normalisation"] else "-",
            params=f"; {params}" if params else "",
            better=tx.t("higher_better" if d["higher_is_better"] else "lower_better"),
        )
    )
    typer.echo(f"{tx.t('rank'):>5}  {tx.t('option'):32} {tx.t('score'):>10}")
    for row in d["ranking"]:
        typer.echo(f"{row['rank']:>5}  {tx.name(row['option']):32} {tx.num(row['score'], 4):>10}")
    explain = d["explain"]
    if "compromise_set" in explain:
        typer.echo(
            tx.t("compromise_set", options=", ".join(map(tx.name, explain["compromise_set"])))
        )


def _preferences(settings: RankingSettings, criteria: tuple[str, ...]) -> dict[str, Any]:
    return {c: settings.preference_of(c).model_dump(mode="json") for c in criteria}


def rank_command(
    scenario: ScenarioArg,
    method: MethodOption = None,
    normalisation: NormalisationOption = None,
    vikor_v: VikorOption = None,
    preference: PreferenceOption = None,
    aggregate: AggregateOption = None,
    lang: LangOption = None,
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
    tx = _text(d, lang)
    if payload["method"] == "all":
        for m in payload["methods"].values():
            _table(m, payload["settings"]["promethee"], tx)
            typer.echo("")
        names = list(payload["methods"])
        typer.echo(tx.t("agreement"))
        typer.echo(" " * 10 + "".join(f"{n:>10}" for n in names))
        spearman = payload["agreement"]["spearman"]
        for a in names:
            typer.echo(f"{a:10}" + "".join(f"{tx.num(spearman[a][b], 2):>10}" for b in names))
    else:
        _table(payload, payload["settings"]["promethee"], tx)
    typer.echo("")
    typer.echo(tx.t("groups", shares=_shares(payload["groups"], tx)))
    tx.warnings(payload["warnings"])


def _shares(groups: dict[str, float], tx: _Text) -> str:
    return ", ".join(f"{tx.name(g)} {tx.pct(v)}" for g, v in groups.items())


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
    lang: LangOption = None,
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
    tx = _text(d, lang)
    norm_name = tx.normalisation(out["normalisation"]) if out["normalisation"] else "-"
    typer.echo(
        tx.t(
            "winner_line",
            method=tx.method(out["method"]),
            normalisation=norm_name,
            winner=tx.name(out["winner"]),
        )
    )
    typer.echo(
        f"{tx.t('criterion'):34} {tx.t('weight'):>7} {tx.t('stable_from'):>12} "
        f"{tx.t('stable_to'):>7}  {tx.t('taken_over_by')}"
    )
    for iv in out["stability"]:
        takers = " / ".join(tx.name(x) for x in (iv["winner_below"], iv["winner_above"]) if x)
        typer.echo(
            f"{tx.name(iv['criterion'])[:34]:34} {tx.num(iv['weight'], 3):>7} "
            f"{tx.num(iv['lower'], 3):>12} {tx.num(iv['upper'], 3):>7}  {takers or '-'}"
        )
    mc = out["minimal_change"]
    if mc:
        typer.echo("")
        typer.echo(
            tx.t(
                "smallest_change",
                criterion=tx.name(mc["criterion"]),
                before=tx.num(mc["from"], 3),
                after=tx.num(mc["to"], 3),
                winner=tx.name(mc["new_winner"]),
            )
        )
    ra = out["rank_acceptability"]
    typer.echo("")
    typer.echo(
        tx.t(
            "acceptability",
            samples=tx.num(ra["samples"], 0),
            seed=ra["seed"],
            concentration=tx.num(ra["concentration"], 1),
            noise=ra["score_noise"],
        )
    )
    opts = ra["options"]
    typer.echo(f"{tx.t('option'):32}" + "".join(f"{'#' + str(r + 1):>8}" for r in range(len(opts))))
    for o, v in opts.items():
        typer.echo(
            f"{tx.name(o)[:32]:32}" + "".join(f"{tx.pct(p):>8}" for p in v["rank_probabilities"])
        )
    tx.warnings(out["warnings"])


def shortlist(
    scenario: ScenarioArg,
    eliminate: Annotated[str, typer.Option("--eliminate", help="option id to take off the list")],
    method: MethodOption = None,
    normalisation: NormalisationOption = None,
    vikor_v: VikorOption = None,
    preference: PreferenceOption = None,
    aggregate: AggregateOption = None,
    lang: LangOption = None,
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
    tx = _text(d, lang)
    typer.echo(
        tx.t(
            "without",
            option=tx.name(eliminate),
            method=tx.method(effect.method),
            order=tx.order(effect.after),
        )
    )
    if effect.rank_reversal:
        pairs = ", ".join(f"{tx.name(a)} / {tx.name(b)}" for a, b in effect.swapped)
        typer.echo(tx.t("reversal", pairs=pairs))
    else:
        typer.echo(tx.t("no_reversal"))
    typer.echo(tx.t("spotis", order=tx.order(effect.spotis_order)))


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


def weights_command(
    scenario: ScenarioArg, lang: LangOption = None, as_json: JsonOption = False
) -> None:
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
    tx = _text(d, lang)
    typer.echo(tx.t("weighting_method", method=translate(f"criteria.method_{tw.method}", tx.lang)))
    typer.echo(
        f"{tx.t('criterion'):34} {tx.t('group'):16} {tx.t('local'):>10} {tx.t('effective'):>10}"
    )
    for c, w in tw.effective.items():
        typer.echo(
            f"{tx.name(c)[:34]:34} {tx.name(tw.group_of[c]):16} "
            f"{tx.num(tw.local[c], 3):>10} {tx.num(w, 4):>10}"
        )
    typer.echo(tx.t("groups", shares=_shares(tw.group_shares, tx)))
    for level, res in tw.ahp.items():
        typer.echo(
            tx.t(
                "ahp_line",
                level=tx.name(level),
                lambda_max=tx.num(res.lambda_max, 4),
                ci=tx.num(res.ci, 4),
                ri="n/a" if res.ri is None else tx.num(res.ri, 3),
                cr="n/a" if res.cr is None else tx.num(res.cr, 3),
            )
            + ("" if res.consistent else tx.t("inconsistent"))
        )
        for inc in res.inconsistencies:
            typer.echo(
                tx.t(
                    "revisit",
                    a=tx.name(inc.a),
                    b=tx.name(inc.b),
                    value=f"{inc.value:g}",
                    suggested=f"{inc.suggested:g}",
                    cr="n/a" if inc.cr_after is None else tx.num(inc.cr_after, 3),
                )
            )
    tx.warnings(payload["warnings"])


def committee(
    scenario: ScenarioArg,
    aggregate: AggregateOption = None,
    method: MethodOption = None,
    lang: LangOption = None,
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
    tx = _text(d, lang)
    aggregate_name = (
        translate(f"scoring.aggregate_{payload['aggregate']}", tx.lang)
        if payload["aggregate"]
        else "-"
    )
    typer.echo(
        tx.t(
            "consensus_by", aggregate=aggregate_name, method=tx.method(rep.consensus_ranking.method)
        )
    )
    w = payload["overall_w"]
    typer.echo(tx.t("overall_w", w="-" if w is None else tx.num(w, 3)))
    for c, k in payload["kendall_w"].items():
        typer.echo(f"  W {tx.name(c)[:34]:34} {'-' if k is None else tx.num(k, 3)}")
    typer.echo(tx.t("consensus", order=tx.order(r["option"] for r in payload["consensus"])))
    for r, rows in payload["raters"].items():
        typer.echo(f"  {tx.name(r):20} " + tx.order(x["option"] for x in rows))
    for o in rep.outliers:
        if o.outlier:
            typer.echo(tx.t("outlier", rater=tx.name(o.rater), deviation=tx.pct(o.deviation, 0)))
    typer.echo(tx.t("largest_disagreement"))
    for c in payload["disagreement"][:10]:
        sd = "-" if c["std"] is None else tx.num(c["std"], 2)
        typer.echo(
            f"  {tx.name(c['option'])[:28]:28} {tx.name(c['criterion'])[:34]:34} "
            + tx.t("n_sd", n=f"{c['n']:>2}", sd=sd)
        )
    tx.warnings(payload["warnings"])

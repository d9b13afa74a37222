"""`crm-select confidence`: the joint simulation over weights, scores and money, and the
decision card (the Ranking page's Confidence section and the report's first page)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from crm_select.cli.export import Language
from crm_select.cli.rank import ScenarioArg, _one_method, _open, _reported, _settings
from crm_select.cli.settings import (
    AggregateOption,
    ConcentrationOption,
    JsonOption,
    MethodOption,
    NoiseOption,
    NormalisationOption,
    PreferenceOption,
    SeedOption,
    VikorOption,
)
from crm_select.models.confidence import ConfidenceSettings, WeightModel
from crm_select.models.i18n_text import Lang
from crm_select.services.confidence import Confidence, card_lines
from crm_select.services.confidence import confidence as run_confidence


def _print_text(conf: Confidence, lang: Lang, names: dict[str, str]) -> None:
    typer.echo(
        f"{conf.trials:,} joint trials, seed {conf.seed}, method {conf.method}, weights "
        f"{conf.weight_model.value}, score noise {conf.score_noise}; measured per trial: "
        f"{', '.join(conf.measured) or '-'}"
    )
    for line in card_lines(conf, lang, names):
        typer.echo(line)
    opts = conf.options
    typer.echo("\nrank acceptability")
    typer.echo(f"{'option':28}" + "".join(f"{'#' + str(r + 1):>7}" for r in range(len(opts))))
    for i, o in enumerate(opts):
        typer.echo(f"{o:28}" + "".join(f"{p:>7.1%}" for p in conf.joint.acceptability[i]))
    typer.echo(f"\n{'option':28} {'P(best NPV)':>12} {'mean NPV':>16}")
    for o in opts:
        typer.echo(f"{o:28} {conf.npv.p_best[o]:>12.1%} {conf.npv_mean[o]:>16,.0f}")
    typer.echo(
        f"\nvalue of information: EVPI {conf.card.evpi:,.0f} {conf.currency} (choosing by NPV: "
        f"{conf.money_choice})"
    )
    typer.echo(
        f"{'input group':30} {'EVPPI':>14} {'P(first) gain':>14} {'flip prob.':>11}  "
        "winner at its unfavourable end"
    )
    for g in sorted(conf.groups, key=lambda g: -(g.money.evppi if g.money else 0.0)):
        evppi = "-" if g.money is None else f"{g.money.evppi:,.0f}"
        typer.echo(
            f"{g.key:30} {evppi:>14} {g.decision.evppi:>14.1%} "
            f"{g.decision.flip_probability:>11.1%}  {g.decision.low.winner}"
        )
    typer.echo(f"\nNPV(A) - NPV(B), paired ({conf.currency})")
    typer.echo(f"{'A':22} {'B':22} {'P(A > B)':>9} {'mean':>14} {'P5':>14} {'P95':>14}")
    for i, a in enumerate(opts):
        for b in opts[i + 1 :]:
            p = conf.npv.pair(a, b)
            typer.echo(
                f"{a:22} {b:22} {p.p_a_better:>9.1%} {p.mean:>14,.0f} "
                f"{p.quantiles[0.05]:>14,.0f} {p.quantiles[0.95]:>14,.0f}"
            )


def confidence(
    scenario: ScenarioArg,
    trials: Annotated[
        int | None,
        typer.Option("--trials", min=100, help="joint trials [default: the scenario's finance]"),
    ] = None,
    seed: SeedOption = None,
    weights: Annotated[
        WeightModel,
        typer.Option(
            "--weights",
            help="weight uncertainty: dirichlet around the stated weights, uniform (nothing "
            "known), band (+/- --band), fixed (none)",
        ),
    ] = WeightModel.DIRICHLET,
    band: Annotated[
        float, typer.Option("--band", min=0.0, max=0.99, help="relative band of --weights band")
    ] = 0.2,
    method: MethodOption = None,
    concentration: ConcentrationOption = None,
    score_noise: NoiseOption = None,
    normalisation: NormalisationOption = None,
    vikor_v: VikorOption = None,
    preference: PreferenceOption = None,
    aggregate: AggregateOption = None,
    lang: Annotated[
        Language | None, typer.Option("--lang", help="ru or en (default: the scenario's language)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """How sure is the choice: weights, scores and money drawn together; P(rank first), rank
    acceptability, P(highest NPV), paired NPV differences and the decision card."""
    _one_method(method)
    if weights is WeightModel.DEPARTMENTS:
        typer.echo("--weights departments needs a live workspace (the board)", err=True)
        raise typer.Exit(code=2)
    d = _open(scenario)
    s = _settings(scenario, d, method, preference, normalisation=normalisation, vikor_v=vikor_v,
                  aggregate=aggregate, concentration=concentration,
                  score_noise=score_noise)  # fmt: skip
    with _reported(scenario):
        run = ConfidenceSettings(trials=trials, seed=seed, weights=weights, band=band)
        conf = run_confidence(d, s, run)
    language: Lang = lang.value if lang else d.scenario.language
    names = d.option_names(language)  # the card names options in its language
    if as_json:
        out = conf.to_dict() | {"card_text": card_lines(conf, language, names)}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    _print_text(conf, language, names)

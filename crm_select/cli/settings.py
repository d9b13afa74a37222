"""The ranking settings on the command line: every flag defaults to the scenario's own setting
(``ranking:`` in the file), so a command without flags ranks as the app and the report do."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from crm_select.models.ranking_settings import (
    NORMALISING,
    Aggregate,
    Method,
    Normalisation,
    RankingSettings,
    ScoreNoise,
)


class MethodChoice(StrEnum):
    WSM = "wsm"
    WPM = "wpm"
    TOPSIS = "topsis"
    VIKOR = "vikor"
    PROMETHEE = "promethee"
    ALL = "all"


MethodOption = Annotated[
    MethodChoice | None,
    typer.Option("--method", help="aggregation method, or all side by side [default: scenario's]"),
]
NormalisationOption = Annotated[
    Normalisation | None,
    typer.Option(
        "--normalisation",
        help="normalisation of the method (with --method all: of wsm, wpm and topsis) "
        "[default: scenario's; wsm minmax, wpm max, topsis vector]",
    ),
]
VikorOption = Annotated[
    float | None,
    typer.Option("--vikor-v", min=0.0, max=1.0, help="VIKOR weight of group utility"),
]
AggregateOption = Annotated[
    Aggregate | None, typer.Option("--aggregate", help="consensus of the raters: mean or median")
]
SamplesOption = Annotated[
    int | None, typer.Option("--samples", min=100, max=1_000_000, help="SMAA weight samples")
]
SeedOption = Annotated[
    int | None, typer.Option("--seed", min=0, help="random seed (results are reproducible)")
]
ConcentrationOption = Annotated[
    float | None,
    typer.Option(
        "--concentration", min=0.001, help="Dirichlet concentration around the stated weights"
    ),
]
NoiseOption = Annotated[
    ScoreNoise | None,
    typer.Option(
        "--score-noise",
        help="score uncertainty in rank acceptability: sem (the consensus's standard error, "
        "default), sd (the raters' standard deviation) or none",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output")]


def ranking_settings(
    saved: RankingSettings,
    *,
    method: MethodChoice | None = None,
    normalisation: Normalisation | None = None,
    vikor_v: float | None = None,
    aggregate: Aggregate | None = None,
    samples: int | None = None,
    seed: int | None = None,
    concentration: float | None = None,
    score_noise: ScoreNoise | None = None,
) -> RankingSettings:
    """The scenario's settings with the flags given on the command line applied."""
    update: dict[str, Any] = {}
    if method is not None and method is not MethodChoice.ALL:
        update["method"] = Method(method.value)
    target = Method(update.get("method", saved.method))
    if normalisation is not None:
        methods = NORMALISING if method is MethodChoice.ALL else (target,)
        update["normalisation"] = {
            **saved.normalisation,
            **{m: normalisation for m in methods if m in NORMALISING},
        }
    if vikor_v is not None:
        update["vikor_v"] = vikor_v
    if aggregate is not None:
        update["aggregate"] = aggregate
    robust = {
        k: v
        for k, v in (
            ("samples", samples),
            ("seed", seed),
            ("concentration", concentration),
            ("score_noise", score_noise),
        )
        if v is not None
    }
    if robust:
        update["robustness"] = saved.robustness.model_copy(update=robust)
    return RankingSettings.model_validate({**saved.model_dump(), **update})

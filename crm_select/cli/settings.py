"""The ranking settings on the command line: every flag defaults to the scenario's own setting
(``ranking:`` in the file), so a command without flags ranks as the app and the report do."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from crm_select.models.ranking_settings import (
    NORMALISING,
    Aggregate,
    Method,
    Normalisation,
    Preference,
    PreferenceFunction,
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
PreferenceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--preference",
        help="PROMETHEE preference function of one criterion, thresholds in its own units: "
        "CRITERION=usual, CRITERION=v_shape:P or CRITERION=linear:Q:P; repeat for more "
        "(default: the scenario's, else usual)",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output")]

_THRESHOLDS: dict[PreferenceFunction, tuple[str, ...]] = {
    PreferenceFunction.USUAL: (),
    PreferenceFunction.V_SHAPE: ("p",),
    PreferenceFunction.LINEAR: ("q", "p"),
}


def parse_preference(text: str) -> tuple[str, Preference]:
    """``CRITERION=FUNCTION[:Q][:P]`` as the scenario file's ``ranking.promethee`` entry:
    usual takes no threshold, v_shape one (p), linear two (q, then p).

    Raises ValueError saying what was expected.
    """
    criterion, sep, spec = text.partition("=")
    name, *numbers = spec.split(":")
    try:
        function = PreferenceFunction(name.strip())
        values = [float(n) for n in numbers]
    except ValueError:
        raise ValueError(
            f"expected CRITERION=usual, CRITERION=v_shape:P or CRITERION=linear:Q:P, got {text!r}"
        ) from None
    if not sep or not criterion.strip():
        raise ValueError(f"expected CRITERION=FUNCTION before the thresholds, got {text!r}")
    names = _THRESHOLDS[function]
    if len(values) != len(names):
        wanted = ", ".join(names) or "no threshold"
        raise ValueError(f"{function.value} takes {wanted}, got {text!r}")
    try:
        pref = Preference.model_validate(
            {"function": function, **dict(zip(names, values, strict=True))}
        )
    except ValidationError as e:
        raise ValueError(
            f"{text!r}: {e.errors()[0]['msg'].removeprefix('Value error, ')}"
        ) from None
    return criterion.strip(), pref


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
    preferences: Mapping[str, Preference] | None = None,
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
    if preferences:
        update["promethee"] = {**saved.promethee, **preferences}
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

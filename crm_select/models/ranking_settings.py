"""How a decision is ranked: method, normalisation, consensus, PROMETHEE preferences, robustness.

The scenario keeps these settings (``ranking:``), so the page, the command line and the report
rank a decision the same way; a page control or a CLI flag changes them for one look only.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from crm_select.models.base import Strict
from crm_select.models.text import Key


class Method(StrEnum):
    """Aggregation methods (docs/scoring.md)."""

    WSM = "wsm"
    WPM = "wpm"
    TOPSIS = "topsis"
    VIKOR = "vikor"
    PROMETHEE = "promethee"


class Normalisation(StrEnum):
    """Normalisations of the methods that normalise (WSM, WPM, TOPSIS); see scoring/normalise.py."""

    MINMAX = "minmax"
    MAX = "max"
    VECTOR = "vector"


class Aggregate(StrEnum):
    """How the raters' scores of one cell become the committee's score."""

    MEAN = "mean"
    MEDIAN = "median"


class PreferenceFunction(StrEnum):
    """PROMETHEE preference functions: P(d) for a difference d in the criterion's own units.

    usual: 1 if d > 0. v_shape: d / p up to p, then 1. linear: 0 up to q, (d - q) / (p - q) up
    to p, then 1 (Brans & Vincke 1985, types I, III and V).
    """

    USUAL = "usual"
    V_SHAPE = "v_shape"
    LINEAR = "linear"


class Preference(Strict):
    """The preference function of one criterion, thresholds in that criterion's units."""

    function: PreferenceFunction = PreferenceFunction.USUAL
    q: float = Field(0.0, ge=0, description="indifference threshold (linear only)")
    p: float | None = Field(None, ge=0, description="preference threshold (v_shape, linear)")

    @model_validator(mode="after")
    def _thresholds(self) -> Preference:
        f = self.function
        if f is PreferenceFunction.USUAL and (self.q or self.p is not None):
            raise ValueError("the usual function takes no thresholds (q, p)")
        if f is PreferenceFunction.V_SHAPE and self.q:
            raise ValueError("v_shape has no indifference threshold q; use linear")
        if f is not PreferenceFunction.USUAL:
            if self.p is None or self.p <= 0:
                raise ValueError(f"{f.value} needs a preference threshold p > 0")
            if self.p < self.q:
                raise ValueError(f"p must be >= q, got q={self.q:g}, p={self.p:g}")
        return self


class ScoreNoise(StrEnum):
    """Score uncertainty in rank acceptability (docs/scoring.md, "Rank acceptability").

    sem: the standard error of the consensus (raters' standard deviation / sqrt(n)), the
    uncertainty about an option's true score given n raters; the default. sd: the raters'
    standard deviation, the spread of one rater's opinion (what a single rater might have said).
    none: weights only.
    """

    SEM = "sem"
    SD = "sd"
    NONE = "none"


class Robustness(Strict):
    """Rank acceptability (SMAA) settings: weight draws, their spread, score noise, seed."""

    samples: int = Field(10_000, ge=100, le=1_000_000)
    concentration: float = Field(
        100.0, gt=0, le=1e6, description="Dirichlet concentration around the stated weights"
    )
    seed: int = Field(0, ge=0)
    score_noise: ScoreNoise = ScoreNoise.SEM


def default_normalisation() -> dict[Method, Normalisation]:
    """Per method: WSM min-max, WPM max (ratio scale), TOPSIS vector (Hwang & Yoon)."""
    return {
        Method.WSM: Normalisation.MINMAX,
        Method.WPM: Normalisation.MAX,
        Method.TOPSIS: Normalisation.VECTOR,
    }


NORMALISING: tuple[Method, ...] = (Method.WSM, Method.WPM, Method.TOPSIS)


class RankingSettings(Strict):
    """The decision's ranking settings (``ranking:`` in the scenario file)."""

    method: Method = Method.WSM
    normalisation: dict[Method, Normalisation] = Field(
        default_factory=default_normalisation,
        description="per normalising method (wsm, wpm, topsis); unlisted ones take the default",
    )
    aggregate: Aggregate = Aggregate.MEAN
    vikor_v: float = Field(0.5, ge=0, le=1, description="VIKOR weight of group utility")
    promethee: dict[Key, Preference] = Field(
        default_factory=dict, description="criterion id -> preference function (default usual)"
    )
    robustness: Robustness = Field(default_factory=Robustness)

    @model_validator(mode="after")
    def _normalising_methods(self) -> RankingSettings:
        extra = [m.value for m in self.normalisation if m not in NORMALISING]
        if extra:
            raise ValueError(f"only wsm, wpm and topsis normalise; remove {', '.join(extra)}")
        return self

    def normalisation_of(self, method: Method) -> Normalisation | None:
        """The normalisation ``method`` uses here (None for VIKOR and PROMETHEE)."""
        if method not in NORMALISING:
            return None
        return self.normalisation.get(method, default_normalisation()[method])

    def preference_of(self, criterion: str) -> Preference:
        return self.promethee.get(criterion, Preference())

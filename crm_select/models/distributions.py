"""Uncertain inputs: the distributions a scenario can give for any finance assumption.

Each kind carries its own parameter checks; sampling lives in ``finance/`` so these
stay plain data.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, model_validator

from crm_select.models.base import Strict


class Fixed(Strict):
    """A known value."""

    kind: Literal["fixed"] = "fixed"
    value: float

    @property
    def mean(self) -> float:
        return self.value

    @property
    def base(self) -> float:
        return self.value


class Uniform(Strict):
    """Any value between min and max equally likely."""

    kind: Literal["uniform"] = "uniform"
    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.min > self.max:
            raise ValueError(f"min must be <= max, got min={self.min} > max={self.max}")
        return self

    @property
    def mean(self) -> float:
        return (self.min + self.max) / 2

    @property
    def base(self) -> float:
        return self.mean


class ThreePoint(Strict):
    """A three-point estimate: min, most likely (mode), max, in that order."""

    min: float
    mode: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> ThreePoint:
        if not self.min <= self.mode <= self.max:
            raise ValueError(
                f"must satisfy min <= mode <= max, got {self.min}, {self.mode}, {self.max}"
            )
        return self

    @property
    def base(self) -> float:
        return self.mode


class Triangular(ThreePoint):
    """Three-point estimate with a triangular shape."""

    kind: Literal["triangular"] = "triangular"

    @property
    def mean(self) -> float:
        return (self.min + self.mode + self.max) / 3


class Pert(ThreePoint):
    """Three-point estimate with a beta shape; ``lamb`` weights the mode (4 is classic PERT)."""

    kind: Literal["pert"] = "pert"
    lamb: float = Field(4.0, gt=0)

    @property
    def mean(self) -> float:
        return (self.min + self.lamb * self.mode + self.max) / (self.lamb + 2)


class Lognormal(Strict):
    """Positive, right-skewed: give either p10 and p90, or mean and sd."""

    kind: Literal["lognormal"] = "lognormal"
    p10: float | None = Field(None, gt=0)
    p90: float | None = Field(None, gt=0)
    mean_: float | None = Field(None, gt=0, alias="mean")
    sd: float | None = Field(None, gt=0)

    model_config = Strict.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _one_parametrisation(self) -> Lognormal:
        by_pct = self.p10 is not None and self.p90 is not None
        by_moments = self.mean_ is not None and self.sd is not None
        if by_pct == by_moments:
            raise ValueError("give exactly one of (p10, p90) or (mean, sd)")
        if by_pct and self.p10 >= self.p90:  # type: ignore[operator]
            raise ValueError(f"p10 must be < p90, got p10={self.p10}, p90={self.p90}")
        return self

    @property
    def mu_sigma(self) -> tuple[float, float]:
        """Parameters of the underlying normal."""
        if self.p10 is not None and self.p90 is not None:
            z90 = 1.2815515655446004
            mu = (math.log(self.p10) + math.log(self.p90)) / 2
            sigma = (math.log(self.p90) - math.log(self.p10)) / (2 * z90)
            return mu, sigma
        m, s = self.mean_, self.sd
        assert m is not None
        assert s is not None
        sigma2 = math.log(1 + (s / m) ** 2)
        return math.log(m) - sigma2 / 2, math.sqrt(sigma2)

    @property
    def mean(self) -> float:
        mu, sigma = self.mu_sigma
        return math.exp(mu + sigma**2 / 2)

    @property
    def base(self) -> float:
        """The median: the value a deterministic base case uses."""
        return math.exp(self.mu_sigma[0])


class Discrete(Strict):
    """A finite set of values with probabilities that sum to 1."""

    kind: Literal["discrete"] = "discrete"
    values: list[float] = Field(min_length=1)
    probabilities: list[Annotated[float, Field(ge=0, le=1)]] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Discrete:
        if len(self.values) != len(self.probabilities):
            raise ValueError(
                f"values and probabilities must have the same length, "
                f"got {len(self.values)} and {len(self.probabilities)}"
            )
        total = sum(self.probabilities)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"probabilities must sum to 1, got {total:g}")
        return self

    @property
    def mean(self) -> float:
        return sum(v * p for v, p in zip(self.values, self.probabilities, strict=True))

    @property
    def base(self) -> float:
        return self.values[max(range(len(self.values)), key=self.probabilities.__getitem__)]


class Bernoulli(Strict):
    """1 with probability p, else 0."""

    kind: Literal["bernoulli"] = "bernoulli"
    p: float = Field(ge=0, le=1)

    @property
    def mean(self) -> float:
        return self.p

    @property
    def base(self) -> float:
        return float(self.p >= 0.5)


Distribution = Annotated[
    Fixed | Uniform | Triangular | Pert | Lognormal | Discrete | Bernoulli,
    Field(discriminator="kind"),
]


def bounds(
    dist: Fixed | Uniform | Triangular | Pert | Lognormal | Discrete | Bernoulli,
) -> tuple[float, float]:
    """Smallest and largest value a distribution can take (lognormal: its P0.1/P99.9)."""
    match dist:
        case Fixed(value=v):
            return v, v
        case Uniform() | Triangular() | Pert():
            return dist.min, dist.max
        case Lognormal():
            mu, sigma = dist.mu_sigma
            return math.exp(mu - 3.09 * sigma), math.exp(mu + 3.09 * sigma)
        case Discrete():
            return min(dist.values), max(dist.values)
        case Bernoulli():
            return 0.0, 1.0
    raise TypeError(dist)

"""The strict base model every schema shares: unknown keys and NaN/inf are errors."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Forbid unknown keys (a typo must not vanish) and non-finite floats."""

    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,
        frozen=False,
        validate_assignment=True,
        str_strip_whitespace=True,
    )

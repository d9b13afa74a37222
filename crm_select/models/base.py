"""The strict base model every schema shares: unknown keys and NaN/inf are errors, and every
string, whatever field holds it, is checked by a text rule (crm_select/models/text.py)."""

from __future__ import annotations

from typing import Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator

from crm_select.models.text import TEXT_RULE, TextRule


def _has_rule(metadata: list[Any]) -> bool:
    return any(isinstance(m, AfterValidator) and isinstance(m.func, TextRule) for m in metadata)


def _texts_checked(value: Any) -> Any:
    """Every string inside ``value`` (a str, or one in a list, tuple or dict) under the free-text
    rule; keys of a dict too."""
    if isinstance(value, str):
        return TEXT_RULE(value)
    if isinstance(value, list | tuple):
        return type(value)(_texts_checked(v) for v in value)
    if isinstance(value, dict):
        return {_texts_checked(k): _texts_checked(v) for k, v in value.items()}
    return value


class Strict(BaseModel):
    """Forbid unknown keys (a typo must not vanish) and non-finite floats.

    A field typed ``Name``, ``Text`` or ``Key`` gets its own rule; any other field that holds
    strings (a plain ``str``, a list or mapping of them) gets the free-text rule here, so no
    string reaches a chart, a report or the database unchecked.
    """

    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,
        frozen=False,
        validate_assignment=True,
        str_strip_whitespace=True,
    )

    @field_validator("*", mode="after")
    @classmethod
    def _every_string_checked(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, BaseModel) or info.field_name is None:
            return value
        field = cls.model_fields.get(info.field_name)
        if field is not None and _has_rule(field.metadata):
            return value
        return _texts_checked(value)

"""Text arguments of store calls get the models' text rules, so both paths refuse the same."""

from __future__ import annotations

from crm_select.models.text import TextRule, checked
from crm_select.store.errors import InvalidInput


def text_arg(value: str, rule: TextRule, field: str) -> str:
    """``value`` as ``rule`` accepts it (a name loses invisible characters), else `InvalidInput`."""
    try:
        return checked(value, rule, field)
    except ValueError as e:
        raise InvalidInput(str(e)) from None

"""The errors a page or the command line reports from a use case (each says what to fix)."""

from __future__ import annotations

from crm_select.models.errors import InputError, PathError
from scoring.errors import ScoringError

__all__ = ["InputError", "PathError", "ScoringError"]

"""The result object every method returns from its ``*_explained`` variant."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class MethodResult:
    """Scores of one method with the intermediates an "explain this ranking" view shows.

    Attributes
    ----------
    method : str
        ``wsm``, ``wpm``, ``topsis``, ``vikor`` or ``promethee``.
    scores : ndarray, shape (m,)
        One score per option.
    higher_is_better : bool
        False only for VIKOR's Q.
    normalisation : str
        Normalisation applied to the matrix before aggregation (``none`` when the method has its
        own scaling: VIKOR, PROMETHEE).
    extra : dict
        Named intermediates (normalised matrix, ideal points, distances, S/R/Q, flows...).
    """

    method: str
    scores: np.ndarray
    higher_is_better: bool
    normalisation: str
    extra: dict[str, Any] = field(default_factory=dict)

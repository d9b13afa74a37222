"""Aggregation methods, one module each: a pure vectorised kernel plus an ``*_explained`` variant.

Every kernel takes ``matrix`` (m options x n criteria, optionally with a leading sample axis),
``weights`` (n,) or (samples, n) summing to 1, and ``directions`` (+1 benefit, -1 cost), and
returns one score per option (per sample). ``HIGHER_IS_BETTER`` says how to read the score.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scoring.methods.promethee import promethee, promethee_explained
from scoring.methods.result import MethodResult
from scoring.methods.topsis import topsis, topsis_explained
from scoring.methods.vikor import vikor, vikor_explained
from scoring.methods.wpm import wpm, wpm_explained
from scoring.methods.wsm import wsm, wsm_explained

METHODS: tuple[str, ...] = ("wsm", "wpm", "topsis", "vikor", "promethee")
HIGHER_IS_BETTER: dict[str, bool] = {
    "wsm": True,
    "wpm": True,
    "topsis": True,
    "vikor": False,
    "promethee": True,
}
DEFAULT_NORMALISATION: dict[str, str] = {
    "wsm": "minmax",
    "wpm": "max",
    "topsis": "vector",
    "vikor": "none",
    "promethee": "none",
}
KERNELS: dict[str, Callable[..., np.ndarray]] = {
    "wsm": wsm,
    "wpm": wpm,
    "topsis": topsis,
    "vikor": vikor,
    "promethee": promethee,
}
EXPLAINED: dict[str, Callable[..., MethodResult]] = {
    "wsm": wsm_explained,
    "wpm": wpm_explained,
    "topsis": topsis_explained,
    "vikor": vikor_explained,
    "promethee": promethee_explained,
}

__all__ = [
    "DEFAULT_NORMALISATION",
    "EXPLAINED",
    "HIGHER_IS_BETTER",
    "KERNELS",
    "METHODS",
    "MethodResult",
    "promethee",
    "promethee_explained",
    "topsis",
    "topsis_explained",
    "vikor",
    "vikor_explained",
    "wpm",
    "wpm_explained",
    "wsm",
    "wsm_explained",
]

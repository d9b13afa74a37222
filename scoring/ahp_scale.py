"""Saaty's verbal scale: a pairwise judgement in words, in English and Russian.

A judgement ``a`` vs ``b`` = v (a is v times as important as b, 1/9..9) is first rounded to the
scale by log distance (:func:`scoring.ahp.nearest_saaty`: the one rounding rule, symmetric in
a and b), then read as an intensity 1..9 for the favoured side:

===  =================================  ===============================
 k   English (Saaty 2008, Table 1)      Russian
===  =================================  ===============================
 1   equally important                  одинаково важны
 2   slightly more important            немного важнее
 3   moderately more important          умеренно важнее
 4   moderately to strongly (moderate+) заметно важнее
 5   strongly more important            существенно важнее
 6   strongly to very strongly          сильно важнее
 7   very strongly more important       значительно важнее
 8   very, very strongly                очень сильно важнее
 9   extremely more important           абсолютно важнее
===  =================================  ===============================

Texts live in the catalogs (``ahp.verbal.<k>`` sentences, ``ahp.level.<k>`` short words for
slider ticks, ``ahp.slider``), so every surface phrases judgements the same way.

References
----------
Saaty, T. L. (2008). Decision making with the analytic hierarchy process. Int. J. Services
Sciences 1(1), 83-98, Table 1 (the fundamental scale).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from crm_select.locales import Lang, translate
from scoring.ahp import SAATY_SCALE, nearest_saaty
from scoring.errors import ScoringError

SLIDER_VALUES: tuple[float, ...] = tuple(float(v) for v in SAATY_SCALE)
"""The 17 positions of a judgement slider, from "b extremely" (1/9) to "a extremely" (9)."""


@dataclass(frozen=True)
class VerbalJudgement:
    """A judgement a vs b on Saaty's verbal scale.

    Attributes
    ----------
    value : float
        The judgement rounded to Saaty's scale (a over b).
    intensity : int
        1..9 for the favoured side (1: equal).
    favoured : {"a", "b"} or None
        Which item is more important (None when equal).
    """

    value: float
    intensity: int
    favoured: Literal["a", "b"] | None

    @property
    def key(self) -> str:
        """Catalog key of the sentence, e.g. ``ahp.verbal.5``."""
        return f"ahp.verbal.{self.intensity}"

    def text(self, a: str, b: str, lang: Lang) -> str:
        """The sentence, with the favoured item first: "A is strongly more important than B"."""
        first, second = (b, a) if self.favoured == "b" else (a, b)
        return translate(self.key, lang, a=first, b=second)

    def label(self, a: str, b: str, lang: Lang) -> str:
        """A short slider tick: "A: strongly" ("equal" when neither is favoured)."""
        level = translate(f"ahp.level.{self.intensity}", lang)
        if self.favoured is None:
            return level
        return translate("ahp.slider", lang, item=a if self.favoured == "a" else b, level=level)


def verbal_judgement(value: float) -> VerbalJudgement:
    """Read a judgement a vs b = ``value`` (1/9..9) on the verbal scale.

    Raises ``ahp_out_of_range`` for a value that is not a positive number in 1/9..9 (a little
    tolerance for values typed as 0.111).
    """
    v = float(value)
    if not np.isfinite(v) or not (1 / 9 - 1e-6 <= v <= 9 + 1e-6):
        raise ScoringError("ahp_out_of_range", f"judgement {v:g} is outside Saaty's scale 1/9..9")
    rounded = nearest_saaty(v)
    if rounded == 1.0:
        return VerbalJudgement(1.0, 1, None)
    if rounded > 1:
        return VerbalJudgement(rounded, round(rounded), "a")
    return VerbalJudgement(rounded, round(1 / rounded), "b")


def judgement_text(value: float, a: str, b: str, lang: Lang) -> str:
    """``verbal_judgement(value).text(a, b, lang)``: the judgement as one sentence."""
    return verbal_judgement(value).text(a, b, lang)

"""Weights from choices: a guided session of swing and trade-off questions (at most 2n for n).

Some committee members cannot say "budget is 25 %" but can choose between two concrete
improvements. A session asks such choices one at a time and derives the weights; it is pure
and serialisable: the :class:`ElicitationState` (criteria, method, answers so far) goes in,
:func:`next_question` gives the question, :func:`answer` returns the new state, and
:func:`elicitation_result` the weights at any point. Replaying the answers re-derives everything,
so a stored state is validated on load.

Every criterion is imagined on a scale from its worst to its best plausible value, with a
linear value in between (an additive value model); w_k is the value of improving criterion k
from worst to best ("the swing"), and r_k = w_k / w_top its ratio to the most important swing.

Phase 1, ranking (both methods; von Winterfeldt & Edwards 1986, swing weighting): "Imagine an
option at its worst on every criterion. Which one would you improve from worst to best first?",
then among the rest, and so on: n - 1 questions, the last place being implied.

Phase 2, ``method="swing"`` (SMARTS, Edwards & Barron 1994): "If improving {top} is worth 100
points, how many is improving {k} worth?" for the 2nd, 3rd, ... criterion; each answer is
bounded by the points of the criterion ranked just above (the ranking implies it), and once a
criterion gets 0 every one below it is 0 without asking. n - 1 questions: 2n - 2 in all.

Phase 2, ``method="tradeoff"`` (PAPRIKA's idea, Hansen & Ombler 2008: choose between two
hypothetical options that differ on two criteria, everything else equal): "Option X: {top}
improves {level} of the way from worst to best; option Y: {k} improves all the way. Which do
you prefer?" X means r_k < level, Y r_k > level, equal r_k = level. Each r_k lives in an
interval; the ranking chains them (r_2 >= r_3 >= ... >= r_n), so every answer also narrows the
neighbours' intervals, and a question whose answer the earlier ones already imply is never asked
(transitivity, as in PAPRIKA). The next question bisects the widest interval at a round level
(5 % steps); the session stops when every interval is narrower than 10 % or after 2n questions
in all (n + 1 in this phase).

Weights (tradeoff): the mean of the ratios consistent with every answer, taking all such ratio
vectors as equally likely (uniform on {1 >= r_2 >= ... >= r_n >= 0} within the intervals),
computed exactly on a 1/2000 grid by a forward-backward pass along the chain. With the ranking
alone this gives rank-sum weights, w_k proportional to n - k + 1 (Stillwell, Seaver & Edwards
1981); the means keep the ranking's order. The member may then adjust the result as direct
points (:meth:`ElicitationResult.points`).

References
----------
Hansen, P., & Ombler, F. (2008). A new method for scoring additive multi-attribute value
models using pairwise rankings of alternatives. J. Multi-Criteria Decision Analysis 15(3-4),
87-107.
von Winterfeldt, D., & Edwards, W. (1986). *Decision Analysis and Behavioral Research*.
Cambridge University Press, ch. 8.
Edwards, W., & Barron, F. H. (1994). SMARTS and SMARTER: improved simple methods for
multiattribute utility measurement. OBHDP 60(3), 306-325.
Stillwell, W. G., Seaver, D. A., & Edwards, W. (1981). A comparison of weight approximation
techniques in multiattribute utility decision making. OBHDP 28(1), 62-77.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from crm_select.locales import Lang, percent, translate
from crm_select.models.base import Strict
from scoring.errors import ScoringError

Method = Literal["swing", "tradeoff"]
TOLERANCE = 0.10
"""The trade-off phase stops once every ratio interval is narrower than this."""
_GRID = 2000


class RankAnswer(Strict):
    """Answer to a :class:`ChooseQuestion`: the criterion to improve next."""

    kind: Literal["rank"] = "rank"
    chosen: str


class RatingAnswer(Strict):
    """Answer to a :class:`RateQuestion`: points of ``criterion``'s swing (top criterion 100)."""

    kind: Literal["rating"] = "rating"
    criterion: str
    points: float = Field(ge=0, le=100)


class TradeoffAnswer(Strict):
    """Answer to a :class:`TradeoffQuestion`: X (``top`` partly), Y (``criterion`` fully), equal."""

    kind: Literal["tradeoff"] = "tradeoff"
    top: str
    level: float = Field(gt=0, lt=1)
    criterion: str
    choice: Literal["x", "y", "equal"]


Answer = Annotated[RankAnswer | RatingAnswer | TradeoffAnswer, Field(discriminator="kind")]


@dataclass(frozen=True)
class ChooseQuestion:
    """Phase 1: which of ``remaining`` would you improve from worst to best next (``position``)?"""

    remaining: tuple[str, ...]
    position: int
    kind: Literal["choose"] = "choose"

    def text(self, lang: Lang, names: Mapping[str, str] | None = None) -> str:  # noqa: ARG002 (one signature for every question)
        key = "elicitation.choose_first" if self.position == 1 else "elicitation.choose_next"
        return translate(key, lang)


@dataclass(frozen=True)
class RateQuestion:
    """Phase 2 (swing): points of ``criterion``'s swing if ``top``'s is 100, at most ``max_points``."""

    criterion: str
    top: str
    max_points: float
    kind: Literal["rate"] = "rate"

    def text(self, lang: Lang, names: Mapping[str, str] | None = None) -> str:
        nm = names or {}
        return translate(
            "elicitation.rate",
            lang,
            top=nm.get(self.top, self.top),
            criterion=nm.get(self.criterion, self.criterion),
            max=f"{self.max_points:g}",
        )


@dataclass(frozen=True)
class TradeoffQuestion:
    """Phase 2 (tradeoff): X = ``top`` improves ``level`` of its swing, Y = ``criterion`` all of it."""

    top: str
    level: float
    criterion: str
    kind: Literal["tradeoff"] = "tradeoff"

    def text(self, lang: Lang, names: Mapping[str, str] | None = None) -> str:  # noqa: ARG002 (one signature for every question)
        return translate("elicitation.tradeoff", lang)

    def choices(self, lang: Lang, names: Mapping[str, str] | None = None) -> dict[str, str]:
        """Words for the answers ``x``, ``y`` and ``equal``."""
        nm = names or {}
        return {
            "x": translate(
                "elicitation.option_x",
                lang,
                item=nm.get(self.top, self.top),
                level=percent(self.level, lang),
            ),
            "y": translate(
                "elicitation.option_y", lang, item=nm.get(self.criterion, self.criterion)
            ),
            "equal": translate("elicitation.equal", lang),
        }


Question = ChooseQuestion | RateQuestion | TradeoffQuestion


class ElicitationState(Strict):
    """Everything a session is: the criteria, the method and the answers so far (JSON-safe).

    Validation replays the answers, so a stored state whose answers do not fit its questions
    is refused.
    """

    method: Method
    criteria: tuple[str, ...] = Field(min_length=1)
    answers: tuple[Answer, ...] = ()

    @model_validator(mode="after")
    def _replayable(self) -> ElicitationState:
        if len(set(self.criteria)) != len(self.criteria):
            raise ValueError("criteria must be unique")
        try:
            _replay(self)
        except ScoringError as e:
            raise ValueError(str(e)) from None
        return self


@dataclass(frozen=True)
class ElicitationResult:
    """Weights from the answers so far.

    Attributes
    ----------
    weights : dict
        Criterion -> weight, summing to 1.
    order : tuple of str
        Criteria from the most to the least important swing (as ranked so far).
    intervals : dict
        Criterion -> (lo, hi) bounds of w_k / w_top implied by the answers.
    asked, skipped : int
        Questions answered, and questions not asked because earlier answers implied them.
    complete : bool
        No question is left.
    """

    method: Method
    weights: dict[str, float]
    order: tuple[str, ...]
    intervals: dict[str, tuple[float, float]]
    asked: int
    skipped: int
    complete: bool

    def points(self) -> dict[str, float]:
        """The weights as direct points, the most important criterion 100 (for adjusting)."""
        top = max(self.weights.values())
        return {c: round(100 * w / top, 1) for c, w in self.weights.items()}


def max_questions(n: int) -> int:
    """Upper bound on the questions of a session with n criteria: 2n."""
    return 2 * n


def start(criteria: tuple[str, ...] | list[str], method: Method = "tradeoff") -> ElicitationState:
    """A new session over ``criteria`` (ids, at least one, unique)."""
    return ElicitationState(method=method, criteria=tuple(criteria))


@dataclass
class _Progress:
    order: list[str]
    lo: dict[str, float] = field(default_factory=dict)
    hi: dict[str, float] = field(default_factory=dict)
    asked: int = 0
    skipped: int = 0


def _propagate(p: _Progress) -> None:
    """Chain the ratio intervals along the ranking: r_2 >= r_3 >= ... (top fixed at 1)."""
    rest = p.order[1:]
    for prev, cur in pairwise(rest):
        p.hi[cur] = min(p.hi[cur], p.hi[prev])
    for nxt, cur in pairwise(rest[::-1]):
        p.lo[cur] = max(p.lo[cur], p.lo[nxt])


def _level(lo: float, hi: float) -> float:
    """A round level strictly inside (lo, hi): 5 % steps, else 1 %, else the midpoint."""
    mid = (lo + hi) / 2
    for step in (0.05, 0.01):
        v = round(mid / step) * step
        if lo < v < hi:
            return float(round(v, 4))
    return mid


def _question(state: ElicitationState, p: _Progress) -> Question | None:
    n = len(state.criteria)
    if len(p.order) < n:
        remaining = tuple(c for c in state.criteria if c not in p.order)
        return ChooseQuestion(remaining, len(p.order) + 1)
    if n == 1:
        return None
    top = p.order[0]
    if state.method == "swing":
        for above, c in pairwise(p.order):
            if p.lo[c] < p.hi[c]:
                return RateQuestion(c, top, round(100 * p.hi[above], 6))
        return None
    if p.asked >= max_questions(n):
        return None
    widths = {c: p.hi[c] - p.lo[c] for c in p.order[1:]}
    widest = max(p.order[1:], key=lambda c: (widths[c], -p.order.index(c)))
    if widths[widest] <= TOLERANCE:
        return None
    return TradeoffQuestion(top, _level(p.lo[widest], p.hi[widest]), widest)


def _replay(state: ElicitationState) -> _Progress:
    p = _Progress(order=[])
    n = len(state.criteria)
    if n == 1:
        p.order, p.lo, p.hi = (
            [state.criteria[0]],
            {state.criteria[0]: 1.0},
            {state.criteria[0]: 1.0},
        )
    for a in state.answers:
        q = _question(state, p)
        if q is None:
            raise ScoringError("elicitation_finished", "the session has no question left")
        _apply(p, q, a)
        if len(p.order) == n - 1 and n > 1:  # the last place is implied
            p.order.append(next(c for c in state.criteria if c not in p.order))
            p.skipped += 1
        if len(p.order) == n and not p.lo:
            p.lo = dict.fromkeys(p.order, 0.0) | {p.order[0]: 1.0}
            p.hi = dict.fromkeys(p.order, 1.0)
    return p


def _apply(p: _Progress, q: Question, a: RankAnswer | RatingAnswer | TradeoffAnswer) -> None:
    wrong = ScoringError(
        "elicitation_unexpected_answer", f"expected an answer to {q!r}, got {a!r}", a.kind
    )
    if isinstance(q, ChooseQuestion):
        if not isinstance(a, RankAnswer) or a.chosen not in q.remaining:
            raise wrong
        p.order.append(a.chosen)
    elif isinstance(q, RateQuestion):
        if not isinstance(a, RatingAnswer) or a.criterion != q.criterion:
            raise wrong
        if a.points > q.max_points + 1e-9:
            raise ScoringError(
                "elicitation_answer_out_of_range",
                f"{q.criterion} is ranked below a criterion worth {q.max_points:g} points, so it "
                f"can be worth at most that, got {a.points:g}",
                q.criterion,
            )
        p.lo[q.criterion] = p.hi[q.criterion] = a.points / 100
        below = p.order[p.order.index(q.criterion) + 1 :]
        if a.points == 0:  # everything ranked below is 0 too
            for c in below:
                p.lo[c] = p.hi[c] = 0.0
            p.skipped += len(below)
        else:
            for c in below:
                p.hi[c] = min(p.hi[c], a.points / 100)
    else:
        if (
            not isinstance(a, TradeoffAnswer)
            or (a.top, a.criterion) != (q.top, q.criterion)
            or abs(a.level - q.level) > 1e-9
        ):
            raise wrong
        c = q.criterion
        if a.choice == "x":
            p.hi[c] = min(p.hi[c], q.level)
        elif a.choice == "y":
            p.lo[c] = max(p.lo[c], q.level)
        else:
            p.lo[c] = p.hi[c] = q.level
        before = {k: p.hi[k] - p.lo[k] for k in p.order[1:]}
        _propagate(p)
        p.skipped += sum(
            1 for k in p.order[1:] if k != c and before[k] > TOLERANCE >= p.hi[k] - p.lo[k]
        )
    p.asked += 1


def next_question(state: ElicitationState) -> Question | None:
    """The next question of the session, or None when it is complete."""
    return _question(state, _replay(state))


def answer(
    state: ElicitationState, response: RankAnswer | RatingAnswer | TradeoffAnswer
) -> ElicitationState:
    """The state after ``response`` to :func:`next_question`; a mismatching answer is an error.

    Raises ``elicitation_finished``, ``elicitation_unexpected_answer`` or
    ``elicitation_answer_out_of_range`` (a rating above the criterion ranked just above).
    """
    p = _replay(state)
    q = _question(state, p)
    if q is None:
        raise ScoringError("elicitation_finished", "the session has no question left")
    _apply(p, q, response)  # validates before the state is built
    return ElicitationState(
        method=state.method, criteria=state.criteria, answers=(*state.answers, response)
    )


def _chain_means(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Mean of each r_k under the uniform law on {r_1 >= r_2 >= ... >= r_K} within [lo, hi].

    Grid of cell centres x_g = (g + 1/2)/G on [0, 1]; a degenerate interval keeps the cell
    holding its value. alpha_k(x) = box_k(x) sum_{y >= x} alpha_{k-1}(y) (the chain from above),
    beta_k(x) = box_k(x) sum_{y <= x} beta_{k+1}(y) (from below); marginal_k = alpha_k beta_k /
    box_k. Scaled at every step (the sums shrink like 1/k!).
    """
    g = (np.arange(_GRID) + 0.5) / _GRID
    half = 0.5 / _GRID
    box = (g[None, :] >= lo[:, None] - half) & (g[None, :] <= hi[:, None] + half)
    k = lo.size
    alpha = np.empty((k, _GRID))
    beta = np.empty((k, _GRID))
    alpha[0] = box[0]
    for i in range(1, k):
        above = np.cumsum(alpha[i - 1][::-1])[::-1]  # sum over y >= x
        alpha[i] = box[i] * above
        alpha[i] /= alpha[i].max()
    beta[-1] = box[-1]
    for i in range(k - 2, -1, -1):
        below = np.cumsum(beta[i + 1])  # sum over y <= x
        beta[i] = box[i] * below
        beta[i] /= beta[i].max()
    marginal = alpha * beta
    return (marginal * g).sum(axis=1) / marginal.sum(axis=1)


def elicitation_result(state: ElicitationState) -> ElicitationResult:
    """Weights from the answers so far (module docstring); equal weights before any ranking."""
    p = _replay(state)
    n = len(state.criteria)
    complete = _question(state, p) is None
    if len(p.order) < n:
        ranked = p.order + [c for c in state.criteria if c not in p.order]
        w = dict.fromkeys(state.criteria, 1.0 / n)
        return ElicitationResult(state.method, w, tuple(ranked), {}, p.asked, p.skipped, False)
    rest = p.order[1:]
    if state.method == "swing":
        ratio = np.array([1.0] + [p.lo[c] if p.lo[c] == p.hi[c] else np.nan for c in rest])
        if np.isnan(ratio).any():  # not all rated yet: the chain means of what is known
            ratio[1:] = _chain_means(
                np.array([p.lo[c] for c in rest]), np.array([p.hi[c] for c in rest])
            )
    elif rest:
        ratio = np.concatenate([[1.0], _chain_means(np.array([p.lo[c] for c in rest]),
                                                    np.array([p.hi[c] for c in rest]))])  # fmt: skip
    else:
        ratio = np.ones(1)
    w = ratio / ratio.sum()
    return ElicitationResult(
        state.method,
        {c: float(w[i]) for i, c in enumerate(p.order)},
        tuple(p.order),
        {c: (float(p.lo[c]), float(p.hi[c])) for c in p.order},
        p.asked,
        p.skipped,
        complete,
    )

"""Decision confidence from one joint simulation: the decision card, the paired NPV
comparisons, what could flip the choice and the value of finding out.

Arrays in (a :class:`scoring.joint.JointResult` and the finance trials behind it,
:class:`finance.trials.TrialData`, on the same trials), typed results out:

- the card: the option most often first (its P(rank 1) is the joint confidence), the runner-up,
  how often each wins and how often the first ranks above the second;
- P(highest NPV) and NPV(A) - NPV(B) for every pair on common random numbers
  (:mod:`finance.paired`);
- per input group (each focus option's own finance inputs of a group, the shared ones, the
  weights' interest shares, the score draws) two regressions of Strong, Oakley & Brennan (2014)
  (:mod:`finance.value_of_information`): on each trial's first place (how much knowing the
  group would raise the chance of choosing the trial's winner, how often it would change the
  choice, who wins at its unfavourable end) and on NPV (partial EVPI in money);
- the card's sentences in the reader's language, every number from the card.

References
----------
Strong, M., Oakley, J. E., & Brennan, A. (2014). Estimating multiparameter partial expected
value of perfect information from a probabilistic sensitivity analysis sample: a
nonparametric regression approach. Medical Decision Making 34(3), 311-326.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from crm_select.locales import catalog, compact_money, number, percent, translate
from crm_select.models.confidence import WeightModel
from crm_select.models.i18n_text import Lang
from finance.paired import PairedComparisons, paired_comparisons
from finance.trials import TrialData
from finance.value_of_information import GroupValue, ValueOfInformation, value_of_information
from scoring.joint import JointResult


@dataclass(frozen=True)
class Flip:
    """What could flip the choice: at its unfavourable end for the recommended option (the 10 %
    of trials where the group hurts it most: its P10 or P90 for the decision), ``group`` makes
    ``winner`` rank first (``flips``), or, when no group flips it alone, comes closest.
    ``input`` is the group's input that moves most there (``end`` "high" or "low"), at about
    ``value`` (``usual`` over all trials); ``lead`` the recommended option's P(first) minus the
    best other's there (negative: it flips); ``probability`` how often knowing the group would
    change the choice."""

    group: str
    flips: bool
    winner: str
    input: str
    value: float
    usual: float
    end: str
    lead: float
    probability: float


@dataclass(frozen=True)
class Worth:
    """The money value of pinning down one input group (partial EVPI on NPV), the largest."""

    group: str
    value: float


@dataclass(frozen=True)
class InputGroup:
    """One input group's value of information.

    ``kind`` is the finance group (effort, overrun, outcome, prices, benefits, data_entry,
    other), ``weights`` or ``scores``; ``option`` the option whose own inputs it holds (None:
    shared). ``decision`` is the regression on each trial's first place (its ``evppi`` the rise
    in the chance of choosing the trial's winner, its ends what could flip the ranking),
    ``money`` the regression on NPV (partial EVPI in money; None for weights and scores, which
    do not move money).
    """

    key: str
    kind: str
    option: str | None
    decision: GroupValue
    money: GroupValue | None


@dataclass(frozen=True)
class DecisionCard:
    """What the committee takes away.

    ``recommended`` ranks first most often under the joint uncertainty, ``confidence`` is how
    often (P(rank 1)); ``runner_up`` is the next most often first, ``runner_up_wins`` how often
    it is; ``beats_runner_up`` = P(recommended ranked above the runner-up); ``stated`` the
    winner at the stated weights, scores and base-case money (the Ranking page's);
    ``best_npv`` the option most often with the highest NPV, ``p_best_npv`` how often.
    """

    recommended: str
    confidence: float
    runner_up: str | None
    runner_up_wins: float
    beats_runner_up: float
    stated: str
    best_npv: str
    p_best_npv: float
    flip: Flip | None = None
    worth: Worth | None = None
    evpi: float = 0.0


@dataclass(frozen=True)
class Confidence:
    """A decision-confidence run: the joint rank acceptability, the paired NPV comparisons and
    the decision card. ``measured`` names the criteria fed by each trial's money."""

    options: tuple[str, ...]
    names: dict[str, str]
    currency: str
    trials: int
    seed: int
    method: str
    weight_model: WeightModel
    score_noise: str
    measured: tuple[str, ...]
    joint: JointResult
    npv: PairedComparisons
    npv_mean: dict[str, float]
    card: DecisionCard
    groups: tuple[InputGroup, ...] = ()
    money_choice: str = ""

    def group(self, key: str) -> InputGroup:
        return next(g for g in self.groups if g.key == key)

    def to_dict(self) -> dict[str, Any]:
        j, opts = self.joint, self.options
        return {
            "trials": self.trials,
            "seed": self.seed,
            "method": self.method,
            "weights": self.weight_model.value,
            "score_noise": self.score_noise,
            "measured_per_trial": list(self.measured),
            "currency": self.currency,
            "card": {
                **self.card.__dict__,
                "flip": None if self.card.flip is None else self.card.flip.__dict__,
                "worth": None if self.card.worth is None else self.card.worth.__dict__,
            },
            "value_of_information": {
                "evpi": self.card.evpi,
                "money_choice": self.money_choice,
                "groups": [
                    {
                        "group": g.key,
                        "kind": g.kind,
                        "option": g.option,
                        "inputs": list(g.decision.inputs),
                        "evppi": None if g.money is None else g.money.evppi,
                        "confidence_gain": g.decision.evppi,
                        "flip_probability": g.decision.flip_probability,
                        "winner_at_low_end": g.decision.low.winner,
                    }
                    for g in self.groups
                ],
            },
            "options": {
                o: {
                    "name": self.names[o],
                    "rank_probabilities": [float(p) for p in j.acceptability[i]],
                    "p_first": float(j.first_rank[i]),
                    "p_best_npv": self.npv.p_best[o],
                    "npv_mean": self.npv_mean[o],
                }
                for i, o in enumerate(opts)
            },
            "ranked_above": {
                a: {b: float(j.above[i, k]) for k, b in enumerate(opts) if k != i}
                for i, a in enumerate(opts)
            },
            "npv_pairs": [
                {
                    "a": p.a,
                    "b": p.b,
                    "p_a_better": p.p_a_better,
                    "mean": p.mean,
                    "sd": p.sd,
                    "se": p.se,
                    "quantiles": {str(q): v for q, v in p.quantiles.items()},
                    "distinguishable": p.distinguishable,
                }
                for p in self.npv.pairs.values()
            ],
        }


GroupColumns = tuple[str, str, str | None, np.ndarray, tuple[str, ...]]
"""(key, kind, option, the group's draws (trials, columns), the columns' names)."""


def input_groups(
    td: TrialData,
    jr: JointResult,
    group_of: dict[str, str],
    focus: list[str],
) -> list[GroupColumns]:
    """The input groups whose value of information is estimated, with their draws.

    Finance groups (:data:`finance.trials.GROUPS`): the shared inputs of a group as one group
    (e.g. the benefit uplifts), and each ``focus`` option's own inputs of a group as another
    (e.g. one option's implementation effort: what a fixed-price quote would pin down). Then
    the weights (each interest's share of the weight in the trial) and the scores (each option's
    weighted score draw), when they vary.
    """
    out: list[GroupColumns] = []
    for kind, names in td.groups.items():
        shared = [n for n in names if td.inputs[n].ndim == 1]
        if shared:
            out.append((kind, kind, None, np.column_stack([td.inputs[n] for n in shared]),
                        tuple(shared)))  # fmt: skip
        own = [n for n in names if td.inputs[n].ndim == 2]
        for o in focus:
            i = td.option_ids.index(o)
            has = [n for n in own if not np.isnan(td.inputs[n][i]).all()]
            if has:
                cols = np.column_stack([td.inputs[n][i] for n in has])
                out.append((f"{kind}:{o}", kind, o, cols, tuple(has)))
    interests = sorted(set(group_of.values()))
    shares = np.column_stack(
        [jr.weights[:, [group_of[c] == g for c in jr.criteria]].sum(axis=1) for g in interests]
    )
    if np.ptp(shares, axis=0).max() > 1e-12:
        out.append(("weights", "weights", None, shares, tuple(interests)))
    if jr.score_noise:
        out.append(("scores", "scores", None, jr.score_draw, jr.options))
    return out


def _flip(
    groups: list[GroupColumns], values: dict[str, GroupValue], recommended: str
) -> Flip | None:
    """The group most likely to change the choice among those whose unfavourable end makes
    another option rank first (else the one whose unfavourable end comes closest), and the
    input of it that moves most there."""
    if not groups:
        return None
    flips = [(k, values[k]) for k, *_ in groups if values[k].low.winner != recommended]
    if flips:
        key, gv = max(flips, key=lambda kv: (kv[1].flip_probability, kv[1].evppi))
    else:
        key, gv = min(((k, values[k]) for k, *_ in groups), key=lambda kv: kv[1].low.lead)
    x = next(cols for k, _, _, cols, _ in groups if k == key)
    mean, sd = x.mean(axis=0), x.std(axis=0)
    tail = np.array([gv.low.inputs[c] for c in gv.inputs])
    z = np.where(sd > 0, (tail - mean) / np.where(sd > 0, sd, 1.0), 0.0)
    j = int(np.argmax(np.abs(z)))
    return Flip(
        group=key,
        flips=bool(flips),
        winner=gv.low.winner,
        input=gv.inputs[j],
        value=float(tail[j]),
        usual=float(mean[j]),
        end="high" if z[j] > 0 else "low",
        lead=gv.low.lead,
        probability=gv.flip_probability,
    )


def _worth(money: ValueOfInformation) -> Worth | None:
    """The input group most worth pinning down in money (None when none is worth anything)."""
    ranked = money.ranked()
    if not ranked or ranked[0].evppi <= 0:
        return None
    return Worth(ranked[0].group, ranked[0].evppi)


def _card(
    options: tuple[str, ...], jr: JointResult, npv: PairedComparisons, stated: str
) -> DecisionCard:
    p = jr.first_rank
    order = np.lexsort((np.arange(p.size), -p))
    rec = int(order[0])
    run = int(order[1]) if p.size > 1 else None
    best = max(options, key=lambda o: (npv.p_best[o], -options.index(o)))
    return DecisionCard(
        recommended=options[rec],
        confidence=float(p[rec]),
        runner_up=None if run is None else options[run],
        runner_up_wins=0.0 if run is None else float(p[run]),
        beats_runner_up=1.0 if run is None else float(jr.above[rec, run]),
        stated=stated,
        best_npv=best,
        p_best_npv=npv.p_best[best],
    )


def decision_confidence(
    jr: JointResult,
    td: TrialData,
    *,
    stated: str,
    group_of: Mapping[str, str],
    names: Mapping[str, str],
    currency: str,
    weight_model: WeightModel,
    score_noise: str,
    measured: tuple[str, ...],
    voi: bool = True,
) -> Confidence:
    """The card, the paired NPV comparisons and the value of information of one joint run.

    ``stated`` is the winner at the stated inputs, ``group_of`` each criterion's interest,
    ``names`` the options' display names; the rest describes the run. ``voi=False``: the card
    and the comparisons only (no input groups, no flip, no value of information).
    """
    if tuple(td.option_ids) != jr.options or td.trials != jr.trials:
        raise ValueError("the joint run and the finance trials must share options and trials")
    npv = paired_comparisons(td.npv.T, td.option_ids)
    card = _card(jr.options, jr, npv, stated)
    focus = list(dict.fromkeys(o for o in (card.recommended, card.runner_up, card.best_npv) if o))
    groups = input_groups(td, jr, dict(group_of), focus) if voi else []
    cols = {k: c for k, _, _, _, c in groups}
    decision_voi = value_of_information(
        jr.first, {k: x for k, _, _, x, _ in groups}, jr.options, cols
    )
    finance = {k: x for k, kind, _, x, _ in groups if kind not in ("weights", "scores")}
    money = value_of_information(td.npv.T, finance, td.option_ids, cols)
    by_key = {g.group: g for g in decision_voi.groups}
    money_by_key = {g.group: g for g in money.groups}
    insights = tuple(
        InputGroup(k, kind, o, by_key[k], money_by_key.get(k)) for k, kind, o, _, _ in groups
    )
    card = replace(
        card,
        flip=_flip(groups, by_key, card.recommended),
        worth=_worth(money),
        evpi=money.evpi,
    )
    return Confidence(
        options=jr.options,
        names=dict(names),
        currency=currency,
        trials=jr.trials,
        seed=jr.seed,
        method=jr.method,
        weight_model=weight_model,
        score_noise=score_noise,
        measured=measured,
        joint=jr,
        npv=npv,
        npv_mean=dict(zip(td.option_ids, (float(v) for v in td.npv.mean(axis=1)), strict=True)),
        card=card,
        groups=insights,
        money_choice=money.current,
    )


def card_lines(conf: Confidence, lang: Lang, names: Mapping[str, str] | None = None) -> list[str]:
    """The decision card in words, one sentence a line, every number from ``conf.card``;
    options named by ``names`` (default: the run's, the catalog's names)."""
    c, n = conf.card, names or conf.names
    out = [
        translate(
            "confidence.card.recommended",
            lang,
            option=n[c.recommended],
            p=percent(c.confidence, lang),
            trials=number(conf.trials, lang),
        )
    ]
    if c.runner_up is not None:
        out.append(
            translate(
                "confidence.card.runner_up",
                lang,
                option=n[c.runner_up],
                p=percent(c.runner_up_wins, lang),
                beats=percent(c.beats_runner_up, lang),
                rec=n[c.recommended],
            )
        )
    if c.stated != c.recommended:
        out.append(translate("confidence.card.stated_differs", lang, option=n[c.stated]))
    out.append(
        translate(
            "confidence.card.best_npv",
            lang,
            option=n[c.best_npv],
            p=percent(c.p_best_npv, lang),
        )
    )
    if c.flip is not None:
        f, g = c.flip, conf.group(c.flip.group)
        out.append(
            translate(
                "confidence.card.flips" if f.flips else "confidence.card.closest",
                lang,
                group=group_label(conf, f.group, lang, n),
                end=translate(f"confidence.end.{f.end}", lang),
                input=input_label(conf, f.input, lang, n),
                value=_value(g.kind, f.value, lang),
                usual=_value(g.kind, f.usual, lang),
                winner=n[f.winner],
                rec=n[c.recommended],
                lead=number(100 * f.lead, lang),
            )
        )
    if not conf.groups:  # no value of information computed (the board's quick card)
        return out
    if c.worth is not None:
        out.append(
            translate(
                "confidence.card.worth",
                lang,
                value=compact_money(c.worth.value, conf.currency, lang),
                group=group_label(conf, c.worth.group, lang, n),
                action=translate(f"confidence.action.{conf.group(c.worth.group).kind}", lang),
                evpi=compact_money(c.evpi, conf.currency, lang),
            )
        )
    else:
        out.append(translate("confidence.card.worth_nothing", lang))
    return out


def group_label(
    conf: Confidence, key: str, lang: Lang, names: Mapping[str, str] | None = None
) -> str:
    """An input group in words: "Creatio's implementation effort", "the committee's weights"."""
    g = conf.group(key)
    if g.option is None:
        return translate(f"confidence.shared.{g.kind}", lang)
    return translate(f"confidence.group.{g.kind}", lang, option=(names or conf.names)[g.option])


def input_label(
    conf: Confidence, name: str, lang: Lang, names: Mapping[str, str] | None = None
) -> str:
    """One input in words (its own name when it has no label)."""
    if name in conf.names:
        return translate("confidence.input.score", lang, option=(names or conf.names)[name])
    key = f"confidence.input.{name.replace('.', '_')}"
    return translate(key, lang) if key in catalog(lang) else name


def _value(kind: str, v: float, lang: Lang) -> str:
    if kind == "weights":
        return percent(v, lang)
    return number(v, lang, digits=2 if abs(v) < 10 else 0)

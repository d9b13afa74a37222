"""The AHP editor of one pairwise level: the judgements made so far on Saaty's verbal scale, the
pair to judge next, and the weights and consistency as soon as the judgements link every item.

A level of n items needs only n - 1 judgements that link them (crm_select/services/weights.py,
:func:`pairwise_level`); the draft lives in the session until the page saves it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from crm_select.models.criteria import Judgement
from crm_select.services.weights import (
    SAATY_VALUES,
    PairwiseLevel,
    on_saaty_scale,
    pairwise_level,
    seed_judgements,
)
from crm_select.ui.i18n import lang, number, percent, t
from crm_select.ui.tables import styled
from scoring.ahp import AhpResult
from scoring.ahp_scale import verbal_judgement

SCALE_A_FIRST: tuple[float, ...] = tuple(reversed(SAATY_VALUES))
"""Slider positions left to right: the first item extremely more important ... the second."""

Pair = tuple[str, str]


def _prefix(level: str, labels: Mapping[str, str], saved: list[Judgement]) -> str:
    """State keys of a level: a new saved version (or another decision) starts a new draft."""
    token = repr((list(labels), [(j.a, j.b, j.value) for j in saved]))
    return f"ahp-{level}-{hashlib.sha1(token.encode()).hexdigest()[:10]}"


def _value_key(prefix: str, pair: Pair) -> str:
    return f"{prefix}-v-{pair[0]}-{pair[1]}"


def _init(prefix: str, saved: list[Judgement]) -> list[Pair]:
    pairs_key = f"{prefix}-pairs"
    if pairs_key not in st.session_state:
        st.session_state[pairs_key] = [(j.a, j.b) for j in saved]
        for j in saved:
            st.session_state[_value_key(prefix, (j.a, j.b))] = on_saaty_scale(j.value)
    pairs: list[Pair] = st.session_state[pairs_key]
    return pairs


def _add(prefix: str, pair: Pair, value_key: str) -> None:
    st.session_state[f"{prefix}-pairs"] = [*st.session_state[f"{prefix}-pairs"], pair]
    st.session_state[_value_key(prefix, pair)] = st.session_state.get(value_key, 1.0)


def _remove(prefix: str, pair: Pair) -> None:
    st.session_state[f"{prefix}-pairs"] = [
        p for p in st.session_state[f"{prefix}-pairs"] if p != pair
    ]
    st.session_state.pop(_value_key(prefix, pair), None)


def _seed(prefix: str, points: Mapping[str, float]) -> None:
    seeded = seed_judgements(points)
    st.session_state[f"{prefix}-pairs"] = [(j.a, j.b) for j in seeded]
    for j in seeded:
        st.session_state[_value_key(prefix, (j.a, j.b))] = j.value


def _slider(label: str, key: str, a: str, b: str) -> float:
    """A verbal-scale slider: the left end favours ``a``, the right end ``b``."""
    value: float = st.select_slider(
        label,
        SCALE_A_FIRST,
        format_func=lambda v: verbal_judgement(v).label(a, b, lang()),
        key=key,
    )
    return value


def pairwise_editor(
    level: str, labels: Mapping[str, str], saved: list[Judgement], points: Mapping[str, float]
) -> tuple[list[Judgement], PairwiseLevel]:
    """Edit one level's judgements; returns them with the level's state (weights once ready).

    ``labels``: item id -> display name; ``saved``: the judgements stored with the decision;
    ``points``: the direct points the "start from the current points" button reads.
    """
    prefix = _prefix(level, labels, saved)
    pairs = [p for p in _init(prefix, saved) if p[0] in labels and p[1] in labels]
    judgements: list[Judgement] = []
    for a, b in pairs:
        left, right = st.columns([12, 1], vertical_alignment="center")
        with left:
            value = _slider(
                t("criteria.pair", a=labels[a], b=labels[b]),
                _value_key(prefix, (a, b)),
                a=labels[a],
                b=labels[b],
            )
            st.caption(verbal_judgement(value).text(labels[a], labels[b], lang()))
        right.button(
            "",
            icon=":material/delete:",
            key=f"{prefix}-rm-{a}-{b}",
            help=t("criteria.ahp_remove"),
            on_click=_remove,
            args=(prefix, (a, b)),
        )
        judgements.append(Judgement(a=a, b=b, value=value))
    state = pairwise_level(list(labels), judgements)
    st.caption(
        t("criteria.ahp_progress", judged=state.judged, total=state.total, needed=state.needed)
    )
    if not judgements and len(labels) > 2:
        st.button(
            t("criteria.ahp_seed", n=state.needed),
            key=f"{prefix}-seed",
            help=t("criteria.ahp_seed_help"),
            on_click=_seed,
            args=(prefix, dict(points)),
        )
    _next_pair(prefix, labels, pairs, state)
    if state.result is None:
        if state.unlinked and judgements:
            st.info(t("criteria.ahp_unlinked", items=", ".join(labels[x] for x in state.unlinked)))
    else:
        show_result(labels, state.result)
    return judgements, state


def _next_pair(
    prefix: str, labels: Mapping[str, str], pairs: list[Pair], state: PairwiseLevel
) -> None:
    """Pick a pair (the suggested one first), set its judgement, add it."""
    judged = {frozenset(p) for p in pairs}
    ids = list(labels)
    open_pairs = [
        (a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if frozenset((a, b)) not in judged
    ]
    if not open_pairs:
        st.caption(t("criteria.ahp_all_judged"))
        return
    hint = state.suggestion
    if hint is not None and frozenset((hint.a, hint.b)) in {frozenset(p) for p in open_pairs}:
        first = (hint.a, hint.b)
        open_pairs = [first, *(p for p in open_pairs if frozenset(p) != frozenset(first))]
    choices = [f"{a}|{b}" for a, b in open_pairs]
    done = hashlib.sha1(repr(sorted(map(sorted, judged))).encode()).hexdigest()[:8]
    with st.container(border=True):
        if hint is not None:
            st.caption(t("criteria.ahp_suggested", a=labels[hint.a], b=labels[hint.b]))
        picked = st.selectbox(
            t("criteria.ahp_next"),
            choices,
            format_func=lambda c: t(
                "criteria.ahp_pair", a=labels[c.split("|")[0]], b=labels[c.split("|")[1]]
            ),
            key=f"{prefix}-next-{done}",
        )
        a, b = (picked or choices[0]).split("|")
        new_key = f"{prefix}-new-{a}-{b}"
        st.session_state.setdefault(new_key, 1.0)  # a new pair starts at "equally important"
        value = _slider(
            t("criteria.pair", a=labels[a], b=labels[b]), new_key, a=labels[a], b=labels[b]
        )
        st.caption(verbal_judgement(value).text(labels[a], labels[b], lang()))
        st.button(
            t("criteria.ahp_add"),
            key=f"{prefix}-add",
            on_click=_add,
            args=(prefix, (a, b), new_key),
        )


def show_result(labels: Mapping[str, str], res: AhpResult) -> None:
    """Weights, consistency (complete or incomplete matrix) and the judgements to revisit."""
    names = [labels[x] for x in res.labels]
    cols = st.columns(2)
    cols[0].dataframe(
        styled(
            pd.DataFrame({t("common.criterion"): names, t("common.weight"): res.weights}),
            {t("common.weight"): lambda v: percent(v, 1)},
        ),
        hide_index=True,
    )
    box = cols[1]
    n = len(res.labels)
    if n < 3:
        box.info(t("criteria.cr_na"))
    elif res.cr is None and res.missing and res.judged == n - 1:
        box.info(t("criteria.ahp_unchecked"))
    elif res.cr is None:
        box.info(t("warning.ahp_no_random_index"))
    elif res.consistent:
        box.success(t("criteria.cr_ok", cr=number(res.cr, 3)))
    else:
        box.warning(t("criteria.cr_bad", cr=number(res.cr, 3)))
        for inc in res.inconsistencies:
            box.markdown(
                "- "
                + t(
                    "criteria.repair",
                    value=verbal_judgement(inc.value).text(labels[inc.a], labels[inc.b], lang()),
                    suggested=verbal_judgement(inc.suggested).text(
                        labels[inc.a], labels[inc.b], lang()
                    ),
                    cr="—" if inc.cr_after is None else number(inc.cr_after, 3),
                )
            )
    method = "criteria.ahp_incomplete" if res.missing else "criteria.ahp_complete"
    box.caption(t(method, judged=res.judged, total=n * (n - 1) // 2))

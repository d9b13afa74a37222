"""2 · Criteria & weights: the criteria tree, four ways to weigh it, the balance of interests."""

from __future__ import annotations

import itertools

import pandas as pd
import streamlit as st

from crm_select.models.criteria import CriteriaGroup, CriteriaTree, Judgement, WeightingMethod
from crm_select.models.i18n_text import text
from crm_select.services.edits import set_criteria
from crm_select.services.errors import ScoringError
from crm_select.services.weights import SAATY_VALUES, ahp_level, on_saaty_scale, weights
from crm_select.ui.charts import group_balance
from crm_select.ui.i18n import lang, percent, t, warning_text
from crm_select.ui.pickers import radio_one
from crm_select.ui.state import current_scenario, save_scenario

AHP_MAX_ITEMS = 7

st.title(t("criteria.title"))
scenario = current_scenario()
tree = scenario.criteria


def saaty_label(v: float) -> str:
    return "1" if v == 1 else (f"{v:g}" if v > 1 else f"1/{round(1 / v)}")


def judgement_editor(key: str, labels: dict[str, str], given: list[Judgement]) -> list[Judgement]:
    """One Saaty slider per pair; returns the judgements as edited."""
    known = {frozenset((j.a, j.b)): j for j in given}
    out = []
    for a, b in itertools.combinations(labels, 2):
        j = known.get(frozenset((a, b)))
        value = 1.0 if j is None else (j.value if j.a == a else 1 / j.value)
        chosen = st.select_slider(
            t("criteria.pair", a=labels[a], b=labels[b]),
            SAATY_VALUES,
            value=on_saaty_scale(value),
            format_func=saaty_label,
            key=f"{key}-{a}-{b}",
        )
        out.append(Judgement(a=a, b=b, value=chosen))
    return out


def show_consistency(labels: dict[str, str], judgements: list[Judgement]) -> None:
    """Live weights, consistency ratio and the judgements to revisit."""
    try:
        res = ahp_level(list(labels), judgements)
    except ScoringError as e:
        st.warning(str(e))
        return
    cols = st.columns(2)
    cols[0].dataframe(
        pd.DataFrame(
            {t("common.criterion"): list(labels.values()), t("common.weight"): res.weights}
        ),
        hide_index=True,
        column_config={t("common.weight"): st.column_config.NumberColumn(format="percent")},
    )
    if res.cr is None:
        cols[1].info(t("criteria.cr_na"))
    elif res.consistent:
        cols[1].success(t("criteria.cr_ok", cr=f"{res.cr:.3f}"))
    else:
        cols[1].error(t("criteria.cr_bad", cr=f"{res.cr:.3f}"))
        for inc in res.inconsistencies:
            cols[1].markdown(
                "- "
                + t(
                    "criteria.repair",
                    a=labels[inc.a],
                    b=labels[inc.b],
                    value=saaty_label(inc.value),
                    suggested=saaty_label(inc.suggested),
                    cr="—" if inc.cr_after is None else f"{inc.cr_after:.3f}",
                )
            )
    cols[1].caption(t("criteria.ahp_method", table=res.ri_table))


method = radio_one(
    t("criteria.method"),
    list(WeightingMethod),
    index=list(WeightingMethod).index(tree.method),
    format_func=lambda m: t(f"criteria.method_{m.value}"),
    horizontal=True,
    key="weight_method",
)
group_labels = {g.id.value: t(f"group.{g.id.value}") for g in tree.groups}

groups: list[CriteriaGroup] = []
group_pairwise = tree.group_pairwise
st.subheader(t("criteria.groups"))
if method is WeightingMethod.AHP:
    group_pairwise = judgement_editor("gp", group_labels, tree.group_pairwise)
    show_consistency(group_labels, group_pairwise)
group_updates: dict[str, dict[str, object]] = {g.id.value: {} for g in tree.groups}
if method is not WeightingMethod.AHP:
    cols = st.columns(len(tree.groups))
    for col, g in zip(cols, tree.groups, strict=True):
        gid, label = g.id.value, group_labels[g.id.value]
        if method is WeightingMethod.DIRECT:
            group_updates[gid]["weight"] = col.slider(label, 0, 100, int(g.weight), key=f"gw-{gid}")
        elif method is WeightingMethod.ROC:
            group_updates[gid]["rank"] = col.number_input(label, 1, 4, g.rank or 1, key=f"gr-{gid}")
        else:
            group_updates[gid]["swing"] = col.slider(
                label, 0, 100, int(g.swing or 100), key=f"gs-{gid}"
            )
    st.caption(t(f"criteria.group_help_{method.value}"))
st.subheader(t("criteria.within"))
for g in tree.groups:
    with st.expander(f"{group_labels[g.id.value]} · {len(g.criteria)}", expanded=False):
        update = group_updates[g.id.value]
        labels = {c.id: text(c.name, lang()) for c in g.criteria}
        if method is WeightingMethod.AHP:
            if len(g.criteria) > AHP_MAX_ITEMS:
                st.info(t("criteria.ahp_too_many", n=len(g.criteria), max=AHP_MAX_ITEMS))
            else:
                pairs = judgement_editor(f"p-{g.id}", labels, g.pairwise)
                update["pairwise"] = pairs
                show_consistency(labels, pairs)
        column = {
            WeightingMethod.DIRECT: "weight",
            WeightingMethod.AHP: "weight",
            WeightingMethod.ROC: "rank",
            WeightingMethod.SWING: "swing",
        }[method]
        if method is not WeightingMethod.AHP or len(g.criteria) > AHP_MAX_ITEMS:
            edited = st.data_editor(
                pd.DataFrame(
                    {
                        "id": [c.id for c in g.criteria],
                        t("common.criterion"): list(labels.values()),
                        column: [getattr(c, column) for c in g.criteria],
                    }
                ),
                column_config={"id": None},
                disabled=["id", t("common.criterion")],
                hide_index=True,
                key=f"crit-{g.id}",
                width="stretch",
            )
            values = dict(zip(edited["id"], edited[column], strict=True))
            update["criteria"] = [
                c.model_copy(update={column: None if pd.isna(values[c.id]) else values[c.id]})
                for c in g.criteria
            ]
        groups.append(g.model_copy(update=update))

try:
    edited_tree = CriteriaTree.model_validate(
        {
            "method": method,
            "groups": [g.model_dump() for g in groups],
            "group_pairwise": [j.model_dump() for j in group_pairwise],
        }
    )
    tree_w = weights(edited_tree)
except (ValueError, ScoringError) as e:
    st.error(str(e))
    st.stop()

st.subheader(t("criteria.balance"))
shares = tree_w.group_shares
balance = pd.DataFrame({"group": [group_labels[g] for g in shares], "share": list(shares.values())})
cols = st.columns([2, 1])
cols[0].altair_chart(group_balance(balance, t("criteria.balance_title")), width="stretch")
cols[1].markdown("\n".join(f"- **{group_labels[g]}**: {percent(s, 1)}" for g, s in shares.items()))
for w in tree_w.warnings:
    st.warning(warning_text(w.code, w.where, w.message))

if st.button(t("criteria.save"), type="primary", key="save_weights"):
    save_scenario(set_criteria(scenario, edited_tree), f"weights ({method.value})")
    st.success(t("criteria.saved"))

"""2 · Criteria & weights: the criteria tree, four ways to weigh it, the balance of interests."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_select.models.criteria import CriteriaGroup, CriteriaTree, RatingScale, WeightingMethod
from crm_select.models.i18n_text import text
from crm_select.services.edits import AnchorRow, anchors_from_rows, set_anchors, set_criteria
from crm_select.services.errors import ScoringError
from crm_select.services.weights import PairwiseLevel, weights
from crm_select.ui.ahp_editor import pairwise_editor
from crm_select.ui.chart_slot import show_chart
from crm_select.ui.charts import group_balance
from crm_select.ui.criteria_editor import criteria_editor
from crm_select.ui.elicitation_panel import (
    apply_pending_widgets,
    elicitation_panel,
    save_to_scenario,
)
from crm_select.ui.i18n import lang, percent, t
from crm_select.ui.labels import warning_line
from crm_select.ui.pickers import radio_one
from crm_select.ui.state import current_scenario, save_scenario

st.title(t("criteria.title"))
scenario = current_scenario()
tree = scenario.criteria
apply_pending_widgets()
criteria_editor(scenario)

method = radio_one(
    t("criteria.method"),
    list(WeightingMethod),
    index=list(WeightingMethod).index(tree.method),
    format_func=lambda m: t(f"criteria.method_{m.value}"),
    horizontal=True,
    key="weight_method",
)
ahp = method is WeightingMethod.AHP
group_labels = {g.id.value: t(f"group.{g.id.value}") for g in tree.groups}
levels: dict[str, PairwiseLevel] = {}

groups: list[CriteriaGroup] = []
group_pairwise = tree.group_pairwise
st.subheader(t("criteria.groups"))
if ahp:
    st.caption(t("criteria.ahp_help"))
    group_pairwise, levels["groups"] = pairwise_editor(
        "groups", group_labels, tree.group_pairwise, {g.id.value: g.weight for g in tree.groups}
    )
group_updates: dict[str, dict[str, object]] = {g.id.value: {} for g in tree.groups}
if not ahp:
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
        if ahp:
            if len(g.criteria) > 1:
                pairs, levels[g.id.value] = pairwise_editor(
                    g.id.value, labels, g.pairwise, {c.id: c.weight for c in g.criteria}
                )
                update["pairwise"] = pairs
            groups.append(g.model_copy(update=update))
            continue
        column = {
            WeightingMethod.DIRECT: "weight",
            WeightingMethod.ROC: "rank",
            WeightingMethod.SWING: "swing",
        }[method]
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


def show_balance(edited_tree: CriteriaTree) -> bool:
    """The balance of interests of the edited weights; False (with the reason) if none."""
    try:
        tree_w = weights(edited_tree)
    except ScoringError as e:
        st.warning(warning_line(scenario, e.code, e.where, e.message))
        return False
    st.subheader(t("criteria.balance"))
    shares = tree_w.group_shares
    balance = pd.DataFrame(
        {"group": [group_labels[g] for g in shares], "share": list(shares.values())}
    )
    cols = st.columns([2, 1])
    show_chart(lambda: group_balance(balance, t("criteria.balance_title")), cols[0])
    cols[1].markdown(
        "\n".join(f"- **{group_labels[g]}**: {percent(s, 1)}" for g, s in shares.items())
    )
    for w in tree_w.warnings:
        if w.code.startswith("ahp_"):
            continue  # shown with the level's judgements above
        st.warning(warning_line(scenario, w.code, w.where, w.message))
    return True


waiting = [lvl for lvl, state in levels.items() if not state.ready]
saveable = False
if waiting:
    names = [t("criteria.groups") if lvl == "groups" else group_labels[lvl] for lvl in waiting]
    st.info(t("criteria.ahp_waiting", levels=", ".join(names)))
else:
    try:
        edited_tree = CriteriaTree.model_validate(
            {
                "method": method,
                "groups": [g.model_dump() for g in groups],
                "group_pairwise": [j.model_dump() for j in group_pairwise],
            }
        )
    except ValueError as e:
        st.warning(str(e))
    else:
        saveable = show_balance(edited_tree)

if st.button(t("criteria.save"), type="primary", key="save_weights", disabled=not saveable):
    save_scenario(set_criteria(scenario, edited_tree), f"weights ({method.value})")
    st.success(t("criteria.saved"))

elicited = elicitation_panel(scenario)
if elicited is not None:
    save_to_scenario(scenario, elicited)

# --- what the points of each rating scale mean ----------------------------------------------

rated = tree.rated
if rated:
    st.subheader(t("anchors.title"))
    st.caption(t("anchors.help"))
    rated_names = {c.id: text(c.name, lang()) for c in rated}
    by_name = {v: k for k, v in rated_names.items()}
    rows = [
        {
            "criterion": rated_names[c.id],
            "value": a.value,
            "en": text(a.text, "en"),
            "ru": text(a.text, "ru"),
        }
        for c in rated
        if isinstance(c.scale, RatingScale)
        for a in c.scale.anchors
    ]
    with st.form("anchors_form"):
        edited_anchors = st.data_editor(
            pd.DataFrame(rows, columns=["criterion", "value", "en", "ru"]),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            key="anchors_editor",
            column_config={
                "criterion": st.column_config.SelectboxColumn(
                    t("anchors.criterion"), options=list(rated_names.values()), required=True
                ),
                "value": st.column_config.NumberColumn(t("anchors.point"), required=True),
                "en": st.column_config.TextColumn(t("anchors.text_en"), max_chars=200),
                "ru": st.column_config.TextColumn(t("anchors.text_ru"), max_chars=200),
            },
        )
        if st.form_submit_button(t("anchors.save")):
            table = [
                AnchorRow(
                    by_name.get(r["criterion"] or "", ""),
                    None if pd.isna(r["value"]) else float(r["value"]),
                    "" if pd.isna(r["en"]) else str(r["en"]),
                    "" if pd.isna(r["ru"]) else str(r["ru"]),
                )
                for r in edited_anchors.to_dict("records")
            ]
            try:
                updated = set_anchors(scenario, anchors_from_rows(table))
            except ValueError as e:
                st.error(t("anchors.refused", reason=str(e)))
            else:
                save_scenario(updated, "rating scale anchors")
                st.success(t("anchors.saved"))

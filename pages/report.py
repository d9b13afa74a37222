"""7 · Report: presentation mode (large clean charts, no editing) and downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.charts import bar_ranking, group_balance
from ui.compute import ranking
from ui.i18n import percent, t
from ui.labels import option_names
from ui.state import current_scenario

scenario = current_scenario()
options = option_names(scenario)
result = ranking(scenario)

st.title(scenario.name)
if scenario.description:
    st.markdown(scenario.description)
winner = options[result.winner]
st.header(t("presentation.recommendation", name=winner))
rows = pd.DataFrame(
    [
        {"option": r["option"], "label": options[r["option"]], "score": r["score"]}
        for r in result.ranking()
    ]
)
st.altair_chart(
    bar_ranking(
        rows,
        list(options),
        t("ranking.score_axis", method=t("method.wsm")),
        height=80 + 48 * len(rows),
    ),
    width="stretch",
)
balance = pd.DataFrame(
    {"group": [t(f"group.{g}") for g in result.groups], "share": list(result.groups.values())}
)
st.altair_chart(group_balance(balance, t("criteria.balance_title")), width="stretch")
st.markdown(" · ".join(f"**{t(f'group.{g}')}** {percent(s)}" for g, s in result.groups.items()))
st.caption(t("presentation.caveat"))

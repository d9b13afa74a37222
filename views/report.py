"""7 · Report: presentation mode (large clean charts, no editing) and the downloads."""

from __future__ import annotations

import streamlit as st

from crm_select.models.branding import MAX_LOGO_BYTES, MAX_LOGO_SIDE
from crm_select.models.i18n_text import text
from crm_select.models.loader import dump_scenario
from crm_select.services import realisation, report
from crm_select.services.edits import BrandingEdit, set_branding
from crm_select.ui.compute import report_charts, report_data
from crm_select.ui.i18n import lang, t
from crm_select.ui.plain_text import plain
from crm_select.ui.provenance import scenario_scores_line, scenario_weights_line
from crm_select.ui.state import actor, current_scenario, database, save_scenario

BRANDING_SAVED = "report_branding_saved"
scenario = current_scenario()
record = realisation.record(database(), actor())
with st.spinner(t("presentation.preparing")):
    data = report_data(scenario, record)
language = lang()

st.title(plain(scenario.title(language)))
if scenario.description:
    st.markdown(plain(text(scenario.description, language)))
st.caption(scenario_scores_line(scenario))
if weights_line := scenario_weights_line(scenario):
    st.caption(weights_line)
st.header(
    t(
        "presentation.recommendation",
        name=plain(data.in_language(language).option_name(data.winner)),
    )
)
for sentence in report.recommendation(data, language):
    st.markdown(plain(sentence))
heading, card = report.confidence_card(data, language)
if card:
    st.subheader(heading)
    st.info("\n\n".join(plain(line) for line in card))

charts = report_charts(scenario, language, record)
for key in charts.order:
    if key in charts.failed:
        st.warning(t("presentation.chart_failed", reason=charts.failed[key]))
    elif (image := charts.get(key)) is not None:
        st.image(image, width=900)

st.subheader(t("presentation.caveats"))
st.markdown(  # a caveat's own list ("• item") nests under it
    "\n".join(
        f"    - {plain(c[2:])}" if c.startswith("• ") else f"- {plain(c)}"
        for c in report.caveats(data, language)
    )
)

st.divider()
if st.session_state.pop(BRANDING_SAVED, False):
    st.success(t("branding.saved"))
with st.expander(t("branding.title")), st.form("branding_form"):
    brand = scenario.branding
    st.caption(t("branding.help"))
    c1, c2, c3 = st.columns([2, 2, 1])
    client = c1.text_input(
        t("branding.client"), brand.client or "", max_chars=200,
        placeholder=t("branding.client_placeholder"), key="brand_client",
    )  # fmt: skip
    consultant = c2.text_input(
        t("branding.consultant"), brand.consultant or "", max_chars=200, key="brand_consultant"
    )
    colour = c3.color_picker(t("branding.colour"), brand.colour, key="brand_colour")
    logos = st.columns(2)
    uploads, drops = [], []
    for col, which, kept in zip(
        logos, ("client", "consultant"), (brand.client_logo, brand.consultant_logo), strict=True
    ):
        uploads.append(
            col.file_uploader(
                t(f"branding.{which}_logo"), type=["png", "jpg", "jpeg"], key=f"brand_{which}_logo"
            )
        )
        if kept is not None:
            col.image(kept.data, width=160)
        drops.append(
            kept is not None and col.checkbox(t("branding.drop_logo"), key=f"brand_drop_{which}")
        )
    st.caption(t("branding.limits", kb=MAX_LOGO_BYTES // 1000, px=MAX_LOGO_SIDE))
    if st.form_submit_button(t("branding.save")):
        new = [None if u is None else u.getvalue() for u in uploads]
        edit = BrandingEdit(
            client, consultant, colour, client_logo=new[0], consultant_logo=new[1],
            drop_client_logo=drops[0], drop_consultant_logo=drops[1],
        )  # fmt: skip
        try:
            updated = set_branding(scenario, edit)
        except ValueError as e:
            st.error(t("branding.refused", reason=str(e)))
        else:
            save_scenario(updated, "branding")
            st.session_state[BRANDING_SAVED] = True
            st.rerun()  # the report data and the downloads above were built before the save


st.subheader(t("presentation.downloads"))
base = report.file_name(scenario.title(language))
cols = st.columns(3)
cols[0].download_button(
    t("presentation.xlsx"), lambda: report.xlsx(data, language), f"{base}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
)  # fmt: skip
cols[1].download_button(
    t("presentation.pdf"), lambda: report.pdf(data, language), f"{base}.pdf",
    "application/pdf", on_click="ignore",
)  # fmt: skip
cols[2].download_button(
    t("presentation.html"), lambda: report.html(data, language), f"{base}.html", "text/html",
    on_click="ignore",
)  # fmt: skip
excel_ru = st.checkbox(t("presentation.excel_ru"), value=language == "ru")
cols = st.columns(3)
cols[0].download_button(
    t("presentation.csv"), lambda: report.csv_zip(data, language, excel_ru), f"{base}-csv.zip",
    "application/zip", on_click="ignore",
)  # fmt: skip
cols[1].download_button(
    t("presentation.yaml"), lambda: dump_scenario(scenario), f"{base}.yaml", "application/x-yaml",
    on_click="ignore",
)  # fmt: skip
cols[2].download_button(
    t("presentation.json"), lambda: dump_scenario(scenario, "json"), f"{base}.json",
    "application/json", on_click="ignore",
)  # fmt: skip
st.download_button(
    t("presentation.pptx"), lambda: report.pptx(data, language), f"{base}.pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    on_click="ignore", key="download_pptx",
)  # fmt: skip

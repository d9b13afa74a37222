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
from crm_select.ui.risks_view import show_risks
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
st.subheader(t("risks.heading"))
show_risks(data.in_language(language).risks, expanded=False)

st.divider()


def save_branding() -> None:
    """The form's on_click: save before the page runs, so it runs once, with the new branding
    (saving in the page's body would run the whole report twice: the submit, then a rerun)."""
    value = st.session_state
    uploads = [value.get(f"brand_{which}_logo") for which in ("client", "consultant")]
    new = [None if u is None else u.getvalue() for u in uploads]
    edit = BrandingEdit(
        value.get("brand_client", ""), value.get("brand_consultant", ""),
        value.get("brand_colour", scenario.branding.colour),
        client_logo=new[0], consultant_logo=new[1],
        drop_client_logo=bool(value.get("brand_drop_client")),
        drop_consultant_logo=bool(value.get("brand_drop_consultant")),
    )  # fmt: skip
    try:
        updated = set_branding(current_scenario(), edit)
    except ValueError as e:
        value[BRANDING_SAVED] = ("error", t("branding.refused", reason=str(e)))
    else:
        save_scenario(updated, "branding")
        value[BRANDING_SAVED] = ("success", t("branding.saved"))


if said := st.session_state.pop(BRANDING_SAVED, None):
    (st.error if said[0] == "error" else st.success)(said[1])
with st.expander(t("branding.title")), st.form("branding_form"):
    brand = scenario.branding
    st.caption(t("branding.help"))
    c1, c2, c3 = st.columns([2, 2, 1])
    c1.text_input(
        t("branding.client"), brand.client or "", max_chars=200,
        placeholder=t("branding.client_placeholder"), key="brand_client",
    )  # fmt: skip
    c2.text_input(
        t("branding.consultant"), brand.consultant or "", max_chars=200, key="brand_consultant"
    )
    c3.color_picker(t("branding.colour"), brand.colour, key="brand_colour")
    logos = st.columns(2)
    for col, which, kept in zip(
        logos, ("client", "consultant"), (brand.client_logo, brand.consultant_logo), strict=True
    ):
        col.file_uploader(
            t(f"branding.{which}_logo"), type=["png", "jpg", "jpeg"], key=f"brand_{which}_logo"
        )
        if kept is not None:
            col.image(kept.data, width=160)
            col.checkbox(t("branding.drop_logo"), key=f"brand_drop_{which}")
    st.caption(t("branding.limits", kb=MAX_LOGO_BYTES // 1000, px=MAX_LOGO_SIDE))
    st.form_submit_button(t("branding.save"), on_click=save_branding)


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

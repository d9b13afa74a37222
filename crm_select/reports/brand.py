"""The decision's branding on the reports: the client's and consultant's names and logos and
the accent colour, the same on the PDF's first page, the HTML report's header and the deck."""

from __future__ import annotations

import base64
import io

from fpdf import FPDF
from PIL import Image

from crm_select.models.branding import Branding, Logo
from crm_select.models.i18n_text import Lang
from crm_select.reports.report_data import ReportData
from crm_select.reports.safe import escape
from crm_select.reports.tables import tr


def brand_lines(data: ReportData, lang: Lang) -> list[str]:
    """ "Prepared for <client>" (the company's name unless the branding names the client) and
    "by <consultant>" when one is named."""
    t = tr(lang)
    branding = data.scenario.branding
    client = branding.client or data.scenario.company.name
    lines = [t("deck.for", client=client)] if client else []
    if branding.consultant:
        lines.append(t("deck.by", consultant=branding.consultant))
    return lines


def _img(logo: Logo | None, alt: str, side: str) -> str:
    if logo is None:
        return ""
    b64 = base64.b64encode(logo.data).decode("ascii")
    return (
        f'<img alt="{escape(alt)}" src="data:{logo.media_type};base64,{b64}" '
        f'style="max-height:64px;float:{side}">'
    )


def html_header(data: ReportData, lang: Lang) -> str:
    """The HTML report's branded header: an accent rule, the logos, who it is for and by."""
    b: Branding = data.scenario.branding
    names = "".join(f"<div>{escape(line)}</div>" for line in brand_lines(data, lang))
    return (
        f'<header style="border-top:6px solid {b.colour};padding-top:.6em;overflow:hidden">'
        f"{_img(b.client_logo, b.client or '', 'left')}"
        f"{_img(b.consultant_logo, b.consultant or '', 'right')}"
        f'<div style="clear:both;color:{b.colour};font-weight:bold">{names}</div></header>'
    )


def _aspect(logo: Logo) -> float:
    with Image.open(io.BytesIO(logo.data)) as img:
        return img.width / img.height


def pdf_header(pdf: FPDF, data: ReportData, lang: Lang, font: str) -> None:
    """The PDF's first page: an accent band across the top, the logos under it (client left,
    consultant right, 18 mm high) and who the report is for and by; the cursor is left where
    it was."""
    b = data.scenario.branding
    y = pdf.get_y()
    pdf.set_fill_color(*b.rgb)
    pdf.rect(0, 0, pdf.w, 6, style="F")
    pdf.set_fill_color(255)  # fpdf2 fills table cells with the current colour: not the accent
    if b.client_logo is not None:
        pdf.image(io.BytesIO(b.client_logo.data), x=pdf.l_margin, y=12, h=18)
    if b.consultant_logo is not None:
        width = 18 * _aspect(b.consultant_logo)
        pdf.image(io.BytesIO(b.consultant_logo.data), x=pdf.w - pdf.r_margin - width, y=12, h=18)
    pdf.set_xy(pdf.l_margin, 33)
    pdf.set_font(font, "B", 11)
    pdf.set_text_color(*b.rgb)
    for line in brand_lines(data, lang):
        pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.set_y(y)

"""The decision's branding on the PDF and the HTML report (the deck's is in test_deck.py): the
client's and consultant's names, both logos and the accent colour, in both languages."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from crm_select.models.catalog import Catalog
from crm_select.models.i18n_text import Lang
from crm_select.models.loader import load_scenario
from crm_select.services import report
from crm_select.services.decision import open_decision
from crm_select.services.edits import BrandingEdit, set_branding
from crm_select.services.report import ReportData, report_data
from tests.reports.conftest import B2B

pytestmark = pytest.mark.slow  # builds the report data and renders the PDF


def logo(colour: tuple[int, int, int], size: tuple[int, int], fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


CLIENT_LOGO = logo((46, 125, 50), (300, 100), "PNG")
CONSULTANT_LOGO = logo((200, 80, 20), (200, 200), "JPEG")


@pytest.fixture(scope="module")
def data(catalog: Catalog) -> ReportData:
    edit = BrandingEdit(
        "ООО «СтройОптТорг»", "Acme Consulting", "#8E24AA",
        client_logo=CLIENT_LOGO, consultant_logo=CONSULTANT_LOGO,
    )  # fmt: skip
    scenario = set_branding(load_scenario(B2B, catalog), edit)
    return report_data(open_decision(scenario, catalog), trials=500)


PREPARED = {"en": "Prepared for ООО «СтройОптТорг»", "ru": "Подготовлено для ООО «СтройОптТорг»"}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_html_report_carries_both_logos_the_names_and_the_colour(
    data: ReportData, lang: Lang
) -> None:
    html = report.html(data, lang)
    header = html[html.index("<header") : html.index("</header>")]
    assert "border-top:6px solid #8E24AA" in header
    assert f"data:image/png;base64,{base64.b64encode(CLIENT_LOGO).decode()}" in header
    assert f"data:image/jpeg;base64,{base64.b64encode(CONSULTANT_LOGO).decode()}" in header
    assert PREPARED[lang] in header
    assert "Acme Consulting" in header


@pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfimages") is None,
    reason="poppler-utils (pdftotext, pdfimages) is not installed; .ci/run installs it",
)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_pdf_s_first_page_carries_both_logos_and_the_names(
    data: ReportData, lang: Lang, tmp_path: Path
) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report.pdf(data, lang))
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True, capture_output=True, timeout=60,
    ).stdout.decode("utf-8")  # fmt: skip
    flat = " ".join(first.split())
    assert PREPARED[lang] in flat
    assert "Acme Consulting" in flat
    listed = subprocess.run(
        ["pdfimages", "-f", "1", "-l", "1", "-list", str(pdf)],
        check=True, capture_output=True, timeout=60,
    ).stdout.decode()  # fmt: skip
    sizes = {tuple(line.split()[3:5]) for line in listed.splitlines()[2:]}
    assert {("300", "100"), ("200", "200")} <= sizes  # both logos, at their own size


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_accent_colour_stays_on_the_first_page_s_band(data: ReportData, tmp_path: Path) -> None:
    """The band's fill colour is not left behind for the tables: fpdf2 fills a table's cells
    with the current fill colour, which painted every later table in the accent colour."""
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report.pdf(data, "en"))
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    accent = np.array([0x8E, 0x24, 0xAA])
    for png in sorted(tmp_path.glob("p-*.png"))[1:]:
        with Image.open(png) as img:
            pixels = np.asarray(img.convert("RGB"), dtype=int).reshape(-1, 3)
        near = int((np.abs(pixels - accent).sum(axis=1) < 30).sum())
        assert near < 0.01 * len(pixels), png.name

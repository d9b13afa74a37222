"""The Options page's Risks tab shows each shortlisted option's catalog risk facts and notes in
the user's language: Salesforce, once shortlisted, with its 152-FZ note as data/vendors.yaml
writes it in that language (and not in the other)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from crm_select.locales import Lang, translate
from crm_select.models.paths import CATALOG_PATH
from tests.app.conftest import app_in, ok, open_page

pytestmark = pytest.mark.slow  # AppTest runs whole pages

SALESFORCE = "salesforce-sales-cloud"


def _salesforce_risk() -> dict[str, Any]:
    raw = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    return next(o for o in raw["options"] if o["id"] == SALESFORCE)["risk"]


def _unescaped(markdown: str) -> str:
    """The text a reader sees: the page escapes Markdown's active characters (ui/plain_text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_shortlisted_option_s_risk_notes_show_in_the_user_s_language(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    risk = _salesforce_risk()
    notes: list[dict[str, str]] = risk["notes"]
    [fz152] = [n for n in notes if "152-FZ" in n["en"]]
    other: Lang = "ru" if lang == "en" else "en"
    assert "152-ФЗ" in fz152["ru"]

    at = app_in(monkeypatch, lang)
    ok(at.switch_page("views/options.py").run())
    [chosen] = [m for m in at.multiselect if m.label == translate("options.shortlisted", lang)]
    wanted = [*chosen.value, SALESFORCE]
    chosen.set_value(wanted)
    submit = next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:shortlist"))
    ok(submit.click().run(), strict=True)

    [tab] = [tab for tab in at.tabs if tab.label == translate("options.risks", lang)]
    [box] = [e for e in tab.expander if e.label.startswith("Salesforce Sales Cloud")]
    assert box.label.endswith(f"({len(notes)})")
    shown = _unescaped("\n".join(m.value for m in box.markdown))
    assert fz152[lang] in shown
    assert fz152[other] not in shown
    for note in notes:  # every note, each in the user's language
        assert note[lang] in shown
    russia = translate(f"russia.{risk['russia']}", lang)
    assert f"{translate('risks.fact.russia', lang)}:** {russia}" in shown
    assert len(tab.expander) == len(wanted)  # one per shortlisted option


@pytest.mark.usefixtures("fresh_data")
def test_the_report_s_presentation_mode_lists_the_shortlist_s_risk_notes() -> None:
    """In Russian, after the caveats: each of the example's options (amoCRM among them) with
    its notes as the YAML writes them in Russian."""
    raw = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    amo = next(o for o in raw["options"] if o["id"] == "amocrm")["risk"]["notes"]
    at = open_page("views/report.py", "ru")
    headings = [h.value for h in at.subheader]
    assert headings.index(translate("risks.heading", "ru")) > headings.index(
        translate("presentation.caveats", "ru")
    )
    word = translate("risks.notes_label", "ru", option="", n=0).split("(")[0]  # ": замечания…"
    boxes = [e for e in at.expander if word in e.label]
    assert len(boxes) == 4  # the b2b example's shortlist
    [box] = [e for e in boxes if e.label.startswith("amoCRM")]
    shown = _unescaped("\n".join(m.value for m in box.markdown))
    for note in amo:
        assert note["ru"] in shown
        assert note["en"] not in shown

"""The shortlist's risks (the Options page's source): catalog options and inline ones alike, each
note in the language asked for, a note written in one language shown as written."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_select.models.catalog import Availability, Lifecycle
from crm_select.models.i18n_text import Lang
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import ROOT
from crm_select.services.decision import OpenDecision, open_decision
from crm_select.services.risks import FACTS, fact_labels, shortlist_risks

B2B = ROOT / "examples" / "b2b-distributor.yaml"
OWN = {"en": "Our own risk: the agency may close.", "ru": "Наш риск: студия может закрыться."}
PLAIN = "Written once: no translation given."


@pytest.fixture(scope="module")
def decision() -> OpenDecision:
    """The b2b example with amoCRM replaced by an inline copy whose risk is the test's own: a
    bilingual note, a one-language note, a product in maintenance with a known end of support."""
    catalog = load_catalog()
    base = load_scenario(B2B, catalog)
    amo = catalog.get("amocrm")
    risk = amo.risk.model_copy(
        update={
            "notes": [OWN, PLAIN],
            "russia": Availability.RESTRICTED,
            "data_residency_ru": None,
            "lifecycle": Lifecycle.MAINTENANCE,
            "end_of_support": dt.date(2031, 6, 30),
            "lock_in": 5,
            "vendor_viability": 1,
        }
    )
    inline = amo.model_copy(update={"id": "own-amo", "risk": risk})
    entries = [
        e.model_copy(update={"id": "own-amo", "catalog_id": None, "inline": inline})
        if e.option_id == "amocrm"
        else e
        for e in base.options
    ]
    scenario = base.model_copy(update={"options": entries})
    return open_decision(scenario, catalog)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_an_inline_option_s_risks_are_shown_as_written(decision: OpenDecision, lang: Lang) -> None:
    risks = shortlist_risks(decision, lang)
    assert [r.option_id for r in risks] == decision.option_ids
    own = next(r for r in risks if r.option_id == "own-amo")
    assert own.notes == (OWN[lang], PLAIN)
    facts = own.fact_text()
    assert list(facts) == list(FACTS) == list(fact_labels(lang))
    expected = {
        "en": {
            "russia": "restricted",
            "data_residency_ru": "unknown",
            "lifecycle": "maintenance only, support until 2031-06-30",
            "lock_in": "5 of 5",
            "vendor_viability": "1 of 5",
        },
        "ru": {
            "russia": "с ограничениями",
            "data_residency_ru": "неизвестно",
            "lifecycle": "только сопровождение, поддержка до 30.06.2031",
            "lock_in": "5 из 5",
            "vendor_viability": "1 из 5",
        },
    }[lang]
    assert facts == expected


def test_the_catalog_options_beside_it_keep_their_own_notes(decision: OpenDecision) -> None:
    risks = {r.option_id: r for r in shortlist_risks(decision, "ru")}
    assert risks["1c-crm"].notes[0].startswith("Российский вендор")
    assert risks["1c-crm"].name == "1С:CRM ПРОФ / КОРП 3.1"  # named as the pages name it
    assert shortlist_risks(decision, "en")[-1].name == "1C:CRM PROF / CORP 3.1"

"""Shared report data: each example scored and simulated once per session with few trials."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_select.models.catalog import Catalog
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.scenario import Scenario
from crm_select.services.decision import open_decision
from crm_select.services.report import ReportData, report_data

ROOT = Path(__file__).resolve().parents[2]
B2B = ROOT / "examples" / "b2b-distributor.yaml"
BANK = ROOT / "examples" / "bank-500.yaml"
TRIALS = 2000
INJECTIONS = ("=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\t=1")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def b2b(catalog: Catalog) -> ReportData:
    return report_data(open_decision(load_scenario(B2B, catalog), catalog), trials=TRIALS)


@pytest.fixture(scope="session")
def bank(catalog: Catalog) -> ReportData:
    return report_data(open_decision(load_scenario(BANK, catalog), catalog), trials=TRIALS)


@pytest.fixture(scope="session")
def hostile(catalog: Catalog) -> ReportData:
    """The b2b example with formula and HTML injection strings in user-entered text."""
    sc = load_scenario(B2B, catalog).model_dump(mode="json", by_alias=True)
    sc["description"] = INJECTIONS[0] + " <script>alert(1)</script>"
    sc["name"] = '=HYPERLINK("http://evil")'
    for rater, text in zip(sc["raters"], INJECTIONS, strict=False):
        rater["name"] = text
        rater["department"] = "<b>x</b>"
    sc["criteria"]["groups"][1]["criteria"][0]["name"] = "@SUM(1) <img src=x onerror=alert(1)>"
    cat = catalog.model_dump(mode="json", by_alias=True)
    first = sc["options"][0]["catalog_id"]
    for o in cat["options"]:
        if o["id"] == first:
            o["name"] = "=cmd|' /C calc'!A0 <script>x</script>"
            o["editions"] = o["editions"][:1]
            o["default_edition"] = o["editions"][0]["id"]
    sc["options"][0]["edition"] = None
    hostile_catalog = Catalog.model_validate(cat)
    scenario = Scenario.model_validate(sc)
    return report_data(open_decision(scenario, hostile_catalog), trials=500)

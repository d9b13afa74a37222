"""Users' time is not cash; the initial-price check as the source states it, one definition
everywhere (issue 14)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.models.schema_version import OLD_DATA_ENTRY_MINUTES, upgrade
from finance.base_case import base_case
from finance.engine import simulate
from finance.measures import tco_measures

from .conftest import SRC, build, fixed, option, scenario_data


def minutes(m: float, **indirect: Any) -> dict[str, Any]:
    return {"indirect": {"data_entry_minutes": fixed(m), **indirect}}


def test_data_entry_time_is_an_indirect_cost_never_in_tco() -> None:
    s, r = build()
    cash = base_case(s, r)["saas-a"]
    s, r = build(finance=minutes(48.0))
    with_time = base_case(s, r)["saas-a"]
    assert with_time.tco == pytest.approx(cash.tco)
    assert with_time.price_check.share == pytest.approx(cash.price_check.share)
    # 10 users x 48 / 480 of a day x 240 days x 200 a day = 48,000 a year, from go-live at 0.5
    assert with_time.indirect_by_year["data_entry"] == pytest.approx([0, 24_000, 48_000, 48_000])
    assert with_time.indirect_tco == pytest.approx(48_000 * 3)
    # NPV and ROI count it (economic), like the admin savings
    assert with_time.npv == pytest.approx(
        cash.npv - 24_000 / 1.1 - 48_000 / 1.1**2 - 48_000 / 1.1**3
    )
    assert tco_measures(s, r)["tco"]["saas-a"] == pytest.approx(cash.tco)
    s, r = build(finance=minutes(48.0) | {"budget_tco": "economic"})
    assert tco_measures(s, r)["tco"]["saas-a"] == pytest.approx(cash.tco + 48_000 * 3)


def test_activity_capture_saves_its_share_of_the_minutes() -> None:
    opt = option()
    opt["activity_capture"] = {**SRC}
    s, r = build(options=[opt], finance=minutes(48.0))
    assert base_case(s, r)["saas-a"].indirect_tco == pytest.approx(0.5 * 48_000 * 3)


def test_badly_organised_data_entry_strikes_with_the_outcome() -> None:
    bad = {
        "bad_data_entry": {
            "probability_full": 0.0,
            "probability_partial": 0.0,
            "probability_failure": 0.5,
            "minutes": {"kind": "uniform", "min": 60, "max": 150},
        }
    }
    outcome = {k: {"full": 0.5, "partial": 0.0, "failure": 0.5} for k in ("saas", "boxed")}
    fin = minutes(0.0, **bad) | {"risk": {"outcome": outcome, "abandonment_given_failure": 0.0}}
    s, r = build(finance=fin, options=[option(weeks=(1, 1, 1))])
    o = simulate(s, r, trials=40_000, seed=2).options[0]
    # half the trials fail, half of those with 105 minutes a day on average:
    # 10 users x 105 / 480 x 240 x 200 = 105,000 a year at full use, x 0.25 of the trials
    assert o.indirect_by_year["data_entry"][2] == pytest.approx(0.25 * 105_000, rel=0.03)
    assert o.base_case.indirect_tco == 0.0  # the base case is a full success


def test_initial_price_by_hand_for_a_subscription_and_a_purchase() -> None:
    # subscription: 12,000 a year over the ownership period (go-live at 0.5 + 3 years = 3.5
    # years) as the vendor quotes for the term + 10 partner days x 1,000 as quoted
    s, r = build()
    pc = base_case(s, r)["saas-a"].price_check
    assert pc.initial_price == pytest.approx(42_000 + 10_000)
    assert pc.share == pytest.approx(1.0)  # nothing else in this TCO
    assert pc.warning is not None
    perpetual = {
        "model": "perpetual",
        "currency": "USD",
        "per_user": 100.0,
        "maintenance_rate": 0.2,
    }
    opt = option(delivery="boxed", pricing=perpetual)
    s, r = build(options=[opt], finance={"costs": {"support_rate": 0.5}})
    b = base_case(s, r)["saas-a"]
    # the purchase (1,000) and the implementation (10,000) are quoted; maintenance (200 a
    # year) and support (5,000 a year from go-live) come after launch
    assert b.price_check.initial_price == pytest.approx(11_000)
    assert b.price_check.share == pytest.approx(11_000 / b.tco)
    assert b.price_check.licence_share == pytest.approx((1_000 + 200 * 3.5) / b.tco)
    assert b.price_check.licence_reference == (0.05, 0.15)


def test_one_definition_on_every_surface(tmp_path: Any) -> None:
    """Base case, simulation, CLI JSON and the report's risk table give the same shares."""
    from crm_select.models.catalog import Catalog
    from crm_select.models.loader import load_scenario
    from crm_select.reports.tables import build_tables
    from crm_select.services.decision import open_decision
    from crm_select.services.report import report_data

    data = scenario_data(finance={"costs": {"support_rate": 0.3}})
    tco = {"kind": "measured", "measure": "tco"}
    criterion = {"id": "tco", "name": {"en": "TCO"}, "direction": "cost", "scale": tco}
    data["criteria"] = {"groups": [{"id": "budget", "weight": 1, "criteria": [criterion]}]}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    s, r = build(finance={"costs": {"support_rate": 0.3}})
    base = base_case(s, r)["saas-a"].price_check
    sim = simulate(s, r, trials=500).options[0].price_check
    assert sim.share == pytest.approx(base.share)  # nothing uncertain: the same ratio
    out = CliRunner().invoke(app, ["simulate", str(path), "--trials", "500", "--json"])
    assert out.exit_code == 0, out.output
    cli = json.loads(out.output)["options"][0]
    assert cli["price_check"]["share"] == pytest.approx(sim.share)
    assert cli["base_case"]["price_check"]["share"] == pytest.approx(base.share)
    cat = Catalog.model_validate({"as_of": "2026-11-01", "options": [option()]})
    report = report_data(open_decision(load_scenario(path, cat), cat), trials=500)
    risk = build_tables(report, "en")["risk"].df
    assert float(risk.iloc[0]["Initial price / TCO (means)"]) == pytest.approx(sim.share)
    assert np.isfinite(float(risk.iloc[0]["Licence share of TCO"]))


def test_version_4_files_keep_their_data_entry_minutes_and_band() -> None:
    doc = upgrade({"name": "x", "schema_version": 4})
    assert doc["finance"]["indirect"]["data_entry_minutes"] == OLD_DATA_ENTRY_MINUTES
    given = {"kind": "fixed", "value": 30}
    doc = upgrade(
        {
            "name": "x",
            "schema_version": 4,
            "finance": {
                "benefits": {"data_entry_minutes": given, "compounding": False},
                "licence_share_band": {"min": 0.4, "max": 0.8},
            },
        }
    )
    assert doc["finance"]["indirect"]["data_entry_minutes"] == given
    assert "data_entry_minutes" not in doc["finance"]["benefits"]
    assert doc["finance"]["benefits"]["compounding"] is False
    assert doc["finance"]["initial_price_band"] == {"min": 0.4, "max": 0.8}
    assert "licence_share_band" not in doc["finance"]


def test_the_share_moves_with_the_price_not_with_the_trials() -> None:
    """Why two journeys showed amoCRM's initial price at 47 % and 29 % of TCO: the English
    finance journey negotiates amoCRM down to 500 RUB a user a month before its last run; the
    Russian one (2,000 trials) keeps the list price. On the bundled example the share is the
    same at 2,000 and 10,000 trials but for Monte Carlo noise, and the licences as quoted scale
    with the catalog's price (1,299 RUB) exactly."""
    from crm_select.models.loader import load_catalog, load_scenario
    from crm_select.models.paths import EXAMPLE_SCENARIO
    from crm_select.services.decision import open_decision
    from crm_select.services.edits import validated
    from crm_select.services.simulation import simulate as simulate_decision

    catalog = load_catalog()
    listed = load_scenario(EXAMPLE_SCENARIO, catalog)
    entries = [e.model_dump(mode="json") for e in listed.options]
    amocrm = next(e for e in entries if e["catalog_id"] == "amocrm")
    amocrm["overrides"]["price"] = 500.0
    negotiated = validated(listed, options=entries)

    def checks(scenario: Any, trials: int) -> tuple[Any, Any]:
        decision = open_decision(scenario, catalog)
        sim = simulate_decision(decision, trials=trials, sensitivity=False)
        o = next(o for o in sim.options if o.option_id == "amocrm")
        return o.price_check, o.base_case.price_check

    (few, base), (many, _) = checks(listed, 2_000), checks(listed, 10_000)
    (few_500, base_500), (many_500, _) = checks(negotiated, 2_000), checks(negotiated, 10_000)
    assert few.share == pytest.approx(many.share, abs=0.005)
    assert few_500.share == pytest.approx(many_500.share, abs=0.005)
    assert base_500.licences / base.licences == pytest.approx(500 / 1_299)
    assert base.share - base_500.share > 0.15  # the price, not the trials, moves the share
    assert many.share - many_500.share > 0.15

"""The Report page's numbers are kept across a branding change: names, colour and logos do not
enter the report's computation (ranking, methods, simulation), so changing them must not run
the simulation again; a change to the numbers' inputs still does."""

from __future__ import annotations

from typing import Any

import pytest

import crm_select.services.report as report_service
import crm_select.ui.compute as compute
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario

pytestmark = pytest.mark.slow  # three report computations


def _with(scenario: Scenario, **finance_simulation: Any) -> Scenario:
    fin = scenario.finance
    sim = fin.simulation.model_copy(update=finance_simulation)
    return scenario.model_copy(update={"finance": fin.model_copy(update={"simulation": sim})})


def test_a_branding_change_reuses_the_report_and_shows_the_new_branding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    computed: list[int] = []
    original = report_service.report_data

    def counted(decision: Any, realisation: Any = None) -> Any:
        computed.append(decision.scenario.finance.simulation.trials)
        return original(decision, realisation=realisation)

    monkeypatch.setattr(report_service, "report_data", counted)
    compute._report_data.clear()
    plain = _with(load_scenario(EXAMPLE_SCENARIO, load_catalog()), trials=1_000)
    branding = plain.branding.model_copy(update={"client": "StroyOptTorg LLC", "colour": "#0A7E3D"})
    branded = plain.model_copy(update={"branding": branding})

    first = compute.report_data(plain)
    second = compute.report_data(branded)
    assert computed == [1_000]  # the branding did not recompute the report
    assert second.scenario.branding.client == "StroyOptTorg LLC"  # yet the report shows it
    assert first.scenario.branding.client is None

    compute.report_data(_with(branded, trials=1_500))
    assert computed == [1_000, 1_500]  # a change to the numbers' inputs still recomputes

"""The After go-live page's cache of `services.realisation.analyse` (keyed on the scenario and
the record as JSON: a new actual or a changed assumption computes anew)."""

from __future__ import annotations

import streamlit as st

from crm_select.models.realisation import RealisationRecord
from crm_select.models.scenario import Scenario
from crm_select.services.realisation import Realisation, analyse
from crm_select.ui.compute import decision


@st.cache_data(show_spinner=False, max_entries=8)
def _analysis(scenario_json: str, record_json: str) -> Realisation:
    scenario = Scenario.model_validate_json(scenario_json)
    return analyse(decision(scenario), RealisationRecord.model_validate_json(record_json))


def analysis(scenario: Scenario, record: RealisationRecord) -> Realisation:
    """The record against the decision's forecast (its own trials and seed)."""
    return _analysis(scenario.model_dump_json(), record.model_dump_json())

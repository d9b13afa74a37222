"""Cached wrappers around the pure loaders: the catalog and bundled files load once per process."""

from __future__ import annotations

import streamlit as st

from crm_select.models.catalog import Catalog
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.money import Currency
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario
from crm_select.services.new_decision import Template, currencies, templates


@st.cache_resource
def catalog() -> Catalog:
    return load_catalog()


@st.cache_resource
def example_scenario() -> Scenario:
    return load_scenario(EXAMPLE_SCENARIO, catalog())


@st.cache_resource
def decision_templates() -> list[Template]:
    """What a new decision can start from: the blank profile, then each bundled example."""
    return templates(catalog())


@st.cache_resource
def blank_currencies() -> list[Currency]:
    return currencies(catalog())

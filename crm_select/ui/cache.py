"""Cached wrappers around the pure loaders: the catalog and bundled files load once per process."""

from __future__ import annotations

import streamlit as st

from crm_select.models.catalog import Catalog
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario


@st.cache_resource
def catalog() -> Catalog:
    return load_catalog()


@st.cache_resource
def example_scenario() -> Scenario:
    return load_scenario(EXAMPLE_SCENARIO, catalog())

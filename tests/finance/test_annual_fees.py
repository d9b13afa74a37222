"""Fixed yearly fees of an edition (support subscriptions, marketplace plans) reach the licences."""

from __future__ import annotations

import pytest

from crm_select.models.decision import resolve
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from finance.base_case import base_case


@pytest.fixture(scope="module")
def flows():
    scenario = load_scenario(EXAMPLE_SCENARIO)
    return base_case(scenario, resolve(scenario, load_catalog()))


def test_1c_licences_are_the_pack_at_year_0_then_its_every_year(flows) -> None:
    # 1C:CRM PROF 50 workplaces for 40 users: one client licence pack 274,300 + one x64 server
    # licence 126,800 RUB at year 0, then the 1C:ITS PROF subscription 68,400 RUB a year (no
    # percentage maintenance), paid at the start of each year (annual in advance)
    licences = flows["1c-crm"].costs_by_category["licences"]
    assert licences == pytest.approx([274_300 + 126_800 + 68_400.0, *[68_400.0] * 4, 0.0])
    assert flows["1c-crm"].upfront_cost >= 274_300 + 126_800 + 68_400


def test_bitrix_box_adds_the_marketplace_plan_to_the_renewal(flows) -> None:
    # Corporate portal 50: licence 159,000 RUB, renewal 30 % = 47,700 + Marketplace 60,000 a year,
    # each year paid at its start
    licences = flows["bitrix24-box"].costs_by_category["licences"]
    assert licences == pytest.approx([159_000 + 107_700.0, *[47_700.0 + 60_000.0] * 4, 0.0])

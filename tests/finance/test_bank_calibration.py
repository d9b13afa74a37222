"""The bundled bank is calibrated: its core implementation effort lies inside the sourced
enterprise band of its class (../shared/facts/crm_costs_scaling.md, "Core effort F": boxed
70-250, configurable 150-600 person-days above 250 users)."""

from __future__ import annotations

from crm_select.models.catalog import DeliveryType
from crm_select.models.decision import resolve
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLES_DIR

#: the facts file's enterprise bands (person-days of core effort, E > 250 users), by class
ENTERPRISE_BAND = {DeliveryType.BOXED: (70, 250), DeliveryType.CONFIGURABLE: (150, 600)}


def test_the_banks_core_effort_lies_in_the_sourced_enterprise_band() -> None:
    catalog = load_catalog()
    bank = load_scenario(EXAMPLES_DIR / "bank-500.yaml", catalog)
    assert bank.company.crm_users > 250  # the enterprise band applies
    checked = 0
    for ro in resolve(bank, catalog):
        band = ENTERPRISE_BAND.get(ro.option.delivery_type)
        if band is None:
            continue  # bespoke builds: sized from scope (test_scaling), no person-day band
        lo, hi = band
        e = ro.effort_days
        assert lo <= e.mode <= hi, (ro.id, e)
        assert lo * 0.9 <= e.min, (ro.id, e)
        assert e.max <= hi * 1.1, (ro.id, e)
        checked += 1
    assert checked >= 3  # 1C:CRM, Bitrix24 box, Creatio

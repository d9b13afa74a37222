"""The company form's edits: a refusal names the field, and cross-sales above the revenue from
existing customers carry that revenue as the limit (the page words it)."""

from __future__ import annotations

import pytest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.services.edits import ProfileError, edit_company


def test_cross_sales_above_existing_revenue_carry_the_limit() -> None:
    sc = load_scenario(EXAMPLE_SCENARIO, load_catalog())
    with pytest.raises(ProfileError) as err:
        edit_company(sc, {"cross_sell_revenue": 1e12})
    assert err.value.field == "cross_sell_revenue"
    # the example: annual revenue 1,200,000,000, 70 % from existing customers
    assert err.value.limit == pytest.approx(1.2e9 * 0.7)


def test_a_good_edit_keeps_everything_else() -> None:
    sc = load_scenario(EXAMPLE_SCENARIO, load_catalog())
    out = edit_company(sc, {"crm_users": 55})
    assert out.company.crm_users == 55
    assert out.company.model_copy(update={"crm_users": 40}) == sc.company

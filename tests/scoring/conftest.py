"""Scenarios built directly with the pydantic models (no files needed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

# import the real package first: pytest (importlib mode) would otherwise register a stand-in
# "scoring" module as the parent of this conftest, shadowing the package under test
import scoring  # noqa: F401
from crm_select.models.catalog import CatalogOption
from crm_select.models.decision import ResolvedOption
from crm_select.models.scenario import Scenario, Strategy

COMPANY = {
    "crm_users": 40, "sales_reps": 20, "annual_revenue": 1e9, "existing_customer_share": 0.6,
    "gross_margin": 0.2, "deals_per_year": 1000, "win_rate": 0.25, "average_deal": 1e6,
    "admin_costs": 5e7, "cross_sell_revenue": 1e8, "churn": 0.1,
    "loaded_labour_cost_per_day": 9000, "discount_rate": 0.15,
}  # fmt: skip

COMPONENTS = [
    "contact_management", "sales_management", "telephone_sales", "time_management",
    "customer_service", "marketing", "executive_reporting", "integration", "data_sync",
    "ecommerce", "mobile_sales",
]  # fmt: skip


def catalog_option(oid: str, grade: int, weeks: float, russia: str = "available") -> CatalogOption:
    return CatalogOption.model_validate(
        {
            "id": oid, "name": oid.upper(), "vendor": "V", "country": "RU", "delivery_type": "saas",
            "editions": [{"id": "std", "name": "Standard", "pricing": {
                "model": "subscription", "currency": "RUB", "per_user_month": 1000,
                "source": "test fixture", "as_of": "2026-01-01"}}],
            "default_edition": "std",
            "implementation": {
                "effort_days": {"min": 5, "mode": 10, "max": 20},
                "duration_weeks": {"min": weeks / 2, "mode": weeks, "max": weeks * 2},
                "partner_day_rate": {"amount": 26000, "currency": "RUB", "source": "test fixture",
                                     "as_of": "2026-01-01"},
            },
            "coverage": dict.fromkeys(COMPONENTS, grade),
            "crm_types": {"operational": grade, "analytical": 3, "collaborative": 2},
            "risk": {"lock_in": 5 - grade, "vendor_viability": grade, "russia": russia,
                     "data_residency_ru": True},
            "languages": ["ru"],
        }
    )  # fmt: skip


def make_scenario(
    scores: dict[str, dict[str, dict[str, float | None]]],
    options: tuple[str, ...] = ("alpha", "beta", "gamma"),
    raters: tuple[str, ...] = ("ann", "bob", "cat"),
    method: str = "direct",
    extra_groups: list[dict[str, Any]] | None = None,
) -> tuple[Scenario, list[ResolvedOption]]:
    inline = [catalog_option(o, grade=2 + i, weeks=4 + 4 * i) for i, o in enumerate(options)]
    groups = [
        {"id": "functionality", "weight": 40, "criteria": [
            {"id": "fit", "name": "Process fit", "weight": 2},
            {"id": "coverage", "name": "Coverage", "weight": 1,
             "scale": {"kind": "measured", "measure": "coverage_total"}}]},
        {"id": "deadlines", "weight": 20, "criteria": [
            {"id": "weeks", "name": "Weeks", "direction": "cost",
             "scale": {"kind": "measured", "measure": "weeks_to_deploy"}}]},
        {"id": "budget", "weight": 20, "criteria": [
            {"id": "tco", "name": "TCO", "direction": "cost",
             "scale": {"kind": "measured", "measure": "tco"}}]},
        {"id": "risk", "weight": 20, "criteria": [
            {"id": "adoption", "name": "Adoption", "weight": 1},
            {"id": "russia", "name": "Russia", "weight": 1,
             "scale": {"kind": "measured", "measure": "russia_availability"}}]},
    ]  # fmt: skip
    scenario = Scenario.model_validate(
        {
            "name": "test", "currency": "RUB", "company": COMPANY,
            "criteria": {"method": method, "groups": extra_groups or groups},
            "options": [{"inline": o.model_dump(mode="json")} for o in inline],
            "raters": [{"id": r, "name": r} for r in raters],
            "scores": scores,
        }
    )  # fmt: skip
    resolved = [ResolvedOption(o.id, o, o.editions[0], Strategy.CONSULTANTS, 40) for o in inline]
    return scenario, resolved


def full_scores(
    table: dict[str, list[tuple[float, float]]],
    options: tuple[str, ...] = ("alpha", "beta", "gamma"),
) -> dict[str, dict[str, dict[str, float | None]]]:
    """rater -> [(fit, adoption) per option] into the nested score mapping."""
    return {
        r: {o: {"fit": f, "adoption": a} for o, (f, a) in zip(options, rows, strict=True)}
        for r, rows in table.items()
    }


# Saaty (1990), How to make a decision: the AHP, EJOR 48, 9-26: criteria of buying a house.
HOUSE = np.array(
    [
        [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
        [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
        [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
        [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
        [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
        [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
        [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
        [4, 7, 5, 8, 6, 6, 2, 1],
    ]
)
HOUSE_LABELS = [
    "size", "transport", "neighbourhood", "age", "yard", "facilities", "condition", "finance",
]  # fmt: skip


@pytest.fixture
def house() -> tuple[np.ndarray, list[str]]:
    """Saaty's (1990) house example: the 8 x 8 matrix and its criteria."""
    return HOUSE.copy(), list(HOUSE_LABELS)


@pytest.fixture
def scenario_factory() -> Callable[..., tuple[Scenario, list[ResolvedOption]]]:
    return make_scenario


@pytest.fixture
def scores_factory() -> Callable[..., dict[str, dict[str, dict[str, float | None]]]]:
    return full_scores


@pytest.fixture
def agreeing() -> tuple[Scenario, list[ResolvedOption]]:
    return make_scenario(
        full_scores(
            {
                "ann": [(2, 3), (4, 4), (3, 2)],
                "bob": [(2, 2), (5, 4), (3, 3)],
                "cat": [(1, 3), (4, 5), (3, 2)],
            }
        )
    )

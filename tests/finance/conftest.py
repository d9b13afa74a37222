"""Scenario builders for finance tests: pydantic models built directly, no files."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from crm_select.models.catalog import Catalog, Component
from crm_select.models.decision import ResolvedOption, resolve
from crm_select.models.scenario import Scenario
from crm_select.models.schema_version import SCHEMA_VERSION

AS_OF = "2026-11-01"
SRC = {"source": "test fixture", "as_of": AS_OF}
COVERAGE = dict.fromkeys((c.value for c in Component), 3)


def option(
    oid: str = "saas-a",
    delivery: str = "saas",
    pricing: dict[str, Any] | None = None,
    effort: tuple[float, float, float] = (10, 10, 10),
    weeks: tuple[float, float, float] = (26, 26, 26),
    rate: float = 1000.0,
    internal_share: float = 0.0,
    infrastructure: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An inline catalog option as a dict."""
    pricing = pricing or {
        "model": "subscription",
        "currency": "USD",
        "per_user_month": 100.0,
        **SRC,
    }
    return {
        "id": oid,
        "name": oid.upper(),
        "vendor": "Test",
        "country": "US",
        "delivery_type": delivery,
        "editions": [{"id": "std", "name": "Standard", "pricing": {**SRC, **pricing}}],
        "default_edition": "std",
        "implementation": {
            "effort_days": dict(zip(("min", "mode", "max"), effort, strict=True)),
            "duration_weeks": dict(zip(("min", "mode", "max"), weeks, strict=True)),
            "partner_day_rate": {"amount": rate, "currency": "USD", **SRC},
            "internal_share": internal_share,
        },
        "infrastructure": infrastructure or {},
        "coverage": COVERAGE,
        "crm_types": {"operational": 3, "analytical": 2, "collaborative": 2},
        "risk": {
            "lock_in": 2,
            "vendor_viability": 4,
            "russia": "available",
            "data_residency_ru": True,
        },
        "languages": ["en"],
    }


def fixed(v: float) -> dict[str, Any]:
    return {"kind": "fixed", "value": v}


#: A finance section in which every distribution is fixed and no risk applies; licence years
#: are paid at their end (the year-end convention), as the hand-computed cases assume unless a
#: test says otherwise.
DETERMINISTIC_FINANCE: dict[str, Any] = {
    "simulation": {"trials": 1000, "seed": 1},
    "conventions": {"billing": "year_end"},
    "benefits": {
        "levers": {
            "sales_per_rep": {"enabled": True, "uplift": fixed(0.10)},
            "win_rate": {"enabled": False, "uplift": fixed(0.05)},
            "cross_sales": {"enabled": False, "uplift": fixed(0.0)},
            "retention": {"enabled": False, "uplift": fixed(0.0)},
            "margin": {"enabled": False, "uplift": fixed(0.0)},
            "admin": {"enabled": False, "uplift": fixed(0.0)},
        },
        "adoption_ramp": [1.0],
        "productivity_factor": fixed(1.0),
        "fit": {"enabled": False},
    },
    "indirect": {"data_entry_minutes": fixed(0.0)},
    "judgement": {"enabled": False},
    "risk": {
        "outcome": {
            k: {"full": 1.0, "partial": 0.0, "failure": 0.0}
            for k in ("boxed", "saas", "configurable", "custom")
        },
        "schedule_overrun": {k: fixed(1.0) for k in ("boxed", "saas", "configurable", "custom")},
        "cost_overrun": {k: fixed(1.0) for k in ("boxed", "saas", "configurable", "custom")},
        "strategy": {
            s: {
                "partner_share": 1.0,
                "effort_multiplier": 1.0,
                "duration_multiplier": 1.0,
                "failure_to_partial": 0.0,
            }
            for s in ("in_house", "consultants", "mixed")
        },
        "exit_cost_share": 0.0,
    },
    "costs": {
        "customisation": {"boxed": 0, "saas": 0, "configurable": 0, "custom": 0},
        "integration": 0.0,
        "data_migration": 0.0,
        "change_management": 0.0,
        "training_days_per_user": 0.0,
        "trainer_days_per_session": 0.0,
        "hypercare_share": 0.0,
        "support_rate": 0.0,
        "add_on_rate": 0.0,
    },
    "correlations": [],
}

COMPANY: dict[str, Any] = {
    "crm_users": 10,
    "sales_reps": 5,
    "annual_revenue": 1_000_000.0,
    "existing_customer_share": 0.6,
    "gross_margin": 0.5,
    "deals_per_year": 100,
    "win_rate": 0.2,
    "average_deal": 10_000,
    "admin_costs": 100_000.0,
    "cross_sell_revenue": 100_000.0,
    "churn": 0.1,
    "loaded_labour_cost_per_day": 200.0,
    "working_days": 240,
    "discount_rate": 0.1,
    "horizon_years": 3,
}

CRITERIA: dict[str, Any] = {
    "groups": [{"id": "budget", "weight": 1, "criteria": [{"id": "tco", "name": {"en": "TCO"}}]}]
}


def deep_merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in update.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and "kind" not in v:
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def scenario_data(
    options: list[dict[str, Any]] | None = None,
    finance: dict[str, Any] | None = None,
    company: dict[str, Any] | None = None,
    strategy: str = "consultants",
    deterministic: bool = True,
) -> dict[str, Any]:
    opts = options if options is not None else [option()]
    fin = DETERMINISTIC_FINANCE if deterministic else {"simulation": {"trials": 2000, "seed": 7}}
    return {
        "schema_version": SCHEMA_VERSION,
        "name": "test",
        "currency": "USD",
        "company": deep_merge(COMPANY, company or {}),
        "criteria": CRITERIA,
        "options": [{"inline": o, "strategy": strategy} for o in opts],
        "finance": deep_merge(fin, finance or {}),
    }


def build(**kw: Any) -> tuple[Scenario, list[ResolvedOption]]:
    s = Scenario.model_validate(scenario_data(**kw))
    cat = Catalog.model_validate(
        {
            "as_of": AS_OF,
            "options": [o.inline.model_dump(mode="json") for o in s.options if o.inline],
        }
    )
    return s, resolve(s, cat)


@pytest.fixture
def make() -> Callable[..., tuple[Scenario, list[ResolvedOption]]]:
    return build

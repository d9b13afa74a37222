"""The lessons file (`crm-select realisation export`): version 2 written, and both shapes of
version 1 still read (docs/realisation.md, "The record for the next decision")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crm_select.models.errors import InputError
from crm_select.services import realisation as svc

#: a version-1 file as the first release wrote it (fields by hand from that release)
FIRST: dict[str, Any] = {
    "format": "crm-select/realisation-lessons",
    "version": 1,
    "scenario": "Distributor",
    "currency": "RUB",
    "option_id": "amocrm",
    "catalog_id": "amocrm",
    "delivery_type": "saas",
    "strategy": "consultants",
    "users": 25,
    "decision_date": "2026-01-01",
    "go_live": "2026-04-01",
    "go_live_forecast_years_p50": 0.4,
    "go_live_actual_years": 0.246,
    "schedule_overrun": 0.615,
    "spend_by_category": {"implementation": 500000.0},
    "spend_closed_years": 500000.0,
    "cost_forecast_closed_years": 400000.0,
    "cost_overrun": 1.25,
    "adoption": [{"period": "2026-Q2", "actual": 0.6, "assumed": 0.5}],
    "levers": [
        {
            "lever": "sales_per_rep",
            "kpi": "sales_per_rep",
            "periods": 2,
            "forecast_mean": 0.05,
            "forecast_sd": 0.03,
            "measured_mean": 0.07,
            "updated_mean": 0.06,
            "updated_sd": 0.02,
        }
    ],
    "realised_benefit": 1200000.0,
    "npv_forecast": 9000000.0,
    "npv_reforecast": 9500000.0,
}


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "lessons.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_the_first_version_1_shape_reads_with_its_spend_renamed(tmp_path: Path) -> None:
    got = svc.read_lessons(write(tmp_path, FIRST))
    assert got.version == 2
    assert (got.spend_reported, got.cost_forecast_reported) == (500000.0, 400000.0)
    assert got.spend_forecast_by_category == {}
    assert got.npv_schedule_effect is None
    assert got.npv_reforecast_p50 is None
    assert got.levers[0].updated_mean == 0.06


def test_the_second_version_1_shape_reads_as_written(tmp_path: Path) -> None:
    second = {k: v for k, v in FIRST.items() if not k.endswith("closed_years")} | {
        "spend_forecast_by_category": {"implementation": 400000.0},
        "spend_reported": 500000.0,
        "cost_forecast_reported": 400000.0,
        "npv_schedule_effect": 120000.0,
        "npv_cost_effect": -100000.0,
    }
    got = svc.read_lessons(write(tmp_path, second))
    assert got.npv_cost_effect == -100000.0
    assert got.spend_forecast_by_category == {"implementation": 400000.0}
    assert got.npv_reforecast_p10 is None


def test_version_2_round_trips_and_a_bad_file_names_line_and_field(tmp_path: Path) -> None:
    v2 = svc.read_lessons(write(tmp_path, FIRST)).model_dump(mode="json")
    assert svc.read_lessons(write(tmp_path, v2)).model_dump(mode="json") == v2
    bad = write(tmp_path, v2 | {"users": "many"})
    with pytest.raises(InputError) as e:
        svc.read_lessons(bad)
    text = str(e.value)
    line = next(i for i, s in enumerate(bad.read_text().splitlines(), 1) if '"users"' in s)
    assert f"{bad}:{line}" in text
    assert "users" in text

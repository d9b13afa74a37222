"""Fixtures: a small scenario, a migrated SQLite file per test, a throwaway PostgreSQL DB."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from crm_select.models.scenario import Scenario
from crm_select.store.api import Actor, Database, create_workspace, invite_rater, open_database
from crm_select.store.records import Role

PG_PORT = os.environ.get("CRM_SELECT_TEST_PG_PORT", "5432")  # to try the skip path
PG_ADMIN = f"host=127.0.0.1 port={PG_PORT} user=postgres dbname=test"


def scenario_data(
    options: int = 3, criteria: int = 3, raters: list[str] | None = None
) -> dict[str, Any]:
    """A valid scenario as a dict: ``options`` inline-free shortlist, rating criteria 0-5."""
    return {
        "name": "Committee test",
        "currency": "EUR",
        "company": {
            "crm_users": 50,
            "sales_reps": 20,
            "annual_revenue": 10_000_000,
            "gross_margin": 0.4,
            "deals_per_year": 300,
            "win_rate": 0.25,
            "average_deal": 30_000,
            "admin_costs": 500_000,
            "cross_sell_revenue": 1_000_000,
            "churn": 0.1,
            "loaded_labour_cost_per_day": 300,
            "discount_rate": 0.1,
        },
        "criteria": {
            "groups": [
                {
                    "id": "functionality",
                    "weight": 40,
                    "criteria": [
                        {"id": f"c{i}", "name": f"Criterion {i}", "weight": 1 + i}
                        for i in range(criteria)
                    ],
                },
                {
                    "id": "budget",
                    "weight": 60,
                    "criteria": [
                        {
                            "id": "tco",
                            "name": "TCO",
                            "direction": "cost",
                            "scale": {"kind": "measured", "measure": "tco"},
                        }
                    ],
                },
            ]
        },
        "options": [{"id": f"opt{i}", "catalog_id": f"vendor{i}"} for i in range(options)],
        "raters": [{"id": r, "name": r.title()} for r in (raters or [])],
    }


def make_scenario(**kwargs: Any) -> Scenario:
    return Scenario.model_validate(scenario_data(**kwargs))


def _pg_available() -> str | None:
    """None if a PostgreSQL server answers, else the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except Exception as e:
        return f"PostgreSQL at 127.0.0.1:{PG_PORT} is not reachable ({type(e).__name__}: {e})"


@contextmanager
def throwaway_database(prefix: str = "crm_select_test") -> Iterator[str]:
    """A uniquely named database on the local server (its URL), dropped afterwards; skips the
    test with the reason when no server answers."""
    reason = _pg_available()
    if reason:
        pytest.skip(f"SKIPPED PostgreSQL tests: {reason}")
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A uniquely named database on the local server, dropped after the session."""
    with throwaway_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    return f"sqlite:///{tmp_path / 'crm-select.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """Each test that uses it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'crm-select.sqlite'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


class Committee:
    """A workspace with a facilitator and raters, each with their actor and token."""

    def __init__(self, db: Database, raters: list[str], **scenario_kwargs: Any) -> None:
        self.db = db
        self.scenario = make_scenario(**scenario_kwargs)
        created = create_workspace(db, self.scenario, "Fiona")
        self.workspace_id = created.workspace_id
        self.admin_code = created.admin_code
        self.facilitator = Actor(created.workspace_id, "facilitator", Role.FACILITATOR, "Fiona")
        self.tokens: dict[str, str] = {}
        self.actors: dict[str, Actor] = {}
        for r in raters:
            self.tokens[r] = invite_rater(db, self.facilitator, r, r.title(), department="sales")
            self.actors[r] = Actor(created.workspace_id, r, Role.RATER, r.title())


@pytest.fixture
def committee(db: Database) -> Committee:
    return Committee(db, ["anna", "boris", "chen"])

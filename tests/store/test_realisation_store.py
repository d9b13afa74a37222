"""The realisation record in the store: who may write it, locking, audit, all-or-nothing
batches, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_select.models.realisation import (
    Baseline,
    BaselineKpi,
    KpiActual,
    PeriodKind,
    RealisationSettings,
    SpendActual,
)
from crm_select.store.api import (
    AccessDenied,
    Database,
    InvalidInput,
    add_actuals,
    audit_log,
    authenticate,
    invite_owner,
    lock_workspace,
    owners,
    realisation_record,
    save_baseline,
    submit_score,
)
from crm_select.store.records import Role
from tests.store.conftest import Committee

BASE = Baseline(
    option_id="opt0",
    decision_date=dt.date(2026, 1, 1),
    as_of=dt.date(2025, 12, 31),
    go_live=dt.date(2026, 4, 1),
    period=PeriodKind.QUARTER,
    kpis=[BaselineKpi(kpi="sales_per_rep", value=300_000, source="CRM report", trend=0.02)],
)
ROWS = [
    KpiActual(kpi="sales_per_rep", period="2026-Q2", value=80_000),
    KpiActual(kpi="sales_per_rep", period="2026-Q3", value=82_000, control=78_000),
]


def test_facilitator_and_owner_write_raters_read(db: Database, committee: Committee):
    fac = committee.facilitator
    token = invite_owner(db, fac, "olga", "Olga")
    owner = authenticate(db, committee.workspace_id, token)
    assert owner.role is Role.OWNER
    assert owners(db, fac) == [("olga", "Olga")]
    save_baseline(db, owner, BASE, RealisationSettings(observation_noise=0.08))
    add_actuals(db, owner, ROWS, [SpendActual(period="2026-Q2", category="licences", amount=1e4)])
    rater = committee.actors["anna"]
    with pytest.raises(AccessDenied, match="facilitator or a project owner"):
        add_actuals(db, rater, ROWS, [])
    with pytest.raises(AccessDenied):
        invite_owner(db, owner, "x", "X")
    with pytest.raises(AccessDenied, match="not a rater"):
        submit_score(db, owner, "opt0", "c0", 3, expected_version=0)
    rec = realisation_record(db, rater)  # raters read
    assert rec is not None
    assert rec.baseline == BASE
    assert rec.actuals == ROWS
    assert rec.spend[0].amount == 1e4
    assert rec.settings.observation_noise == 0.08
    actions = [e.action for e in audit_log(db, fac)]
    assert {"owner.invite", "realisation.baseline", "realisation.actuals"} <= set(actions)


def test_locking_freezes_the_choice_not_the_record(db: Database, committee: Committee):
    fac = committee.facilitator
    lock_workspace(db, fac)
    save_baseline(db, fac, BASE)
    add_actuals(db, fac, ROWS[:1], [])
    token = invite_owner(db, fac, "olga", "Olga")  # after the lock too
    owner = authenticate(db, committee.workspace_id, token)
    add_actuals(db, owner, [KpiActual(kpi="sales_per_rep", period="2026-Q2", value=90_000)], [])
    rec = realisation_record(db, fac)
    assert rec is not None
    assert [a.value for a in rec.actuals] == [90_000]  # replaced, not duplicated


def test_actuals_need_a_baseline_and_a_batch_is_whole(db: Database, committee: Committee):
    fac = committee.facilitator
    assert realisation_record(db, fac) is None
    with pytest.raises(InvalidInput, match="baseline"):
        add_actuals(db, fac, ROWS, [])
    save_baseline(db, fac, BASE)
    bad = [*ROWS, KpiActual(kpi="sales_per_rep", period="2026-05", value=1)]  # a month
    with pytest.raises(InvalidInput, match="2026-05"):
        add_actuals(db, fac, bad, [])
    rec = realisation_record(db, fac)
    assert rec is not None
    assert rec.actuals == []


def test_owner_id_cannot_shadow_a_rater(db: Database, committee: Committee):
    with pytest.raises(InvalidInput, match="already a member"):
        invite_owner(db, committee.facilitator, "anna", "Anna")

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
    Actor,
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


def _filled(db: Database, committee: Committee) -> str:
    fac = committee.facilitator
    token = invite_owner(db, fac, "olga", "Olga", email="olga@example.com")
    owner = authenticate(db, committee.workspace_id, token)
    save_baseline(db, owner, BASE, RealisationSettings(observation_noise=0.07))
    add_actuals(
        db,
        owner,
        ROWS,
        [
            SpendActual(period="2026-Q2", category="licences", amount=12_345.5),
            SpendActual(period="2026-Q3", category="training", amount=2_000),
        ],
    )
    return token


def test_export_import_carries_the_record(db: Database, committee: Committee, tmp_path):
    """The record leaves in the workspace export and comes back identical (every number, the
    owner); an untrusted import issues the owner a new link, a trusted one keeps it."""
    import json

    from crm_select.store.api import export_workspace, import_workspace, open_database

    token = _filled(db, committee)
    data = export_workspace(db, committee.facilitator)
    assert [r["owner_id"] for r in data["project_owners"]] == ["olga"]
    assert data["realisation_baseline"][0]["decision_date"] == "2026-01-01"
    assert len(data["kpi_actuals"]) == 2
    assert len(data["spend_actuals"]) == 2
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        trusted = import_workspace(other, json.loads(json.dumps(data)), trusted=True)
        copy = authenticate(other, trusted.workspace_id, token)  # the owner's link still works
        assert copy.role is Role.OWNER
        assert realisation_record(other, copy) == realisation_record(db, committee.facilitator)
        fresh = import_workspace(other, json.loads(json.dumps(data)), workspace_id="fresh")
        assert set(fresh.tokens) >= {"olga"}
        with pytest.raises(AccessDenied):
            authenticate(other, "fresh", token)
        assert authenticate(other, "fresh", fresh.tokens["olga"]).role is Role.OWNER
        rec = realisation_record(other, authenticate(other, "fresh", fresh.tokens["olga"]))
        assert rec == realisation_record(db, committee.facilitator)
    finally:
        other.dispose()


def test_an_export_without_the_record_still_imports(db: Database, committee: Committee):
    """Files written before the record existed have none of its sections."""
    from crm_select.store.api import export_workspace, import_workspace

    data = export_workspace(db, committee.facilitator)
    for key in ("project_owners", "realisation_baseline", "baseline_kpis", "kpi_actuals"):
        del data[key]
    del data["spend_actuals"]
    new = import_workspace(db, data, workspace_id="old-file", trusted=True)
    assert realisation_record(db, Actor.operator(new.workspace_id)) is None


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["kpi_actuals"][0].update(period="2026-05"), r"kpi_actuals\[0\]\.period"),
        (lambda d: d["baseline_kpis"][0].update(kpi="mood"), "unknown KPI 'mood'"),
        (lambda d: d["realisation_baseline"][0].update(option_id="nope"), "'nope' is not an"),
        (lambda d: d["realisation_baseline"].clear(), "no realisation_baseline"),
        (lambda d: d["project_owners"][0].update(owner_id="anna"), "'anna' is also a rater"),
        (lambda d: d["kpi_actuals"].append(dict(d["kpi_actuals"][0])), "appears twice"),
    ],
)
def test_a_bad_record_in_an_export_is_refused_whole(
    db: Database, committee: Committee, edit, message: str
):
    from crm_select.store.api import export_workspace, import_workspace, list_workspaces

    _filled(db, committee)
    data = export_workspace(db, committee.facilitator)
    edit(data)
    before = len(list_workspaces(db))
    with pytest.raises(InvalidInput, match=message):
        import_workspace(db, data, workspace_id="bad-copy")
    assert len(list_workspaces(db)) == before

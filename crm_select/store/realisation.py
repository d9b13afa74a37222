"""The benefits-realisation record of a workspace: project owners, the baseline, KPI and spend
actuals (docs/realisation.md).

Only the facilitator (or the operator) and a project owner the facilitator invited write it;
every member reads it. Locking the decision freezes the choice, not this record: writes here
do not require an unlocked workspace. Every write appends an audit event in its transaction,
and a batch of actuals is stored whole or not at all.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crm_select.models.realisation import (
    KPI_KEYS,
    Baseline,
    KpiActual,
    PeriodKind,
    RealisationRecord,
    RealisationSettings,
    SpendActual,
    period_start,
)
from crm_select.models.realisation import BaselineKpi as KpiModel
from crm_select.models.text import EMAIL_RULE, KEY_RULE, NAME_RULE
from crm_select.store import audit, schema
from crm_select.store.access import Actor, hash_token, load_workspace, new_token, workspace_rows
from crm_select.store.clock import now
from crm_select.store.engine import Database
from crm_select.store.errors import AccessDenied, InvalidInput
from crm_select.store.inputs import text_arg
from crm_select.store.records import Role

MAX_OWNERS = 20


def may_enter_actuals(actor: Actor) -> bool:
    """The facilitator, the operator and project owners write the record; raters read it."""
    return actor.is_facilitator or actor.role is Role.OWNER


def require_owner(actor: Actor, what: str) -> None:
    if not may_enter_actuals(actor):
        raise AccessDenied(
            f"only the facilitator or a project owner may {what}; {actor.label} is a rater"
        )


def invite_owner(
    db: Database, actor: Actor, owner_id: str, name: str, *, email: str | None = None
) -> str:
    """Add a project owner (or replace their token); returns the join token, shown once."""
    if not actor.is_facilitator:
        raise AccessDenied(
            f"only the facilitator may invite a project owner; {actor.label} may not"
        )
    owner_id = text_arg(owner_id, KEY_RULE, "owner id")
    if not owner_id:
        raise InvalidInput("owner id must not be empty")
    name = text_arg(name, NAME_RULE, "owner name")
    if email is not None:
        email = text_arg(email, EMAIL_RULE, "e-mail")
    token = new_token()
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        clash = s.scalar(
            select(schema.Rater.rater_id).where(
                schema.Rater.workspace_id == ws.id, schema.Rater.rater_id == owner_id
            )
        )
        if clash is not None:
            raise InvalidInput(
                f"{owner_id!r} is already a member of the committee; choose another id"
            )
        row = s.scalars(
            select(schema.ProjectOwner).where(
                schema.ProjectOwner.workspace_id == ws.id, schema.ProjectOwner.owner_id == owner_id
            )
        ).one_or_none()
        if row is None:
            if (
                len(workspace_rows(s, actor, schema.ProjectOwner, schema.ProjectOwner.id))
                >= MAX_OWNERS
            ):
                raise InvalidInput(f"a decision may have at most {MAX_OWNERS} project owners")
            row = schema.ProjectOwner(workspace_id=ws.id, owner_id=owner_id, created_at=now())
            s.add(row)
        row.name, row.email, row.token_hash = name, email, hash_token(token)
        audit.record(s, actor, "owner.invite", owner=owner_id, name=name, email=email)
    return token


def owners(db: Database, actor: Actor) -> list[tuple[str, str]]:
    """``(owner id, name)`` of every project owner."""
    with db.read() as s:
        rows = workspace_rows(s, actor, schema.ProjectOwner, schema.ProjectOwner.id)
        return [(r.owner_id, r.name) for r in rows]


def save_baseline(
    db: Database, actor: Actor, baseline: Baseline, settings: RealisationSettings | None = None
) -> None:
    """Replace the baseline (frame and KPIs) and the settings; actuals stay."""
    require_owner(actor, "edit the baseline")
    settings = settings or RealisationSettings()
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        row = s.get(schema.RealisationBaseline, ws.id)
        if row is None:
            row = schema.RealisationBaseline(workspace_id=ws.id)
            s.add(row)
        row.option_id = baseline.option_id
        row.decision_date = baseline.decision_date
        row.as_of = baseline.as_of
        row.go_live = baseline.go_live
        row.period = baseline.period.value
        row.observation_noise = settings.observation_noise
        row.updated_by = actor.label
        row.updated_at = now()
        s.execute(delete(schema.BaselineKpi).where(schema.BaselineKpi.workspace_id == ws.id))
        for k in baseline.kpis:
            s.add(
                schema.BaselineKpi(
                    workspace_id=ws.id, kpi=k.kpi, value=k.value, source=k.source, trend=k.trend
                )
            )
        audit.record(
            s,
            actor,
            "realisation.baseline",
            option=baseline.option_id,
            go_live=baseline.go_live.isoformat() if baseline.go_live else None,
            period=baseline.period.value,
            kpis={k.kpi: k.value for k in baseline.kpis},
        )


def add_actuals(
    db: Database, actor: Actor, actuals: list[KpiActual], spend: list[SpendActual]
) -> None:
    """Store a batch of actuals (a value for a KPI and period already stored replaces it),
    all of them or none. The caller validated them against the baseline
    (`services.realisation.validate_actuals`)."""
    require_owner(actor, "enter actuals")
    at = now()
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        base = s.get(schema.RealisationBaseline, ws.id)
        if base is None:
            raise InvalidInput("record the baseline before entering actuals")
        kind = PeriodKind(base.period)
        for label in {a.period for a in actuals} | {p.period for p in spend}:
            try:
                period_start(label, kind)
            except ValueError as e:
                raise InvalidInput(f"period {label!r}: {e}") from None
        for a in actuals:
            row = s.get(schema.KpiActual, (ws.id, a.kpi, a.period))
            if row is None:
                row = schema.KpiActual(workspace_id=ws.id, kpi=a.kpi, period=a.period)
                s.add(row)
            row.value, row.control, row.entered_by, row.entered_at = (
                a.value,
                a.control,
                actor.label,
                at,
            )
        for p in spend:
            srow = s.get(schema.SpendActual, (ws.id, p.period, p.category))
            if srow is None:
                srow = schema.SpendActual(workspace_id=ws.id, period=p.period, category=p.category)
                s.add(srow)
            srow.amount, srow.entered_by, srow.entered_at = p.amount, actor.label, at
        audit.record(
            s,
            actor,
            "realisation.actuals",
            kpis=len(actuals),
            spend=len(spend),
            periods=sorted({a.period for a in actuals} | {p.period for p in spend}),
        )


def realisation_record(db: Database, actor: Actor) -> RealisationRecord | None:
    """The workspace's record, or None before a baseline was saved (any member may read)."""
    with db.read() as s:
        return _record(s, actor)


def _record(s: Session, actor: Actor) -> RealisationRecord | None:
    row = s.get(schema.RealisationBaseline, actor.workspace_id)
    if row is None:
        return None
    kpis = sorted(
        workspace_rows(s, actor, schema.BaselineKpi, schema.BaselineKpi.kpi),
        key=lambda k: KPI_KEYS.index(k.kpi) if k.kpi in KPI_KEYS else len(KPI_KEYS),
    )
    acts = workspace_rows(s, actor, schema.KpiActual, schema.KpiActual.period)
    spend = workspace_rows(s, actor, schema.SpendActual, schema.SpendActual.period)
    return RealisationRecord(
        baseline=Baseline(
            option_id=row.option_id,
            decision_date=row.decision_date,
            as_of=row.as_of,
            go_live=row.go_live,
            period=PeriodKind(row.period),
            kpis=[KpiModel(kpi=k.kpi, value=k.value, source=k.source, trend=k.trend) for k in kpis],
        ),
        actuals=[
            KpiActual(kpi=a.kpi, period=a.period, value=a.value, control=a.control) for a in acts
        ],
        spend=[SpendActual(period=p.period, category=p.category, amount=p.amount) for p in spend],
        settings=RealisationSettings(observation_noise=row.observation_noise),
    )

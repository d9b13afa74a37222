"""ORM tables (SQLAlchemy 2 typed mappings). Internal to store/: never returned to callers.

Rows refer to raters and rounds by natural keys (workspace id + rater id / round number)
through composite foreign keys, so an export needs no surrogate ids.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(64)
WS_FK = "workspace.id"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012
        dt.datetime: DateTime(timezone=True),
        dt.date: Date,
        dict[str, Any]: JSON,
    }


class Workspace(Base):
    """One decision: the scenario under discussion and the committee scoring it."""

    __tablename__ = "workspace"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # the current scenario's name in every language ({"en": ..., "ru": ...}); derived, not exported
    titles: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(ID)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    weights_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    current_round: Mapped[int] = mapped_column(Integer, default=0)
    discussion_option: Mapped[str | None] = mapped_column(ID)
    discussion_criterion: Mapped[str | None] = mapped_column(ID)
    row_version: Mapped[int] = mapped_column(Integer, default=1)


class ScenarioVersion(Base):
    """Every saved change of the scenario; restoring copies an old one as a new version."""

    __tablename__ = "scenario_version"
    __table_args__ = (UniqueConstraint("workspace_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    number: Mapped[int] = mapped_column(Integer)
    scenario_json: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(ID)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime]


class Rater(Base):
    """A committee member (or the facilitator) with a hashed join token."""

    __tablename__ = "rater"
    __table_args__ = (
        UniqueConstraint("workspace_id", "rater_id"),
        CheckConstraint("role IN ('facilitator', 'rater')", name="role"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    rater_id: Mapped[str] = mapped_column(ID)
    name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(320))
    token_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]


class Round(Base):
    """A scoring round: open (blind) -> revealed -> closed when the next one starts."""

    __tablename__ = "round"
    __table_args__ = (
        UniqueConstraint("workspace_id", "number"),
        CheckConstraint("status IN ('open', 'revealed', 'closed')", name="status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[dt.datetime]
    revealed_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]


def _round_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["workspace_id", "round_number"], ["round.workspace_id", "round.number"]
    )


def _rater_fk(column: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["workspace_id", column], ["rater.workspace_id", "rater.rater_id"])


class Score(Base):
    """One rater's score of one option on one criterion in one round (optimistic version)."""

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("workspace_id", "round_number", "rater_id", "option", "criterion"),
        _round_fk(),
        _rater_fk("rater_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    round_number: Mapped[int] = mapped_column(Integer)
    rater_id: Mapped[str] = mapped_column(ID)
    option: Mapped[str] = mapped_column(ID)
    criterion: Mapped[str] = mapped_column(ID)
    value: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime]


class Submission(Base):
    """A rater's "I am done with this round" mark."""

    __tablename__ = "submission"
    __table_args__ = (
        _round_fk(),
        _rater_fk("rater_id"),
    )
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK), primary_key=True)
    round_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    rater_id: Mapped[str] = mapped_column(ID, primary_key=True)
    submitted_at: Mapped[dt.datetime]


class Comment(Base):
    """Discussion of a criterion x option cell; ``rater_id`` set when it is about one score."""

    __tablename__ = "comment"
    __table_args__ = (
        Index(None, "workspace_id", "round_number", "option", "criterion"),
        _round_fk(),
        _rater_fk("author"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    round_number: Mapped[int] = mapped_column(Integer)
    option: Mapped[str] = mapped_column(ID)
    criterion: Mapped[str] = mapped_column(ID)
    rater_id: Mapped[str | None] = mapped_column(ID)
    author: Mapped[str] = mapped_column(ID)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class WeightingSet(Base):
    """A department's own weights (group or criterion id -> points), shown side by side."""

    __tablename__ = "weighting_set"
    __table_args__ = (UniqueConstraint("workspace_id", "department"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    department: Mapped[str] = mapped_column(String(200))
    weights: Mapped[dict[str, Any]]
    version: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(ID)
    updated_at: Mapped[dt.datetime]


class WeightingRound(Base):
    """A weighting round before scoring: members weigh blind -> revealed -> closed (by the next
    weighting round or when scoring starts)."""

    __tablename__ = "weighting_round"
    __table_args__ = (
        UniqueConstraint("workspace_id", "number"),
        CheckConstraint("status IN ('open', 'revealed', 'closed')", name="status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[dt.datetime]
    revealed_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]


def _weighting_round_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["workspace_id", "round_number"],
        ["weighting_round.workspace_id", "weighting_round.number"],
    )


class MemberWeights(Base):
    """One member's own weights of one level (``interests``: the four interests, or a group's
    criteria) in a weighting round: direct points or pairwise judgements (optimistic version).

    ``entry`` is ``{"points": {item: points}}`` or ``{"pairwise": [[a, b, value], ...]}``.
    """

    __tablename__ = "member_weights"
    __table_args__ = (
        UniqueConstraint("workspace_id", "round_number", "rater_id", "level"),
        CheckConstraint("method IN ('points', 'pairwise')", name="method"),
        _weighting_round_fk(),
        _rater_fk("rater_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    round_number: Mapped[int] = mapped_column(Integer)
    rater_id: Mapped[str] = mapped_column(ID)
    level: Mapped[str] = mapped_column(ID)
    method: Mapped[str] = mapped_column(String(16))
    entry: Mapped[dict[str, Any]]
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime]


class WeightingSubmission(Base):
    """A member's "I am done weighing" mark in a weighting round."""

    __tablename__ = "weighting_submission"
    __table_args__ = (
        _weighting_round_fk(),
        _rater_fk("rater_id"),
    )
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK), primary_key=True)
    round_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    rater_id: Mapped[str] = mapped_column(ID, primary_key=True)
    submitted_at: Mapped[dt.datetime]


class AuditEvent(Base):
    """Who did what and when; append-only."""

    __tablename__ = "audit_event"
    __table_args__ = (Index(None, "workspace_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    actor: Mapped[str] = mapped_column(ID)
    action: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    at: Mapped[dt.datetime]


# --- benefits realisation after go-live (docs/realisation.md) -----------------------------


class ProjectOwner(Base):
    """Whoever enters the actuals after go-live besides the facilitator (a join token, hashed)."""

    __tablename__ = "project_owner"
    __table_args__ = (UniqueConstraint("workspace_id", "owner_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK))
    owner_id: Mapped[str] = mapped_column(ID)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    token_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]


class RealisationBaseline(Base):
    """The record's frame: the chosen option, the decision, baseline and go-live dates."""

    __tablename__ = "realisation_baseline"
    __table_args__ = (CheckConstraint("period IN ('month', 'quarter')", name="period"),)
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK), primary_key=True)
    option_id: Mapped[str] = mapped_column(ID)
    decision_date: Mapped[dt.date]
    as_of: Mapped[dt.date]
    go_live: Mapped[dt.date | None]
    period: Mapped[str] = mapped_column(String(16))
    observation_noise: Mapped[float] = mapped_column(Float)
    updated_by: Mapped[str] = mapped_column(ID)
    updated_at: Mapped[dt.datetime]


class BaselineKpi(Base):
    """One KPI before go-live: value, source note, its own trend."""

    __tablename__ = "baseline_kpi"
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK), primary_key=True)
    kpi: Mapped[str] = mapped_column(ID, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")
    trend: Mapped[float] = mapped_column(Float, default=0.0)


class KpiActual(Base):
    """A KPI's value in one period, and the control group's where there is one."""

    __tablename__ = "kpi_actual"
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK), primary_key=True)
    kpi: Mapped[str] = mapped_column(ID, primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    control: Mapped[float | None] = mapped_column(Float)
    entered_by: Mapped[str] = mapped_column(ID)
    entered_at: Mapped[dt.datetime]


class SpendActual(Base):
    """What the project spent in one period on one cost category."""

    __tablename__ = "spend_actual"
    workspace_id: Mapped[str] = mapped_column(ForeignKey(WS_FK), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    category: Mapped[str] = mapped_column(ID, primary_key=True)
    amount: Mapped[float] = mapped_column(Float)
    entered_by: Mapped[str] = mapped_column(ID)
    entered_at: Mapped[dt.datetime]

"""benefits realisation: project owners, the baseline, KPI and spend actuals

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 14:20:20.625697
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "baseline_kpi",
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("kpi", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("trend", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspace.id"], name=op.f("fk_baseline_kpi_workspace_id_workspace")
        ),
        sa.PrimaryKeyConstraint("workspace_id", "kpi", name=op.f("pk_baseline_kpi")),
    )
    op.create_table(
        "kpi_actual",
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("kpi", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("control", sa.Float(), nullable=True),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspace.id"], name=op.f("fk_kpi_actual_workspace_id_workspace")
        ),
        sa.PrimaryKeyConstraint("workspace_id", "kpi", "period", name=op.f("pk_kpi_actual")),
    )
    op.create_table(
        "project_owner",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspace.id"], name=op.f("fk_project_owner_workspace_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_owner")),
        sa.UniqueConstraint("workspace_id", "owner_id", name=op.f("uq_project_owner_workspace_id")),
    )
    op.create_table(
        "realisation_baseline",
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("option_id", sa.String(length=64), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("go_live", sa.Date(), nullable=True),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("observation_noise", sa.Float(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "period IN ('month', 'quarter')", name=op.f("ck_realisation_baseline_period")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
            name=op.f("fk_realisation_baseline_workspace_id_workspace"),
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_realisation_baseline")),
    )
    op.create_table(
        "spend_actual",
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspace.id"], name=op.f("fk_spend_actual_workspace_id_workspace")
        ),
        sa.PrimaryKeyConstraint("workspace_id", "period", "category", name=op.f("pk_spend_actual")),
    )


def downgrade() -> None:
    op.drop_table("spend_actual")
    op.drop_table("realisation_baseline")
    op.drop_table("project_owner")
    op.drop_table("kpi_actual")
    op.drop_table("baseline_kpi")

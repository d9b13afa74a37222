"""each member weighs: weighting rounds, member weights, weighting submissions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 17:30:40.027711
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "weighting_round",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'revealed', 'closed')", name=op.f("ck_weighting_round_status")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
            name=op.f("fk_weighting_round_workspace_id_workspace"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weighting_round")),
        sa.UniqueConstraint("workspace_id", "number", name=op.f("uq_weighting_round_workspace_id")),
    )
    op.create_table(
        "member_weights",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("round_number", sa.Integer(), nullable=False),
        sa.Column("rater_id", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "method IN ('points', 'pairwise')", name=op.f("ck_member_weights_method")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "rater_id"],
            ["rater.workspace_id", "rater.rater_id"],
            name=op.f("fk_member_weights_workspace_id_rater"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "round_number"],
            ["weighting_round.workspace_id", "weighting_round.number"],
            name=op.f("fk_member_weights_workspace_id_weighting_round"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
            name=op.f("fk_member_weights_workspace_id_workspace"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_weights")),
        sa.UniqueConstraint(
            "workspace_id",
            "round_number",
            "rater_id",
            "level",
            name=op.f("uq_member_weights_workspace_id"),
        ),
    )
    op.create_table(
        "weighting_submission",
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("round_number", sa.Integer(), nullable=False),
        sa.Column("rater_id", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "rater_id"],
            ["rater.workspace_id", "rater.rater_id"],
            name=op.f("fk_weighting_submission_workspace_id_rater"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "round_number"],
            ["weighting_round.workspace_id", "weighting_round.number"],
            name=op.f("fk_weighting_submission_workspace_id_weighting_round"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
            name=op.f("fk_weighting_submission_workspace_id_workspace"),
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id", "round_number", "rater_id", name=op.f("pk_weighting_submission")
        ),
    )


def downgrade() -> None:
    op.drop_table("weighting_submission")
    op.drop_table("member_weights")
    op.drop_table("weighting_round")

"""workspace titles in every language: the picker names a decision in the reader's language

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 23:55:00.000000
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

LANGS = ("en", "ru")


def _titles(scenario_json: str, fallback: str) -> dict[str, str]:
    """The current version's ``name`` in each language (one-language names serve both)."""
    name = json.loads(scenario_json).get("name", fallback)
    if isinstance(name, dict):
        first = next(iter(name.values()), fallback)
        return {lang: name.get(lang, first) for lang in LANGS}
    return {lang: str(name) for lang in LANGS}


def upgrade() -> None:
    op.add_column("workspace", sa.Column("titles", sa.JSON(), nullable=True))
    conn = op.get_bind()
    workspace = sa.table(
        "workspace",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("current_version", sa.Integer),
        sa.column("titles", sa.JSON),
    )
    version = sa.table(
        "scenario_version",
        sa.column("workspace_id", sa.String),
        sa.column("number", sa.Integer),
        sa.column("scenario_json", sa.Text),
    )
    rows = conn.execute(
        sa.select(workspace.c.id, workspace.c.name, version.c.scenario_json).join(
            version,
            (version.c.workspace_id == workspace.c.id)
            & (version.c.number == workspace.c.current_version),
        )
    ).all()
    for ws_id, name, scenario_json in rows:
        conn.execute(
            workspace.update()
            .where(workspace.c.id == ws_id)
            .values(titles=_titles(scenario_json, name))
        )


def downgrade() -> None:
    op.drop_column("workspace", "titles")  # SQLite >= 3.35 drops a column in place

"""The version history names authors as people, not by the audit log's ids."""

from __future__ import annotations

from pathlib import Path

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLES_DIR
from crm_select.services.workspace import Actor, create_workspace, open_database, version_history
from crm_select.store.api import save_version


def test_authors_by_name(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'v.db'}")
    sc = load_scenario(EXAMPLES_DIR / "b2b-distributor.yaml", load_catalog())
    created = create_workspace(db, sc)  # the example's facilitator is volkov, Dmitry Volkov
    chair = Actor.operator(created.workspace_id, "app")
    save_version(db, chair, sc.model_copy(update={"description": "edited"}), "edit")
    history = version_history(db, chair)
    assert [(v.number, v.author) for v in history] == [(1, "Dmitry Volkov"), (2, None)]

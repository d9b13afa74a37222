"""The pages' door to the live workspaces in the store: the store operations they use, and
the ones that compose several (inviting a rater mints their id first).

Pages never import crm_select.store; this module says which of its operations they use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_select.models.rater_id import rater_id_for
from crm_select.store.api import (
    AccessDenied,
    Actor,
    Cell,
    Database,
    Evidence,
    Imported,
    MemberWeightsRecord,
    RaterInfo,
    Role,
    RoundInfo,
    RoundStatus,
    ScoreRecord,
    ScoreSet,
    StaleWrite,
    StoreError,
    VersionInfo,
    WeightsLocked,
    WorkspaceInfo,
    add_comment,
    apply_round,
    authenticate,
    close_discussion,
    comments,
    create_workspace,
    export_workspace,
    get_workspace,
    import_workspace,
    invite_rater,
    list_workspaces,
    load_scenario,
    lock_weights,
    lock_workspace,
    mark_submitted,
    mark_weights_submitted,
    my_member_weights,
    my_scores,
    open_database,
    open_discussion,
    open_weighting,
    raters,
    restore_scores,
    restore_version,
    reveal_round,
    reveal_weighting,
    rotate_admin_code,
    round_changes,
    round_scores,
    rounds,
    score_sets,
    set_weighting_set,
    start_next_round,
    start_scoring,
    stored_repairs,
    submission_status,
    submit_member_weights,
    submit_score,
    unlock_weights,
    unlock_workspace,
    versions,
    weighting_rounds,
    weighting_sets,
    weighting_status,
)
from crm_select.store.export_file import read_export_file

__all__ = [
    "AccessDenied",
    "Actor",
    "Cell",
    "Database",
    "Evidence",
    "Imported",
    "Invitation",
    "MemberWeightsRecord",
    "RaterInfo",
    "Role",
    "RoundInfo",
    "RoundStatus",
    "ScoreRecord",
    "ScoreSet",
    "StaleWrite",
    "StoreError",
    "VersionInfo",
    "WeightsLocked",
    "WorkspaceInfo",
    "add_comment",
    "apply_round",
    "authenticate",
    "close_discussion",
    "comments",
    "create_workspace",
    "export_workspace",
    "get_workspace",
    "import_workspace",
    "invite",
    "invite_rater",
    "list_workspaces",
    "load_scenario",
    "lock_weights",
    "lock_workspace",
    "mark_submitted",
    "mark_weights_submitted",
    "my_member_weights",
    "my_scores",
    "open_database",
    "open_discussion",
    "open_weighting",
    "raters",
    "read_export_file",
    "reissue",
    "restore_scores",
    "restore_version",
    "reveal_round",
    "reveal_weighting",
    "rotate_admin_code",
    "round_changes",
    "round_scores",
    "rounds",
    "score_sets",
    "set_weighting_set",
    "start_next_round",
    "start_scoring",
    "stored_repairs",
    "submission_status",
    "submit_member_weights",
    "submit_score",
    "unlock_weights",
    "unlock_workspace",
    "version_history",
    "versions",
    "weighting_rounds",
    "weighting_sets",
    "weighting_status",
]


@dataclass(frozen=True)
class Invitation:
    """A rater's id and the one-time token of their join link."""

    rater_id: str
    name: str
    token: str


def invite(
    db: Database, actor: Actor, name: str, department: str = "", email: str | None = None
) -> Invitation:
    """Invite a new rater: an id minted from the name (unique in the workspace), a join token.

    Raises ``StoreError`` (e.g. ``AccessDenied``, ``WorkspaceLocked``) with the store's reason.
    """
    clean = name.strip()
    rid = rater_id_for(clean, (r.id for r in raters(db, actor)))
    token = invite_rater(db, actor, rid, clean, department=department.strip(), email=email)
    return Invitation(rid, clean, token)


def reissue(db: Database, actor: Actor, rater_id: str) -> Invitation:
    """A new join token for an existing rater (the old link stops working)."""
    r = next(x for x in raters(db, actor) if x.id == rater_id)
    token = invite_rater(db, actor, r.id, r.name, department=r.department, email=r.email)
    return Invitation(r.id, r.name, token)


@dataclass(frozen=True)
class VersionEntry:
    """A saved version as the history lists it: the author by name (``None``: the app itself,
    in local mode), not by the audit log's id."""

    number: int
    author: str | None
    message: str
    created_at: dt.datetime


def version_history(db: Database, actor: Actor) -> list[VersionEntry]:
    """Every saved version, oldest first, its author named as the workspace knows them."""
    names = {r.id: r.name for r in raters(db, actor)}
    out = []
    for v in versions(db, actor):
        role, _, name = v.author.partition(":")
        author = names.get(v.author) or (None if role == Role.OPERATOR.value else name or role)
        out.append(VersionEntry(v.number, author, v.message, v.created_at))
    return out

"""Store rules: a blind round stays blind to raters through every read, applied rounds
included; comments only on cells that exist; what a lock freezes and what it leaves open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crm_select.store import api
from crm_select.store.api import (
    AccessDenied,
    Database,
    InvalidInput,
    WorkspaceLocked,
    add_comment,
    apply_round,
    audit_log,
    authenticate,
    invite_rater,
    lock_workspace,
    reveal_round,
    revoke_token,
    rotate_admin_code,
    save_version,
    start_next_round,
    start_scoring,
    submit_score,
)
from tests.store.conftest import Committee

SECRET_NOTE = "boris-round-2-secret"

# every read a rater's session can make: (name, call)
READS: list[tuple[str, Callable[[Database, api.Actor], Any]]] = [
    ("load_scenario", api.load_scenario),
    ("scenario_with_scores", api.scenario_with_scores),
    ("score_matrix", api.score_matrix),
    ("round_scores", api.round_scores),
    ("my_scores", api.my_scores),
    ("round_changes", api.round_changes),
    ("comments", api.comments),
    ("rounds", api.rounds),
    ("submission_status", api.submission_status),
    ("get_workspace", api.get_workspace),
    ("raters", api.raters),
    ("versions", api.versions),
    ("weighting_sets", api.weighting_sets),
    ("audit_log", api.audit_log),
    ("score_sets", api.score_sets),
    ("scenario of round 2", lambda db, a: api.scenario_with_scores(db, a, 2)),
    ("scores of round 2", lambda db, a: api.round_scores(db, a, 2)),
    ("matrix of round 2", lambda db, a: api.score_matrix(db, a, 2)),
]


def test_a_raters_session_never_receives_others_scores_of_a_blind_round(db: Database) -> None:
    com = Committee(db, ["anna", "boris"], criteria=2)
    f, anna, boris = com.facilitator, com.actors["anna"], com.actors["boris"]
    start_scoring(db, f)
    for actor, value in ((anna, 1.0), (boris, 2.0)):
        for option in ("opt0", "opt1"):
            submit_score(db, actor, option, "c0", value, expected_version=0)
    reveal_round(db, f)
    apply_round(db, f)  # round 1's scores are now the decision's
    start_next_round(db, f, carry_over=False)
    # boris's round-2 scores are distinctive: 4.5 appears nowhere else
    submit_score(db, boris, "opt0", "c0", 4.5, expected_version=0, note=SECRET_NOTE)
    submit_score(db, boris, "opt1", "c1", 4.5, expected_version=0)
    submit_score(db, anna, "opt0", "c0", 3.0, expected_version=0)
    leaks = []
    for name, read in READS:
        try:
            got = repr(read(db, anna))
        except AccessDenied:
            continue
        if "4.5" in got or SECRET_NOTE in got:
            leaks.append(name)
    assert leaks == []
    # the facilitator does see them, and so does anna once the round is revealed
    assert "4.5" in repr(api.round_scores(db, f, 2))
    reveal_round(db, f)
    assert "4.5" in repr(api.round_scores(db, anna, 2))


def test_comments_on_cells_that_do_not_exist_are_refused(db: Database) -> None:
    com = Committee(db, ["anna"], criteria=2)
    start_scoring(db, com.facilitator)
    anna = com.actors["anna"]
    with pytest.raises(InvalidInput, match="unknown option"):
        add_comment(db, anna, "nope", "c0", "hello")
    with pytest.raises(InvalidInput, match="not a rated criterion"):
        add_comment(db, anna, "opt0", "tco", "hello")
    with pytest.raises(InvalidInput, match="not a rater"):
        add_comment(db, com.facilitator, "opt0", "c0", "hello", rater_id="ghost")
    add_comment(db, anna, "opt0", "c0", "hello")


def test_evidence_notes_have_a_length_limit(db: Database) -> None:
    com = Committee(db, ["anna"], criteria=2)
    start_scoring(db, com.facilitator)
    anna = com.actors["anna"]
    with pytest.raises(InvalidInput, match="at most 2,000"):
        submit_score(db, anna, "opt0", "c0", 3, expected_version=0, note="x" * 2001)
    submit_score(db, anna, "opt0", "c0", 3, expected_version=0, note="x" * 2000)


def test_a_lock_freezes_the_decision_but_not_access_control(db: Database) -> None:
    """Locked means the decision's content is final: scenario, scores, comments, weights and
    who is on the committee. Revoking a leaked link and rotating the admin code stay possible
    (security cannot wait for an unlock) and are audited."""
    com = Committee(db, ["anna", "boris"], criteria=2)
    f = com.facilitator
    start_scoring(db, f)
    lock_workspace(db, f, "signed")
    with pytest.raises(WorkspaceLocked):
        save_version(db, f, com.scenario, "late change")
    with pytest.raises(WorkspaceLocked):
        submit_score(db, com.actors["anna"], "opt0", "c0", 3, expected_version=0)
    with pytest.raises(WorkspaceLocked):
        add_comment(db, com.actors["anna"], "opt0", "c0", "late")
    with pytest.raises(WorkspaceLocked):
        invite_rater(db, f, "carl", "Carl")
    revoke_token(db, f, "boris")
    with pytest.raises(AccessDenied):
        authenticate(db, com.workspace_id, com.tokens["boris"])
    code = rotate_admin_code(db, f)
    assert authenticate(db, com.workspace_id, code).is_facilitator
    actions = [e.action for e in audit_log(db, f)]
    assert "rater.revoke" in actions
    assert "admin_code.rotate" in actions

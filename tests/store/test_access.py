"""Forbidden paths are refused with a clear error; allowed paths work."""

from __future__ import annotations

import pytest

from crm_select.store.access import hash_token, verify_token
from crm_select.store.api import (
    AccessDenied,
    Actor,
    Conflict,
    InvalidInput,
    WeightsLocked,
    WorkspaceLocked,
    add_comment,
    audit_log,
    authenticate,
    authenticate_oidc,
    comments,
    export_workspace,
    invite_rater,
    load_scenario,
    lock_workspace,
    my_scores,
    reveal_round,
    revoke_token,
    round_changes,
    round_scores,
    save_version,
    scenario_with_scores,
    set_weighting_set,
    start_next_round,
    start_scoring,
    submit_score,
    unlock_weights,
    unlock_workspace,
)
from crm_select.store.records import Role
from tests.store.conftest import Committee


def test_tokens_are_stored_hashed_and_authenticate(committee: Committee) -> None:
    db = committee.db
    actor = authenticate(db, committee.workspace_id, committee.tokens["anna"])
    assert actor == Actor(committee.workspace_id, "anna", Role.RATER, "Anna")
    boss = authenticate(db, committee.workspace_id, committee.admin_code)
    assert boss.role is Role.FACILITATOR
    dump = str(export_workspace(db, boss))
    assert committee.tokens["anna"] not in dump
    assert committee.admin_code not in dump
    assert hash_token(committee.tokens["anna"]) in dump
    assert verify_token(committee.tokens["anna"], hash_token(committee.tokens["anna"]))


@pytest.mark.parametrize("token", ["", "nope", "x" * 43])
def test_wrong_token_is_refused(committee: Committee, token: str) -> None:
    with pytest.raises(AccessDenied, match="invalid or revoked"):
        authenticate(committee.db, committee.workspace_id, token)


def test_token_of_another_workspace_is_refused(committee: Committee) -> None:
    other = Committee(committee.db, ["anna"])
    with pytest.raises(AccessDenied):
        authenticate(committee.db, committee.workspace_id, other.tokens["anna"])


def test_revoked_and_reissued_tokens(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    revoke_token(db, f, "anna")
    with pytest.raises(AccessDenied):
        authenticate(db, committee.workspace_id, committee.tokens["anna"])
    new = invite_rater(db, f, "anna", "Anna")
    assert authenticate(db, committee.workspace_id, new).rater_id == "anna"


def test_oidc_identifies_invited_email(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    invite_rater(db, f, "dora", "Dora", email="Dora@Example.com")
    assert authenticate_oidc(db, committee.workspace_id, "dora@example.com").rater_id == "dora"
    with pytest.raises(AccessDenied, match="not invited"):
        authenticate_oidc(db, committee.workspace_id, "eve@example.com")


def test_rater_cannot_do_facilitator_things(committee: Committee) -> None:
    db, anna = committee.db, committee.actors["anna"]
    sc = load_scenario(db, anna)
    for call in (
        lambda: start_scoring(db, anna),
        lambda: reveal_round(db, anna),
        lambda: start_next_round(db, anna),
        lambda: save_version(db, anna, sc, "mine"),
        lambda: set_weighting_set(db, anna, "sales", {"c0": 5}),
        lambda: unlock_weights(db, anna, "because"),
        lambda: lock_workspace(db, anna),
        lambda: invite_rater(db, anna, "mallory", "Mallory"),
        lambda: export_workspace(db, anna),
        lambda: audit_log(db, anna),
    ):
        with pytest.raises(AccessDenied, match="only the facilitator"):
            call()


def test_blind_round_hides_other_raters(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    anna, boris = committee.actors["anna"], committee.actors["boris"]
    start_scoring(db, f)
    submit_score(db, anna, "opt0", "c0", 4, expected_version=0)
    submit_score(db, boris, "opt0", "c0", 1, expected_version=0)
    assert [c.value for c in my_scores(db, anna)] == [4]
    for call in (round_scores, scenario_with_scores):
        with pytest.raises(AccessDenied, match="blind"):
            call(db, anna)
    assert {c.rater_id for c in round_scores(db, f)} == {"anna", "boris"}
    reveal_round(db, f)
    assert {c.rater_id for c in round_scores(db, anna)} == {"anna", "boris"}
    # after the reveal the next round is blind again, but round 1 stays readable
    start_next_round(db, f)
    with pytest.raises(AccessDenied, match="blind"):
        round_scores(db, anna)
    assert len(round_scores(db, anna, 1)) == 2
    assert {c.rater_id for c in round_changes(db, anna)} <= {"anna"}


def test_rater_can_never_write_another_raters_score(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    start_scoring(db, f)
    submit_score(db, committee.actors["boris"], "opt0", "c0", 2, expected_version=0)
    with pytest.raises(AccessDenied, match="only their own"):
        submit_score(
            db, committee.actors["anna"], "opt0", "c0", 5, expected_version=1, rater_id="boris"
        )
    with pytest.raises(AccessDenied, match="only their own"):
        submit_score(db, f, "opt0", "c0", 5, expected_version=1, rater_id="boris")
    reveal_round(db, f)
    with pytest.raises(AccessDenied, match="only their own"):
        submit_score(
            db, committee.actors["anna"], "opt0", "c0", 5, expected_version=1, rater_id="boris"
        )
    assert round_scores(db, f)[0].value == 2


def test_operator_cannot_score(committee: Committee) -> None:
    start_scoring(committee.db, committee.facilitator)
    with pytest.raises(AccessDenied, match="not a rater"):
        submit_score(
            committee.db,
            Actor.operator(committee.workspace_id),
            "opt0",
            "c0",
            1,
            expected_version=0,
        )


def test_revealed_round_is_frozen(committee: Committee) -> None:
    db, f, anna = committee.db, committee.facilitator, committee.actors["anna"]
    start_scoring(db, f)
    rec = submit_score(db, anna, "opt0", "c0", 3, expected_version=0)
    reveal_round(db, f)
    with pytest.raises(AccessDenied, match="revealed"):
        submit_score(db, anna, "opt0", "c0", 4, expected_version=rec.version)
    start_next_round(db, f)
    with pytest.raises(AccessDenied, match="round 1 is over"):
        submit_score(db, anna, "opt0", "c0", 4, expected_version=1, round_number=1)


def test_scoring_before_start_is_refused(committee: Committee) -> None:
    with pytest.raises(AccessDenied, match="not started"):
        submit_score(committee.db, committee.actors["anna"], "opt0", "c0", 3, expected_version=0)


def test_locked_workspace_is_read_only(committee: Committee) -> None:
    db, f, anna = committee.db, committee.facilitator, committee.actors["anna"]
    start_scoring(db, f)
    submit_score(db, anna, "opt0", "c0", 3, expected_version=0)
    lock_workspace(db, f, "decision made")
    sc = load_scenario(db, f)
    for call in (
        lambda: submit_score(db, anna, "opt0", "c0", 4, expected_version=1),
        lambda: save_version(db, f, sc, "late change"),
        lambda: reveal_round(db, f),
        lambda: add_comment(db, anna, "opt0", "c0", "hello"),
        lambda: invite_rater(db, f, "late", "Late"),
        lambda: unlock_weights(db, f, "why not"),
    ):
        with pytest.raises(WorkspaceLocked, match="read-only"):
            call()
    assert my_scores(db, anna)[0].value == 3  # reading still works
    unlock_workspace(db, f, "reopened")
    submit_score(db, anna, "opt0", "c0", 4, expected_version=1)


def test_weights_locked_once_scoring_starts(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    set_weighting_set(db, f, "sales", {"c0": 5, "functionality": 30})
    start_scoring(db, f)
    sc = load_scenario(db, f)
    sc.criteria.groups[0].criteria[0].weight = 9
    with pytest.raises(WeightsLocked, match="unlock weights"):
        save_version(db, f, sc, "heavier c0")
    with pytest.raises(WeightsLocked):
        set_weighting_set(db, f, "sales", {"c0": 1}, expected_version=1)
    # a change that does not touch weights is fine
    renamed = load_scenario(db, f)
    renamed.description = "clarified"
    save_version(db, f, renamed, "wording")
    with pytest.raises(InvalidInput, match="reason"):
        unlock_weights(db, f, " ")
    unlock_weights(db, f, "finance asked to weigh TCO higher")
    save_version(db, f, sc, "heavier c0")
    events = [e for e in audit_log(db, f) if e.action == "weights.unlock"]
    assert events[0].payload["reason"] == "finance asked to weigh TCO higher"
    assert events[0].actor == "facilitator"


def test_comments_on_hidden_scores(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    anna, boris = committee.actors["anna"], committee.actors["boris"]
    start_scoring(db, f)
    add_comment(db, anna, "opt0", "c0", "demo showed it", rater_id="anna")
    add_comment(db, boris, "opt0", "c0", "cell-level question")
    with pytest.raises(AccessDenied, match="hidden"):
        add_comment(db, boris, "opt0", "c0", "why so high?", rater_id="anna")
    assert [c.body for c in comments(db, boris)] == ["cell-level question"]
    assert len(comments(db, f)) == 2
    reveal_round(db, f)
    assert len(comments(db, boris)) == 2


def test_invalid_scores_are_refused(committee: Committee) -> None:
    db, anna = committee.db, committee.actors["anna"]
    start_scoring(db, committee.facilitator)
    with pytest.raises(InvalidInput, match="between 0 and 5"):
        submit_score(db, anna, "opt0", "c0", 6, expected_version=0)
    with pytest.raises(InvalidInput, match="unknown option"):
        submit_score(db, anna, "nope", "c0", 1, expected_version=0)
    with pytest.raises(InvalidInput, match="not a rated criterion"):
        submit_score(db, anna, "opt0", "tco", 1, expected_version=0)
    with pytest.raises(InvalidInput, match="evidence"):
        submit_score(db, anna, "opt0", "c0", 1, expected_version=0, evidence="gossip")
    with pytest.raises(Conflict):
        start_scoring(db, committee.facilitator) or start_scoring(db, committee.facilitator)

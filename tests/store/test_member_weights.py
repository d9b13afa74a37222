"""Each member weighs in a weighting round before scoring: blind until revealed, optimistic
writes, the phase rules, the audit log, export and import; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from crm_select.models.weights_source import WeightsChoice, WeightsSource
from crm_select.store.api import (
    AccessDenied,
    Actor,
    Conflict,
    InvalidInput,
    StaleWrite,
    WeightsLocked,
    adopt_weights,
    audit_log,
    export_workspace,
    import_workspace,
    load_scenario,
    mark_weights_submitted,
    my_member_weights,
    open_weighting,
    reveal_weighting,
    round_member_weights,
    start_scoring,
    submit_member_weights,
    weighting_rounds,
    weighting_status,
)
from crm_select.store.records import Role, RoundStatus
from tests.store.conftest import Committee

FUNC = {"c0": 10.0, "c1": 30.0, "c2": 60.0}


def test_weights_are_blind_until_revealed(committee: Committee) -> None:
    f, anna, boris = committee.facilitator, committee.actors["anna"], committee.actors["boris"]
    db = committee.db
    assert open_weighting(db, f).status is RoundStatus.OPEN
    submit_member_weights(db, anna, "functionality", points=FUNC, expected_version=0)
    submit_member_weights(
        db, boris, "interests", judgements=[("functionality", "budget", 3)], expected_version=0
    )
    (mine,) = my_member_weights(db, anna)
    assert (mine.level, mine.points, mine.judgements, mine.version) == (
        "functionality",
        FUNC,
        None,
        1,
    )
    with pytest.raises(AccessDenied, match="blind"):
        round_member_weights(db, boris)
    assert {(r.rater_id, r.level) for r in round_member_weights(db, f)} == {
        ("anna", "functionality"),
        ("boris", "interests"),
    }
    reveal_weighting(db, f)
    everyone = round_member_weights(db, boris)
    assert [r.judgements for r in everyone if r.rater_id == "boris"] == [
        (("functionality", "budget", 3.0),)
    ]
    with pytest.raises(AccessDenied, match="frozen"):
        submit_member_weights(db, anna, "functionality", points=FUNC, expected_version=1)


def test_optimistic_versions(committee: Committee) -> None:
    db, anna = committee.db, committee.actors["anna"]
    open_weighting(db, committee.facilitator)
    first = submit_member_weights(db, anna, "functionality", points=FUNC, expected_version=0)
    same = submit_member_weights(db, anna, "functionality", points=FUNC, expected_version=1)
    assert first.version == same.version == 1  # nothing changed: no new version
    with pytest.raises(StaleWrite, match="nothing was saved"):
        submit_member_weights(db, anna, "functionality", points={"c0": 1}, expected_version=0)
    second = submit_member_weights(
        db, anna, "functionality", judgements=[("c0", "c1", 1 / 3)], expected_version=1
    )
    assert (second.version, second.points) == (2, None)
    assert second.judgements is not None
    ((a, b, value),) = second.judgements
    assert (a, b) == ("c0", "c1")
    assert value == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("level", "kwargs", "message"),
    [
        ("nowhere", {"points": FUNC}, "unknown level"),
        ("functionality", {"points": {"tco": 5}}, "unknown item"),
        ("functionality", {"points": {"c0": -1}}, ">= 0"),
        ("functionality", {"points": {"c0": 0, "c1": 0}}, "above 0"),
        ("functionality", {"judgements": [("c0", "c1", 12)]}, "1/9 to 9"),
        ("functionality", {"judgements": [("c0", "c0", 2)]}, "itself"),
        ("functionality", {"judgements": [("c0", "c1", 2), ("c1", "c0", 2)]}, "twice"),
        ("functionality", {}, "either"),
    ],
)
def test_bad_weights_are_refused(
    committee: Committee, level: str, kwargs: dict[str, object], message: str
) -> None:
    open_weighting(committee.db, committee.facilitator)
    with pytest.raises(InvalidInput, match=message):
        submit_member_weights(
            committee.db,
            committee.actors["anna"],
            level,
            expected_version=0,
            **kwargs,  # type: ignore[arg-type]
        )


def test_only_members_weigh(committee: Committee) -> None:
    db = committee.db
    with pytest.raises(AccessDenied, match="wait for the facilitator"):
        submit_member_weights(
            db, committee.actors["anna"], "functionality", points=FUNC, expected_version=0
        )
    open_weighting(db, committee.facilitator)
    with pytest.raises(AccessDenied, match="not a committee member"):
        submit_member_weights(
            db, committee.facilitator, "functionality", points=FUNC, expected_version=0
        )
    with pytest.raises(AccessDenied, match="only the facilitator"):
        reveal_weighting(db, committee.actors["anna"])


def test_the_weighting_phase_comes_before_scoring(committee: Committee) -> None:
    db, f, anna = committee.db, committee.facilitator, committee.actors["anna"]
    open_weighting(db, f)
    with pytest.raises(Conflict, match="still open"):
        open_weighting(db, f)
    with pytest.raises(Conflict, match="still blind"):
        start_scoring(db, f)
    submit_member_weights(db, anna, "functionality", points=FUNC, expected_version=0)
    reveal_weighting(db, f)
    second = open_weighting(db, f)  # Delphi: the members start from their own weights
    assert second.number == 2
    (carried,) = my_member_weights(db, anna)
    assert (carried.round, carried.points, carried.version) == (2, FUNC, 1)
    assert [r.status for r in weighting_rounds(db, f)] == [RoundStatus.CLOSED, RoundStatus.OPEN]
    reveal_weighting(db, f)
    start_scoring(db, f)
    assert [r.status for r in weighting_rounds(db, f)] == [RoundStatus.CLOSED] * 2
    with pytest.raises(WeightsLocked):
        open_weighting(db, f)
    actions = [e.action for e in audit_log(db, f)]
    for action in ("weighting.open", "weights.member", "weighting.reveal", "round.open"):
        assert action in actions


def test_submission_marks(committee: Committee) -> None:
    db, f, anna = committee.db, committee.facilitator, committee.actors["anna"]
    open_weighting(db, f)
    submit_member_weights(db, anna, "functionality", points=FUNC, expected_version=0)
    mark_weights_submitted(db, anna)
    status = {s.rater_id: s for s in weighting_status(db, f)}
    assert set(status) == {"anna", "boris", "chen"}
    assert (status["anna"].filled, status["anna"].total, status["anna"].submitted) == (
        2 - 1,
        2,
        True,
    )
    assert not status["boris"].submitted
    assert [s.rater_id for s in weighting_status(db, anna)] == ["anna"]  # no one else's progress
    mark_weights_submitted(db, anna, False)
    assert not {s.rater_id: s for s in weighting_status(db, f)}["anna"].submitted


def _source(ws: str) -> WeightsSource:
    return WeightsSource(
        choice=WeightsChoice.OWN,
        workspace=ws,
        adopted_by="Fiona",
        adopted_at=dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC),
    )


def test_adopting_stores_a_version_with_the_source(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    tree = load_scenario(db, f).criteria
    data = tree.model_dump()
    data["groups"][0]["weight"] = 70
    changed = type(tree).model_validate(data)
    v = adopt_weights(db, f, changed, _source(committee.workspace_id))
    sc = load_scenario(db, f)
    assert sc.weights_source is not None
    assert sc.weights_source.choice is WeightsChoice.OWN
    assert sc.criteria.groups[0].weight == 70
    assert audit_log(db, f)[-1].action == "weights.adopt"
    assert v.message == "weights adopted: own"
    with pytest.raises(AccessDenied):
        adopt_weights(db, committee.actors["anna"], changed, _source(committee.workspace_id))
    start_scoring(db, f)
    with pytest.raises(WeightsLocked):
        adopt_weights(db, f, tree, _source(committee.workspace_id))


def test_export_and_import_carry_the_weighting(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    open_weighting(db, f)
    submit_member_weights(
        db, committee.actors["anna"], "functionality", points=FUNC, expected_version=0
    )
    submit_member_weights(
        db,
        committee.actors["boris"],
        "interests",
        judgements=[("functionality", "budget", 1 / 3)],
        expected_version=0,
    )
    mark_weights_submitted(db, committee.actors["anna"])
    reveal_weighting(db, f)
    data = json.loads(json.dumps(export_workspace(db, f)))
    assert len(data["member_weights"]) == 2
    assert data["weighting_rounds"][0]["status"] == "revealed"
    tag = uuid.uuid4().hex[:8]  # the PostgreSQL database is shared by the session's tests
    new_id = import_workspace(db, data, workspace_id=f"copy-{tag}", trusted=True).workspace_id
    other = Actor(new_id, "facilitator", Role.FACILITATOR)
    again = export_workspace(db, other)
    for key in ("weighting_rounds", "member_weights", "weighting_submissions"):
        assert again[key] == data[key]
    # an export written before weighting rounds existed still imports
    new_sections = ("weighting_rounds", "member_weights", "weighting_submissions")
    old = {k: v for k, v in data.items() if k not in new_sections}
    assert import_workspace(db, old, workspace_id=f"old-{tag}").workspace_id == f"old-{tag}"
    # and a broken entry is refused before anything is written
    data["member_weights"][0]["entry"] = {"points": {"c0": -1}}
    with pytest.raises(InvalidInput, match="member_weights"):
        import_workspace(db, data, workspace_id=f"broken-{tag}")

"""Workspaces: versions and restore, live views, export -> import gives the same workspace."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_select.store.access import Actor
from crm_select.store.api import (
    Conflict,
    Database,
    InvalidInput,
    StaleWrite,
    add_comment,
    change_marker,
    create_workspace,
    export_workspace,
    get_workspace,
    import_workspace,
    list_workspaces,
    load_scenario,
    lock_workspace,
    mark_submitted,
    open_discussion,
    restore_version,
    reveal_round,
    round_changes,
    save_version,
    scenario_with_scores,
    score_matrix,
    set_weighting_set,
    start_next_round,
    start_scoring,
    submission_status,
    submit_score,
    versions,
    weighting_sets,
)
from crm_select.store.records import Evidence, Role, RoundStatus
from scoring.committee import consensus, rating_tensor
from tests.store.conftest import Committee, make_scenario


def test_versions_and_restore(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    sc = load_scenario(db, f)
    sc.description = "v2"
    assert save_version(db, f, sc, "describe", expected_version=1).number == 2
    sc.description = "v3"
    save_version(db, f, sc, "again")
    with pytest.raises(StaleWrite, match="reload"):
        save_version(db, f, sc, "from an old tab", expected_version=2)
    restored = restore_version(db, f, 1)
    assert restored.number == 4
    assert restored.message == "restored version 1"
    assert load_scenario(db, f).description == ""
    assert load_scenario(db, f, 3).description == "v3"
    assert [v.number for v in versions(db, f)] == [1, 2, 3, 4]
    assert get_workspace(db, f).current_version == 4


def test_create_registers_scenario_raters_and_lists(db: Database) -> None:
    created = create_workspace(db, make_scenario(raters=["ivan", "olga"]), "Fiona")
    actor = Actor.operator(created.workspace_id)
    info = get_workspace(db, actor)
    assert info.raters == 3
    assert info.current_round == 0
    assert not info.locked
    assert created.workspace_id in [w.id for w in list_workspaces(db)]
    with pytest.raises(Conflict):
        create_workspace(db, make_scenario(), workspace_id=created.workspace_id)


def run_session(c: Committee) -> None:
    """Two Delphi rounds with notes, comments, weights and a discussion."""
    db, f = c.db, c.facilitator
    anna, boris, chen = (c.actors[r] for r in ("anna", "boris", "chen"))
    set_weighting_set(db, f, "sales", {"functionality": 70, "c0": 3})
    set_weighting_set(db, f, "finance", {"budget": 80})
    start_scoring(db, f)
    for actor, base in ((anna, 1), (boris, 3), (chen, 5)):
        for o in ("opt0", "opt1"):
            for k in ("c0", "c1"):
                submit_score(
                    db,
                    actor,
                    o,
                    k,
                    base if k == "c0" else 2,
                    expected_version=0,
                    evidence=Evidence.DEMO,
                    note=f"{actor.rater_id} saw the demo",
                )
        mark_submitted(db, actor)
    reveal_round(db, f)
    open_discussion(db, f, "opt0", "c0")
    add_comment(db, boris, "opt0", "c0", "Anna, why 1?")
    start_next_round(db, f)
    submit_score(db, anna, "opt0", "c0", 3, expected_version=1, evidence="reference_call")


def test_live_views(committee: Committee) -> None:
    run_session(committee)
    db, f = committee.db, committee.facilitator
    status = {s.rater_id: s for s in submission_status(db, f, 1)}
    assert set(status) == {"anna", "boris", "chen"}
    assert all(s.submitted and s.filled == 4 and s.total == 9 for s in status.values())
    assert not any(s.submitted for s in submission_status(db, f))  # round 2 just opened
    first = scenario_with_scores(db, f, 1)
    tensor, _ = rating_tensor(
        first.scores,
        [r.id for r in first.raters],
        [o.option_id for o in first.options],
        list(first.criteria.rating_scales),
    )
    spread = consensus(tensor).spreads()
    assert (spread[0].option, spread[0].criterion) in {("opt0", "c0"), ("opt1", "c0")}
    assert spread[0].std == pytest.approx(2.0)
    assert spread[0].n == 3
    assert (spread[-1].n, spread[-1].std) in {(0, None), (1, None)}  # not measured, not 0
    changes = round_changes(db, f)
    assert [(x.rater_id, x.option, x.criterion, x.before, x.after) for x in changes] == [
        ("anna", "opt0", "c0", 1, 3)
    ]
    assert changes[0].delta == 2
    m = score_matrix(db, f)
    assert m["anna"]["opt0"]["c0"] == 3
    assert m["chen"]["opt1"]["c0"] == 5
    sc = scenario_with_scores(db, f)
    assert sc.scores["anna"]["opt0"]["c0"] == 3
    assert {r.id for r in sc.raters} == {"anna", "boris", "chen"}
    info = get_workspace(db, f)
    assert info.current_round == 2
    assert info.round_status is RoundStatus.OPEN
    assert info.discussion is not None
    assert info.discussion.option == "opt0"
    assert [w.department for w in weighting_sets(db, committee.actors["anna"])] == [
        "finance",
        "sales",
    ]


def test_change_marker_moves_on_every_write(committee: Committee) -> None:
    db, f, anna = committee.db, committee.facilitator, committee.actors["anna"]
    start_scoring(db, f)
    m0 = change_marker(db, anna)
    rec = submit_score(db, anna, "opt0", "c0", 2, expected_version=0)
    m1 = change_marker(db, f)
    assert m1 > m0
    again = submit_score(db, anna, "opt0", "c0", 2, expected_version=rec.version)
    assert again.version == rec.version
    assert change_marker(db, f) == m1


def test_export_import_identical(committee: Committee) -> None:
    run_session(committee)
    db, f = committee.db, committee.facilitator
    lock_workspace(db, f, "done")
    data = export_workspace(db, f)
    json.dumps(data)  # JSON-serialisable
    with pytest.raises(Conflict, match="already exists"):
        import_workspace(db, data)
    new_id = import_workspace(
        db, data, workspace_id="copy-" + committee.workspace_id, trusted=True
    ).workspace_id
    again = export_workspace(db, Actor.operator(new_id))
    again["workspace"]["id"] = data["workspace"]["id"]
    assert again == data
    # links keep working in the copy
    from crm_select.store.api import authenticate

    assert authenticate(db, new_id, committee.tokens["anna"]).rater_id == "anna"


def test_import_into_another_database(committee: Committee, tmp_path) -> None:
    from crm_select.store.api import open_database

    run_session(committee)
    data = export_workspace(committee.db, committee.facilitator)
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    ws_id = import_workspace(other, json.loads(json.dumps(data)), trusted=True).workspace_id
    assert export_workspace(other, Actor(ws_id, "facilitator", Role.FACILITATOR)) == data
    other.dispose()


def test_import_rejects_foreign_files(db: Database) -> None:
    with pytest.raises(InvalidInput, match="not a crm-select-workspace"):
        import_workspace(db, {"format": "something-else"})


values = st.one_of(st.none(), st.integers(0, 10).map(lambda x: x / 2))
cells = st.dictionaries(
    st.tuples(
        st.sampled_from(["anna", "boris"]),
        st.sampled_from(["opt0", "opt1"]),
        st.sampled_from(["c0", "c1", "c2"]),
    ),
    st.tuples(
        values,
        st.sampled_from([None, *Evidence]),
        st.text(st.characters(exclude_categories=["Cc", "Cs", "Cn"]), max_size=30),
    ),
    max_size=12,
)


_DBS: dict[str, Database] = {}


def shared_db(factory: pytest.TempPathFactory, name: str) -> Database:
    """One SQLite file per name for all hypothesis examples (migrating per example is slow)."""
    from crm_select.store.api import open_database

    if name not in _DBS:
        _DBS[name] = open_database(f"sqlite:///{factory.mktemp(name) / 'db.sqlite'}")
    return _DBS[name]


@settings(max_examples=15)
@given(cells=cells, reveal=st.booleans())
def test_export_import_round_trip_property(
    tmp_path_factory: pytest.TempPathFactory, cells: dict, reveal: bool
) -> None:
    db = shared_db(tmp_path_factory, "source")
    db2 = shared_db(tmp_path_factory, "target")
    c = Committee(db, ["anna", "boris"])
    start_scoring(db, c.facilitator)
    for (rater, o, k), (v, ev, note) in cells.items():
        submit_score(db, c.actors[rater], o, k, v, expected_version=0, evidence=ev, note=note)
    if reveal:
        reveal_round(db, c.facilitator)
    data = export_workspace(db, c.facilitator)
    import_workspace(db2, json.loads(json.dumps(data)), trusted=True)
    assert export_workspace(db2, c.facilitator) == data
    assert len(data["scores"]) == len(cells)


def test_invalid_note_text_is_refused(committee: Committee) -> None:
    start_scoring(committee.db, committee.facilitator)
    for bad in ("a\x00b", "\ud800"):
        with pytest.raises(InvalidInput, match="note"):
            submit_score(
                committee.db,
                committee.actors["anna"],
                "opt0",
                "c0",
                1,
                expected_version=0,
                note=bad,
            )

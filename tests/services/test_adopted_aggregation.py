"""What was adopted is what everyone reads: after the facilitator adopts the group's weights
pooled by AIJ, the members' revealed view is AIJ's, not the default AIP; and the command line
adopts (and prints) any of the three aggregations, refusing AIJ where a member gave points."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.models.weights_source import Aggregation
from crm_select.services.member_weights import (
    adopt_group_weights,
    adopted_aggregation,
    committee_weighting,
    keep_own_weights,
    revealed_weighting,
)
from crm_select.store.api import (
    Database,
    load_scenario,
    open_database,
    open_weighting,
    reveal_weighting,
    submit_member_weights,
)
from tests.store.conftest import Committee

# each member's one judgement per pair of functionality's criteria, linking all three
# (c0 vs c1, c1 vs c2): a spanning tree, so each member's weights follow exactly
JUDGED = {"anna": (2.0, 3.0), "boris": (5.0, 1.0), "chen": (1 / 3, 7.0)}


def by_hand_aij() -> np.ndarray:
    """AIJ by hand: each pair's geometric mean over the members, the tree's weights from it
    (w0 = x01 * w1, w1 = x12 * w2)."""
    x01 = np.prod([j[0] for j in JUDGED.values()]) ** (1 / 3)
    x12 = np.prod([j[1] for j in JUDGED.values()]) ** (1 / 3)
    w = np.array([x01 * x12, x12, 1.0])
    return w / w.sum()


def by_hand_aip() -> np.ndarray:
    """AIP by hand: each member's tree weights, then their arithmetic mean."""
    own = [np.array([a * b, b, 1.0]) for a, b in JUDGED.values()]
    return np.mean([w / w.sum() for w in own], axis=0)


def by_hand_aip_geometric() -> np.ndarray:
    """AIP with the geometric mean by hand: each member's tree weights, their geometric mean
    item by item, normalised."""
    own = [np.array([a * b, b, 1.0]) for a, b in JUDGED.values()]
    g = np.prod([w / w.sum() for w in own], axis=0) ** (1 / 3)
    return g / g.sum()


def judge(c: Committee) -> None:
    open_weighting(c.db, c.facilitator)
    for who, (x01, x12) in JUDGED.items():
        submit_member_weights(
            c.db, c.actors[who], "functionality",
            judgements=[("c0", "c1", x01), ("c1", "c2", x12)], expected_version=0,
        )  # fmt: skip
    reveal_weighting(c.db, c.facilitator)


@pytest.fixture
def committee(tmp_path: Path) -> Iterator[Committee]:
    db: Database = open_database(f"sqlite:///{tmp_path / 'w.sqlite'}")
    yield Committee(db, ["anna", "boris", "chen"])
    db.dispose()


def functionality(result: object) -> list[float]:
    levels = {lv.level: lv for lv in result.levels}  # type: ignore[attr-defined]
    group = levels["functionality"].group
    return [group.weights[k] for k in ("c0", "c1", "c2")]


def test_members_read_the_aggregation_the_facilitator_adopted(committee: Committee) -> None:
    c, anna = committee, committee.actors["anna"]
    judge(c)
    assert not np.allclose(by_hand_aij(), by_hand_aip(), atol=1e-3)  # the test can tell them
    before = revealed_weighting(c.db, anna, 1)
    assert before is not None
    assert before.aggregation is Aggregation.AIP_ARITHMETIC
    assert functionality(before) == pytest.approx(by_hand_aip().tolist())
    assert adopted_aggregation(c.db, anna, 1) is None

    adopt_group_weights(c.db, c.facilitator, Aggregation.AIJ_GEOMETRIC)
    after = revealed_weighting(c.db, anna, 1)
    assert after is not None
    assert after.aggregation is Aggregation.AIJ_GEOMETRIC
    assert functionality(after) == pytest.approx(by_hand_aij().tolist())
    source = load_scenario(c.db, anna).weights_source
    assert source is not None
    assert after.effective == pytest.approx(source.effective)  # what the decision adopted

    keep_own_weights(c.db, c.facilitator)  # no longer the group's: the default again
    mine = revealed_weighting(c.db, anna, 1)
    assert mine is not None
    assert mine.aggregation is Aggregation.AIP_ARITHMETIC


def test_the_command_line_adopts_aij(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CRM_SELECT_DATA_DIR", str(tmp_path / "data"))
    db = open_database()
    c = Committee(db, ["anna", "boris", "chen"])
    judge(c)
    db.dispose()
    run = CliRunner().invoke
    ws = c.workspace_id

    shown = run(app, ["workspace", "weights", ws, "--aggregation", "aij", "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["aggregation"] == "aij_geometric"
    [level] = [lv for lv in data["levels"] if lv["level"] == "functionality"]
    assert [level["group"][k] for k in ("c0", "c1", "c2")] == pytest.approx(by_hand_aij().tolist())
    text = run(app, ["workspace", "weights", ws, "--aggregation", "aij"]).output
    assert "aggregation: AIJ, the AHP weights of the geometric mean" in text

    geometric = run(app, ["workspace", "weights", ws, "--aggregation", "aip-geometric", "--json"])
    [level] = [
        lv for lv in json.loads(geometric.output)["levels"] if lv["level"] == "functionality"
    ]
    assert [level["group"][k] for k in ("c0", "c1", "c2")] == pytest.approx(
        by_hand_aip_geometric().tolist()
    )
    assert not np.allclose(by_hand_aip_geometric(), by_hand_aip())  # the two means differ here

    assert (
        run(app, ["workspace", "adopt-weights", ws, "--group", "--aggregation", "x"]).exit_code == 2
    )
    assert (
        run(app, ["workspace", "adopt-weights", ws, "--own", "--aggregation", "aij"]).exit_code == 2
    )
    done = run(app, ["workspace", "adopt-weights", ws, "--group", "--aggregation", "aij"])
    assert done.exit_code == 0, done.output
    db = open_database()
    try:
        source = load_scenario(db, c.facilitator).weights_source
        assert source is not None
        assert source.aggregation is Aggregation.AIJ_GEOMETRIC
        assert committee_weighting(db, c.facilitator, 1, Aggregation.AIJ_GEOMETRIC) is not None
        # a member who gave points: AIJ is refused, with who and where
        open_weighting(db, c.facilitator)
        submit_member_weights(db, c.actors["anna"], "functionality",
                              points={"c0": 1, "c1": 1, "c2": 1}, expected_version=1)  # fmt: skip
        reveal_weighting(db, c.facilitator)
    finally:
        db.dispose()
    refused = run(app, ["workspace", "adopt-weights", ws, "--group", "--aggregation", "aij"])
    assert refused.exit_code == 2
    assert "points were given by Anna" in refused.output

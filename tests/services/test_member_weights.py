"""The committee's group weights against a hand-computed AIP mean, the far members, and the
three ways of adopting the decision's weights (each recorded with its provenance)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.models.weights_source import Aggregation, WeightsChoice
from crm_select.reports.provenance import scenario_weights_provenance
from crm_select.services.member_weights import (
    adopt_department_weights,
    adopt_group_weights,
    committee_weighting,
    keep_own_weights,
)
from crm_select.services.weights import weights
from crm_select.store.api import (
    Conflict,
    Database,
    InvalidInput,
    audit_log,
    load_scenario,
    open_database,
    open_weighting,
    reveal_weighting,
    set_weighting_set,
    submit_member_weights,
)
from tests.store.conftest import Committee


@pytest.fixture
def committee(tmp_path: Path) -> Iterator[Committee]:
    db: Database = open_database(f"sqlite:///{tmp_path / 'w.sqlite'}")
    yield Committee(db, ["anna", "boris", "chen"])
    db.dispose()


def weigh(c: Committee) -> None:
    """Anna and Chen give points, Boris judges the criteria pairwise (consistent: 0.2/0.2/0.6);
    Chen leaves the functionality criteria to the others."""
    db, a = c.db, c.actors
    open_weighting(db, c.facilitator)
    submit_member_weights(db, a["anna"], "interests", points={"functionality": 50, "budget": 50},
                          expected_version=0)  # fmt: skip
    submit_member_weights(db, a["anna"], "functionality", points={"c0": 10, "c1": 30, "c2": 60},
                          expected_version=0)  # fmt: skip
    submit_member_weights(db, a["boris"], "interests", points={"functionality": 8, "budget": 2},
                          expected_version=0)  # fmt: skip
    submit_member_weights(
        db, a["boris"], "functionality",
        judgements=[("c0", "c1", 1), ("c0", "c2", 1 / 3), ("c1", "c2", 1 / 3)],
        expected_version=0,
    )  # fmt: skip
    submit_member_weights(db, a["chen"], "interests", points={"functionality": 1, "budget": 4},
                          expected_version=0)  # fmt: skip


# by hand: interests (0.5 + 0.8 + 0.2) / 3 = 0.5; criteria ((0.1 + 0.2) / 2, (0.3 + 0.2) / 2,
# (0.6 + 0.6) / 2) = (0.15, 0.25, 0.6) within functionality; tco is budget's only criterion
EFFECTIVE = {"c0": 0.075, "c1": 0.125, "c2": 0.3, "tco": 0.5}


def test_group_weights_are_the_mean_of_the_members_priorities(committee: Committee) -> None:
    weigh(committee)
    result = committee_weighting(committee.db, committee.facilitator)
    assert result is not None
    assert result.aggregation is Aggregation.AIP_ARITHMETIC
    assert result.interests == pytest.approx({"functionality": 0.5, "budget": 0.5})
    assert result.effective == pytest.approx(EFFECTIVE)
    levels = {lv.level: lv for lv in result.levels}
    func = levels["functionality"].group
    assert func is not None
    assert set(func.members) == {"anna", "boris"}
    assert func.spread["c0"].minimum == pytest.approx(0.1)
    assert func.spread["c0"].maximum == pytest.approx(0.2)
    # Boris and Chen each sit 45 % of the weight away from the others on the interests
    far = {(f.member, f.level): f.distance for f in result.far}
    assert far == pytest.approx({("boris", "interests"): 0.45, ("chen", "interests"): 0.45})
    assert result.members == ("Anna", "Boris", "Chen")


def test_adopting_the_group_weights_writes_them_with_their_provenance(
    committee: Committee,
) -> None:
    db, f = committee.db, committee.facilitator
    weigh(committee)
    with pytest.raises(Conflict, match="still blind"):
        adopt_group_weights(db, f)
    reveal_weighting(db, f)
    adopt_group_weights(db, f)
    sc = load_scenario(db, f)
    assert weights(sc.criteria).effective == pytest.approx(EFFECTIVE)
    src = sc.weights_source
    assert src is not None
    assert (src.choice, src.round, src.members, src.aggregation, src.adopted_by) == (
        WeightsChoice.GROUP, 1, ["Anna", "Boris", "Chen"], Aggregation.AIP_ARITHMETIC, "Fiona",
    )  # fmt: skip
    assert src.effective == pytest.approx(EFFECTIVE)
    event = audit_log(db, f)[-1]
    assert (event.action, event.payload["choice"], event.payload["members"]) == (
        "weights.adopt", "group", ["Anna", "Boris", "Chen"],
    )  # fmt: skip


def test_a_department_or_the_facilitators_own(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    set_weighting_set(db, f, "finance", {"functionality": 10, "budget": 90})
    adopt_department_weights(db, f, "finance")
    sc = load_scenario(db, f)
    assert weights(sc.criteria).group_shares == pytest.approx({"functionality": 0.1, "budget": 0.9})
    assert sc.weights_source is not None
    assert (sc.weights_source.choice, sc.weights_source.department) == (
        WeightsChoice.DEPARTMENT, "finance",
    )  # fmt: skip
    keep_own_weights(db, f)
    kept = load_scenario(db, f)
    assert kept.weights_source is not None
    assert kept.weights_source.choice is WeightsChoice.OWN
    assert weights(kept.criteria).effective == pytest.approx(weights(sc.criteria).effective)


def test_the_provenance_sentence_in_both_languages(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    weigh(committee)
    reveal_weighting(db, f)
    adopt_group_weights(db, f)
    sc = load_scenario(db, f)
    en = scenario_weights_provenance(sc, "en")
    assert en.startswith("Weights: group of 3 members (Anna, Boris, Chen; AIP")
    assert "adopted by Fiona at" in en
    assert "группа из 3 участников" in scenario_weights_provenance(sc, "ru")
    data = sc.criteria.model_dump()
    data["groups"][0]["weight"] = 1  # changed by hand afterwards: the sentence says so
    edited = sc.model_copy(update={"criteria": type(sc.criteria).model_validate(data)})
    assert scenario_weights_provenance(edited, "en").endswith("changed after they were adopted.")
    assert scenario_weights_provenance(sc.model_copy(update={"weights_source": None}), "en") == ""


def test_the_command_line_prints_the_boards_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CRM_SELECT_DATA_DIR", str(tmp_path / "data"))
    db = open_database()
    c = Committee(db, ["anna", "boris", "chen"])
    weigh(c)
    reveal_weighting(db, c.facilitator)
    db.dispose()
    runner = CliRunner()
    out = runner.invoke(app, ["workspace", "weights", c.workspace_id, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["effective"] == pytest.approx(EFFECTIVE)
    assert data["aggregation"] == "aip_arithmetic"
    assert {(f["member"], f["level"]) for f in data["far"]} == {
        ("boris", "interests"), ("chen", "interests"),
    }  # fmt: skip
    text = runner.invoke(app, ["workspace", "weights", c.workspace_id]).output
    assert "far from the group: Boris (interests: 45%), Chen (interests: 45%)" in text
    assert "Criterion 2" in text
    assert "60.0%" in text
    refused = runner.invoke(app, ["workspace", "adopt-weights", c.workspace_id])
    assert refused.exit_code == 2
    done = runner.invoke(app, ["workspace", "adopt-weights", c.workspace_id, "--group"])
    assert done.exit_code == 0, done.output
    assert "weights adopted: group" in done.output


# AIJ: three members judge functionality's three criteria pairwise (complete, a little
# inconsistent), as (c0 vs c1, c0 vs c2, c1 vs c2)
JUDGED = {"anna": (2, 4, 3), "boris": (3, 5, 1), "chen": (1 / 2, 3, 5)}


def judge_pairwise(c: Committee) -> None:
    """Every member judges functionality's criteria pairwise; Anna gives the interests points."""
    db, a = c.db, c.actors
    open_weighting(db, c.facilitator)
    for who, (x01, x02, x12) in JUDGED.items():
        submit_member_weights(
            db, a[who], "functionality",
            judgements=[("c0", "c1", x01), ("c0", "c2", x02), ("c1", "c2", x12)],
            expected_version=0,
        )  # fmt: skip


def eigen_priorities(matrix: np.ndarray) -> np.ndarray:
    """Saaty's priorities: the principal right eigenvector of a positive matrix, summing to 1."""
    values, vectors = np.linalg.eig(matrix)
    v = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    return v / v.sum()


def test_aij_weighs_the_geometric_mean_of_the_members_judgements(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    judge_pairwise(committee)
    reveal_weighting(db, f)
    result = committee_weighting(db, f, aggregation=Aggregation.AIJ_GEOMETRIC)
    assert result is not None
    assert result.aij_blocked == {}
    # by hand: the element-wise geometric mean of the three reciprocal matrices, then its
    # principal eigenvector (Forman & Peniwati 1998; Aczel & Saaty 1983)
    mats = [
        np.array([[1, x01, x02], [1 / x01, 1, x12], [1 / x02, 1 / x12, 1]])
        for x01, x02, x12 in JUDGED.values()
    ]
    pooled = (mats[0] * mats[1] * mats[2]) ** (1 / 3)
    expected = eigen_priorities(pooled)
    group = {lv.level: lv for lv in result.levels}["functionality"].group
    assert group is not None
    assert [group.weights[c] for c in ("c0", "c1", "c2")] == pytest.approx(expected, abs=1e-9)
    aip = committee_weighting(db, f)
    assert aip is not None
    other = {lv.level: lv for lv in aip.levels}["functionality"].group
    assert other is not None
    assert other.weights["c0"] != pytest.approx(group.weights["c0"], abs=1e-4)  # AIJ is not AIP

    adopt_group_weights(db, f, Aggregation.AIJ_GEOMETRIC)
    sc = load_scenario(db, f)
    assert sc.weights_source is not None
    assert sc.weights_source.aggregation is Aggregation.AIJ_GEOMETRIC
    local = weights(sc.criteria).local
    assert [local[c] for c in ("c0", "c1", "c2")] == pytest.approx(expected, abs=1e-9)
    assert audit_log(db, f)[-1].payload["aggregation"] == "aij_geometric"
    en = scenario_weights_provenance(sc, "en")
    assert "(Anna, Boris, Chen; AIJ, the priorities of the geometric mean of the members' " in en
    assert "AIJ — приоритеты среднего геометрического суждений" in scenario_weights_provenance(
        sc, "ru"
    )


def test_aij_is_refused_when_a_member_gave_points(committee: Committee) -> None:
    db, f = committee.db, committee.facilitator
    weigh(committee)  # Anna and Chen give points
    reveal_weighting(db, f)
    result = committee_weighting(db, f)
    assert result is not None
    assert result.aij_blocked == {
        "interests": ("Anna", "Boris", "Chen"),
        "functionality": ("Anna",),
    }
    with pytest.raises(InvalidInput, match="Anna, Boris, Chen on interests; Anna on functionality"):
        adopt_group_weights(db, f, Aggregation.AIJ_GEOMETRIC)
    assert load_scenario(db, f).weights_source is None

"""What the ranking leaves out, said once: criteria by name with the reason and the weight they
carried, and the cells nobody scored (the example with one criterion nobody scored and one not
scored for one option)."""

from __future__ import annotations

import pytest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLES_DIR
from crm_select.models.scenario import Scenario
from crm_select.services.decision import open_decision
from crm_select.services.ranking import rank
from crm_select.services.score_gaps import Reason, score_gaps

B2B = EXAMPLES_DIR / "b2b-distributor.yaml"


def gappy() -> Scenario:
    """b2b-distributor with usability scored by nobody and process_fit not for amocrm."""
    base = load_scenario(B2B, load_catalog())
    scores = {
        r: {
            o: {
                c: v
                for c, v in cells.items()
                if c != "usability" and not (o == "amocrm" and c == "process_fit")
            }
            for o, cells in by_o.items()
        }
        for r, by_o in base.scores.items()
    }
    return base.model_copy(update={"scores": scores})


def test_gaps_name_the_criteria_left_out_with_reason_and_weight() -> None:
    d = open_decision(gappy(), load_catalog())
    gaps = score_gaps(d)
    by_id = {x.criterion: x for x in gaps.left_out}
    assert set(by_id) == {"usability", "process_fit"}
    assert by_id["usability"].reason is Reason.NO_RATERS
    assert by_id["process_fit"].reason is Reason.UNSCORED
    assert by_id["process_fit"].options == ("amocrm",)
    # direct points by hand: functionality 35 of 100; its criteria's points sum to 29
    assert by_id["usability"].weight == pytest.approx(0.35 * 3 / 29)
    assert by_id["process_fit"].weight == pytest.approx(0.35 * 4 / 29)
    assert gaps.lost_weight == pytest.approx(0.35 * 7 / 29)
    n_options = len(d.option_ids)
    assert len(gaps.unscored) == n_options + 1
    assert gaps.unscored_by_option()["amocrm"] == ["process_fit", "usability"]
    # the ranking indeed ranks without them
    assert {"usability", "process_fit"}.isdisjoint(rank(d).criteria)


def test_a_fully_scored_decision_has_no_gaps() -> None:
    d = open_decision(load_scenario(B2B, load_catalog()), load_catalog())
    gaps = score_gaps(d)
    assert gaps.left_out == ()
    # the example leaves one cell to one rater, never to nobody
    assert gaps.unscored == ()
    assert gaps.lost_weight == 0


def test_no_raters_leaves_every_rated_criterion_out_by_name() -> None:
    sc = load_scenario(B2B, load_catalog())
    d = open_decision(sc.model_copy(update={"scores": {}}), load_catalog())
    gaps = score_gaps(d)
    rated = [c.id for c in sc.criteria.rated]
    assert [x.criterion for x in gaps.left_out] == rated
    assert {x.reason for x in gaps.left_out} == {Reason.NO_RATERS}
    assert len(gaps.unscored) == len(rated) * len(d.option_ids)

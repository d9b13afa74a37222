"""The interests' sensitivity views against independent references: the what-if ranking (a
different code path: the page's sliders), the lines' crossing by hand, additivity of WSM."""

from __future__ import annotations

import numpy as np
import pytest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.ranking_settings import Method
from crm_select.services.decision import OpenDecision, open_decision, prepare
from crm_select.services.errors import ScoringError
from crm_select.services.interest_sensitivity import dynamic_view, interest_sensitivity
from crm_select.services.ranking import rank, what_if


@pytest.fixture(scope="module")
def decision() -> OpenDecision:
    catalog = load_catalog()
    return open_decision(load_scenario(EXAMPLE_SCENARIO, catalog), catalog)


def moved_by_hand(shares: dict[str, float], group: str, t: float) -> dict[str, float]:
    """Group ``group`` at ``t``, the others scaled by (1 - t) / (1 - s_group)."""
    rest = 1 - shares[group]
    return {g: t if g == group else s * (1 - t) / rest for g, s in shares.items()}


@pytest.mark.parametrize("method", [Method.WSM, Method.TOPSIS])
def test_dragging_one_interest_scores_as_the_what_if_with_the_others_in_proportion(
    decision: OpenDecision, method: Method
) -> None:
    settings = decision.settings.model_copy(update={"method": method})
    shares = prepare(decision, settings).groups
    view = dynamic_view(decision, "budget", 0.6, settings)
    assert view.shares == pytest.approx(moved_by_hand(shares, "budget", 0.6))
    reference = what_if(decision, moved_by_hand(shares, "budget", 0.6), settings)
    by_option = {r.option: r.score for r in reference.ranking()}
    assert dict(zip(view.options, view.scores, strict=True)) == pytest.approx(by_option, abs=1e-12)
    assert view.leader == reference.winner


def test_at_today_s_weights_the_dynamic_view_is_the_ranking(decision: OpenDecision) -> None:
    shares = prepare(decision).groups
    view = dynamic_view(decision, "risk", shares["risk"])
    ranked = {r.option: r.score for r in rank(decision).ranking()}
    assert dict(zip(view.options, view.scores, strict=True)) == pytest.approx(ranked, abs=1e-12)


def test_each_leader_change_is_where_two_what_if_rankings_disagree(
    decision: OpenDecision,
) -> None:
    res = interest_sensitivity(decision)
    assert res.changes, "the example's leader changes somewhere on some interest"
    shares = prepare(decision).groups
    for c in res.changes:
        below = what_if(decision, moved_by_hand(shares, c.group, c.share - 1e-6))
        above = what_if(decision, moved_by_hand(shares, c.group, c.share + 1e-6))
        assert (below.winner, above.winner) == (c.before, c.after)
        at = {
            r.option: r.score
            for r in what_if(decision, moved_by_hand(shares, c.group, c.share)).ranking()
        }
        assert at[c.before] == pytest.approx(at[c.after], abs=1e-9)  # the two lines meet
        assert c.score == pytest.approx(at[c.after], abs=1e-9)


def test_gradient_lines_start_and_end_at_the_interest_alone_and_without_it(
    decision: OpenDecision,
) -> None:
    res = interest_sensitivity(decision)
    sweep = res.sweep
    shares = prepare(decision).groups
    k = sweep.groups.index("functionality")
    for t_end, p in ((0.0, 0), (1.0, -1)):
        ref = what_if(decision, moved_by_hand(shares, "functionality", t_end))
        scores = {r.option: r.score for r in ref.ranking()}
        got = dict(zip(sweep.options, sweep.scores[k, p], strict=True))
        assert got == pytest.approx(scores, abs=1e-12)


def test_wsm_performance_adds_up_to_the_score(decision: OpenDecision) -> None:
    res = interest_sensitivity(decision)
    perf = res.performance
    assert perf.combine == "sum"
    assert perf.contribution is not None
    ranked = {r.option: r.score for r in rank(decision).ranking()}
    totals = dict(zip(perf.options, perf.contribution.sum(axis=1), strict=True))
    assert totals == pytest.approx(ranked, abs=1e-12)
    assert np.all(perf.performance >= 0)
    assert np.all(perf.performance <= 1 + 1e-12)  # min-max normalised scores


def test_an_unknown_interest_or_a_share_over_100_percent_is_refused(
    decision: OpenDecision,
) -> None:
    with pytest.raises(ScoringError):
        dynamic_view(decision, "price", 0.5)
    with pytest.raises(ScoringError):
        dynamic_view(decision, "risk", 1.5)

"""The scenario edits the pages make: each returns a valid scenario or refuses with a reason."""

from __future__ import annotations

import pytest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLES_DIR
from crm_select.models.scenario import Scenario
from crm_select.services.edits import (
    LeverEdit,
    OptionEdit,
    edit_levers,
    lever_rows,
    override_option,
    set_scores,
    shortlist,
)


@pytest.fixture(scope="module")
def b2b() -> Scenario:
    return load_scenario(EXAMPLES_DIR / "b2b-distributor.yaml", load_catalog())


def test_dropping_an_option_takes_its_scores_with_it(b2b: Scenario) -> None:
    kept = [e.catalog_id for e in b2b.options if e.catalog_id][1:]
    gone = b2b.options[0].option_id
    assert any(gone in by_option for by_option in b2b.scores.values())
    out = shortlist(b2b, [k for k in kept if k])
    assert gone not in {e.option_id for e in out.options}
    assert all(gone not in by_option for by_option in out.scores.values())
    assert [e.option_id for e in out.options] == [e.option_id for e in b2b.options[1:]]


def test_a_new_catalog_option_joins_with_defaults_and_nothing_left_is_refused(
    b2b: Scenario,
) -> None:
    ids = [e.catalog_id for e in b2b.options if e.catalog_id]
    out = shortlist(b2b, [*ids, "hubspot-sales-hub"])
    assert out.options[-1].catalog_id == "hubspot-sales-hub"
    assert out.options[-1].overrides.price is None
    with pytest.raises(ValueError, match="at least one option"):
        shortlist(b2b, [])


def test_scores_outside_the_scale_are_refused(b2b: Scenario) -> None:
    rater = b2b.raters[0].id
    option = b2b.options[0].option_id
    criterion = next(iter(b2b.criteria.rating_scales))
    ok = set_scores(b2b, rater, {option: {criterion: 2.0}})
    assert ok.scores[rater] == {option: {criterion: 2.0}}
    with pytest.raises(ValueError, match="between"):
        set_scores(b2b, rater, {option: {criterion: 99.0}})


def test_an_override_keeps_coverage_and_discount_and_zero_price_means_the_catalogs(
    b2b: Scenario,
) -> None:
    oid = b2b.options[0].option_id
    edit = OptionEdit(
        users=12, price=0.0, partner_day_rate=900.0,
        effort_days=(10, 20, 40), duration_weeks=(2, 4, 8),
    )  # fmt: skip
    out = override_option(b2b, oid, edit)
    entry = out.options[0]
    assert (entry.users, entry.overrides.price) == (12, None)
    assert entry.overrides.discount == b2b.options[0].overrides.discount
    assert entry.overrides.coverage == b2b.options[0].overrides.coverage
    with pytest.raises(ValueError, match="min <= mode <= max"):
        override_option(b2b, oid, edit.__class__(**{**edit.__dict__, "effort_days": (5, 1, 2)}))


def test_lever_edits_keep_the_distribution_shape(b2b: Scenario) -> None:
    rows = lever_rows(b2b)
    assert rows["sales_per_rep"].uplift is not None
    out = edit_levers(b2b, {"win_rate": LeverEdit(False, (0.01, 0.02, 0.03))})
    lever = out.finance.benefits.levers.win_rate
    assert not lever.enabled
    assert (lever.uplift.min, lever.uplift.mode, lever.uplift.max) == (0.01, 0.02, 0.03)  # type: ignore[union-attr]
    assert type(lever.uplift) is type(b2b.finance.benefits.levers.win_rate.uplift)
    with pytest.raises(ValueError, match="min <= mode <= max"):
        edit_levers(b2b, {"sales_per_rep": LeverEdit(True, (0.05, 0.01, 0.03))})

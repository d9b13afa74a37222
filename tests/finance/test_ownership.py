"""The ownership table of one option against hand computation (docs/finance.md, "TCO and the
horizon"): rows are the project up to go-live, then each year after it."""

from __future__ import annotations

import numpy as np

from finance.ownership import OwnershipInputs, ownership_costs

NO_EXIT = (np.empty(0, dtype=np.intp), np.empty(0))


def inputs(**change: object) -> OwnershipInputs:
    """One trial going live at 0.5 years, two years of operation after it."""
    base: dict[str, object] = {
        "go_live": np.array([0.5]),
        "t_end": None,
        "horizon": 2,
        "running": {"licences": (100.0, 0.0)},
        "live": {"administration": (10.0, 0.0)},
        "adoption": {"data_entry": (20.0, 0.0, (0.5, 1.0))},
        "once": {"project": 1000.0},
        "hypercare": 5.0,
        "exit_cost": NO_EXIT,
    }
    return OwnershipInputs(**(base | change))  # type: ignore[arg-type]


def test_rows_by_hand() -> None:
    owned = ownership_costs(inputs(), per_trial=True)
    rows = owned.category_sum
    # licences from the decision: half a year before go-live, then a year per row
    np.testing.assert_allclose(rows["licences"], [50, 100, 100])
    np.testing.assert_allclose(rows["administration"], [0, 10, 10])  # from go-live
    np.testing.assert_allclose(rows["data_entry"], [0, 10, 20])  # ramp 50 %, then 100 %
    np.testing.assert_allclose(rows["project"], [1000, 0, 0])
    np.testing.assert_allclose(rows["hypercare"], [0, 5, 0])
    np.testing.assert_allclose(rows["exit"], [0, 0, 0])
    assert owned.total is not None
    np.testing.assert_allclose(owned.total, [250 + 20 + 30 + 1000 + 5])
    np.testing.assert_allclose(owned.licence_years, [2.5])


def test_escalated_licences_follow_the_calendar_years() -> None:
    # C(q) = ((1.1)^n - 1) / 0.1 + (q - n) 1.1^n at q = 0.5, 1.5, 2.5: 0.5, 1.55, 2.705
    owned = ownership_costs(inputs(running={"licences": (100.0, 0.1)}), per_trial=False)
    np.testing.assert_allclose(owned.category_sum["licences"], [50, 105, 115.5])
    assert owned.total is None


def test_an_abandoned_trial_stops_paying_and_pays_its_exit() -> None:
    exit_cost = (np.array([0], dtype=np.intp), np.array([300.0]))
    owned = ownership_costs(inputs(t_end=np.array([1.0]), exit_cost=exit_cost), per_trial=True)
    rows = owned.category_sum
    np.testing.assert_allclose(rows["licences"], [50, 50, 0])
    np.testing.assert_allclose(rows["administration"], [0, 5, 0])
    np.testing.assert_allclose(rows["hypercare"], [0, 5, 0])  # went live before it stopped
    np.testing.assert_allclose(rows["exit"], [0, 300, 0])  # in the year after go-live it fell in
    assert owned.total is not None
    np.testing.assert_allclose(owned.total, [100 + 5 + 5 + 1000 + 5 + 300])

"""Stored work stays valid: files of every schema version load and keep their numbers.

``tests/fixtures/scenario_v1/`` holds the bundled examples as they were in schema version 1, and
``numbers.json`` what the version-1 build computed from them (effective weights, WSM scores,
base-case TCO and NPV). A change that moves these numbers must be deliberate: a new upgrader that
writes out the old convention, or, where the model itself was corrected, an updated pin with the
reason in docs/finance.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from crm_select.models.decision import resolve
from crm_select.models.errors import InputError
from crm_select.models.loader import load_catalog, load_scenario, parse_scenario
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import Scenario
from crm_select.models.schema_version import SCHEMA_VERSION, UPGRADERS, upgrade
from finance.base_case import base_case
from finance.measures import tco_measures
from scoring.analysis import prepare_decision, rank_prepared

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "scenario_v1"
PINNED = json.loads((V1 / "numbers.json").read_text("utf-8"))
CATALOG = load_catalog()


def test_every_older_version_has_an_upgrader() -> None:
    assert sorted(UPGRADERS) == list(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("name", sorted(PINNED))
def test_a_version_1_file_loads_as_the_current_version(name: str) -> None:
    assert yaml.safe_load((V1 / name).read_text("utf-8"))["schema_version"] == 1
    assert load_scenario(V1 / name, CATALOG).schema_version == SCHEMA_VERSION


@pytest.mark.parametrize("name", sorted(PINNED))
def test_a_version_1_file_keeps_its_numbers(name: str) -> None:
    scenario = load_scenario(V1 / name, CATALOG)
    resolved = resolve(scenario, CATALOG)
    ranking = rank_prepared(prepare_decision(scenario, resolved, tco_measures(scenario, resolved)))
    bases = base_case(scenario, resolved)
    pinned = PINNED[name]
    assert ranking.weights == pytest.approx(pinned["weights"], abs=1e-9)
    assert {r.option: r.score for r in ranking.ranking()} == pytest.approx(
        pinned["wsm_scores"], abs=1e-9
    )
    assert {k: b.tco for k, b in bases.items()} == pytest.approx(pinned["tco"], rel=1e-9)
    assert {k: b.npv for k, b in bases.items()} == pytest.approx(pinned["npv"], rel=1e-9)


def test_a_stored_version_1_document_loads_through_the_model() -> None:
    """The store keeps decisions as JSON documents; they pass through the same upgrade."""
    data = yaml.safe_load((V1 / "bank-500.yaml").read_text("utf-8"))
    data.pop("schema_version")  # the field was optional in version 1
    assert Scenario.model_validate_json(json.dumps(data)).schema_version == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("version", "expected"),
    [(0, "must be from 1 to"), (SCHEMA_VERSION + 1, "needs a newer CRM Select"), ("2", "whole")],
)
def test_an_unknown_version_is_refused_at_its_line(version: object, expected: str) -> None:
    text = (V1 / "bank-500.yaml").read_text("utf-8")
    text = text.replace("schema_version: 1", f"schema_version: {json.dumps(version)}", 1)
    with pytest.raises(InputError) as err:
        parse_scenario(text, "old.yaml", CATALOG)
    (problem,) = err.value.problems
    assert (problem.line, problem.path) == (2, ("schema_version",))
    assert expected in problem.message


def test_upgrade_does_not_change_its_input() -> None:
    data = {"name": "x"}
    assert upgrade(data)["schema_version"] == SCHEMA_VERSION
    assert data == {"name": "x"}


def test_a_version_3_file_gets_the_ranking_settings_it_meant_written_out() -> None:
    data = yaml.safe_load((V1 / "b2b-distributor.yaml").read_text("utf-8"))
    data["schema_version"] = 3
    up = upgrade(data)
    assert up["ranking"]["method"] == "wsm"
    assert up["ranking"]["normalisation"] == {"wsm": "minmax", "wpm": "max", "topsis": "vector"}
    assert up["ranking"]["robustness"]["score_noise"] == "sem"
    assert Scenario.model_validate(up).ranking == RankingSettings()
    data["ranking"] = {"method": "topsis"}
    assert upgrade(data)["ranking"] == {"method": "topsis"}  # a file's own settings are kept


@pytest.mark.parametrize(
    ("preference", "expected"),
    [
        ({"function": "usual", "p": 3}, "no thresholds"),
        ({"function": "v_shape"}, "needs a preference threshold"),
        ({"function": "v_shape", "q": 1, "p": 3}, "no indifference threshold"),
        ({"function": "linear", "q": 5, "p": 3}, "p must be >= q"),
    ],
)
def test_promethee_thresholds_are_checked_at_their_line(
    preference: dict[str, object], expected: str
) -> None:
    data = yaml.safe_load((V1 / "bank-500.yaml").read_text("utf-8"))
    data["schema_version"] = SCHEMA_VERSION
    data["ranking"] = {"promethee": {"tco": preference}}
    with pytest.raises(InputError) as err:
        parse_scenario(yaml.safe_dump(data, allow_unicode=True), "s.yaml", CATALOG)
    (problem,) = err.value.problems
    assert problem.path[:3] == ("ranking", "promethee", "tco")
    assert expected in problem.message
    data["ranking"] = {"promethee": {"no_such_criterion": {"function": "usual"}}}
    with pytest.raises(InputError, match="unknown criterion"):
        parse_scenario(yaml.safe_dump(data, allow_unicode=True), "s.yaml", CATALOG)

"""Anchored rating scales: what points of a criterion's scale mean, in the tree, both languages."""

from __future__ import annotations

import pytest
import yaml

from crm_select.models.criteria import Anchor, RatingScale
from crm_select.models.errors import InputError, format_path
from crm_select.models.loader import (
    dump_scenario,
    load_catalog,
    load_criteria,
    load_scenario,
    parse_scenario,
)
from crm_select.models.paths import EXAMPLES_DIR
from crm_select.models.schema_version import SCHEMA_VERSION
from crm_select.services.edits import AnchorRow, anchors_from_rows, set_anchors

CATALOG = load_catalog()
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_rated_criterion_of_the_examples_is_anchored_at_1_3_5_in_both_languages(
    path: object,
) -> None:
    scenario = load_scenario(path, CATALOG)  # type: ignore[arg-type]
    assert scenario.criteria.rated
    for c in scenario.criteria.rated:
        assert isinstance(c.scale, RatingScale)
        assert [a.value for a in c.scale.anchors] == [1, 3, 5], c.id
        for a in c.scale.anchors:
            assert isinstance(a.text, dict), (c.id, a.value)
            assert a.text["en"], (c.id, a.value)
            assert a.text["ru"], (c.id, a.value)
            assert any("а" <= ch <= "я" for ch in a.text["ru"].lower()), a.text


def test_the_default_criteria_tree_anchors_every_rated_criterion_in_both_languages() -> None:
    rated = load_criteria().rated  # data/criteria.yaml: a new decision started blank
    assert rated
    for c in rated:
        assert isinstance(c.scale, RatingScale)
        assert [a.value for a in c.scale.anchors] == [1, 3, 5], c.id
        assert all(
            isinstance(a.text, dict) and set(a.text) == {"en", "ru"} for a in c.scale.anchors
        )


def test_anchor_lines_follow_the_scale_in_the_chosen_language() -> None:
    scale = RatingScale(
        min=0,
        max=5,
        anchors=[
            Anchor(value=5, text={"en": "native", "ru": "из коробки"}),
            Anchor(value=1, text="no partner"),
        ],
    )
    assert scale.anchor_lines("en") == ["1 = no partner", "5 = native"]
    assert scale.anchor_lines("ru") == ["1 = no partner", "5 = из коробки"]


def _problem(doc: dict[str, object]) -> tuple[str, str, int | None]:
    raw = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    with pytest.raises(InputError) as info:
        parse_scenario(raw, "upload.yaml", CATALOG)
    first = info.value.problems[0]
    assert str(first).startswith("upload.yaml"), str(first)
    return format_path(first.path), first.message, first.line


def _example_doc() -> dict[str, object]:
    doc = yaml.safe_load(EXAMPLES[0].read_text("utf-8"))
    assert isinstance(doc, dict)
    return doc


def _first_rated_scale(doc: dict[str, object]) -> tuple[dict[str, object], str]:
    for gi, g in enumerate(doc["criteria"]["groups"]):  # type: ignore[index]
        for ci, c in enumerate(g["criteria"]):
            if c["scale"]["kind"] == "rating":
                return c["scale"], f"criteria.groups[{gi}].criteria[{ci}].scale"
    raise AssertionError("no rated criterion")


def test_an_anchor_off_the_scale_names_the_field_and_line() -> None:
    doc = _example_doc()
    scale, where = _first_rated_scale(doc)
    scale["anchors"][1]["value"] = 7  # type: ignore[index]
    path, message, line = _problem(doc)
    assert path.startswith(f"{where}.anchors"), path
    assert "from 0 to 5" in message
    assert "7" in message
    assert line is not None


def test_a_point_anchored_twice_is_refused() -> None:
    doc = _example_doc()
    scale, _ = _first_rated_scale(doc)
    scale["anchors"][2]["value"] = 1  # type: ignore[index]
    path, message, _ = _problem(doc)
    assert "anchors" in path
    assert "anchored twice" in message


def test_a_version_9_file_without_anchors_loads_unchanged() -> None:
    doc = _example_doc()
    doc["schema_version"] = 9
    for g in doc["criteria"]["groups"]:  # type: ignore[index]
        for c in g["criteria"]:
            c["scale"].pop("anchors", None)
    scenario = parse_scenario(yaml.safe_dump(doc, allow_unicode=True), "old.yaml", CATALOG)
    assert scenario.schema_version == SCHEMA_VERSION
    assert all(not c.scale.anchors for c in scenario.criteria.rated)  # type: ignore[union-attr]


def test_anchors_survive_a_save_and_load() -> None:
    scenario = load_scenario(EXAMPLES[0], CATALOG)
    again = parse_scenario(dump_scenario(scenario), "again.yaml", CATALOG)
    assert again.criteria == scenario.criteria


def test_set_anchors_replaces_the_named_criteria_and_clears_the_others() -> None:
    scenario = load_scenario(EXAMPLES[0], CATALOG)
    rows = [
        AnchorRow("usability", 4.0, "  Two clicks to a deal ", ""),
        AnchorRow("usability", 2.0, "", "Много экранов"),
        AnchorRow("", None, " ", ""),  # an empty row added in the editor
    ]
    edited = set_anchors(scenario, anchors_from_rows(rows))
    scales = edited.criteria.rating_scales
    assert scales["usability"].anchor_lines("en") == [
        "2 = Много экранов",
        "4 = Two clicks to a deal",
    ]
    assert all(not s.anchors for cid, s in scales.items() if cid != "usability")


def test_set_anchors_refuses_a_measured_criterion_and_a_point_off_the_scale() -> None:
    scenario = load_scenario(EXAMPLES[0], CATALOG)
    with pytest.raises(ValueError, match="not a rated criterion: tco"):
        set_anchors(scenario, {"tco": [Anchor(value=1, text="cheap")]})
    with pytest.raises(ValueError, match="from 0 to 5"):
        set_anchors(scenario, {"usability": [Anchor(value=9, text="great")]})
    with pytest.raises(ValueError, match="row 1"):
        anchors_from_rows([AnchorRow("", 3.0, "text without a criterion", "")])

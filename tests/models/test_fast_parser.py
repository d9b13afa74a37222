"""libyaml reads what it accepts exactly as the pure-Python loader does (same data, same line
of every field); whatever it refuses is read by the pure-Python loader, so the user sees the
same message and line as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from crm_select.models.errors import InputError
from crm_select.models.paths import CATALOG_PATH, EXAMPLES_DIR
from crm_select.models.yaml_source import _parsed, _parsed_fast, parse_text

needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = [CATALOG_PATH, *sorted(EXAMPLES_DIR.glob("*.yaml")), *sorted(FIXTURES.rglob("*.yaml"))]

EDGE_CASES = {
    "anchors and merge keys": "base: &b {x: 1, y: [1, 2]}\nother:\n  <<: *b\n  y: 3\n",
    "block scalars": "a: |\n  two\n  lines\nb: >-\n  folded\n  text\nc: 'it''s'\n",
    "dates, numbers, booleans": "d: 2026-01-31\nf: 1.5e3\ni: 0x1F\nb: yes\nn: ~\nbig: " + "9" * 300,
    "unicode text": 'ru: Привет, мир\nemoji: "\\U0001F600"\ntab: "a\\tb"\n',
    "JSON": json.dumps({"a": [1, 2.5, None, True], "b": {"c": "д"}}, ensure_ascii=False),
    "comments and a document marker": "---\n# comment\na: 1  # trailing\n",
}


@needs_libyaml
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_bundled_files_read_the_same_either_way(path: Path) -> None:
    text = path.read_text("utf-8")
    assert _parsed_fast(text, path.name) == _parsed(text, path.name)


@needs_libyaml
@pytest.mark.parametrize("text", EDGE_CASES.values(), ids=list(EDGE_CASES))
def test_edge_cases_read_the_same_either_way(text: str) -> None:
    fast = _parsed_fast(text, "f.yaml")
    assert fast is not None
    assert fast == _parsed(text, "f.yaml")


REFUSED_BY_LIBYAML = {
    "a JSON surrogate pair": ('{"a": "\\ud83d\\ude00"}', {"a": "😀"}),
}


@needs_libyaml
@pytest.mark.parametrize(
    ("text", "expected"), REFUSED_BY_LIBYAML.values(), ids=list(REFUSED_BY_LIBYAML)
)
def test_what_libyaml_refuses_is_read_by_the_python_loader(text: str, expected: object) -> None:
    assert _parsed_fast(text, "f.json") is None
    assert parse_text(text, "f.json")[0] == expected


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a' (first on line 1)", 2),
        ("a: 1\nb: " + "[" * 60 + "]" * 60, "nesting deeper than 50 levels", 2),
        ("a: [1,\n", "not valid YAML/JSON", None),
    ],
)
def test_refusals_keep_the_python_loaders_message_and_line(
    text: str, message: str, line: int | None
) -> None:
    assert _parsed_fast(text, "f.yaml") is None
    with pytest.raises(InputError) as err:
        parse_text(text, "f.yaml")
    (problem,) = err.value.problems
    assert message in problem.message
    if line is not None:
        assert problem.line == line


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20),
)
keys = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=10)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


@needs_libyaml
@given(st.dictionaries(keys, documents, min_size=1, max_size=5))
def test_any_dumped_document_reads_the_same_either_way(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    fast = _parsed_fast(text, "f.yaml")
    assert fast is not None
    assert fast == _parsed(text, "f.yaml")
    assert fast[0] == data
    as_json = json.dumps(data, ensure_ascii=False, indent=1)
    read, lines = parse_text(as_json, "f.json")
    assert read == data
    rows = as_json.split("\n")  # not str.splitlines: it splits at U+2028 too
    for path, line in lines.items():
        if path and isinstance(path[-1], str):
            assert (
                rows[line - 1].lstrip().startswith(json.dumps(path[-1], ensure_ascii=False) + ":")
            )


def test_a_raw_line_separator_in_a_json_string_is_text() -> None:
    """U+2028 and U+2029 are line breaks to YAML 1.1 but ordinary characters in a JSON string: a
    .json file is read by the json module, which keeps them, and the lines after still count."""
    text = '{\n "name": "one\u2028two\u2029three",\n "n": 1e+16\n}'
    data, lines = parse_text(text, "f.json")
    assert data == {"name": "one\u2028two\u2029three", "n": 1e16}
    assert lines[("n",)] == 3


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{\n "a": 1,\n "a": 2\n}', "duplicate key 'a' (first on line 2)", 3),
        ('{\n "a":\n ' + "[" * 60 + "]" * 60 + "}", "nesting deeper than 50 levels", 3),
        ('{\n "a": 1\n "b": 2\n}', "not valid JSON: Expecting ',' delimiter", 2),
        ('{\n "a": NaN\n}', "NaN is not a JSON number", 2),
    ],
)
def test_json_refusals_name_the_line(text: str, message: str, line: int) -> None:
    with pytest.raises(InputError) as err:
        parse_text(text, "f.json")
    (problem,) = err.value.problems
    assert message in problem.message
    assert problem.line == line


def test_without_libyaml_the_python_loader_reads_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    text = CATALOG_PATH.read_text("utf-8")
    assert _parsed_fast(text, "vendors.yaml") is None
    assert parse_text(text, "vendors.yaml") == _parsed(text, "vendors.yaml")

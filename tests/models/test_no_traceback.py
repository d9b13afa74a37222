"""No traceback reaches a user: hostile or broken input files, in memory (the app's upload)
and on the command line, and paths that are not what a command needs. One line, exit 2."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from crm_select.cli.main import app
from crm_select.models.errors import InputError
from crm_select.models.loader import parse_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO

runner = CliRunner()

HOSTILE = {
    "nesting ~500 levels deep in 1 KB": ("a: " + "[" * 500 + "]" * 500, "nesting deeper than 50"),
    "deeply nested JSON": ('{"a":' * 2000 + "1" + "}" * 2000, "nesting deeper than 50"),
    "an invalid date": ("name: x\nexchange_rates_as_of: 2026-13-45\n", "as a date (YYYY-MM-DD)"),
    "!!float abc": ("name: !!float abc\n", "cannot read 'abc' as a number"),
    "a list as a mapping key": ("? [1, 2]\n: 3\n", "a list used as a key"),
    "a mapping as a mapping key": ("? {a: 1}\n: 3\n", "a mapping used as a key"),
    "!!int abc": ("name: !!int abc\n", "as a whole number"),
    "an integer of 5,000 digits": ("name: " + "9" * 5000 + "\n", "as a whole number"),
    "a JSON list": ("[1, 2, 3]", "expected a mapping at the top"),
}


def _one_clear_failure(result: Result, *expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    for text in expected:
        assert text in result.output


@pytest.mark.parametrize(("text", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_uploads_are_refused_with_a_line_not_a_traceback(text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        parse_scenario(text.encode(), "upload.yaml")
    assert expected in str(info.value)
    assert str(info.value).startswith("upload.yaml")


@pytest.mark.parametrize(("text", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_files_exit_2_with_one_line_on_the_command_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, "utf-8")
    for args in (["validate", str(bad)], ["rank", str(bad)], ["simulate", str(bad)]):
        result = runner.invoke(app, args)
        _one_clear_failure(result, expected, str(bad))


def test_the_date_error_names_the_field_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncompany:\n  founded: 2026-13-45\n", "utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    _one_clear_failure(result, f"{bad}:3: company.founded: not valid YAML/JSON")


def test_json_escapes_of_characters_beyond_the_basic_plane_are_one_character() -> None:
    from crm_select.models.yaml_source import parse_text

    data, _ = parse_text('{"name": "CRM \\ud83d\\ude80"}', "x.json")
    assert data == {"name": "CRM \U0001f680"}


def test_an_input_path_that_is_a_folder(tmp_path: Path) -> None:
    _one_clear_failure(runner.invoke(app, ["validate", str(tmp_path)]), "is a folder")
    _one_clear_failure(runner.invoke(app, ["rank", str(tmp_path)]), "is a folder")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    outcome: list[Result] = []
    worker = threading.Thread(
        target=lambda: outcome.append(runner.invoke(app, ["validate", str(fifo)])), daemon=True
    )
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(fifo, "w") as f:
            f.write("x: 1\n")
        pytest.fail("reading a named pipe hangs")
    _one_clear_failure(outcome[0], "not a regular file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_without_reading_it() -> None:
    _one_clear_failure(runner.invoke(app, ["validate", "/dev/zero"]), "not a regular file")


def test_a_growing_file_is_never_read_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm_select.models import yaml_source

    monkeypatch.setattr(yaml_source, "MAX_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("a: 1\n" * 1000, "utf-8")
    _one_clear_failure(runner.invoke(app, ["validate", str(big)]), "the limit is")


def _export(*flags: str) -> Result:
    return runner.invoke(app, ["export", str(EXAMPLE_SCENARIO), *flags])


def test_export_to_a_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    _one_clear_failure(_export("--html", str(tmp_path)), "is a folder")


def test_export_over_an_existing_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("keep me", "utf-8")
    _one_clear_failure(_export("--html", str(out)), "exists; pass --force")
    assert out.read_text("utf-8") == "keep me"


def test_export_into_a_missing_or_unwritable_folder(tmp_path: Path) -> None:
    _one_clear_failure(_export("--xlsx", str(tmp_path / "nope" / "x.xlsx")), "does not exist")
    _one_clear_failure(_export("--csv", str(EXAMPLE_SCENARIO)), "is a file, not a folder")
    if os.geteuid() != 0:  # root writes anywhere; the check is then the OS's own
        locked = tmp_path / "ro"
        locked.mkdir()
        locked.chmod(0o500)
        _one_clear_failure(_export("--pdf", str(locked / "x.pdf")), "not writable")


def test_new_scenario_into_a_folder(tmp_path: Path) -> None:
    _one_clear_failure(runner.invoke(app, ["new-scenario", str(tmp_path)]), "is a folder")


def test_a_bug_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    from crm_select.cli import inputs

    def broken(*_: object, **__: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(inputs, "load_catalog", broken)
    monkeypatch.delenv("CRM_SELECT_DEBUG", raising=False)
    result = runner.invoke(app, ["catalog"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "internal error: KeyError" in result.output

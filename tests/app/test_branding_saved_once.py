"""Saving the branding runs the Report page once, and that run already shows the new branding:
the save happens in the form's callback, before the page builds the report (it used to build
it twice, once for the submit and again after a rerun)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import crm_select.ui.compute as compute
from tests.app.conftest import open_page

pytestmark = pytest.mark.slow  # AppTest runs whole pages


def test_saving_the_branding_builds_the_report_once(
    fresh_data: Path,  # noqa: ARG001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[str | None] = []
    original = compute.report_data

    def counted(scenario: Any, record: Any = None) -> Any:
        built.append(scenario.branding.client)
        return original(scenario, record)

    monkeypatch.setattr(compute, "report_data", counted)
    at = open_page("views/report.py")
    assert built == [None]  # the example names no client
    at.text_input(key="brand_client").input("StroyOptTorg LLC")
    at.text_input(key="brand_consultant").input("Acme Consulting")
    at.button(key="FormSubmitter:branding_form-Save the branding").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert built == [None, "StroyOptTorg LLC"]  # one run, already with the saved branding
    assert any("Branding saved" in s.value for s in at.success)
    assert at.text_input(key="brand_client").value == "StroyOptTorg LLC"

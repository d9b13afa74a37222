"""`crm-select simulate --lang ru`: the text output in Russian (words, option names, the
model's messages) with Russian number formats, the same numbers as the JSON output."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.services.decision import open_decision

pytestmark = pytest.mark.slow  # the command line's imports and three runs
ARGS = ["simulate", str(EXAMPLE_SCENARIO), "--trials", "500", "--seed", "7"]
NBSP = "\u00a0"


def ru_thousands(v: float) -> str:
    """A whole number as Russian writes it, by hand: narrow groups with a no-break space."""
    return f"{round(v):,}".replace(",", NBSP)


def ru_percent(share: float) -> str:
    """A share as a Russian percentage with one decimal, by hand: "12,3 %"."""
    return f"{100 * share:.1f}".replace(".", ",") + f"{NBSP}%"


def test_simulate_speaks_russian_with_russian_numbers() -> None:
    runner = CliRunner()
    raw = runner.invoke(app, [*ARGS, "--json"])
    assert raw.exit_code == 0, raw.output
    got = json.loads(raw.stdout)
    ru = runner.invoke(app, [*ARGS, "--lang", "ru"])
    assert ru.exit_code == 0, ru.output
    text = ru.output
    assert "500 испытаний, зерно 7" in text
    decision = open_decision(load_scenario(EXAMPLE_SCENARIO, load_catalog()), load_catalog())
    names = decision.option_names("ru")
    assert any(names[o] != n for o, n in decision.option_names("en").items())
    for o in got["options"]:
        assert f"{o['option_id']} ({names[o['option_id']]};" in text
        assert f"P5 {ru_thousands(o['npv']['p5'])}" in text
        assert f"P(NPV > 0) {ru_percent(o['p_npv_positive'])}" in text
    assert "действуют:" in text
    for english in ("trials", "break-even", "base case", "warning:", "in force", "users lies"):
        assert english not in text, english
    # no decimal point in a number (names aside: "1C:CRM PROF / CORP 3.1"): a decimal comma
    numbers = text
    for name in names.values():
        numbers = numbers.replace(name, "")
    assert not re.search(r"\d\.\d", numbers)
    assert re.search(r"\d,\d %", numbers.replace(NBSP, " "))
    en = runner.invoke(app, [*ARGS, "--lang", "en"])
    assert "500 trials, seed 7" in en.output
    first = got["options"][0]
    assert f"P5 {round(first['npv']['p5']):,}" in en.output

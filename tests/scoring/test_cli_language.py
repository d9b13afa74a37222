"""The scoring commands' text output names options, criteria, interests and raters as the pages
do, in the language asked for (numbers too); --json keeps the ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from crm_select.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "b2b-distributor.yaml"
runner = CliRunner()


def _catalog_names(lang: str) -> dict[str, str]:
    """Option id -> its name in ``lang`` read straight from data/vendors.yaml."""
    raw = yaml.safe_load((ROOT / "data" / "vendors.yaml").read_text(encoding="utf-8"))
    out = {}
    for o in raw["options"]:
        names = o.get("names") or {}
        out[o["id"]] = names.get(lang, o["name"])
    return out


def _run(*args: str) -> tuple[str, str]:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r.stdout, r.stderr


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_rank_names_the_options_and_formats_the_scores_in_the_language(lang: str) -> None:
    ranked = json.loads(_run("rank", str(EXAMPLE), "--json")[0])["ranking"]
    out, err = _run("rank", str(EXAMPLE), "--lang", lang)
    names = _catalog_names(lang)
    rows = [line for line in out.splitlines() if re.match(r"\s+\d+\s", line)]
    assert len(rows) == len(ranked)
    for row, want in zip(rows, ranked, strict=True):
        assert names[want["option"]] in row
        assert want["option"] not in row.split()  # the id itself is not printed
        score = f"{want['score']:.4f}"
        assert (score.replace(".", ",") if lang == "ru" else score) in row
    # a warning names its rater, not the rater's id
    assert "Sergey Petrov" in err
    assert "[missing_scores]" in err
    assert ("Пропущенные оценки" in err) == (lang == "ru")


def test_sensitivity_and_committee_in_russian_name_criteria_and_raters() -> None:
    out, _ = _run("sensitivity", str(EXAMPLE), "--lang", "ru", "--samples", "500")
    assert "лидер Битрикс24 (облако)" in out
    assert "Управление контактами" in out
    assert "contact_management" not in out
    out, _ = _run("committee", str(EXAMPLE), "--lang", "ru")
    assert "консенсус по среднему" in out
    assert "Elena Ivanova" in out
    assert "ivanova" not in out.split()


def test_the_default_language_is_the_scenarios() -> None:
    scenario = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    lang = scenario.get("language", "en")
    out, _ = _run("weights", str(EXAMPLE))
    assert ("метод взвешивания" in out) == (lang == "ru")

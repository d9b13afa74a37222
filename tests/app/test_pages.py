"""Every workflow page loads on a fresh decision; key interactions work (the monkey test opens
every page on both examples in both languages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.services.decision import open_decision
from crm_select.services.simulation import base_cases
from crm_select.ui.plain_text import plain
from tests.app.conftest import WORKFLOW_PAGES

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
PAGES = WORKFLOW_PAGES


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ranking_table(at: AppTest) -> list[str]:
    """Option names in ranked order from the ranking page's table."""
    df = next(d.value for d in at.dataframe if "Rank" in d.value.columns)
    return list(df.sort_values("Rank")["Option"])


def test_new_decision_without_raters_loads_everywhere(app: AppTest) -> None:
    visit(app, "views/decision.py")
    app.text_input[0].set_value("Empty decision")
    app.multiselect[0].set_value(["amocrm", "bitrix24-cloud"])
    app.button(key="FormSubmitter:new_decision-Create").click().run()
    assert not app.exception
    for page in PAGES:
        visit(app, page)
    visit(app, "views/scoring.py")
    assert any("No raters" in i.value for i in app.info)


def test_moving_a_weight_changes_the_ranking(app: AppTest) -> None:
    visit(app, "views/ranking.py")
    before = ranking_table(app)
    app.slider(key="wi-budget").set_value(0)
    app.slider(key="wi-deadlines").set_value(0)
    app.slider(key="wi-risk").set_value(0)
    app.slider(key="wi-functionality").set_value(100).run()
    assert not app.exception
    after = ranking_table(app)
    assert sorted(after) == sorted(before)
    assert before[0] == "Bitrix24 (cloud)"
    assert after[0].startswith("1C:CRM")  # the broadest functional coverage wins on it alone
    assert any("instead of" in w.value for w in app.warning)


def test_all_weights_zero_is_refused_not_crashed(app: AppTest) -> None:
    visit(app, "views/ranking.py")
    for g in ("functionality", "deadlines", "budget", "risk"):
        app.slider(key=f"wi-{g}").set_value(0)
    app.run()
    assert not app.exception
    assert any("All weights are zero" in e.value for e in app.error)


def summary_tco(at: AppTest, option: str) -> float:
    """The option's mean TCO from the TCO & ROI page's summary (the number, not its text)."""
    df = next(d.value for d in at.dataframe if "TCO (mean)" in d.value.columns)
    return df.set_index("Option")["TCO (mean)"].astype(float).to_dict()[option]


def licences(option: str, price: float | None) -> float:
    """Base-case licence cost of the bundled example's option over its ownership period (the
    project and H years after go-live, every year paid: the project succeeds), at its catalog
    price or at ``price`` per user-month."""
    catalog = load_catalog()
    scenario = load_scenario(EXAMPLE_SCENARIO, catalog)
    for entry in scenario.options:
        if entry.option_id == option:
            entry.overrides.price = price
    d = open_decision(scenario, catalog)
    return sum(base_cases(d)[option].tco_by_category["licences"])


def test_a_price_override_changes_tco(app: AppTest) -> None:
    visit(app, "views/finance.py")
    app.select_slider[0].set_value(2_000)
    app.button(key="FormSubmitter:run-Run simulation").click().run()
    assert not app.exception
    before = summary_tco(app, "amoCRM")
    # P(NPV > 0) per option: a full-width bar whose text keeps the whole name (no cut label)
    bars = [b.proto.text for b in app.get("progress")]
    name = plain("1C:CRM PROF / CORP 3.1")  # the bar's text is Markdown: the name escaped
    assert any(b.startswith(f"P(NPV > 0): {name} — ") for b in bars), bars

    visit(app, "views/options.py")
    app.selectbox(key="ovr_option").set_value("amocrm").run()
    app.text_input(key="ovr_price_amocrm").set_value("5,000")
    app.button(key="FormSubmitter:overrides-Save").click().run()
    assert not app.exception

    visit(app, "views/finance.py")
    after = summary_tco(app, "amoCRM")
    # same seed, same draws: the TCO grows by the dearer licences over the ownership period (a
    # trial that abandons the project stops paying them; one whose project overruns owns them
    # a little longer than the base case, whose project takes about a month: 2 % slack)
    more = licences("amocrm", 5_000.0) - licences("amocrm", None)
    assert more > 0
    assert 0.5 * more < after - before <= more * 1.02


def test_a_rater_link_opens_only_the_rater_page(fresh_data: Path) -> None:  # noqa: ARG001
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["token"] = "not-a-valid-token"
    at.run()
    assert not at.exception
    assert not at.sidebar.selectbox  # no decision picker
    assert not any(
        d.value is not None and "Option" in getattr(d.value, "columns", []) for d in at.dataframe
    )
    assert at.error  # the rater page refuses the unknown link


def test_eliminating_an_option_reports_rank_reversal(app: AppTest) -> None:
    visit(app, "views/decision.py")
    app.selectbox(key="example_file").set_value(ROOT / "examples" / "bank-500.yaml")
    app.button(key="open_example").click().run()
    visit(app, "views/options.py")
    app.selectbox(key="elim_option").set_value("creatio")
    app.selectbox(key="elim_method").set_value("vikor").run()
    assert not app.exception
    assert any("Rank reversal" in w.value for w in app.warning)
    assert any("SPOTIS" in c.value for c in app.caption)


def test_saved_weights_change_the_ranking_everywhere(app: AppTest) -> None:
    visit(app, "views/criteria.py")
    for g in ("deadlines", "budget", "risk"):
        app.slider(key=f"gw-{g}").set_value(0)
    app.slider(key="gw-functionality").set_value(100).run()
    app.button(key="save_weights").click().run()
    assert not app.exception
    assert any("saved" in s.value for s in app.success)
    visit(app, "views/ranking.py")
    assert ranking_table(app)[0].startswith("1C:CRM")


def test_a_bad_upload_shows_the_errors_and_keeps_the_decision(app: AppTest) -> None:
    visit(app, "views/decision.py")
    before = app.sidebar.selectbox[0].value
    bad = b"name: broken\ncurrency: RUB\ncompany: {crm_users: -3}\noptions: []\n"
    app.file_uploader[0].upload("bad.yaml", bad, "application/x-yaml").run()
    assert not app.exception
    assert any("not accepted" in e.value for e in app.error)
    problems = app.code[0].value.splitlines()
    assert "bad.yaml:3: company.crm_users: must be >= 1, got -3" in problems
    assert any(p.startswith("bad.yaml:1: criteria: required field is missing") for p in problems)
    assert app.sidebar.selectbox[0].value == before
    visit(app, "views/ranking.py")
    assert ranking_table(app)[0] == "Bitrix24 (cloud)"


def test_an_upload_with_an_unclosed_quote_names_its_line(app: AppTest) -> None:
    visit(app, "views/decision.py")
    lines = (ROOT / "examples" / "bank-500.yaml").read_text("utf-8").splitlines()
    at = next(n for n, s in enumerate(lines) if s.startswith("  name: "))
    lines[at] = lines[at].replace("name: ", 'name: "', 1)  # the quote is never closed
    app.file_uploader[0].upload("bank.yaml", "\n".join(lines).encode(), "text/yaml").run()
    assert not app.exception
    (problem,) = app.code[0].value.splitlines()
    # the line of the opening quote, whichever later line the value runs on to
    assert problem.startswith(f"bank.yaml:{at + 1}: not valid YAML/JSON: the quote")
    assert "opened here" in problem


def test_a_good_upload_opens_as_a_new_decision(app: AppTest) -> None:
    visit(app, "views/decision.py")
    good = (ROOT / "examples" / "bank-500.yaml").read_bytes()
    app.file_uploader[0].upload("bank.yaml", good, "application/x-yaml").run()
    assert any("is valid" in s.value and "Regional bank" in s.value for s in app.success)
    app.button(key="open_uploaded").click().run()
    assert not app.exception
    # the decision list names it in the reader's language (the bank is titled in both; its own
    # language is Russian, the reader's English)
    picked = app.sidebar.selectbox[0].format_func(app.sidebar.selectbox[0].value)
    assert picked.startswith("Regional bank: 500-seat CRM")

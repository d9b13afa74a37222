"""The Russian chair's journey in a real browser, from the first click to the downloaded report
(the English chair's is tests/e2e/test_committee_of_three.py, where a committee of three also
weighs).

Russian (a ru-RU browser, the app in Russian; one journey for the chair and finance, to spend
little suite time): the chair invites both raters; one pastes in the browser, the other is scored
through the store API; the chair reveals and applies the round; finance runs a quick simulation
(2,000 trials), keeps it as "базовый", and compares it with a pessimistic case a colleague kept
through the application layer (the English finance journey clicks that path); the Report page and
the downloaded workbook and PDF say it all in Russian: labels from the catalogs, numbers with a
decimal comma and no-break spaces between thousands, money in "млн".

Screenshots of every step go to test-artifacts/screenshots/chair-*.png (or $SCREENSHOTS_DIR).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from crm_select.locales import Lang, translate
from crm_select.models.loader import load_catalog
from crm_select.models.loader import load_scenario as load_file
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario
from crm_select.services import finance_scenarios
from crm_select.services.decision import open_decision, prepare
from crm_select.services.edits import LeverEdit, edit_levers
from crm_select.services.ranking import rank
from crm_select.store.api import (
    Actor,
    Database,
    authenticate,
    create_workspace,
    list_workspaces,
    load_scenario,
    mark_submitted,
    open_database,
    save_version,
    submit_score,
)
from crm_select.store.engine import SQLITE_FILE
from tests.e2e.conftest import (
    ACTION_WITHIN_MS,
    download,
    go,
    paste_scores,
    score_blocks,
    shot,
    streamlit_app,
    wait_until,
)

pytestmark = pytest.mark.browser
RU_RATERS = {"Анна Смирнова": ("Продажи", 5, 1), "Борис Орлов": ("ИТ", 4, 2)}
"""The Russian journey's raters: Анна pastes in the browser, Борис is scored through the API."""
GROUPED = "[\u00a0\u202f]"
"""What separates the thousands in Russian: a no-break space (CLDR's, plain or narrow)."""
Text = Callable[..., str]


def texts(lang: Lang) -> Text:
    """The catalogs' text for a key in ``lang``: what the user reads."""
    return lambda key, **fmt: translate(key, lang, **fmt)


ENGLISH = texts("en")


def head(key: str, lang: Lang, **fmt: object) -> str:
    """The catalog's text for ``key`` up to its first field not in ``fmt`` (the part of a line
    that does not change from one run to the next)."""
    template = translate(key, lang)
    cut = min((template.index(f"{{{k}}}") for k in re.findall(r"\{(\w+)\}", template)
               if k not in fmt), default=len(template))  # fmt: skip
    return template[:cut].format(**fmt)


def decimal(value: float, places: int = 3) -> str:
    """A decimal as Russian writes it, by hand: "0,575"."""
    return f"{value:.{places}f}".replace(".", ",")


def quick_example() -> Scenario:
    """The example decision with 2,000 trials (a quick finance run; the ranking does not use
    them)."""
    example = load_file(EXAMPLE_SCENARIO, load_catalog())
    fin = example.finance
    quick = fin.simulation.model_copy(update={"trials": 2_000})
    return example.model_copy(update={"finance": fin.model_copy(update={"simulation": quick})})


@pytest.fixture
def quick_app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An app of its own serving :func:`quick_example`, with its data dir."""
    data = tmp_path / "data"
    data.mkdir()
    db = open_database(f"sqlite:///{data / SQLITE_FILE}")
    try:
        create_workspace(db, quick_example(), "Председатель")
    finally:
        db.dispose()
    with streamlit_app(data, tmp_path / "streamlit.log") as url:
        yield url, data


def new_page(
    browser: Browser, url: str, settle: Callable[..., None], locale: str = "en-US"
) -> Page:
    ctx = browser.new_context(
        viewport={"width": 1400, "height": 1800},
        locale=locale,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = ctx.new_page()
    page.set_default_timeout(ACTION_WITHIN_MS)
    page.goto(url)
    settle(page)
    return page


def invite(
    chair: Page, settle: Callable[..., None], name: str, department: str, t: Text = ENGLISH
) -> str:
    """Fill the board's invitation form; returns the join link it shows once."""
    send = t("committee.raters.send")
    form = chair.get_by_test_id("stForm").filter(has=chair.get_by_role("button", name=send))
    form.get_by_label(t("committee.raters.name"), exact=True).fill(name)
    form.get_by_label(t("committee.raters.department"), exact=True).fill(department)
    codes = chair.get_by_test_id("stCode")
    shown = {c.inner_text().strip() for c in codes.all()}  # an earlier rater's link
    form.get_by_role("button", name=send).click()
    settle(chair)

    def new_links() -> list[str]:
        return [t for t in (c.inner_text().strip() for c in codes.all()) if t not in shown]

    assert wait_until(chair, lambda: bool(new_links())), f"no join link for {name}"
    [link] = new_links()
    return link


@contextmanager
def store(data: Path) -> Iterator[tuple[Database, Actor]]:
    """The app's database (beside the running app) and the operator of its only decision."""
    db = open_database(f"sqlite:///{data / SQLITE_FILE}")
    try:
        [ws] = list_workspaces(db)
        yield db, Actor.operator(ws.id)
    finally:
        db.dispose()


def expected_leader(
    data: Path, raters: list[str], lang: Lang, favourite_mean: float, other_mean: float
) -> tuple[str, float]:
    """The leader (named in ``lang``) and its score as the application layer computes them from
    the stored decision; checks on the way that its scores are the raters' (every rated
    criterion's consensus is ``favourite_mean`` for the favourite, ``other_mean`` for the others:
    the means of what the raters pasted, by hand)."""
    with store(data) as (db, operator):
        scenario = load_scenario(db, operator)
    assert [r.name for r in scenario.raters] == raters
    decision = open_decision(scenario, load_catalog())
    dec = prepare(decision)
    favourite = scenario.options[-1].option_id
    for j, c in enumerate(dec.matrix.criteria):
        if dec.matrix.source[c] == "raters":
            for i, o in enumerate(dec.matrix.options):
                want = favourite_mean if o == favourite else other_mean
                assert dec.matrix.values[i, j] == pytest.approx(want)
    ranked = rank(decision)
    return decision.option_names(lang)[ranked.winner], float(ranked.scores.max())


def score_through_the_api(data: Path, link: str, high: int, low: int) -> None:
    """The rater of ``link`` scores every cell through the store API (``high`` for the last
    option, ``low`` for the others) and submits, as the browser's form would."""
    query = parse_qs(urlparse(link).query)
    with store(data) as (db, operator):
        scenario = load_scenario(db, operator)
        rater = authenticate(db, query["ws"][0], query["token"][0])
        favourite = scenario.options[-1].option_id
        for o in scenario.options:
            for c in scenario.criteria.rating_scales:
                value = high if o.option_id == favourite else low
                submit_score(db, rater, o.option_id, c, value, expected_version=0)
        mark_submitted(db, rater)


def keep_a_pessimistic_case(data: Path, name: str) -> None:
    """A colleague keeps ``name``: cross-sales switched off, the current assumptions unchanged."""
    with store(data) as (db, operator):
        scenario = load_scenario(db, operator)
        gloomy = edit_levers(scenario, {"cross_sales": LeverEdit(False)})
        kept = finance_scenarios.keep(gloomy, name).finance_scenarios
        save_version(db, operator, scenario.model_copy(update={"finance_scenarios": kept}))


def pdf_text(path: Path) -> str:
    """The PDF's text (pdftotext), every run of spaces (no-break ones too) as one space."""
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return " ".join(done.stdout.decode("utf-8").split())


def test_the_russian_chair_applies_a_round_and_finance_compares_scenarios(
    browser: Browser, quick_app: tuple[str, Path], settle: Callable[..., None], tmp_path: Path
) -> None:
    url, data = quick_app
    t = texts("ru")
    anna, boris = RU_RATERS
    names = ", ".join(RU_RATERS)
    chair = new_page(browser, url, settle, "ru-RU")
    go(chair, t("committee.nav.board"), 800)
    chair.get_by_role("tab", name=t("committee.tab.raters")).click()
    links = {n: invite(chair, settle, n, dept, t) for n, (dept, _, _) in RU_RATERS.items()}
    chair.get_by_role("button", name=t("committee.board.start")).click()
    settle(chair)
    chair.get_by_role("tab", name=t("committee.tab.live")).click()
    expect(
        chair.get_by_text(t("committee.board.submissions", done=0, total=2)).first
    ).to_be_visible()
    shot(chair, "chair-ru-1-invited")

    rater = new_page(browser, links[anna], settle, "ru-RU")
    expect(rater.get_by_text(anna).first).to_be_visible()
    paste_scores(rater, *RU_RATERS[anna][1:])
    total = sum(block.count("\t") for block in score_blocks(5, 1))  # a tab before each cell
    expect(
        rater.get_by_text(t("committee.rate.progress", filled=total, total=total)).first
    ).to_be_visible()
    rater.get_by_role("button", name=t("committee.rate.submit")).click()
    after = t("committee.rate.submitted").split("{at}")[-1].strip(" .")  # "Оценки можно менять…"
    expect(rater.get_by_text(after).first).to_be_visible(timeout=ACTION_WITHIN_MS)
    shot(rater, "chair-ru-2-rater")
    rater.context.close()
    score_through_the_api(data, links[boris], *RU_RATERS[boris][1:])

    chair.reload()
    settle(chair, 800)
    chair.get_by_role("tab", name=t("committee.tab.live")).click()
    expect(
        chair.get_by_text(t("committee.board.submissions", done=2, total=2)).first
    ).to_be_visible()
    # the board reruns every 5 s (it watches the round): wait on what each click brings, never
    # on an idle page (a loaded machine may not show one); each click once
    chair.get_by_role("button", name=t("committee.board.reveal")).click()
    chair.get_by_role("button", name=t("committee.scores.apply", n=1)).click()
    expect(chair.get_by_text(head("committee.scores.applied", "ru", n=1)).first).to_be_visible()
    provenance = head("report.note.scores_round", "ru", n=1, raters=names)
    expect(chair.get_by_text(provenance).first).to_be_visible()
    # revealed at a moment as Russian writes it: day.month.year
    dated = re.escape(provenance) + r"\d\d\.\d\d\.20\d\d \d\d:\d\d UTC"
    assert re.search(dated, chair.get_by_test_id("stMain").inner_text())
    shot(chair, "chair-ru-3-applied")

    leader, score = expected_leader(data, list(RU_RATERS), "ru", 4.5, 1.5)  # 5 and 4, 1 and 2
    go(chair, t("nav.ranking"), 800)
    expect(chair.get_by_text(t("ranking.winner", name=leader)).first).to_be_visible()
    shot(chair, "chair-ru-4-ranking")

    go(chair, t("nav.finance"), 800)
    chair.get_by_role("button", name=t("finance.run")).click()
    settle(chair, 1500)
    expect(chair.get_by_text(t("finance.p_npv_of", name=leader)).first).to_be_visible()
    assert re.search(f"2{GROUPED}000 испытаний", chair.get_by_test_id("stMain").inner_text())
    chair.get_by_role("tab", name=t("finance.tab_compare")).click()
    base = t("finance.run_default")  # "базовый", the name the field offers
    expect(chair.get_by_label(t("finance.run_name"))).to_have_value(base)
    chair.get_by_role("button", name=t("finance.keep_run")).click()
    settle(chair, 1500)
    chair.get_by_role("tab", name=t("finance.tab_compare")).click()
    expect(chair.get_by_text(t("finance.kept", name=base)).first).to_be_visible()
    gloomy = "пессимистичный"
    keep_a_pessimistic_case(data, gloomy)
    go(chair, t("nav.finance"), 1500)
    chair.get_by_role("tab", name=t("finance.tab_compare")).click()
    settle(chair, 1500)
    same_trials = head("report.compare.note", "ru")  # "Каждый сценарий рассчитан на тех же "
    expect(chair.get_by_text(same_trials).first).to_be_visible()
    compared = chair.get_by_test_id("stMain").inner_text()
    assert re.search(re.escape(same_trials) + f"2{GROUPED}000 испытаниях", compared)
    assert gloomy in compared
    shot(chair, "chair-ru-5-compared")

    go(chair, t("nav.report"), 1500)
    expect(chair.get_by_text(t("presentation.recommendation", name=leader)).first).to_be_visible()
    expect(chair.get_by_text(provenance).first).to_be_visible()
    assert decimal(score) in chair.get_by_test_id("stMain").inner_text()
    shot(chair, "chair-ru-6-report")

    workbook = load_workbook(download(chair, t("presentation.xlsx"), tmp_path), read_only=True)
    assert t("report.sheet.summary") in workbook.sheetnames
    cells = {
        str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row
    }
    assert t("report.table.finance_scenarios") in cells
    assert {gloomy, t("report.compare.baseline_label", name=base)} <= cells
    pdf = pdf_text(download(chair, t("presentation.pdf"), tmp_path))
    assert t("report.recommendation") in pdf
    assert leader in pdf
    assert provenance in pdf
    assert decimal(score) in pdf
    # money as Russian writes it (the text's spaces collapsed to plain ones): groups of three
    # digits, a decimal comma before "млн", the rouble sign after
    assert re.search(r"\d \d{3} \d{3} ₽", pdf)
    assert re.search(r"\d,\d млн ₽", pdf)
    (tmp_path / "report.txt").write_text(pdf, "utf-8")

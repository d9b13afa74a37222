"""Two persona journeys in a real browser, on one app (one decision, a live committee round).

The consultant, in English and in Russian: opens the decision's Report page (presentation
mode), checks the recommendation, then downloads every file and opens it: the workbook with
openpyxl (the ranking, in the application layer's order), the PDF with pdftotext (the
recommended option), the HTML report parsed (the ranking table; no wider than the window at
1400 and 1024 px), the CSV tables (the delimiter and decimal mark of the language: Excel in a
Russian locale reads "0,575" and semicolons), the scenario as YAML and JSON through
`crm-select validate`. Russian number formats are checked on the page and in the files, and
no request leaves the app (its favicon is the bundled file: offline it works).

The rater: opens the join link, pastes a block of scores into every grid, submits, sees that
the others' scores stay hidden; once the facilitator reveals the round, sees everyone's.
Screenshots of every step: test-artifacts/screenshots/consultant-*.png and rater-*.png.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from typer.testing import CliRunner

from crm_select.cli.main import app as cli
from crm_select.locales import Lang, translate
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO, FAVICON
from crm_select.services.decision import open_decision
from crm_select.services.ranking import rank
from crm_select.store.api import (
    Actor,
    Database,
    RoundStatus,
    authenticate,
    create_workspace,
    get_workspace,
    invite_rater,
    mark_submitted,
    open_database,
    reveal_round,
    start_next_round,
    start_scoring,
    submit_score,
)
from crm_select.store.engine import SQLITE_FILE
from tests.e2e.conftest import (
    IDLE,
    download,
    go,
    new_tab,
    paste_scores,
    settle_page,
    shot,
    streamlit_app,
)

pytestmark = pytest.mark.browser
RATERS = {"olga": "Olga Petrova", "oksana": "Оксана Белова", "ivan": "Ivan Sidorov"}
"""olga and oksana score in the browser (in English, in Russian), ivan by the API."""


@dataclass(frozen=True)
class Committee:
    url: str
    workspace: str
    db: Database
    chair: Actor
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def committee(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Committee]:
    """The example decision (2,000 trials) as a workspace with two invited raters and round 1
    open; Ivan has scored every cell (4) and submitted. The app serves it (the only decision)."""
    data = tmp_path_factory.mktemp("journeys")
    db = open_database(f"sqlite:///{data / SQLITE_FILE}")
    example = load_scenario(EXAMPLE_SCENARIO, load_catalog())
    fin = example.finance  # 2,000 trials keep the report quick; the ranking does not use them
    quick = fin.simulation.model_copy(update={"trials": 2_000})
    example = example.model_copy(update={"finance": fin.model_copy(update={"simulation": quick})})
    created = create_workspace(db, example, "Chair")
    chair = authenticate(db, created.workspace_id, created.admin_code)
    tokens = {rid: invite_rater(db, chair, rid, name) for rid, name in RATERS.items()}
    start_scoring(db, chair)
    ivan = authenticate(db, created.workspace_id, tokens["ivan"])
    for o in example.options:
        for c in example.criteria.rating_scales:
            submit_score(db, ivan, o.option_id, c, 4, expected_version=0)
    mark_submitted(db, ivan)
    try:
        with streamlit_app(data, tmp_path_factory.mktemp("log") / "app.log") as url:
            yield Committee(url, created.workspace_id, db, chair, tokens)
    finally:
        db.dispose()


def ranked_names(lang: Lang) -> tuple[list[str], float]:
    """The options in the application layer's ranking order, named in ``lang``, and the
    leader's score."""
    decision = open_decision(load_scenario(EXAMPLE_SCENARIO, load_catalog()), load_catalog())
    ranked = rank(decision)
    names = decision.option_names(lang)
    order = [names[r.option] for r in ranked.ranking()]
    return order, float(ranked.scores.max())


class Tables(HTMLParser):
    """Every table of an HTML document by id: its rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = self.tables.setdefault(str(dict(attrs).get("id")), [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def local(url: str, app: str) -> bool:
    """A request the app answers itself (or the page's own data)."""
    return url.startswith((app, "data:", "blob:", "file:"))


def on_screen(page: Page, header: str, width: int) -> bool:
    """Every table header cell starting with ``header`` lies inside the window's width (and
    there is one)."""
    cells = page.locator("th", has_text=header)
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    return bool(boxes) and all(
        b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes
    )


def decimal(value: float, lang: Lang, places: int = 3) -> str:
    """A decimal as the language writes it (a comma in Russian): the reference, by hand."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if lang == "ru" else text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_consultant_presents_and_opens_every_download(
    browser: Browser, committee: Committee, tmp_path: Path, lang: Lang
) -> None:
    def t(key: str, **fmt: object) -> str:
        return translate(key, lang, **fmt)

    order, score = ranked_names(lang)
    page = new_tab(browser)
    page.context.set_default_timeout(120_000)
    outside: list[str] = []  # requests that leave the app (none: it works offline)
    page.context.on(
        "request", lambda r: None if local(r.url, committee.url) else outside.append(r.url)
    )
    try:
        page.goto(committee.url)
        page.wait_for_selector(IDLE)
        if lang == "ru":
            page.get_by_text("Русский").click()
            settle_page(page)
        go(page, t("nav.report"), 1500)
        expect(page.get_by_text(t("presentation.downloads")).first).to_be_visible()
        heading = page.get_by_role("heading", name=t("presentation.recommendation", name=""))
        assert heading.first.inner_text().split(": ", 1)[1].startswith(order[0])
        assert decimal(score, lang) in page.get_by_test_id("stMain").inner_text()
        shot(page, f"consultant-{lang}-1-report")

        # the workbook: the summary sheet ranks the options in the service's order
        xlsx = download(page, t("presentation.xlsx"), tmp_path)
        sheet = load_workbook(xlsx, read_only=True).worksheets[0]
        rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
        assert [r[0] for r in rows] == list(range(1, len(order) + 1))
        assert all(str(r[1]).startswith(name) for r, name in zip(rows, order, strict=True))
        assert rows[0][4] == pytest.approx(score, rel=1e-12)

        # the PDF: its text names the recommended option
        pdf = download(page, t("presentation.pdf"), tmp_path)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60
        ).stdout.decode("utf-8")
        assert t("report.recommendation") in text
        assert order[0] in " ".join(text.split())

        # the HTML report: the ranking table, the language's numbers, no wider than the window
        html = download(page, t("presentation.html"), tmp_path)
        parser = Tables()
        parser.feed(html.read_text("utf-8"))
        summary = parser.tables["summary"]
        assert all(row[1].startswith(n) for row, n in zip(summary[1:], order, strict=True))
        assert summary[1][0] == "1"
        assert summary[1][4] == decimal(score, lang)
        assert ("₽" in summary[1][5]) == (lang == "ru")
        check = new_tab(browser)
        try:
            for width in (1400, 1024):
                check.set_viewport_size({"width": width, "height": 900})
                check.goto(html.as_uri())
                assert check.evaluate("document.documentElement.scrollWidth") <= width
                for header in (
                    t("report.metric.payback"),
                    t("report.col.es5"),
                    t("report.col.licence_share"),
                ):
                    assert on_screen(check, header, width), (header, width)
        finally:
            check.context.close()

        # the CSV tables: the language's delimiter and decimal mark (Excel in a Russian locale)
        csvs = zipfile.ZipFile(download(page, t("presentation.csv"), tmp_path))
        raw = csvs.read("summary.csv").decode("utf-8")
        assert raw.startswith("\ufeff") == (lang == "ru")
        table = list(
            csv.reader(io.StringIO(raw.lstrip("\ufeff")), delimiter=";" if lang == "ru" else ",")
        )
        assert table[0][1] == t("report.col.option")
        first = table[1]
        assert first[1].startswith(order[0])
        assert float(first[4].replace(",", ".") if lang == "ru" else first[4]) == pytest.approx(
            score, rel=1e-12
        )
        assert ("," in first[4]) == (lang == "ru")

        # the scenario as YAML and JSON: valid files the command line reads
        for label in (t("presentation.yaml"), t("presentation.json")):
            saved = download(page, label, tmp_path)
            result = CliRunner().invoke(cli, ["validate", str(saved)])
            assert result.exit_code == 0, result.output
        shot(page, f"consultant-{lang}-2-downloaded")

        # offline: the favicon is the bundled file, served by the app; nothing else was fetched
        icon = page.evaluate("document.querySelector(\"link[rel='shortcut icon']\").href")
        assert local(icon, committee.url)
        with urllib.request.urlopen(icon, timeout=10) as served:
            assert Image.open(io.BytesIO(served.read())).size == Image.open(FAVICON).size
        assert outside == []
    finally:
        page.context.close()


RATER_IN = {"en": ("olga", 5, 1), "ru": ("oksana", 5, 3)}
"""The rater who joins in each language (invited by the fixture) and the scores they paste:
beside Ivan's 4s every mean has decimals, whether the Russian run follows the English one (three
raters: 8/3, 14/3) or runs alone (two: 3.5, 4.5), so the table shows the language's decimal mark."""


def submitted_line(lang: Lang) -> str:
    """What the form says once the scores are submitted, after its time ("You can still change
    scores until the reveal")."""
    return translate("committee.rate.submitted", lang).split("{at}")[-1].strip(" .")


def open_round(committee: Committee) -> None:
    """An open round for the next rater: after an earlier run's reveal, the next round (every
    rater's scores carried over)."""
    if get_workspace(committee.db, committee.chair).round_status is not RoundStatus.OPEN:
        start_next_round(committee.db, committee.chair)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_rater_pastes_submits_and_sees_the_others_after_the_reveal(
    browser: Browser, committee: Committee, lang: Lang
) -> None:
    def t(key: str, **fmt: object) -> str:
        return translate(key, lang, **fmt)

    rater, high, low = RATER_IN[lang]
    open_round(committee)
    link = f"{committee.url}/?ws={committee.workspace}&token={committee.tokens[rater]}"
    page = new_tab(browser, locale="ru-RU" if lang == "ru" else "en-US")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        page.goto(link)
        page.wait_for_selector(IDLE)
        settle_page(page, 800)
        expect(page.get_by_role("heading", name=t("committee.rate.title"))).to_be_visible()
        expect(page.get_by_text(RATERS[rater]).first).to_be_visible()
        shot(page, f"rater-{lang}-1-joined")
        paste_scores(page, high, low)
        # the page reruns every 5 s (it watches the round): wait on what Submit writes, the
        # "submitted" line, never on an idle page
        page.get_by_role("button", name=t("committee.rate.submit")).click()
        expect(page.get_by_text(submitted_line(lang)).first).to_be_visible()
        round_no = get_workspace(committee.db, committee.chair).current_round
        hidden = (
            t("committee.rate.hidden")
            if round_no == 1
            else t("committee.rate.previous", n=round_no - 1)
        )
        expect(page.get_by_text(hidden).first).to_be_visible()  # this round's stay hidden
        shot(page, f"rater-{lang}-2-submitted")

        reveal_round(committee.db, committee.chair)  # the form notices it within 5 s
        expect(page.get_by_text(t("committee.rate.others")).first).to_be_visible()
        expect(page.get_by_text(t("committee.rate.frozen")).first).to_be_visible()
        # the form reruns every 5 s and redraws the table, and until it notices the reveal it shows
        # the round before: wait on this round's table by its text, never on a held element
        everyone = page.get_by_test_id("stDataFrame").last.locator("table")
        for name in (RATERS[rater], RATERS["ivan"], t("committee.col.mean")):
            expect(everyone).to_contain_text(name)
        # the means as the language writes them: "4,50" in Russian, "4.50" in English
        mine, other = (r"\d,\d\d", r"\d\.\d\d") if lang == "ru" else (r"\d\.\d\d", r"\d,\d\d")
        expect(everyone).to_contain_text(re.compile(mine))
        expect(everyone).not_to_contain_text(re.compile(other))
        shot(page, f"rater-{lang}-3-revealed")
    finally:
        page.context.close()

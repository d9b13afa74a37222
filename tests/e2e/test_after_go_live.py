"""After go-live in a real browser: start the record, type two quarters of actuals into the
page's table (the page in Russian, the browser in English: the cells are read as the page
writes numbers), see them in the table of results and drawn on the fan chart. Screenshot:
test-artifacts/screenshots/after-go-live.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from crm_select.locales import translate
from crm_select.models.realisation import PeriodKind, next_period, period_label, period_start
from tests.e2e.conftest import new_tab, shot, wait_until

pytestmark = pytest.mark.browser


def russian(key: str) -> str:
    """A quarter's key as Russian writes it, by hand: 2026-Q4 -> "IV кв. 2026"."""
    year, n = key.split("-Q")
    return f"{('I', 'II', 'III', 'IV')[int(n) - 1]}\u00a0кв. {year}"


def next_quarters() -> list[str]:
    """The two quarters after today's (the page's default decision date)."""
    q = PeriodKind.QUARTER
    first = next_period(period_start(period_label(dt.date.today(), q), q), q)
    return [period_label(first, q), period_label(next_period(first, q), q)]


def t(key: str, **kw: object) -> str:
    return translate(key, "ru", **kw)


def type_cell(page: Page, grid: Locator, col: int, row: int, text: str) -> None:
    """Type ``text`` into a data-editor cell: select the grid's first cell (a click the grid
    may miss while it settles), walk to the cell with the arrow keys, open its editor with
    Enter (a text column edits in a textarea, not an input), type, and commit with Enter; again
    when the grid was redrawn meanwhile and the cell lost what was typed (a loaded machine)."""
    first, cell = grid.locator("#glide-cell-0-0"), grid.locator(f"#glide-cell-{col}-{row}")
    box = grid.bounding_box()
    assert box is not None
    for _ in range(3):
        for _ in range(10):
            page.mouse.click(box["x"] + 20, box["y"] + 35 + 17)  # header 35 px, rows 35 px
            if wait_until(page, lambda: first.get_attribute("aria-selected") == "true", 2_000):
                break
        expect(first).to_have_attribute("aria-selected", "true")
        for key in ["ArrowRight"] * col + ["ArrowDown"] * row:
            page.keyboard.press(key)
        expect(cell).to_have_attribute("aria-selected", "true")
        page.keyboard.press("Enter")
        editor = page.locator("#portal textarea.gdg-input")
        expect(editor).to_be_focused()
        editor.fill(text)
        expect(editor).to_have_value(text)
        page.keyboard.press("Enter")
        if wait_until(page, lambda: cell.inner_text() == text, 10_000):
            return
    expect(cell).to_have_text(text)


def test_two_quarters_typed_into_the_table_reach_the_fan_chart(
    browser: Browser, server: str, settle: Callable
) -> None:
    page = new_tab(browser, f"{server}/?lang=ru")  # the browser's locale is en-US
    page.get_by_role("link", name=t("nav.after")).click()
    settle(page)
    page.get_by_role("button", name=t("real.start_button")).click()
    settle(page)
    expect(page.get_by_text(t("real.started")).first).to_be_visible()
    today = period_label(dt.date.today(), PeriodKind.QUARTER)  # no go-live yet: the baseline's
    labels = [today, next_quarters()[0]]
    typed = ["3 750 000,4", "3 850 000"]  # a decimal comma, as Russian writes it
    for label, value in zip(labels, typed, strict=True):
        page.get_by_role("tab", name=t("real.tab.actuals")).click()  # a rerun may show the first
        settle(page)
        field = page.get_by_role("textbox", name=t("real.period_label"))  # not its help button
        expect(field).to_have_value(label)  # proposed, as it is typed and stored
        grid = page.locator("[data-testid='stDataFrame']").locator("visible=true").first
        expect(grid.locator("#glide-cell-2-1")).to_have_text("")  # a fresh table
        type_cell(page, grid, 2, 1, value)  # Value of row 2, sales per rep
        page.get_by_role("button", name=t("real.save_actuals")).click()
        settle(page, 800)
        expect(page.get_by_text(t("real.stored", n=1)).first).to_be_visible()
    page.get_by_role("tab", name=t("real.tab.results")).click()
    settle(page, 1500)
    expect(page.get_by_role("heading", name=t("real.kpi.sales_per_rep"))).to_be_visible()
    # the stored values read back in the results table (money rounded to the rouble)...
    table = page.locator("[data-testid='stDataFrame']").locator("visible=true").first
    cells = table.locator("td[role=gridcell]")
    expect(cells.nth(0)).to_have_text(russian(labels[0]))  # "IV кв. 2026", not "2026-Q4"
    expect(cells.nth(1)).to_have_text("3\u00a0750\u00a0000\u00a0₽")
    expect(cells.nth(9)).to_have_text(russian(labels[1]))
    expect(cells.nth(10)).to_have_text("3\u00a0850\u00a0000\u00a0₽")
    # ...and drawn on the fan chart: a point per actual (the median line has none)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    expect(chart.locator("g.mark-symbol path")).to_have_count(2)
    shot(page, "after-go-live")
    page.context.close()

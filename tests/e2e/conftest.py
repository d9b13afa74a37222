"""A real `streamlit run app.py` on a free port and a headless Debian Chromium driving it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from crm_select.locales import LANGS, translate
from crm_select.models.loader import load_catalog
from crm_select.models.loader import load_scenario as load_example
from crm_select.models.paths import EXAMPLE_SCENARIO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FloatRect, Locator, Page

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "test-artifacts" / "screenshots")
"""Where the journeys' screenshots go (`make screenshots` sets docs/screenshots/)."""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
ACTION_WITHIN_MS = 120_000
"""How long a page action (a click, a wait for a selector) may take: a fresh app's first page
took over a minute on a 2-core machine at load 50."""
EXPECT_WITHIN_MS = 45_000
"""How long an ``expect(...)`` waits for its condition (Playwright's 5 s default is shorter
than a rerun of a page on a loaded machine); like a page action's limit, it costs nothing when
the condition holds at once."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_app(data: Path, log_path: Path, **env: str) -> Iterator[str]:
    """`streamlit run app.py` on a free port with its own data dir (and extra environment);
    yields its URL once healthy; stops it afterwards. A server that exits before it is healthy
    (another pytest-xdist worker took the port between the probe and the bind) is started again
    on another port, at most three times."""
    full_env = {**os.environ, "CRM_SELECT_DATA_DIR": str(data), **env}
    if "DATABASE_URL" not in env:
        full_env.pop("DATABASE_URL", None)
    log = log_path.open("w")
    proc: subprocess.Popen[bytes] | None = None
    try:
        for _ in range(3):
            port = free_port()
            proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
                 "--server.address=127.0.0.1", f"--server.port={port}",
                 "--browser.gatherUsageStats=false"],
                cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            url = f"http://127.0.0.1:{port}"
            if _healthy(url, proc):
                break
            if proc.poll() is None:
                pytest.fail(
                    f"streamlit did not become healthy in {HEALTHY_WITHIN} s; see {log_path}"
                )
        else:
            pytest.fail(f"streamlit exited before it was healthy, three times; see {log_path}")
        yield url
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:  # a loaded machine: stop it for good
                proc.kill()
                proc.wait()
        log.close()


HEALTHY_WITHIN = 90
"""Seconds a server has to answer its health check (a loaded machine starts it slowly)."""


def _healthy(url: str, proc: subprocess.Popen[bytes]) -> bool:
    """Whether the server at ``url`` answers "ok" before it exits or the time is up."""
    deadline = time.monotonic() + HEALTHY_WITHIN
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return True
        except OSError:
            time.sleep(0.3)
    return False


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the app with its own data dir; yield its URL; stop it afterwards."""
    data = tmp_path_factory.mktemp("data")
    with streamlit_app(data, tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip(
            "Debian chromium is not installed (apt-get install chromium); .ci/run installs it"
        )
    playwright = pytest.importorskip("playwright.sync_api")
    playwright.expect.set_options(timeout=EXPECT_WITHIN_MS)
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_tab(browser: Browser, url: str | None = None, locale: str = "en-US") -> Page:
    """A page in a fresh browser context (its own cookies and session), at ``url`` once the app
    is idle; close it with ``page.context.close()``."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1800}, locale=locale)
    pg = ctx.new_page()
    pg.set_default_timeout(ACTION_WITHIN_MS)
    if url is not None:
        pg.goto(url)
        pg.wait_for_selector(IDLE)
    return pg


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    pg = new_tab(browser, server)
    yield pg
    pg.context.close()


def settle_page(pg: Page, pause_ms: int = 400) -> None:
    """Wait until the app has finished its rerun (and give charts a moment to draw): idle, and
    still idle after the pause, so a rerun a loaded machine starts late is waited for too."""
    pg.wait_for_timeout(300)
    for _ in range(10):
        pg.wait_for_selector(IDLE)
        pg.wait_for_timeout(pause_ms)
        if pg.locator(IDLE).count():
            return
    pg.wait_for_selector(IDLE)


def wait_until(pg: Page, condition: Callable[[], bool], timeout_ms: int = 15_000) -> bool:
    """Poll ``condition`` (every 250 ms, at most ``timeout_ms``); whether it came true."""
    for _ in range(max(1, timeout_ms // 250)):
        if condition():
            return True
        pg.wait_for_timeout(250)
    return condition()


@pytest.fixture
def settle() -> Callable[..., None]:
    """:func:`settle_page`, for tests that take it as a fixture."""
    return settle_page


def go(page: Page, name: str, pause_ms: int = 400) -> None:
    """Open a page from the sidebar menu and wait for it."""
    page.get_by_role("link", name=name).click()
    settle_page(page, pause_ms)


def download(page: Page, label: str, folder: Path) -> Path:
    """Click the download button ``label`` and save the file in ``folder``; its path."""
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot ``name``.png in :data:`SHOTS`."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def score_blocks(high: int, low: int) -> list[str]:
    """What a rater pastes into each score grid (one per interest with rated criteria, in the
    form's order): a row per option, a leading column for the read-only option name, then
    ``high`` for the last option on the list and ``low`` for every other on each criterion."""
    example = load_example(EXAMPLE_SCENARIO, load_catalog())
    rated = set(example.criteria.rating_scales)
    favourite = example.options[-1].option_id
    blocks = []
    for g in example.criteria.groups:
        n = sum(1 for c in g.criteria if c.id in rated)
        if n:
            rows = [
                "\t".join(["x", *([str(high if o.option_id == favourite else low)] * n)])
                for o in example.options
            ]
            blocks.append("\n".join(rows))
    return blocks


def _progress_pattern() -> re.Pattern[str]:
    """The rater form's progress line ("3 of 52 cells scored", "Оценено 3 из 52 ячеек") in
    either language, built from the message catalogs; the scored cells in the language's group.
    A pattern the browser's RegExp reads too (Playwright matches it there): unnamed groups, and
    only the characters that need it escaped (no "\\ " for a space)."""
    lines = []
    for lang in LANGS:
        parts = re.split(r"(\{filled\}|\{total\})", translate("committee.rate.progress", lang))
        lines.append(
            "".join(
                r"(\d+)" if p == "{filled}" else r"\d+" if p == "{total}"
                else re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", p)
                for p in parts
            )
        )  # fmt: skip
    return re.compile("|".join(f"(?:{line})" for line in lines))


PROGRESS = _progress_pattern()


def scored(rater: Page) -> int:
    """The form's "N of M cells scored" (or its Russian line): N."""
    found = PROGRESS.search(rater.get_by_text(PROGRESS).first.inner_text())
    assert found is not None
    return int(next(v for v in found.groups() if v is not None))


def _box(grid: Locator) -> FloatRect | None:
    """The grid scrolled into view and its box; None when a rerun detached it meanwhile."""
    from playwright.sync_api import Error

    try:
        grid.scroll_into_view_if_needed()
        return grid.bounding_box()
    except Error:  # "Element is not attached to the DOM"
        return None


def paste_scores(rater: Page, high: int, low: int) -> None:
    """Into every score grid: select the first option's cell and paste its block, as a rater
    pasting from a spreadsheet (the evidence table after the grids is left alone). A paste the
    grid did not take (the click only focused it: the count stays the same for 20 s) is repeated,
    at most three times."""
    for i, block in enumerate(score_blocks(high, low)):
        cells = block.count("\t")
        before = scored(rater)
        for _ in range(3):
            grid = rater.get_by_test_id("stDataFrame").nth(i)
            grid.wait_for(state="visible")
            box = _box(grid)
            if box is None:  # the form's 5 s rerun redrew the grid between the wait and here
                continue
            for _ in range(2):  # the first click focuses the grid, the second selects the cell
                rater.mouse.click(box["x"] + 40, box["y"] + 35 + 17)
                rater.wait_for_timeout(300)
            rater.evaluate("text => navigator.clipboard.writeText(text)", block)
            rater.keyboard.press("Control+V")
            # wait on what the paste produces, the form's count, never on an idle page: the
            # form reruns every 5 s (it watches the round), so "idle" may never be seen at load
            target = before + cells
            if wait_until(rater, lambda: scored(rater) == target, 20_000):  # noqa: B023 (called now)
                break
        assert scored(rater) == before + cells, f"grid {i} did not take the pasted scores"


@pytest.fixture
def own_page(browser: Browser, tmp_path: Path) -> Iterator[Page]:
    """A page on an app of its own, for a test that changes the decision (the shared server's
    decision stays as the other tests expect it)."""
    data = tmp_path / "data"
    data.mkdir()
    with streamlit_app(data, tmp_path / "streamlit.log") as url:
        pg = new_tab(browser, url)
        yield pg
        pg.context.close()

"""A real `streamlit run app.py` on a free port and a headless Debian Chromium driving it."""

from __future__ import annotations

import os
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

from crm_select.models.loader import load_catalog
from crm_select.models.loader import load_scenario as load_example
from crm_select.models.paths import EXAMPLE_SCENARIO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_app(data: Path, log_path: Path, **env: str) -> Iterator[str]:
    """`streamlit run app.py` on a free port with its own data dir (and extra environment);
    yields its URL once healthy; stops it afterwards."""
    port = free_port()
    log = log_path.open("w")
    full_env = {**os.environ, "CRM_SELECT_DATA_DIR": str(data), **env}
    if "DATABASE_URL" not in env:
        full_env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false"],
        cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"streamlit did not become healthy; see {log_path}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


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
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_tab(browser: Browser, url: str | None = None, locale: str = "en-US") -> Page:
    """A page in a fresh browser context (its own cookies and session), at ``url`` once the app
    is idle; close it with ``page.context.close()``."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1800}, locale=locale)
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
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
    """Wait until the app has finished its rerun (and give charts a moment to draw)."""
    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE)
    pg.wait_for_timeout(pause_ms)


@pytest.fixture
def settle() -> Callable[..., None]:
    """:func:`settle_page`, for tests that take it as a fixture."""
    return settle_page


def go(page: Page, name: str, pause_ms: int = 400) -> None:
    """Open a page from the sidebar menu and wait for it."""
    page.get_by_role("link", name=name).click()
    settle_page(page, pause_ms)


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


def scored(rater: Page) -> int:
    """The form's "N of M cells scored"."""
    return int(rater.get_by_text("cells scored").first.inner_text().split()[0])


def paste_scores(rater: Page, high: int, low: int) -> None:
    """Into every score grid: select the first option's cell and paste its block, as a rater
    pasting from a spreadsheet (the evidence table after the grids is left alone). A paste the
    grid did not take (the click only focused it) is repeated, at most three times."""
    for i, block in enumerate(score_blocks(high, low)):
        cells = block.count("\t")
        before = scored(rater)
        for _ in range(3):
            grid = rater.get_by_test_id("stDataFrame").nth(i)
            grid.wait_for(state="visible")
            grid.scroll_into_view_if_needed()
            box = grid.bounding_box()
            assert box is not None
            for _ in range(2):  # the first click focuses the grid, the second selects the cell
                rater.mouse.click(box["x"] + 40, box["y"] + 35 + 17)
                rater.wait_for_timeout(300)
            rater.evaluate("text => navigator.clipboard.writeText(text)", block)
            rater.keyboard.press("Control+V")
            settle_page(rater, 800)
            if scored(rater) == before + cells:
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

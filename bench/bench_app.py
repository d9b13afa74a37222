"""Benchmark of the app layer: a page rerun (printed figures, not a timed test).

Run: .venv/bin/python bench/bench_app.py [--runs 7]

Reruns the Ranking, Scoring and Report pages of the b2b example in AppTest with warm caches
(what a user waits for after moving a widget) and prints the median per page. The reference in
the same run is the same rerun with each scenario's decision opened anew on every call
(``compute.KEPT_SCENARIOS = 0``), as before the decision was
opened once per scenario object.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crm_select.ui import compute

ROOT = Path(__file__).resolve().parent.parent

PAGES = ("views/ranking.py", "views/scoring.py", "views/report.py")


def rerun_ms(at: AppTest, page: str, runs: int) -> float:
    at.switch_page(page).run()  # warms the page's caches
    assert not at.exception, [e.message for e in at.exception]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    assert not at.exception, [e.message for e in at.exception]
    return statistics.median(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ["CRM_SELECT_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-app-")
    logging.disable(logging.WARNING)  # "no runtime" notices of the bare-mode caches
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    kept = compute.KEPT_SCENARIOS
    for page in PAGES:
        ours = rerun_ms(at, page, args.runs)
        compute.KEPT_SCENARIOS = 0
        st.cache_resource.clear()  # the store of opened scenarios is made anew, keeping none
        reference = rerun_ms(at, page, args.runs)
        compute.KEPT_SCENARIOS = kept
        st.cache_resource.clear()
        print(
            f"{page}: rerun {ours:.0f} ms (median of {args.runs}); opening the decision on every "
            f"call {reference:.0f} ms; ratio {ours / reference:.2f}"
        )


if __name__ == "__main__":
    main()

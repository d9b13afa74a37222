"""The wheel works on its own: built from a clean copy of the project (as `pip wheel .` builds
it), installed into a fresh virtual environment, it lists the catalog, ranks a bundled example
and serves the app to its health check from the installed files, with no checkout in reach.

The fresh environment gets its third-party dependencies from this test's environment through a
path entry (no download): a ``.pth`` line adds that site-packages directory to ``sys.path``
without running its ``.pth`` files, so the editable install of this checkout stays out of reach
and every ``crm_select``, ``scoring`` and ``finance`` module comes from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crm_select.models.loader import load_catalog
from crm_select.services.decision import load_decision
from crm_select.services.ranking import rank

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOT_SHIPPED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "var", "*.egg-info", "__pycache__", "*.pyc",
    ".*_cache", ".hypothesis", "test-artifacts", "*.sqlite*",
)  # fmt: skip


@dataclass(frozen=True)
class Installed:
    """A fresh virtual environment with the wheel installed, and a scratch directory to run
    its commands in (away from the checkout)."""

    venv: Path
    work: Path
    env: dict[str, str]

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            argv, cwd=self.work, env=self.env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{argv}: exit {done.returncode}\n{done.stderr}"
        return done

    def python(self, code: str) -> str:
        return self.run(self.bin("python"), "-c", code).stdout.strip()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SHIPPED)
    wheels = base / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--quiet",
         "--wheel-dir", str(wheels)],
        check=True, timeout=600,
    )  # fmt: skip
    (wheel,) = wheels.glob("crm_select-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--no-index", "--no-deps", "--quiet", str(wheel)],
        check=True, timeout=300,
    )  # fmt: skip
    site = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", "utf-8")
    work = base / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DATABASE_URL")}
    env["CRM_SELECT_DATA_DIR"] = str(work / "var")
    return Installed(venv, work, env)


def test_the_package_and_its_bundled_files_come_from_the_wheel(installed: Installed) -> None:
    where = json.loads(
        installed.python(
            "import json, crm_select, scoring, finance\n"
            "from crm_select.models import paths\n"
            "print(json.dumps([crm_select.__file__, scoring.__file__, finance.__file__,"
            " str(paths.ROOT)]))"
        )
    )
    for path in where:
        assert Path(path).is_relative_to(installed.venv), path
    bundle = Path(where[-1])
    for name in ("app.py", "views/home.py", "data/vendors.yaml", ".streamlit/config.toml"):
        assert (bundle / name).is_file(), name
    shipped = sorted(p.name for p in (bundle / "examples").glob("*.yaml"))
    assert shipped == sorted(p.name for p in (ROOT / "examples").glob("*.yaml"))


def test_the_installed_command_lists_the_catalog(installed: Installed) -> None:
    out = json.loads(installed.run(installed.bin("crm-select"), "catalog", "--json").stdout)
    assert [o["id"] for o in out] == [o.id for o in load_catalog().options]


@pytest.mark.parametrize("example", ["b2b-distributor", "bank-500"])
def test_the_installed_command_ranks_a_bundled_example(installed: Installed, example: str) -> None:
    copy = installed.work / f"{example}.yaml"
    installed.run(
        installed.bin("crm-select"), "new-scenario", str(copy), "--example", example, "--force"
    )
    ranked = json.loads(
        installed.run(installed.bin("crm-select"), "rank", str(copy), "--json").stdout
    )
    expected = rank(load_decision(ROOT / "examples" / f"{example}.yaml"))
    assert [r["option"] for r in ranked["ranking"]] == [r.option for r in expected.ranking()]
    assert [r["score"] for r in ranked["ranking"]] == pytest.approx(
        [r.score for r in expected.ranking()], rel=1e-12
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return bool(r.read().strip() == b"ok")
    except OSError:
        return False


@pytest.fixture
def served(installed: Installed) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`crm-select app` on a free port; always stopped (killed if it does not stop)."""
    port = _free_port()
    log = (installed.work / "app.log").open("wb")
    proc = subprocess.Popen(
        [installed.bin("crm-select"), "app", "--port", str(port)],  # 127.0.0.1 by default
        cwd=installed.work, env=installed.env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
        log.close()


def test_the_installed_app_starts_and_stops_with_its_process(
    installed: Installed, served: tuple[subprocess.Popen[bytes], str]
) -> None:
    proc, url = served
    deadline = time.monotonic() + 90
    while not _healthy(url):
        assert proc.poll() is None, (installed.work / "app.log").read_text("utf-8")
        assert time.monotonic() < deadline, "the app did not pass its health check in 90 s"
        time.sleep(0.5)
    # the command became the server (exec): stopping that process stops the app
    cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
    assert b"streamlit" in cmdline
    proc.terminate()
    proc.wait(timeout=20)
    assert not _healthy(url)


def test_the_installed_pages_run(installed: Installed) -> None:
    """The bundled router and its home page run from the install (AppTest, in the fresh
    environment): the pages resolve next to the installed app.py."""
    out = installed.python(
        "from streamlit.testing.v1 import AppTest\n"
        "from crm_select.models.paths import APP_SCRIPT\n"
        "at = AppTest.from_file(str(APP_SCRIPT), default_timeout=120).run()\n"
        "assert not at.exception, at.exception\n"
        "print(len(at.main.children))"
    )
    assert int(out) > 0

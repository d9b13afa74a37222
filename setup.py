"""Build hook (everything else is in pyproject.toml): the wheel carries the app, the catalog and
the examples inside the package, in ``crm_select/bundle``, where crm_select/models/paths.py
finds them through importlib.resources. An editable install reads the checkout instead."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# what crm_select/models/paths.py reads from the bundle
BUNDLED = ("app.py", "views", "data", "examples", ".streamlit", "assets")


class BuildWithBundle(build_py):
    """build_py that also copies the bundled files into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib, "crm_select", "bundle")
        if target.exists():
            shutil.rmtree(target)  # no stale files from an earlier build
        target.mkdir(parents=True)
        for name in BUNDLED:
            source = HERE / name
            if source.is_dir():
                ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
                shutil.copytree(source, target / name, ignore=ignore)
            else:
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildWithBundle})

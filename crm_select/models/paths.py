"""Where the bundled files live: the app (``app.py``, ``views/``, ``.streamlit/``, ``assets/``),
the catalog (``data/``) and the example decisions (``examples/``).

An installed wheel carries them inside the package, in ``crm_select/bundle`` (setup.py copies
them there at build time); a checkout or an editable install reads them where they are in the
repository, next to the package. Both are found through importlib.resources.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundle_root() -> Path:
    """The directory holding the bundled files: the installed bundle, else the checkout."""
    package = files("crm_select")
    if not isinstance(package, Path):  # a zip import has no directory a server could run
        raise RuntimeError(f"crm_select is not installed as files on disk ({package!r})")
    installed = package / "bundle"
    return installed if installed.is_dir() else package.parent


ROOT = bundle_root()
APP_SCRIPT = ROOT / "app.py"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
FAVICON = ROOT / "assets" / "favicon.png"
"""The browser tab's icon, served by the app itself (a Material or emoji icon would be fetched
from a font CDN, which fails offline)."""
CATALOG_PATH = ROOT / "data" / "vendors.yaml"
DEFAULT_CRITERIA_PATH = ROOT / "data" / "criteria.yaml"
"""The criteria tree a decision started blank begins with (design 2.2, equal points)."""
EXAMPLES_DIR = ROOT / "examples"
EXAMPLE_SCENARIO = EXAMPLES_DIR / "b2b-distributor.yaml"

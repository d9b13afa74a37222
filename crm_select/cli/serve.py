"""`crm-select app`: start the web app from wherever the package is installed."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Annotated

import typer

from crm_select.models.paths import APP_SCRIPT, STREAMLIT_CONFIG


def streamlit_flags(config: Path) -> list[str]:
    """The bundled ``.streamlit/config.toml`` as command-line flags (``--section.key value``):
    Streamlit reads a config file only from the working directory or the home directory, so an
    installed app passes the project's settings explicitly."""
    with config.open("rb") as f:
        sections = tomllib.load(f)
    flags: list[str] = []
    for section, values in sections.items():
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags += [f"--{section}.{key}", text]
    return flags


LOOPBACK = "127.0.0.1"


def streamlit_command(port: int, address: str) -> list[str]:
    """The command line that serves the bundled app.py with this interpreter's Streamlit."""
    argv = [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT)]
    argv += streamlit_flags(STREAMLIT_CONFIG)
    argv += ["--server.port", str(port), "--server.address", address]
    return [*argv, "--server.fileWatcherType", "none"]


def app_command(
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="port to serve on")] = 8501,
    address: Annotated[
        str,
        typer.Option(
            "--address",
            help="address to listen on: 127.0.0.1 answers only this machine (local mode opens "
            "every decision to whoever reaches it); 0.0.0.0 serves the network, in hosted mode "
            "(CRM_SELECT_HOSTED=1)",
        ),
    ] = LOOPBACK,
) -> None:
    """Start the web app (Streamlit) on http://127.0.0.1:PORT; Ctrl+C stops it.

    The process becomes the server (exec, no child left behind): stopping it stops the app.
    Decisions are kept under $CRM_SELECT_DATA_DIR (default ./var) or in $DATABASE_URL.
    """
    argv = streamlit_command(port, address)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)

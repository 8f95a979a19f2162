"""The ``gdviz`` command: ``streamlit run`` on the packaged app, from any directory.

Streamlit's own options pass through (``gdviz --server.port 8600``); the app's settings come with
it (gdviz/.streamlit/config.toml, which Streamlit reads beside the main script). ``gdviz --version``
prints the version.
"""

from __future__ import annotations

import sys
from pathlib import Path

import gdviz

APP = Path(__file__).with_name("app.py")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        print(f"gdviz {gdviz.__version__}")
        return 0
    from streamlit.web import cli  # imported here: the version needs no Streamlit

    return cli.main(["run", str(APP), *args], prog_name="gdviz")

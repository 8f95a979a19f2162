"""The house rules of the layers: the core is pure NumPy, figures never touch Streamlit."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_core_imports_neither_streamlit_nor_plotly_nor_sympy() -> None:
    loaded = _modules_after("import gdviz, gdviz.core")
    assert not {"streamlit", "plotly", "sympy"} & loaded


def test_figures_import_no_streamlit() -> None:
    modules = sorted(p.stem for p in (ROOT / "gdviz" / "figures").glob("*.py") if p.stem != "__init__")
    loaded = _modules_after("import " + ", ".join(f"gdviz.figures.{m}" for m in modules))
    assert "plotly" in loaded
    assert "streamlit" not in loaded


def test_there_is_no_pages_folder_beside_either_app_py() -> None:
    # Streamlit switches to its legacy multipage mode whenever a folder named pages/ sits beside the
    # main script, even one holding only subfolders: the first deep link on a fresh server then
    # answers "Page not found" before st.navigation takes over. Page scripts live in gdviz/views/.
    # The main script is gdviz/app.py (the gdviz command) or the checkout's app.py.
    assert not (ROOT / "gdviz" / "pages").exists()
    assert not (ROOT / "pages").exists()


RUNS_TEXT = {"eval", "exec", "compile", "sympify", "parse_expr", "__import__"}


def test_the_app_never_runs_text_as_code() -> None:
    """User text (a typed function, a URL value) reaches no string evaluator: gdviz.expressions builds
    SymPy from a whitelisted tree instead. No source file of the app, Python or JavaScript, calls one,
    and no third-party script (plotly.js) is kept among them."""
    sources = [ROOT / "app.py", *(ROOT / "gdviz").rglob("*.py")]
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                assert name not in RUNS_TEXT, f"{path.relative_to(ROOT)}:{node.lineno} calls {name}"
    scripts = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "gdviz").rglob("*.js"))
    assert scripts == ["gdviz/ui/static/live.js", "gdviz/ui/static/plotly_loader.js"]
    for script in scripts:
        text = (ROOT / script).read_text(encoding="utf-8")
        assert not re.search(r"\beval\s*\(|new\s+Function\s*\(", text), script

#!/usr/bin/env bash
# Install gdviz's app dependencies into .venv and start the app (http://localhost:8501).
# Works on a fresh Debian with Python 3.11; as root it installs python3-venv when venv is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq python3-venv
  else
    echo "Python's venv module is missing: run 'sudo apt-get install python3-venv' and try again." >&2
    exit 1
  fi
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
# plotly.js's cartesian bundle, from the npm registry: pages open a second sooner (gdviz/ui/plotly_bundle.py).
.venv/bin/python -m gdviz.ui.plotly_bundle
exec .venv/bin/python -m streamlit run app.py "$@"

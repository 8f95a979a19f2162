#!/usr/bin/env bash
# Install what the tests need (Python packages into .venv; Debian's chromium and nginx when they
# are missing and we are root) and run ruff and the whole test suite, browser tests included.
# A missing browser or nginx is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
need_apt=()
"$PYTHON" -c "import ensurepip, venv" 2>/dev/null || need_apt+=(python3-venv)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
# The replica tests run deploy/local.sh, which starts its own nginx (not the system's service).
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
# A CJK font so Chinese text renders in the browser tests and screenshots.
fc-list 2>/dev/null | grep -qi "CJK" || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  else
    echo "Missing Debian packages: ${need_apt[*]}. Run: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements-test.txt
.venv/bin/python -m gdviz.ui.plotly_bundle --required
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Run K replicas of gdviz behind nginx on this machine's loopback, for trying a replicated
# deployment and for the tests and benchmarks that measure one:
#
#     bash deploy/local.sh K [PORT]
#
# Starts K `streamlit run app.py` processes on free ports and Debian's nginx (its own config and
# temp directory under mktemp, in the foreground: not the system's nginx service) on PORT (default:
# a free port). Prints the proxy's URL on the first line of stdout once every replica answers
# /_stcore/health, then one line per replica and one for nginx, and stays in the foreground; Ctrl-C
# or SIGTERM stops everything it started. Installs nginx with apt-get when it is missing and we are
# root. Needs .venv (bash scripts/app.sh or scripts/test.sh makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY="${PYTHON:-$ROOT/.venv/bin/python}"

usage() { echo "usage: bash deploy/local.sh K [PORT]   (K replicas, K >= 1; PORT: the proxy's port)" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
REPLICAS=$1
PROXY_PORT=${2:-}
[[ "$REPLICAS" =~ ^[1-9][0-9]*$ ]] || usage
[ -z "$PROXY_PORT" ] || [[ "$PROXY_PORT" =~ ^[1-9][0-9]*$ ]] || usage

[ -x "$PY" ] || { echo "No Python at $PY: run 'bash scripts/app.sh' once first (it makes .venv)." >&2; exit 1; }

NGINX=$(command -v nginx || true)
[ -n "$NGINX" ] || [ ! -x /usr/sbin/nginx ] || NGINX=/usr/sbin/nginx
if [ -z "$NGINX" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "nginx is missing: installing Debian's nginx package" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >&2
    NGINX=/usr/sbin/nginx
  else
    echo "nginx is missing. Run: sudo apt-get install nginx (local.sh starts its own nginx, not the service)" >&2
    exit 1
  fi
fi

# How one replica starts: the only place that says it.
start_replica() {
  local port=$1 log=$2
  "$PY" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 >"$log" 2>&1 &
}

# What a replicated Streamlit needs, the same in every replica: one cookie secret (Streamlit signs its
# cookies with it, so a cookie one replica set is valid on the others), XSRF protection on, CORS
# protection on (the proxy passes the browser's Host, so the websocket's Origin check still holds),
# no file watcher and no browser to open.
STREAMLIT_SERVER_COOKIE_SECRET=$("$PY" -c "import secrets; print(secrets.token_hex(32))")
export STREAMLIT_SERVER_COOKIE_SECRET
export STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION=true
export STREAMLIT_SERVER_ENABLE_CORS=true
export STREAMLIT_SERVER_HEADLESS=true
export STREAMLIT_SERVER_FILE_WATCHER_TYPE=none
export STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

free_port() { "$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }

WORK=$(mktemp -d -t gdviz-deploy.XXXXXX)
# nginx's workers run as nobody when the master is root: they must reach the temp directories.
chmod 755 "$WORK"
PIDS=()
NGINX_PID=
cleanup() {
  trap - EXIT INT TERM
  # nginx first, so no request reaches a replica that is stopping.
  if [ -n "$NGINX_PID" ]; then kill -TERM "$NGINX_PID" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$NGINX_PID" "${PIDS[@]}"; do
    [ -n "$pid" ] || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORTS=()
for i in $(seq "$REPLICAS"); do
  port=$(free_port)
  PORTS+=("$port")
  start_replica "$port" "$WORK/replica-$i.log"
  PIDS+=("$!")
done

wait_healthy() {  # url pid log
  local deadline=$((SECONDS + 120))
  until "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null; do
    if ! kill -0 "$2" 2>/dev/null; then echo "exited early; its log:" >&2; tail -n 30 "$3" >&2; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then echo "$1 did not answer in 120 s; log:" >&2; tail -n 30 "$3" >&2; exit 1; fi
    sleep 0.3
  done
}
for i in $(seq "$REPLICAS"); do
  wait_healthy "http://127.0.0.1:${PORTS[$((i - 1))]}/_stcore/health" "${PIDS[$((i - 1))]}" "$WORK/replica-$i.log"
done

[ -n "$PROXY_PORT" ] || PROXY_PORT=$(free_port)
{
  echo "worker_processes 1;"
  echo "pid $WORK/nginx.pid;"
  echo "error_log $WORK/error.log warn;"
  echo "events { worker_connections 1024; }"
  echo "http {"
  echo "  include $ROOT/deploy/nginx/sticky.conf;"
  echo "  access_log $WORK/access.log gdviz;"
  for kind in client_body proxy fastcgi uwsgi scgi; do echo "  ${kind}_temp_path $WORK/$kind;"; done
  echo "  upstream gdviz {"
  echo "    hash \$gdviz_route consistent;"
  for port in "${PORTS[@]}"; do echo "    server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"; done
  echo "  }"
  echo "  server {"
  echo "    listen 127.0.0.1:$PROXY_PORT;"
  echo "    location / {"
  echo "      include $ROOT/deploy/nginx/proxy.conf;"
  # Which replica answered, for the tests and for an admin's curl -I; loopback only, so the
  # replicas' addresses tell nobody outside anything.
  echo "      add_header X-Upstream \$upstream_addr always;"
  echo "    }"
  echo "  }"
  echo "}"
} >"$WORK/nginx.conf"

"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/error.log" -g "daemon off;" &
NGINX_PID=$!
wait_healthy "http://127.0.0.1:$PROXY_PORT/_stcore/health" "$NGINX_PID" "$WORK/error.log"

echo "http://127.0.0.1:$PROXY_PORT/"
for i in $(seq "$REPLICAS"); do
  echo "replica $i: http://127.0.0.1:${PORTS[$((i - 1))]} pid ${PIDS[$((i - 1))]} log $WORK/replica-$i.log"
done
echo "nginx: pid $NGINX_PID access log $WORK/access.log"
echo "Ctrl-C stops them all." >&2

# Foreground until nginx ends or we are told to stop; a replica dying leaves the others serving.
wait "$NGINX_PID"

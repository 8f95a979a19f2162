"""Start a real gdviz server on a free local port for browser tests and bench scripts."""

from __future__ import annotations

import os
import re
import selectors
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = os.environ.get("GDVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(
    app: Path = ROOT / "app.py",
    timeout: float = 60.0,
    *,
    command: Sequence[str] | None = None,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """Run ``streamlit run app`` (or ``command``, which takes the same options: an installed ``gdviz``)
    on a fresh port; yield its base URL; stop it afterwards."""
    port = free_port()
    cmd = [
        *(command or [sys.executable, "-m", "streamlit", "run", str(app)]),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    # The server's log goes to a file, not a pipe: nobody reads a pipe while the tests run, and a
    # full pipe (a few tracebacks) would block the server mid-test.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(proc, url, log, timeout)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _log_tail(log: IO[bytes], chars: int = 2000) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")[-chars:]


def _wait_until_healthy(proc: subprocess.Popen[bytes], url: str, log: IO[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{_log_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not become healthy in {timeout:.0f} s:\n{_log_tail(log)}")
        time.sleep(0.3)


@dataclass(frozen=True)
class Replica:
    url: str
    pid: int
    log: Path


@dataclass(frozen=True)
class Deployment:
    """What ``deploy/local.sh`` started: the proxy's URL, each replica, nginx's access log."""

    url: str
    replicas: list[Replica]
    nginx_pid: int
    access_log: Path

    def replica(self, upstream: str) -> Replica:
        """The replica nginx names ``upstream`` (``127.0.0.1:port``, as in X-Upstream and the log)."""
        return next(r for r in self.replicas if r.url == f"http://{upstream}")


REPLICA_LINE = re.compile(r"replica \d+: (?P<url>\S+) pid (?P<pid>\d+) log (?P<log>\S+)")
NGINX_LINE = re.compile(r"nginx: pid (?P<pid>\d+) access log (?P<log>\S+)")


@contextmanager
def running_replicas(count: int, timeout: float = 180.0) -> Iterator[Deployment]:
    """Run ``bash deploy/local.sh count``: ``count`` replicas behind nginx on loopback; stop it afterwards."""
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            ["bash", str(ROOT / "deploy" / "local.sh"), str(count)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log,
            env={**os.environ, "PYTHON": sys.executable},
        )
        try:
            lines = _read_lines(proc, count + 2, timeout, log)
            replicas = [REPLICA_LINE.fullmatch(line) for line in lines[1:-1]]
            nginx = NGINX_LINE.fullmatch(lines[-1])
            assert all(replicas) and nginx, f"unexpected output of deploy/local.sh: {lines}"
            yield Deployment(
                url=lines[0].rstrip("/"),
                replicas=[Replica(m["url"], int(m["pid"]), Path(m["log"])) for m in replicas if m],
                nginx_pid=int(nginx["pid"]),
                access_log=Path(nginx["log"]),
            )
        finally:
            proc.terminate()  # local.sh's trap stops nginx and every replica
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            assert proc.stdout is not None
            proc.stdout.close()


def _read_lines(proc: subprocess.Popen[bytes], count: int, timeout: float, log: IO[bytes]) -> list[str]:
    """The first ``count`` lines ``proc`` prints; local.sh prints them once everything answers.

    Read from the pipe's descriptor, not a buffered file: a buffered readline can take several lines
    in at once, and select then waits for more that never come."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + timeout
    received = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while received.count(b"\n") < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"deploy/local.sh was not ready in {timeout:.0f} s:\n{_log_tail(log)}")
            if selector.select(timeout=min(left, 1.0)):
                chunk = os.read(fd, 4096)
                if not chunk:
                    raise RuntimeError(f"deploy/local.sh exited early:\n{_log_tail(log)}")
                received += chunk
    return [line.strip() for line in received.decode().splitlines()[:count]]

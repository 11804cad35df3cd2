"""What the benchmarks serve from: a database of their own, created and dropped; a free port; gunicorn
started in its own process group, waited for until /healthz answers, and stopped with its workers; a browser-like
sign-in through the login form."""
from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text


def free_port() -> int:
    """An unused local port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], port: int, cwd: Path, env: dict) -> subprocess.Popen:
    """gunicorn with the production settings (deploy/gunicorn.conf.py) and these arguments, bound to the port;
    returns once /healthz answers "ok"."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    config = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"
    # No recycling while measuring: a worker reloading the app (~3 s) stalled the requests queued on it.
    server = subprocess.Popen([str(gunicorn), "-c", str(config), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                               "--max-requests", "0", *args],
                              cwd=cwd, env={**os.environ, **env}, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.read() == b"ok":
                    return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn (its process group: the master and its workers)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def recreate_database(server_url: str, name: str) -> str:
    """Drop and create the benchmark database; its URL."""
    _admin(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}")
    return f"{server_url}/{name}"


def drop_database(server_url: str, name: str) -> None:
    """Drop the benchmark database."""
    _admin(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _admin(server_url: str, *statements: str) -> None:
    """Run statements outside a transaction on the server's postgres database."""
    admin = create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    admin.dispose()


def sign_in(base: str, username: str, password: str, user_agent: str) -> tuple[urllib.request.OpenerDirector, str]:
    """Log in through the form as one browser would; its opener (for further pages) and the session cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # The same User-Agent throughout: Flask-Login's session protection would otherwise see a new client on every
    # request and re-issue the cookie each time.
    opener.addheaders = [("User-Agent", user_agent)]
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    opener.open(f"{base}/login", urllib.parse.urlencode(
        {"username": username, "password": password, "csrf_token": token}).encode()).read()
    return opener, "; ".join(f"{c.name}={c.value}" for c in jar)


def count_rows(url: str, table: str) -> int:
    """Rows of a table of the benchmark database (a fixed table name of the benchmark, never user input)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return count

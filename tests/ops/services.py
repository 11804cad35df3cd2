"""The real services the production recipe starts: a PostgreSQL database of their own, migrated and seeded; a
self-signed certificate; gunicorn, the RQ worker and nginx from deploy/, each stopped with its process group."""
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from webapp import create_app
from webapp.db import new_session, upgrade_database
from webapp.seeding import load_all

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def require_services() -> str:
    """The PostgreSQL server URL of the run; skipped without PostgreSQL (SQLite loop) or nginx locally, failed
    in CI (REQUIRE_OPS=1) when nginx is missing."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("the production recipe runs on PostgreSQL (CI sets TEST_DATABASE_URL)")
    if not Path(NGINX).exists():
        if os.environ.get("REQUIRE_OPS") == "1":
            pytest.fail("nginx is not installed (.ci/run installs it)")
        pytest.skip("nginx không có trên máy này")
    return url.rsplit("/", 1)[0]


def free_port() -> int:
    """An unused local port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admin_sql(server: str, *statements: str) -> None:
    """Run statements on the server's maintenance database (CREATE/DROP DATABASE need autocommit)."""
    engine = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def fresh_database(server: str, name: str, seeded: bool = True) -> str:
    """A new database, migrated and loaded with the pilot seeds and demo accounts unless told otherwise."""
    admin_sql(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
              f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    url = f"{server}/{name}"
    if seeded:
        upgrade_database(url)
        app = create_app({"TESTING": True, "SECRET_KEY": "ops", "DATABASE_URL": url, "REDIS_URL": None,
                          "SEED_DEMO_ACCOUNTS": True, "FORCE_PASSWORD_CHANGE": False})
        with app.app_context(), new_session(app) as session:
            load_all(session, ROOT / "seeds")
        app.extensions["db_bind"].dispose()
    return url


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 (openssl)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def spawn(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A process in its own group, its output to the log file."""
    with log.open("ab") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the group, SIGKILL after 15 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def insecure_context() -> ssl.SSLContext:
    """TLS without checking the self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


def wait_ready(url: str, seconds: int = 120) -> None:
    """Until the URL answers 200 (the stack is up), or fail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2, context=insecure_context()) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer 200 within {seconds} s")

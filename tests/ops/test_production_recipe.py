"""The production recipe, started for real: nginx (deploy/nginx, rendered by deploy/render.py) in front of gunicorn
(deploy/gunicorn.conf.py) and the RQ worker, on PostgreSQL and Redis. Through nginx: HTTP goes to HTTPS; /readyz
checks both services; static files are gzipped and cached for a year under fingerprinted URLs; a forged
X-Forwarded-For never reaches the app; bodies over 12 MB are refused; a member of staff logs in (Secure cookie,
HSTS) and a PDF report requested through the pages is rendered by the worker; the logs are JSON lines carrying
nginx's request id, and the worker's carry the job id."""
import gzip
import http.cookies
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from deploy.render import render

from . import services

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
USER = "ht.lethithuhang"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answer redirects as they are, to look at them."""

    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """nginx + gunicorn + worker on a database of their own; their base URLs, logs and database URL."""
    server = services.require_services()
    work = tmp_path_factory.mktemp("recipe")
    database = services.fresh_database(server, "okr_ops_recipe")
    cert, key = services.self_signed(work)
    web, http_port, https_port = services.free_port(), services.free_port(), services.free_port()
    env = {"DATABASE_URL": database, "REDIS_URL": "redis://127.0.0.1:6379/13", "SECRET_KEY": "ops-" + "x" * 40,
           "STORAGE_DIR": str(work / "storage"), "TRUSTED_PROXIES": "1", "LOG_FORMAT": "json",
           "OKR_WEB_BIND": f"127.0.0.1:{web}", "WEB_CONCURRENCY": "2"}
    (work / "nginx.conf").write_text(_nginx_main(work, render({
        "SERVER_NAME": "127.0.0.1", "WEB_ADDRESS": f"127.0.0.1:{web}", "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port), "TLS_CERT": str(cert), "TLS_KEY": str(key)})))
    processes = [
        services.spawn([str(services.BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "webapp:create_app()"],
                       env, work / "web.log"),
        services.spawn([str(services.BIN / "python"), "-m", "workers.run"], env, work / "worker.log"),
        services.spawn([services.NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                       env, work / "nginx.log"),
    ]
    try:
        services.wait_ready(f"https://127.0.0.1:{https_port}/readyz")
        yield {"https": f"https://127.0.0.1:{https_port}", "http": f"http://127.0.0.1:{http_port}", "work": work,
               "database": database}
    finally:
        for process in processes:
            services.stop(process)
        services.admin_sql(server, "DROP DATABASE IF EXISTS okr_ops_recipe WITH (FORCE)")


def _nginx_main(work, site: str) -> str:
    """A whole nginx.conf around the recipe's site, with its files under the work directory."""
    return f"""worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
{site}
}}
"""


class Browser:
    """A client over TLS that ignores the self-signed certificate, keeps its cookies and never follows redirects."""

    def __init__(self):
        self.cookies = http.cookies.SimpleCookie()
        self.opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=services.insecure_context()),
                                                  NoRedirect())

    def get(self, url: str, **headers):
        """Status, headers and body of a GET."""
        return self._send(urllib.request.Request(url, headers=headers))

    def post(self, url: str, form: dict | bytes, **headers):
        """Status, headers and body of a form POST."""
        body = form if isinstance(form, bytes) else urllib.parse.urlencode(form).encode()
        return self._send(urllib.request.Request(url, data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", **headers}))

    def _send(self, request):
        """Send with the cookies; keep those the answer sets."""
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={m.value}" for k, m in self.cookies.items()))
        try:
            with self.opener.open(request, timeout=30) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        for line in headers.get_all("Set-Cookie") or []:
            self.cookies.load(line)
        return status, headers, body


def test_plain_http_goes_to_https_and_readyz_checks_both_services(stack):
    status, headers, _ = Browser().get(f"{stack['http']}/login")
    assert status == 301 and headers["Location"].startswith("https://127.0.0.1:")
    status, _, body = Browser().get(f"{stack['https']}/readyz")
    assert status == 200 and json.loads(body) == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_static_files_are_fingerprinted_gzipped_and_cached_for_a_year(stack):
    _, _, page = Browser().get(f"{stack['https']}/login")
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{10})"', page.decode()).group(1)
    status, headers, body = Browser().get(f"{stack['https']}{css}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
    assert b"body" in gzip.decompress(body)


def test_a_body_over_the_limit_is_refused_by_nginx(stack):
    status, _, _ = Browser().post(f"{stack['https']}/login", b"x" * (13 * 1024 * 1024))
    assert status == 413


def test_a_member_of_staff_logs_in_and_a_report_is_rendered_by_the_worker(stack):
    browser = Browser()
    _, _, page = browser.get(f"{stack['https']}/login")
    token = CSRF.search(page.decode()).group(1)
    status, headers, _ = browser.post(f"{stack['https']}/login", {"username": USER, "password": "Demo@2026",
                                                                  "csrf_token": token},
                                      **{"X-Forwarded-For": "203.0.113.9"})
    assert status == 303, "login through nginx"
    assert "Secure" in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]
    assert "Strict-Transport-Security" in headers
    status, _, home = browser.get(f"{stack['https']}/")
    assert status == 200 and "Lê Thị Thu Hằng" in home.decode()
    job_id = _request_diary_report(browser, stack)
    assert _finished(stack["database"], job_id) == "done"


def test_logs_are_json_lines_with_nginx_request_id_and_the_worker_names_its_jobs(stack):
    status, headers, _ = Browser().get(f"{stack['https']}/readyz")
    request_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id), "nginx's $request_id reached the app and came back"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and request_id not in (stack["work"] / "web.log").read_text():
        time.sleep(0.2)
    lines = [json.loads(line) for line in (stack["work"] / "web.log").read_text().splitlines()
             if line.startswith("{")]
    access = next(line for line in lines if line.get("request_id") == request_id)
    assert access["path"] == "/readyz" and access["status"] == 200
    logins = [line for line in lines if line.get("path") == "/login" and line.get("method") == "POST"]
    assert logins and all(line["remote"] == "127.0.0.1" for line in logins), "a forged X-Forwarded-For is dropped"
    worker = [json.loads(line) for line in (stack["work"] / "worker.log").read_text().splitlines()
              if line.startswith("{")]
    assert any(line.get("job_id") for line in worker), "the worker's lines name their job"


def _request_diary_report(browser: "Browser", stack) -> int:
    """Ask for the member of staff's own diary of this month as PDF through the reports page; the job's id."""
    engine = create_engine(stack["database"])
    with engine.connect() as conn:
        person_id, code = conn.execute(text(
            "SELECT p.id, u.code FROM useraccount a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = p.unit_id"
            " WHERE a.username = :u"), {"u": USER}).one()
    engine.dispose()
    _, _, page = browser.get(f"{stack['https']}/units/{code}/reports")
    token = CSRF.search(page.decode()).group(1)
    status, headers, _ = browser.post(f"{stack['https']}/units/{code}/reports", {
        "kind": "diary", "file_format": "pdf", "period": f"{date.today():%m/%Y}", "person_id": person_id,
        "csrf_token": token})
    assert status in (302, 303), "report requested"
    return int(re.search(r"job=(\d+)", headers["Location"]).group(1))


def _finished(database: str, job_id: int, seconds: int = 120) -> str:
    """The report row's status once it is done or failed (the worker renders it), or its status at the deadline."""
    engine = create_engine(database)
    deadline = time.monotonic() + seconds
    status = ""
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            status = conn.execute(text("SELECT status FROM reportjob WHERE id = :id"), {"id": job_id}).scalar_one()
        if status in ("done", "failed"):
            break
        time.sleep(0.5)
    engine.dispose()
    return status

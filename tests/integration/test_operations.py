"""What operations read: /readyz checks the database and Redis; every answer carries a request id (the proxy's
when sane); log lines are JSON with that id; static URLs carry a content hash."""
import json
import logging
from pathlib import Path

from webapp import create_app
from webapp.assets import fingerprint
from webapp.logs import JsonFormatter, set_job


def test_readyz_answers_ok_when_the_database_answers(client):
    response = client.raw.get("/readyz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok", "checks": {"database": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_answers_503_naming_redis_when_it_is_down(database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url,
                      "REDIS_URL": "redis://127.0.0.1:1/0", "STORAGE_DIR": str(tmp_path)})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "checks": {"database": "ok", "redis": "failed"}}
    app.extensions["db_bind"].dispose()


def test_the_proxy_request_id_is_kept_when_sane_and_replaced_otherwise(client):
    kept = client.raw.get("/healthz", headers={"X-Request-ID": "a1b2c3d4e5f6"}).headers["X-Request-ID"]
    assert kept == "a1b2c3d4e5f6"
    forged = client.raw.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"}).headers["X-Request-ID"]
    assert len(forged) == 32 and forged.isalnum()


def test_a_log_line_is_one_json_object_with_the_request_id_and_the_access_fields(app):
    record = logging.LogRecord("webapp.access", logging.INFO, __file__, 1, "GET %s %s", ("/", 200), None)
    record.fields = {"status": 200, "ms": 1.5}
    with app.test_request_context("/"):
        from flask import g
        g.request_id = "abcdef0123456789"
        line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET / 200" and line["request_id"] == "abcdef0123456789"
    assert (line["status"], line["ms"], line["level"]) == (200, 1.5, "INFO") and line["time"].endswith("Z")


def test_a_worker_line_names_its_job():
    record = logging.LogRecord("rq.worker", logging.INFO, __file__, 1, "xong", (), None)
    set_job("job-42")
    try:
        assert json.loads(JsonFormatter().format(record))["job_id"] == "job-42"
    finally:
        set_job("")


def test_static_urls_carry_a_hash_of_the_file_that_changes_with_it(client, tmp_path):
    page = client.raw.get("/login").get_data(as_text=True)
    css = Path(client.raw.application.static_folder) / "css" / "app.css"
    assert f"/static/css/app.css?v={fingerprint(css)}" in page
    asset = tmp_path / "a.css"
    asset.write_text("body{}")
    first = fingerprint(asset)
    fingerprint.cache_clear()
    asset.write_text("body{color:red}")
    assert len(first) == 10 and fingerprint(asset) != first

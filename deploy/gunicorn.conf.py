"""gunicorn for OKR/KPI behind nginx (deploy/nginx/okr-kpi.conf.in): `gunicorn -c deploy/gunicorn.conf.py
'webapp:create_app()'`. The app writes one JSON access line per request with the request id (webapp/logs.py), so
gunicorn keeps only its error log."""
import os

bind = os.environ.get("OKR_WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))  # about one per core: the pages are CPU-bound templates
timeout = 60  # long work is a job on the RQ worker; a page that takes a minute is a bug
graceful_timeout = 30
keepalive = 5  # nginx keeps upstream connections open (keepalive 16)
max_requests = 5000  # recycle workers now and then (memory held by a rare big page)
max_requests_jitter = 500
accesslog = None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"


def post_worker_init(worker):
    """Once the worker has loaded the app: its start-up objects leave the garbage collector's generations."""
    from webapp.runtime import freeze_startup_objects

    frozen = freeze_startup_objects()
    worker.log.info("worker %s: %d start-up objects frozen for the garbage collector", worker.pid, frozen)

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
# The master loads the app once and workers fork from it: a recycled worker serves at once (loading the app took
# ~3 s, and the requests queued on that worker waited: p99 4 s in bench/diary_post.py), and the workers share the
# app's memory until they write to it.
preload_app = True
accesslog = None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"


def when_ready(server):
    """The master, with the app loaded, freezes its objects once: every worker forked from it (recycled ones too)
    starts with them out of the garbage collector's way (webapp/runtime.py)."""
    from webapp.runtime import freeze_startup_objects

    server.log.info("master: %d start-up objects frozen for the garbage collector", freeze_startup_objects())


def post_fork(server, worker):
    """No database connection crosses a fork: the pool inherited from the master starts empty in the worker (the
    master's own connections, if any, stay the master's; SQLAlchemy's "Using Connection Pools with
    Multiprocessing")."""
    server.app.wsgi().extensions["db_bind"].dispose(close=False)


def post_worker_init(worker):
    """Once the worker is ready: what it made since the fork (or all of the app, were it not preloaded) leaves the
    garbage collector's generations too; little is left to walk after the master's freeze."""
    from webapp.runtime import freeze_startup_objects

    frozen = freeze_startup_objects()
    worker.log.info("worker %s: %d start-up objects frozen for the garbage collector", worker.pid, frozen)

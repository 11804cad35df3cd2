"""OKR/KPI: đo lường, đánh giá hiệu quả công việc cán bộ, công chức, viên chức."""
import os
from pathlib import Path

from flask import Flask

from . import db
from .config import ROOT, check_secret, load_config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, database, auth, blueprints."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.update(test_config)
    check_secret(app.config)
    _trust_proxies(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    _register(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Read the client address from X-Forwarded-For only behind the configured number of proxies."""
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def _register(app: Flask) -> None:
    """Wire the web layer: auth, CSRF, template helpers, error pages, blueprints."""
    from . import auth, csrf, errors, formatting, htmx, requests, security
    from .catalog.views import bp as catalog_bp
    from .evaluations.views import bp as evaluations_bp
    from .home.views import bp as home_bp
    from .lists.views import bp as lists_bp
    from .org.views import bp as org_bp
    from .reports.views import bp as reports_bp
    from .staff.departures import bp as departures_bp
    from .staff.views import bp as staff_bp
    from .worklog.views import bp as worklog_bp

    requests.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    csrf.init_app(app)
    formatting.init_app(app)
    htmx.init_app(app)
    errors.init_app(app)
    for blueprint in (auth.bp, home_bp, org_bp, catalog_bp, evaluations_bp, worklog_bp, reports_bp, lists_bp,
                      staff_bp, departures_bp):
        app.register_blueprint(blueprint)
    _register_worklog_companions(app)
    _register_province(app)
    _register_guide(app)


def _register_province(app: Flask) -> None:
    """The province's view across units: the performance index (pages, charts) and `flask performance-refresh`."""
    from .performance.cli import bp as performance_cli_bp
    from .performance.views import bp as performance_bp

    app.register_blueprint(performance_cli_bp)
    app.register_blueprint(performance_bp)


def _register_guide(app: Flask) -> None:
    """Hướng dẫn sử dụng and the header's help link to the current page's section."""
    from .guide import help as guide_help
    from .guide.views import bp as guide_bp

    app.register_blueprint(guide_bp)
    guide_help.init_app(app)


def _register_worklog_companions(app: Flask) -> None:
    """Giao việc, the working-hours summary, reminders (with the `flask remind` command) and OKR."""
    from .assignments.views import bp as assignments_bp
    from .hours.views import bp as hours_bp
    from .okr.views import bp as okr_bp
    from .reminders.views import bp as reminders_bp

    for blueprint in (assignments_bp, hours_bp, reminders_bp, okr_bp):
        app.register_blueprint(blueprint)

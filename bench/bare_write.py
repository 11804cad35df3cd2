"""The floor of this stack for a write, served by the same gunicorn as the app: a bare Flask view that checks the
signed session cookie the app issued, does one INSERT and COMMIT on the same database and renders a one-row
fragment. bench/diary_post.py puts the diary POST against it (issue 14: diary POST ≥ 70 % of this floor).

    gunicorn 'bench.bare_write:combined()'   # the app at /, the floor at /bench-bare
"""
from __future__ import annotations

import os

from flask import Flask, abort, render_template_string, request, session
from sqlalchemy import create_engine, text
from werkzeug.middleware.dispatcher import DispatcherMiddleware

TABLE = "bench_bare_write"
ROW = '<tr id="bare-{{ id }}"><td>{{ body }}</td></tr>'
CREATE = f"CREATE TABLE IF NOT EXISTS {TABLE} (id serial PRIMARY KEY, user_id text NOT NULL, body text NOT NULL)"


def bare_app() -> Flask:
    """One view: the session's user, one INSERT … RETURNING and COMMIT, a rendered row."""
    app = Flask(__name__)
    app.secret_key = os.environ["SECRET_KEY"]  # the app's, so its session cookie reads here
    engine = create_engine(os.environ["DATABASE_URL"], pool_size=5)

    @app.post("/")
    def write():
        user = session.get("_user_id")
        if not user:
            abort(401)
        with engine.begin() as conn:
            row_id = conn.execute(text(f"INSERT INTO {TABLE} (user_id, body) VALUES (:u, :b) RETURNING id"),
                                  {"u": user, "b": request.form.get("description", "")}).scalar_one()
        return render_template_string(ROW, id=row_id, body=request.form.get("description", ""))

    return app


def combined():
    """The real app with the floor mounted at /bench-bare, in the same worker processes."""
    from webapp import create_app

    app = create_app()
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/bench-bare": bare_app()})
    return app

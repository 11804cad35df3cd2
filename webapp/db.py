"""Engine, a session per request on g, and the database CLI (init-db, seed)."""
from pathlib import Path

import click
from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def make_engine(url: str, pre_ping: bool = False) -> Engine:
    """Create the engine; SQLite gets foreign keys on and a longer busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    return create_engine(url, pool_pre_ping=pre_ping, pool_recycle=3600, pool_size=5, max_overflow=5)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Enforce foreign keys and let readers work while one writer writes."""
    # pysqlite's own transaction handling breaks SAVEPOINTs: let SQLAlchemy emit BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def new_session(app: Flask | None = None) -> Session:
    """Open a session on the app's bind (the engine, or the test connection)."""
    app = app or current_app
    return Session(
        bind=app.extensions["db_bind"], expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


def get_session() -> Session:
    """The request's session, opened on first use."""
    if "db" not in g:
        g.db = new_session()
    return g.db


def close_session(_exc=None) -> None:
    """Close the request's session at teardown (rolls back anything uncommitted)."""
    session = g.pop("db", None)
    if session is not None:
        session.close()


def alembic_config(url: str):
    """An Alembic config pointing at migrations/ and the given database."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(url: str) -> None:
    """Apply every migration up to head."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")


@click.command("init-db")
def init_db_command() -> None:
    """Apply the migrations to DATABASE_URL."""
    upgrade_database(current_app.config["DATABASE_URL"])
    click.echo("Đã cập nhật cấu trúc cơ sở dữ liệu.")


@click.command("seed")
@click.option("--admin-password", default=None,
              help="Mật khẩu quản trị (ngoài chế độ demo); bỏ trống: tự sinh, in một lần.")
def seed_command(admin_password: str | None) -> None:
    """Load seeds/ (idempotent: a second run changes nothing); outside demo mode only the admin's account."""
    from .seeding import load_all

    config, root = current_app.config, Path(current_app.config["SEEDS_DIR"])
    if admin_password and not config["SEED_DEMO_ACCOUNTS"]:
        _check_admin_password(root, admin_password)
    with new_session() as session:
        counts = load_all(session, root, config["SEED_DEMO_ACCOUNTS"], config["FORCE_PASSWORD_CHANGE"])
        if not config["SEED_DEMO_ACCOUNTS"]:
            _seed_admin(session, root, admin_password, config["FORCE_PASSWORD_CHANGE"])
    changed = {table: c for table, c in counts.items() if any(c)}
    for table, (added, updated) in changed.items():
        click.echo(f"{table}: +{added} mới, {updated} cập nhật")
    if not changed:
        click.echo("Dữ liệu mẫu đã đầy đủ: không có thay đổi.")


def _check_admin_password(root: Path, password: str) -> None:
    """Refuse an administrator's password the policy refuses, before anything is written."""
    from .auth.policy import password_problem
    from .seeding.people import admin_username

    problem = password_problem(password, admin_username(root))
    if problem:
        raise click.UsageError(f"--admin-password: {problem}")


def _seed_admin(session: Session, root: Path, password: str | None, force_change: bool) -> None:
    """Create the only account outside demo mode; a generated password is printed once."""
    from .auth.service import temporary_password
    from .seeding.people import admin_username, seed_admin

    username = admin_username(root)
    chosen = password or temporary_password()
    if seed_admin(session, root, chosen, force_change) is None:
        click.echo(f"Tài khoản quản trị {username} đã có: mật khẩu không đổi.")
    elif password:
        click.echo(f"Đã tạo tài khoản quản trị {username} với mật khẩu đã cho.")
    else:
        click.echo(f"Đã tạo tài khoản quản trị {username}, mật khẩu (chỉ hiện một lần): {chosen}")


def init_app(app: Flask) -> None:
    """Attach the engine, the teardown and the CLI commands."""
    # Tests pass a connection whose outer transaction they roll back after each test.
    app.extensions["db_bind"] = app.config.get("TEST_DB_BIND") or make_engine(
        app.config["DATABASE_URL"], app.config.get("DATABASE_PRE_PING", False))
    app.teardown_request(close_session)  # one session per request, even inside a longer app context
    app.teardown_appcontext(close_session)
    app.cli.add_command(init_db_command)
    app.cli.add_command(seed_command)

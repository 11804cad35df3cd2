"""`flask seed` outside demo mode creates only the admin (a password given or printed once); demo mode and
tests keep the demo accounts; the configuration flags follow demo mode unless set."""
import re

import pytest
from sqlmodel import Session, func, select
from werkzeug.security import check_password_hash

from webapp import create_app
from webapp.auth.policy import password_problem
from webapp.config import load_config
from webapp.db import upgrade_database
from webapp.models import Person, Unit, UserAccount

ADMIN_PASSWORD = "Rừng thông Hàm Rồng 2026"


@pytest.fixture
def fresh_app(tmp_path):
    """An app outside demo mode on an empty, migrated database of its own."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    upgrade_database(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": url, "REDIS_URL": None,
                      "SEED_DEMO_ACCOUNTS": False, "FORCE_PASSWORD_CHANGE": True})
    yield app
    app.extensions["db_bind"].dispose()


def _seed(app, *args: str):
    """Run `flask seed` with these arguments (the flask command pushes the app context the runner does not)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=["seed", *args])


def _accounts(app) -> list[UserAccount]:
    """Every account of the app's database."""
    with Session(app.extensions["db_bind"]) as session:
        return list(session.exec(select(UserAccount)).all())


def _count(app, model) -> int:
    """Rows of one table."""
    with Session(app.extensions["db_bind"]) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_seeding_outside_demo_mode_creates_only_the_admin_with_the_password_given(fresh_app):
    result = _seed(fresh_app, "--admin-password", ADMIN_PASSWORD)
    assert result.exit_code == 0, result.output
    (admin,) = _accounts(fresh_app)
    assert admin.username == "admin" and admin.role == "admin" and admin.must_change_password
    assert check_password_hash(admin.password_hash, ADMIN_PASSWORD) and ADMIN_PASSWORD not in result.output
    assert _count(fresh_app, Person) == 0 and _count(fresh_app, Unit) > 0  # the organisation, no demo people


def test_seeding_outside_demo_mode_without_a_password_prints_a_generated_one_once(fresh_app):
    first = _seed(fresh_app)
    assert first.exit_code == 0, first.output
    password = re.search(r"mật khẩu \(chỉ hiện một lần\): (\S+)", first.output).group(1)
    assert password_problem(password, "admin") is None
    assert check_password_hash(_accounts(fresh_app)[0].password_hash, password)
    again = _seed(fresh_app)
    assert again.exit_code == 0 and password not in again.output and "mật khẩu không đổi" in again.output
    assert len(_accounts(fresh_app)) == 1


def test_an_admin_password_the_policy_refuses_stops_the_seed_before_anything_is_written(fresh_app):
    result = _seed(fresh_app, "--admin-password", "Demo@2026")
    assert result.exit_code != 0 and "Mật khẩu phải có ít nhất 10 ký tự." in result.output
    assert _accounts(fresh_app) == [] and _count(fresh_app, Unit) == 0


def test_seeding_in_demo_mode_keeps_the_demo_accounts_without_a_forced_change(fresh_app):
    fresh_app.config.update(SEED_DEMO_ACCOUNTS=True, FORCE_PASSWORD_CHANGE=False)
    assert _seed(fresh_app).exit_code == 0
    accounts = _accounts(fresh_app)
    assert len(accounts) > 50 and not any(a.must_change_password for a in accounts)


def test_demo_accounts_seeded_with_the_forced_change_must_change_their_password(fresh_app):
    fresh_app.config.update(SEED_DEMO_ACCOUNTS=True)
    assert _seed(fresh_app).exit_code == 0
    assert all(a.must_change_password for a in _accounts(fresh_app))


@pytest.mark.parametrize(("environment", "seed_demo", "force"), [
    ({}, False, True),
    ({"OKR_DEMO": "1"}, True, False),
    ({"OKR_DEMO": "1", "FORCE_PASSWORD_CHANGE": "1"}, True, True),
    ({"SEED_DEMO_ACCOUNTS": "1", "FORCE_PASSWORD_CHANGE": "0"}, True, False),
])
def test_the_account_flags_follow_demo_mode_unless_set(monkeypatch, tmp_path, environment, seed_demo, force):
    for name in ("OKR_DEMO", "FLASK_DEBUG", "SEED_DEMO_ACCOUNTS", "FORCE_PASSWORD_CHANGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = load_config(str(tmp_path))
    assert (config["SEED_DEMO_ACCOUNTS"], config["FORCE_PASSWORD_CHANGE"]) == (seed_demo, force)

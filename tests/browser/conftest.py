"""Browser tests: the real app served from a thread on its own seeded database, driven by
Debian's Chromium headless through Playwright (never `playwright install`)."""
import os

import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from webapp import create_app
from webapp.db import new_session, upgrade_database
from webapp.seeding import load_all

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


# Chromium drops a favicon request when the page moves on; werkzeug's dev server then lets the garbage
# collector close the static file, and filterwarnings = error failed whichever test was running.
DEV_SERVER_LEAK = pytest.mark.filterwarnings("ignore:unclosed file .*static:ResourceWarning")


def pytest_collection_modifyitems(config, items):
    """Skip browser tests without Chromium locally (CI, REQUIRE_BROWSER=1, fails instead); ignore the dev
    server's static-file leak in them."""
    browser = [item for item in items if "browser" in str(item.fspath)]
    for item in browser:
        item.add_marker(DEV_SERVER_LEAK)
    if Path(CHROMIUM).exists() or os.environ.get("REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason="Chromium (/usr/bin/chromium) không có trên máy này")
    for item in browser:
        item.add_marker(skip)


def _browser_database(tmp_path_factory) -> str:
    """A database of its own: a separate PostgreSQL schema, or a SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS browser_tests CASCADE; CREATE SCHEMA browser_tests"))
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3Dbrowser_tests"


@pytest.fixture(scope="session")
def browser_app(tmp_path_factory):
    """The app on its own migrated and seeded database (tests may add rows through it)."""
    url = _browser_database(tmp_path_factory)
    upgrade_database(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "browser-tests", "DATABASE_URL": url, "REDIS_URL": None,
                      "STORAGE_DIR": str(tmp_path_factory.mktemp("storage"))})
    with app.app_context(), new_session(app) as session:
        load_all(session, ROOT / "seeds")
    yield app
    app.extensions["db_bind"].dispose()


@pytest.fixture(scope="session")
def live_server(browser_app):
    """Serve the seeded app on 127.0.0.1 from a background thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, browser_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with the network-quiet flags this machine needs."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Vietnamese office PC: the browser's own words (file picker, validation) in Vietnamese, local time."""
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are saved for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def sign_in(page, base_url: str, username: str, password: str = "Demo@2026") -> None:
    """Log in through the real form."""
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def sign_out(page) -> None:
    """Log out through the header button."""
    page.click("form.logout button")
    page.wait_for_url("**/login")





def pick_item(page, prefix: str, item_id: int) -> None:
    """Choose a catalogue item in a form's picker by a click (listing every item again if a search hid it)."""
    radio = page.locator(f"#item-results-{prefix} input[value='{item_id}']")
    if not radio.is_visible():
        page.fill(f"#item-q-{prefix}", "")  # unfolds the list, and lists every item again after a search
    radio.locator("..").click()
    assert radio.is_checked()

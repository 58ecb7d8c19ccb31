"""Real browser tests: the app on a live local server, Debian's Chromium driven by Playwright.

``npx playwright install`` cannot download browsers here, so we launch the system Chromium
(``/usr/bin/chromium``, installed by ``.ci/run`` with apt when missing) with the flags that keep
it off the network. axe-core (bundled by axe-playwright-python) checks every page.
"""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask_migrate import upgrade
from werkzeug.serving import make_server

from klarsprak import create_app
from klarsprak.extensions import db
from klarsprak.review.accounts import create_user

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]
PASSWORD = "rätt-lösenord-123"
# Screenshots of the pages the tests visit, for a human reviewer of the code (build/ is not in git).
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "build" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_app(tmp_path, analyzer, fresh_database):
    # Once, on PostgreSQL: the web tests already run on both engines.
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database("postgresql"),
                      "INSTANCE_PATH": str(tmp_path / "instance"),
                      "SECRET_KEY": "browser-test", "TESTING": False})
    with app.app_context():
        upgrade()
        for username, role in (("skribent", "skribent"), ("granskare", "granskare"),
                               ("kommunikator", "kommunikator"), ("admin", "admin")):
            create_user(username, username.capitalize(), role, PASSWORD)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()  # so the database can be dropped


@pytest.fixture
def page(browser, live_app):
    context = browser.new_context(locale="sv-SE", base_url=live_app.config["BASE_URL"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, username: str) -> None:
    """Log in with the keyboard only."""
    page.goto("/logga-in")
    for _ in range(30):  # past the skip link (and the menu, when someone is logged in)
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "username":
            break
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def screenshot(page, role: str | None, name: str) -> Path:
    """Save a full-page PNG as build/screenshots/<role>-<name>.png and check it really is one."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{role or 'utloggad'}-{name}".lower()).strip("-")
    path = SCREENSHOTS / f"{slug}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path


# --- helpers every browser test uses --------------------------------------------------------
WIDTHS = [1280, 390]  # a desktop and a phone
AXE = Axe()


def assert_accessible(page) -> None:
    """axe-core finds no violations on the page as it is now."""
    results = AXE.run(page, options={"resultTypes": ["violations"]})
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == [], f"{page.url}: {violations}"


def fits(page, width: int) -> None:
    """No sideways scrolling at ``width``: names the first elements that stick out if any do."""
    wide = page.evaluate("""w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w)
                           .map(e => e.tagName + '.' + e.className + ':' + (e.textContent || '').slice(0, 30)).slice(0, 5)""", width)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (page.url, wide)


def tab_to(page, locator, limit: int = 1000) -> None:
    """Press Tab until ``locator`` has focus (fails if it never gets it): a keyboard user can reach it."""
    handle = locator.element_handle()
    for _ in range(limit):
        if page.evaluate("element => document.activeElement === element", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {locator} with Tab")

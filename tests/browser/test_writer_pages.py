"""The writer's page in Chromium: after "Använd förslaget", "Ändra alla", "Maskera" and a
dismissal the page comes back where the writer acted, with the keyboard focus there and visible;
"Ångra" by keyboard; archiving and "Återställ från arkivet". axe-core and the width at 1280 and
390 px on every state visited."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review.models import Text

from .conftest import WIDTHS, assert_accessible, fits, log_in, tab_to

SHOTS_ENV = "KLARSPRAK_WRITER_SHOTS"  # a directory to keep the screenshots in; else the test's tmp_path
BODY = ("Anna Svensson har sökt bistånd. Anna bor i Malmö. Vi har erhållit din ansökan. "
        "Du ska inkomma med intyg. Du kan inkomma med papper. Vi ber dig inkomma med underlag senast i maj.")


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where this test's screenshots go: the directory named by $KLARSPRAK_WRITER_SHOTS, or the
    test's own tmp_path (never a fixed path that other runs or users share)."""
    directory = Path(os.environ[SHOTS_ENV]) if os.environ.get(SHOTS_ENV) else tmp_path / "shots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def new_text(page, body: str = BODY) -> int:
    page.goto("/texter/ny")
    page.fill("#title", "Brev om stöd")
    page.fill("#body", body)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara och analysera").click()
    return int(page.url.split("/texter/")[1].split("#")[0].split("?")[0])


def focus_landed(page) -> dict:
    """Where the focus is after the page came back: is it the item the address points to (or,
    without one, the message), is the message inside it, does its outline show, is it on screen."""
    return page.evaluate("""() => {
        const e = document.activeElement, hash = decodeURIComponent(location.hash.slice(1));
        const style = getComputedStyle(e), box = e.getBoundingClientRect();
        return {target: hash ? e.id === hash : e.hasAttribute('data-landing'),
                message: !!e.querySelector('[data-landing]') || e.hasAttribute('data-landing'),
                text: e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 160),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                onScreen: box.top > -2 && box.top < innerHeight, top: box.top};
    }""")


def assert_landed(page, message: str) -> None:
    landed = focus_landed(page)
    assert message in landed["text"], landed
    assert landed["target"] and landed["message"] and landed["outline"] and landed["onScreen"], landed


def press(page, locator) -> None:
    """Reach ``locator`` with Tab and press Enter on it, waiting for the next page."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_writer_stays_where_they_acted_by_keyboard(page, live_app, width, shots):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "skribent")
    text_id = new_text(page)
    assert_accessible(page)
    fits(page, width)

    press(page, page.get_by_role("button", name="Använd förslaget ”fått”"))
    assert_landed(page, "”erhållit” är utbytt mot ”fått”.")
    page.screenshot(path=str(shots / f"anvand-forslaget-{width}.png"))
    assert_accessible(page)
    fits(page, width)

    page.keyboard.press("Tab")  # the next stop is "Ångra"
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Ångra ändringen"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_landed(page, "Ändringen är ångrad")
    with live_app.app_context():
        assert db.session.get(Text, text_id).revision().body == BODY

    change_all = page.get_by_role("button", name="Ändra alla ”inkomma” till ”komma in” (2)").first
    press(page, change_all)
    assert_landed(page, "Ändrat på 2 ställen")
    assert "Ett ställe är kvar" in focus_landed(page)["text"]
    page.screenshot(path=str(shots / f"andra-alla-{width}.png"))
    assert_accessible(page)
    fits(page, width)

    press(page, page.get_by_role("button", name="Maskera Anna Svensson, Anna"))
    assert_landed(page, "Uppgiften maskeras för granskarna.")
    row = page.locator("ul.personal > li", has_text="Anna Svensson")
    assert row.count() == 1 and "maskeras som [NAMN 1]" in row.inner_text()
    assert row.get_by_role("button", name="Maskera Anna Svensson, Anna").count() == 0
    page.screenshot(path=str(shots / f"maskera-{width}.png"))
    assert_accessible(page)
    fits(page, width)

    # "Stämmer inte markeringen?" by keyboard: open it, choose a reason, send.
    finding = page.locator("ol.findings > li", has_text="erhållit").first
    tab_to(page, finding.locator("summary", has_text="Stämmer inte markeringen?"))
    page.keyboard.press("Enter")
    tab_to(page, finding.locator("input[name=reason]").first)
    page.keyboard.press("Space")
    press(page, finding.get_by_role("button", name="Ta bort markeringen"))
    assert_landed(page, "Markeringen är borttagen för den här texten.")
    assert page.locator("ol.findings > li", has_text="erhållit").count() == 0
    assert_accessible(page)
    fits(page, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_archive_asks_and_comes_back_from_the_archive(page, live_app, width, shots):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "skribent")
    text_id = new_text(page, "Vi har tagit emot din ansökan. Du får svar inom två veckor.")
    summary = page.locator("summary", has_text="Arkivera …")
    tab_to(page, summary)
    page.keyboard.press("Enter")  # opens the question; nothing is archived yet
    with live_app.app_context():
        assert db.session.scalar(select(Text.state).where(Text.id == text_id)) == "utkast"
    press(page, page.get_by_role("button", name="Ja, arkivera texten"))
    assert page.url.endswith("/texter")
    restore = page.get_by_role("button", name="Återställ från arkivet")
    assert_accessible(page)
    fits(page, width)
    page.screenshot(path=str(shots / f"mina-texter-arkiverad-{width}.png"), full_page=True)
    press(page, restore)
    assert "Texten är återställd från arkivet" in page.content()
    with live_app.app_context():
        assert db.session.scalar(select(Text.state).where(Text.id == text_id)) == "utkast"
    assert_accessible(page)
    fits(page, width)


def test_a_too_large_document_is_refused_before_the_upload_and_the_form_kept(page, live_app):
    log_in(page, "skribent")
    page.goto("/texter/ny")
    page.fill("#title", "Beslut om hemtjänst")
    page.fill("#audience", "Den som har sökt")
    page.set_input_files("#document", files=[{"name": "stor.docx", "mimeType": "application/octet-stream",
                                               "buffer": b"x" * (2 * 1024 * 1024 + 10)}])
    expect(page.locator("#fil-storlek")).to_contain_text("Filen är för stor. Gränsen är 2 MB.")
    page.get_by_role("button", name="Spara och analysera").click()
    expect(page.locator("#document")).to_be_focused()
    assert page.url.endswith("/texter/ny") and page.input_value("#title") == "Beslut om hemtjänst"
    assert page.input_value("#audience") == "Den som har sökt"
    with live_app.app_context():
        assert db.session.scalar(select(Text.id)) is None
    assert_accessible(page)


def accessible_without_javascript(checker, page, width: int) -> None:
    """axe-core on what a page without JavaScript shows: axe needs JavaScript, so its HTML is put
    into a page of the same site that has it (its stylesheets load from there as before)."""
    checker.goto(page.url.split("#")[0].split("?")[0].rsplit("/", 1)[0] + "/halsa")  # same origin, no login
    checker.set_content(page.content())
    assert_accessible(checker)
    fits(checker, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_a_large_document_is_refused_on_the_form_or_on_a_page_with_a_way_back(
        browser, live_app, width, tmp_path):
    options = {"locale": "sv-SE", "base_url": live_app.config["BASE_URL"], "viewport": {"width": width, "height": 900}}
    context, checking = browser.new_context(java_script_enabled=False, **options), browser.new_context(**options)
    page, checker = context.new_page(), checking.new_page()
    try:
        log_in(page, "skribent")
        document = tmp_path / "stor.docx"  # a path: Playwright takes no buffer of 50 MB
        for size, refused_on_the_form in ((5 * 1024 * 1024, True), (50 * 1024 * 1024 + 1, False)):
            page.goto("/texter/ny")
            page.fill("#title", "Beslut om hemtjänst")
            page.fill("#audience", "Den som har sökt")
            with document.open("wb") as file:
                file.truncate(size)
            page.set_input_files("#document", document)
            press(page, page.get_by_role("button", name="Spara och analysera"))
            accessible_without_javascript(checker, page, width)
            fits(page, width)
            if refused_on_the_form:
                assert "Filen är för stor. Gränsen är 2 MB." in page.locator("[role=alert]").inner_text()
                assert page.input_value("#title") == "Beslut om hemtjänst"
                assert page.input_value("#audience") == "Den som har sökt"
            else:
                assert "större än 50 MB" in page.locator("[role=alert]").inner_text()
                press(page, page.get_by_role("link", name="Tillbaka till Ny text"))
                assert page.url.endswith("/texter/ny")
        with live_app.app_context():
            assert db.session.scalar(select(Text.id)) is None
    finally:
        context.close()
        checking.close()

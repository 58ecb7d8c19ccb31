"""Aviseringar in real Chromium: zero axe-core violations at 1280 and 390 px, nothing cut off on
a phone, and the page used with the keyboard only (open it from the menu, mark a notice read,
a refused address shown again, a reviewer choosing the digest)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import personal_data, services
from klarsprak.review.models import NotificationSettings, User

from .conftest import WIDTHS, assert_accessible, fits, log_in, screenshot, tab_to


@pytest.fixture
def notices(live_app):
    """Two notices for the writer: changes asked for one text (with a name, masked), one approved."""
    with live_app.app_context():
        writer = db.session.scalar(select(User).where(User.username == "skribent"))
        reviewer = db.session.scalar(select(User).where(User.username == "granskare"))
        for title, decision in (("Beslut för Tolvan Tolvansson", "changes"), ("Kallelse till möte", "approve")):
            text = services.create_text(writer, title, "beslut", "Den som har sökt",
                                        "Vi har fått din ansökan. Du får bistånd.")
            personal_data.mask_all(writer, text)
            services.submit(writer, text)
            services.claim(reviewer, text)
            services.decide(reviewer, text, vardat=3, enkelt=3, begripligt=3, summary="", decision=decision)
        db.session.remove()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_writer_reads_and_marks_notices_with_the_keyboard(page, live_app, notices, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "skribent")
    menu_link = page.get_by_role("link", name="Aviseringar (2 olästa)")
    tab_to(page, menu_link)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/aviseringar")
    content = page.content()
    assert "Ändringar begärda" in content and "Texten är godkänd" in content
    assert "Tolvan" not in content and "[NAMN 1]" in content  # the masked title, even for its author
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "skribent", f"aviseringar-{width}")

    # The button names its notice (the text hidden from sight is read out).
    button = page.get_by_role("button", name=re.compile(r"^Markera som läst\W+Ändringar begärda, Beslut för \[NAMN 1\]$"))
    tab_to(page, button)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Aviseringen är markerad som läst." in page.content()
    assert page.get_by_role("link", name="Aviseringar (1 oläst)").count() == 1
    assert_accessible(page)

    field = page.get_by_label("Din e-postadress (frivillig)")
    tab_to(page, field)
    page.keyboard.type("sara på kommunen")
    tab_to(page, page.get_by_role("button", name="Spara mina val"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "ser inte ut som en e-postadress" in page.content()
    assert page.get_by_label("Din e-postadress (frivillig)").input_value() == "sara på kommunen"
    assert page.get_by_label("Din e-postadress (frivillig)").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "skribent", f"aviseringar-fel-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reviewer_chooses_the_digest_with_the_keyboard(page, live_app, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "granskare")
    page.goto("/aviseringar")
    assert "Du har inga aviseringar än." in page.content()
    assert_accessible(page)
    fits(page, width)
    tab_to(page, page.get_by_label("Din e-postadress (frivillig)"))
    page.keyboard.type("gunnar@kommun.example")
    tab_to(page, page.get_by_role("checkbox"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Spara mina val"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Dina val är sparade." in page.content()
    assert page.get_by_role("checkbox").is_checked()
    assert_accessible(page)
    screenshot(page, "granskare", f"aviseringar-val-{width}")
    with live_app.app_context():
        reviewer = db.session.scalar(select(User).where(User.username == "granskare"))
        chosen = db.session.get(NotificationSettings, reviewer.id)
        assert (chosen.email, chosen.daily_digest) == ("gunnar@kommun.example", True)
        db.session.remove()

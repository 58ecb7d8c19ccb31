"""The reviewer's "Vad har ändrats sedan din granskning" in real Chromium: whole words marked,
each mark told in words to a screen reader (not by colour alone), only the masked copies on the
page, zero axe-core violations and no sideways scrolling at 1280 and 390 px."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import personal_data, services
from klarsprak.review.models import User

from .conftest import WIDTHS, assert_accessible, fits, log_in, screenshot, tab_to

NAME, PHONE = "Tolvan Tolvansson", "070-123 45 67"
OLD = (f"Socialnämnden har erhållit Er ansökan om ekonomiskt bistånd. Ring {NAME} på {PHONE} om du undrar.\n\n"
       "Bistånd beviljas med 6 450 kronor i enlighet med socialtjänstlagen.")
NEW = (f"Vi har fått din ansökan om ekonomiskt bistånd. Ring {NAME} på {PHONE} om du har frågor.\n\n"
       "Du får 6 450 kronor. Det står i socialtjänstlagen.")


@pytest.fixture
def revised(live_app):
    """Version 2 sent after the reviewer asked for changes on version 1; both hold a name and a
    phone number, masked before they were sent."""
    with live_app.app_context():
        people = {u.username: u for u in db.session.scalars(select(User))}
        writer, reviewer = people["skribent"], people["granskare"]
        text = services.create_text(writer, "Beslut om bistånd", "beslut", "Den som har sökt", OLD)
        personal_data.mask_all(writer, text)
        services.submit(writer, text)
        services.claim(reviewer, text)
        services.decide(reviewer, text, vardat=3, enkelt=2, begripligt=2, summary="", decision="changes")
        services.new_version(writer, text, NEW, text.lock_version)
        personal_data.mask_all(writer, text)
        services.submit(writer, text)
        text_id = text.id
        db.session.remove()
    return text_id


@pytest.mark.parametrize("width", WIDTHS)
def test_what_changed_marks_whole_words_in_words_and_colour(page, live_app, revised, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "granskare")
    page.goto("/granska/")
    link = page.get_by_role("link", name="Vad har ändrats: Beslut om bistånd")
    tab_to(page, link)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/granska/{revised}/andringar")
    diff = page.locator(".diff")
    deleted = [t.strip() for t in diff.locator("del").all_text_contents()]
    inserted = [t.strip() for t in diff.locator("ins").all_text_contents()]
    # The hidden words are part of each mark's text, so a screen reader says them.
    assert deleted and all(t.startswith("Borttaget: ") for t in deleted)
    assert inserted and all(t.startswith("Tillagt: ") for t in inserted)
    assert any(t.endswith("erhållit Er") for t in deleted) and any(t.endswith("fått din") for t in inserted)
    # Every mark holds whole words: the unmarked text just before and after each is no letter.
    for edge in page.evaluate("""() => [...document.querySelectorAll('.diff ins, .diff del')].map(m => {
            const text = node => node && node.nodeType === Node.TEXT_NODE ? node.textContent : ' ';
            return text(m.previousSibling).slice(-1) + text(m.nextSibling).slice(0, 1); })"""):
        assert not any(c.isalpha() for c in edge), edge
    # Not by colour alone: struck through and underlined, and the labels are hidden, not absent.
    styles = page.evaluate("""() => ['del', 'ins'].map(t => getComputedStyle(document.querySelector('.diff ' + t))
                                                    .textDecorationLine)""")
    assert styles == ["line-through", "underline"]
    assert page.locator(".diff .visually-hidden").first.bounding_box()["width"] <= 1
    text = page.inner_text("main")
    assert "[NAMN 1]" in text and "[TELEFON 1]" in text
    for original in (NAME, "Tolvan", "Tolvansson", PHONE, "123 45 67"):
        assert original not in page.content()
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"vad-har-andrats-ord-{width}")


MARK_STYLES = """() => {
    const style = e => getComputedStyle(e);
    const pair = document.querySelector('.diff del + ins');
    return {del: style(document.querySelector('.diff del')).textDecorationLine,
            ins: style(document.querySelector('.diff ins')).textDecorationLine,
            gap: pair ? parseFloat(style(pair).marginLeft) : null,
            key: [...document.querySelectorAll('main p del, main p ins')].map(e => style(e).textDecorationLine)};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_both_comparison_pages_look_as_their_one_line_explanation_says(page, live_app, revised, width):
    page.set_viewport_size({"width": width, "height": 900})
    for who, address in (("skribent", f"/texter/{revised}"), ("granskare", f"/granska/{revised}/andringar")):
        log_in(page, who)
        page.goto(address)
        if who == "skribent":  # reached from the writer's page with the keyboard
            tab_to(page, page.get_by_role("link", name="Jämför versioner"))
            with page.expect_navigation():
                page.keyboard.press("Enter")
        line = page.locator("main p", has_text="Vi visar hela ord som har ändrats.")
        assert line.inner_text() == "Vi visar hela ord som har ändrats. Överstruket är borttaget, understruket är nytt."
        styles = page.evaluate(MARK_STYLES)
        # Struck through and underlined, in the text and in the explanation alike; a replaced
        # word and its replacement do not run together.
        assert (styles["del"], styles["ins"]) == ("line-through", "underline"), styles
        assert styles["key"] == ["line-through", "underline"], styles
        assert styles["gap"] and styles["gap"] >= 4, styles
        assert_accessible(page)
        fits(page, width)
        screenshot(page, who, f"jamfor-forklaring-{width}")

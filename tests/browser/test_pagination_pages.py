"""The paginated review pages in real Chromium (issue 10): the queue with 60 waiting texts and a
reading view with 45 of the reviewer's comments. Zero axe-core violations at 1280 and 390 px,
nothing wider than the window, page links reached and followed with the keyboard, each at
least 44 × 44 px."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import Comment, Revision, Text, User, utcnow

from .conftest import WIDTHS, assert_accessible, fits, log_in, screenshot, tab_to

BODY = "Vi har fått din ansökan om ekonomiskt bistånd. Du får 6 450 kronor.\n\nRing oss om du undrar."


@pytest.fixture
def long_lists(live_app):
    """60 texts waiting, and a text the reviewer holds with 45 of their comments on it."""
    with live_app.app_context():
        people = {u.username: u for u in db.session.scalars(select(User))}
        writer, reviewer = people["skribent"], people["granskare"]
        now = utcnow()
        for n in range(60):
            text_id = db.session.execute(insert(Text).values(
                title=f"Beslut {n:02}", kind="beslut", audience="", state="vantar", author_id=writer.id,
                submitted_at=now - dt.timedelta(days=60 - n)).returning(Text.id)).scalar_one()
            db.session.execute(insert(Revision).values(text_id=text_id, number=1, body=BODY, author_id=writer.id,
                                                       review_title=f"Beslut {n:02}", review_audience="",
                                                       review_body=BODY))
        db.session.commit()
        held = services.create_text(writer, "Kallelse till möte", "kallelse", "", BODY)
        services.submit(writer, held)
        services.claim(reviewer, held)
        db.session.execute(insert(Comment), [
            {"text_id": held.id, "revision_number": 1, "author_id": reviewer.id, "start": 0, "end": 46,
             "exact": BODY[:46], "status": "open", "body": f"Kommentar nummer {n}."} for n in range(45)])
        db.session.commit()
        held_id = held.id
        db.session.remove()
    return held_id


def follow_with_keyboard(page, name: str) -> None:
    link = page.get_by_role("navigation", name=page_nav_name(page)).get_by_role("link", name=name)
    box = link.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, (name, box)
    tab_to(page, link)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def page_nav_name(page) -> str:
    return page.locator("nav.pagination").get_attribute("aria-label")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_queue_a_page_at_a_time_with_the_keyboard(page, long_lists, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "granskare")
    page.goto("/granska/")
    nav = page.get_by_role("navigation", name="Sidor i listan Väntar på granskning")
    assert "Sida 1 av 3" in nav.inner_text()
    assert page.locator("table.stack tbody tr").count() == 25
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"kö-sida-1-{width}")

    follow_with_keyboard(page, "Nästa sida")
    assert page.url.endswith("/granska/?sida=2#vantar")
    assert page.locator("table.stack tbody tr").first.inner_text().startswith("Beslut 25")
    follow_with_keyboard(page, "Nästa sida")  # page 3 is the last: no "Sista sidan" beside it
    assert page.locator("table.stack tbody tr").count() == 10
    assert "Sida 3 av 3" in page.get_by_role("navigation", name="Sidor i listan Väntar på granskning").inner_text()
    assert_accessible(page)
    fits(page, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reviewers_comments_a_page_at_a_time(page, long_lists, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "granskare")
    page.goto(f"/granska/{long_lists}?storlek=storst")
    assert page.locator("article.thread").count() == 20
    assert "Kommentar nummer 44." in page.locator("article.thread").first.inner_text()  # the newest first
    assert "Sida 1 av 3" in page.get_by_role("navigation", name="Sidor med dina kommentarer").inner_text()
    assert_accessible(page)
    fits(page, width)

    follow_with_keyboard(page, "Sista sidan")
    assert page.url.endswith("kommentarsida=3#mina-kommentarer")
    assert page.locator("article.thread").count() == 5
    assert "Kommentar nummer 0." in page.locator("article.thread").last.inner_text()
    assert page.locator("html").evaluate("e => getComputedStyle(e).fontSize") == "28px"  # still the largest size
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"kommentarer-sista-sidan-{width}")


@pytest.fixture
def writers_lists(live_app):
    """The writer's draft with 45 comments from the reviewer (five no longer in place), and 30
    more texts of theirs, so that "Mina texter" has two pages."""
    with live_app.app_context():
        people = {u.username: u for u in db.session.scalars(select(User))}
        writer, reviewer = people["skribent"], people["granskare"]
        draft = services.create_text(writer, "Brev om stöd", "brev", "", BODY + " Vi har erhållit din ansökan.")
        db.session.execute(insert(Comment), [
            {"text_id": draft.id, "revision_number": 1, "author_id": reviewer.id, "start": 0, "end": 46,
             "exact": BODY[:46], "status": "open", "anchored": n < 40, "body": f"Kommentar nummer {n}."}
            for n in range(45)])
        now = utcnow()
        for n in range(30):
            text_id = db.session.execute(insert(Text).values(
                title=f"Brev {n:02}", kind="brev", audience="", state="utkast", author_id=writer.id,
                updated_at=now - dt.timedelta(days=n + 1)).returning(Text.id)).scalar_one()
            db.session.execute(insert(Revision).values(text_id=text_id, number=1, body=BODY, author_id=writer.id))
        db.session.commit()
        draft_id = draft.id
        db.session.remove()
    return draft_id


@pytest.mark.parametrize("width", WIDTHS)
def test_the_writers_comments_and_texts_a_page_at_a_time(page, writers_lists, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "skribent")
    page.goto(f"/texter/{writers_lists}")
    comments = page.locator("section[aria-labelledby=kommentarer] article")
    assert comments.count() == 20 and "Kommentar nummer 0." in comments.first.inner_text()
    assert "Sida 1 av 3" in page.get_by_role("navigation", name="Sidor med kommentarer från granskare").inner_text()
    assert_accessible(page)
    fits(page, width)

    follow_with_keyboard(page, "Sista sidan")
    assert page.url.endswith("kommentarsida=3#kommentarer")
    assert comments.count() == 5
    assert page.get_by_role("heading", name="Kommentarer som inte längre passar in").is_visible()
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "skribent", f"kommentarer-sista-sidan-{width}")

    page.goto("/texter")
    assert page.locator("table.stack tbody tr").count() == 25
    follow_with_keyboard(page, "Nästa sida")
    assert page.url.endswith("/texter?sida=2")
    assert page.locator("table.stack tbody tr").count() == 6
    assert_accessible(page)
    fits(page, width)

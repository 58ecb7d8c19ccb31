"""The writer keeps their place in Chromium (issue 11, leftovers): on the second page of comments,
"Använd förslaget", "Ångra" and "Maskera" by keyboard come back to that page of comments, with
the focus on the next finding (or the row acted on). axe-core and the width at 1280 and 390 px."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import insert, select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import Comment, User

from .conftest import WIDTHS, assert_accessible, fits, log_in
from .test_writer_pages import assert_landed, press

BODY = "Anna Svensson har sökt stöd. Vi har erhållit din ansökan. Du ska inkomma med intyg."


@pytest.fixture
def commented_draft(live_app):
    """The writer's draft with 45 comments from the reviewer: three pages of comments."""
    with live_app.app_context():
        people = {u.username: u for u in db.session.scalars(select(User))}
        draft = services.create_text(people["skribent"], "Brev om stöd", "brev", "", BODY)
        db.session.execute(insert(Comment), [
            {"text_id": draft.id, "revision_number": 1, "author_id": people["granskare"].id, "start": 0, "end": 13,
             "exact": BODY[:13], "status": "open", "body": f"Kommentar nummer {n}."} for n in range(45)])
        db.session.commit()
        draft_id = draft.id
        db.session.remove()
    return draft_id


def comment_page(page) -> list[str]:
    return parse_qs(urlsplit(page.url).query).get("kommentarsida", [])


@pytest.mark.parametrize("width", WIDTHS)
def test_actions_on_findings_keep_the_page_of_comments(page, commented_draft, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "skribent")
    page.goto(f"/texter/{commented_draft}?kommentarsida=2")
    comments = page.locator("section[aria-labelledby=kommentarer] article")
    assert "Kommentar nummer 20." in comments.first.inner_text()

    press(page, page.get_by_role("button", name="Använd förslaget ”fått”"))
    assert_landed(page, "”erhållit” är utbytt mot ”fått”.")
    assert comment_page(page) == ["2"] and urlsplit(page.url).fragment.startswith("f-")
    assert "Kommentar nummer 20." in comments.first.inner_text()
    assert_accessible(page)
    fits(page, width)

    page.keyboard.press("Tab")  # the next stop is "Ångra"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_landed(page, "Ändringen är ångrad")
    assert comment_page(page) == ["2"]

    press(page, page.get_by_role("button", name="Maskera Anna Svensson"))
    assert_landed(page, "Uppgiften maskeras för granskarna.")
    assert comment_page(page) == ["2"] and urlsplit(page.url).fragment.startswith("pu-")
    assert "Kommentar nummer 20." in comments.first.inner_text()
    assert_accessible(page)
    fits(page, width)

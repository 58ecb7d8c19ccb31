"""The review flows' pages in real Chromium (issue 11): "Vad har ändrats sedan din granskning",
the reading view with the writer's answers and the largest text size, "Så granskar du" and the
kommunikatör's "Pågående granskningar". Zero axe-core violations at 1280 and 390 px, nothing
wider than the window, and every step taken with the keyboard only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.accounts import create_user
from klarsprak.review.models import AuditEvent, User

from .conftest import PASSWORD, WIDTHS, assert_accessible, fits, log_in, screenshot, tab_to

BODY = ("Socialnämnden har erhållit Er ansökan om ekonomiskt bistånd. Bistånd beviljas med 6 450 kronor.\n\n"
        "Ring oss om du undrar.")


def press_enter(page, locator) -> None:
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def texts(live_app):
    """A new version waiting for the reviewer who asked for changes (with a comment the writer
    answered and handled), and a text another reviewer holds."""
    with live_app.app_context():
        people = {u.username: u for u in db.session.scalars(select(User))}
        writer, reviewer = people["skribent"], people["granskare"]
        other = create_user("granskare2", "Greta Granskare", "granskare", PASSWORD)
        create_user("granskare3", "Gunnar Granskare", "granskare", PASSWORD)
        revised = services.create_text(writer, "Beslut om bistånd", "beslut", "Den som har sökt", BODY)
        services.submit(writer, revised)
        services.claim(reviewer, revised)
        comment, _ = services.add_comment(reviewer, revised, "Vad betyder erhållit?", 0, BODY.index(".") + 1,
                                          "forstar_inte")
        services.reply(writer, revised, comment, "Jag skriver fått i stället.")
        services.mark_handled(writer, revised, comment)
        services.decide(reviewer, revised, vardat=3, enkelt=2, begripligt=2, summary="", decision="changes")
        services.new_version(writer, revised, BODY.replace("har erhållit Er", "har fått din"), revised.lock_version)
        services.submit(writer, revised)
        held = services.create_text(writer, "Kallelse till möte", "kallelse", "", "Du är välkommen till ett möte.")
        services.submit(writer, held)
        services.claim(other, held)
        ids = revised.id, held.id
        db.session.remove()
    return ids


def px(page, selector: str) -> float:
    return page.evaluate(f"() => parseFloat(getComputedStyle(document.querySelector({selector!r})).fontSize)")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reviewer_sees_what_changed_and_reads_large_with_the_keyboard(page, live_app, texts, width):
    revised, _held = texts
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "granskare")
    page.goto("/granska/")
    assert "Nya versioner till dig" in page.content()
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"kö-ny-version-{width}")

    press_enter(page, page.get_by_role("link", name="Vad har ändrats: Beslut om bistånd"))
    assert page.url.endswith(f"/granska/{revised}/andringar")
    assert page.locator(".diff del").count() >= 1 and page.locator(".diff ins").count() >= 1
    assert "Skribenten svarade: Jag skriver fått i stället." in page.inner_text("main")
    assert "✓ Hanterad av skribenten" in page.inner_text("main")
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"vad-har-andrats-{width}")

    page.goto("/granska/")
    press_enter(page, page.locator(".back-to-me li", has_text="Beslut om bistånd").get_by_role("button", name="Jag granskar den här"))
    assert page.url.endswith(f"/granska/{revised}")
    press_enter(page, page.get_by_role("link", name="Störst"))
    for control in ("button[type=submit]", "textarea", ".sentence-tools summary", ".text-size a", "#minutes"):
        assert px(page, control) >= 28, control
    assert "Skribenten svarade: Jag skriver fått i stället." in page.inner_text("main")
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"läsvy-störst-{width}")
    page.reload()  # remembered
    assert px(page, "button[type=submit]") >= 28
    press_enter(page, page.get_by_role("link", name="Vad har ändrats sedan din granskning"))
    assert px(page, "main p") >= 28  # the size holds on the next page too
    fits(page, width)

    page.goto(f"/granska/{revised}")
    press_enter(page, page.get_by_role("link", name="Så granskar du"))
    assert page.url.endswith("/granska/hjalp")
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"så-granskar-du-störst-{width}")
    page.goto(f"/granska/{revised}?storlek=normal")
    assert px(page, "button[type=submit]") < 20
    page.goto("/granska/hjalp")
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"så-granskar-du-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_kommunikator_hands_over_and_frees_a_claim_with_the_keyboard(page, live_app, texts, width):
    _revised, held = texts
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "kommunikator")
    page.goto("/granska/")
    press_enter(page, page.get_by_role("link", name="Pågående granskningar: släpp eller ge till en annan granskare"))
    assert "Greta Granskare" in page.inner_text("main")
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "kommunikator", f"pagaende-{width}")

    choose = page.get_by_label("Ge till en annan granskare: Kallelse till möte")
    tab_to(page, choose)
    page.keyboard.press("End")  # the last reviewer in the list, chosen with the keyboard
    chosen = choose.evaluate("select => select.options[select.selectedIndex].text")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"Texten är given till {chosen}." in page.inner_text("main")
    assert chosen in page.inner_text("table")
    assert_accessible(page)

    press_enter(page, page.locator("tr", has_text="Kallelse till möte").get_by_role("button", name="Släpp granskningen"))
    assert "Texten är tillbaka i listan" in page.inner_text("main")
    assert "Ingen granskar någon text just nu." in page.inner_text("main")
    assert_accessible(page)
    fits(page, width)
    with live_app.app_context():
        log = db.session.scalars(select(AuditEvent).where(AuditEvent.text_id == held).order_by(AuditEvent.id)).all()
        actions = [(e.action, e.detail) for e in log]
        db.session.remove()
    assert [action for action, _detail in actions[-3:]] == ["release", "claim", "release"]
    assert set(actions[-2][1]) == {"handed_over_by"} and set(actions[-1][1]) == {"reviewer_id"}

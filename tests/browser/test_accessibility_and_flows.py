"""Every page has zero axe-core violations; the main paths work in Chromium, keyboard only."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import Comment, Review, Text, User

from .conftest import WIDTHS, assert_accessible, log_in, screenshot, tab_to


def make_texts(app):
    """A draft with two versions, and a text waiting for review."""
    with app.app_context():
        writer = db.session.scalar(select(User).where(User.username == "skribent"))
        reviewer = db.session.scalar(select(User).where(User.username == "granskare"))
        body = "Socialnämnden har erhållit Er ansökan. Bistånd beviljas med 6 450 kronor.\n\nRing oss om du undrar."
        revised = services.create_text(writer, "Beslut om bistånd", "beslut", "Den som har sökt", body)
        services.submit(writer, revised)
        services.claim(reviewer, revised)
        services.add_comment(reviewer, revised, "Vad betyder erhållit?", 0, body.index(".") + 1, "forstar_inte")
        services.decide(reviewer, revised, vardat=3, enkelt=2, begripligt=2, summary="", decision="changes")
        services.new_version(writer, revised, body.replace("erhållit Er", "fått din"), revised.lock_version)
        waiting = services.create_text(writer, "Kallelse till möte", "kallelse", "", "Du är välkommen till ett möte på måndag. Ta med t.ex. hyresavtal.")
        services.submit(writer, waiting)
        ids = revised.id, waiting.id
        db.session.remove()
        return ids


@pytest.mark.parametrize(("username", "paths"), [
    (None, ["/logga-in", "/finns-inte"]),
    ("skribent", ["/snabbkoll"]),
    ("skribent", ["/texter", "/texter/ny", "/texter/{revised}", "/texter/{revised}/jamfor?fran=1&till=2"]),
    ("granskare", ["/granska/", "/granska/{waiting}", "/granska/{waiting}?markeringar=1&storlek=stor"]),
    ("kommunikator", ["/alla-texter"]),
    ("admin", ["/admin/anvandare"]),
])
def test_every_page_has_no_axe_violations(page, live_app, username, paths):
    revised, waiting = make_texts(live_app)
    if username:
        log_in(page, username)
    for path in paths:
        page.goto(path.format(revised=revised, waiting=waiting))
        assert_accessible(page)
        screenshot(page, username, path.split("?")[0].strip("/").replace("{", "").replace("}", "") or "start")


def test_check_page_with_results_is_accessible(page):
    log_in(page, "skribent")
    page.goto("/snabbkoll")
    page.fill("#text", "Socialnämnden har erhållit Er ansökan. Bistånd beviljas i enlighet med lagen.")
    page.get_by_role("button", name="Granska texten").click()
    assert page.locator("mark.finding").count() >= 3
    assert_accessible(page)
    screenshot(page, "skribent", "snabbkoll-resultat")


def test_focus_is_visible(page):
    page.goto("/logga-in")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_whole_review_keyboard_only(page, live_app):
    """Take a text, comment on a sentence, rate and approve, with the keyboard only."""
    _revised, waiting = make_texts(live_app)
    log_in(page, "granskare")
    page.goto("/granska/")
    button = page.get_by_role("button", name="Jag granskar den här")
    tab_to(page, button)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/granska/{waiting}")
    summary = page.locator("summary", has_text="Kommentera meningen").first
    tab_to(page, summary)
    page.keyboard.press("Enter")  # opens the sentence's comment form
    choose_radio(page, "details[open] input[name=verdict]", "forstar_inte")
    page.keyboard.press("Tab")  # radio group -> textarea
    page.keyboard.type("Jag förstår inte ordet kallelse.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Din kommentar är sparad" in page.content()
    for name in ("vardat", "enkelt", "begripligt"):
        choose_radio(page, f"input[name={name}]", "4")
    choose_radio(page, "input[name=decision]", "approve")
    tab_to(page, page.get_by_label("Hur många minuter arbetade du med texten?"))
    page.keyboard.type("25")
    tab_to(page, page.get_by_role("button", name="Skicka granskningen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/granska/")
    with live_app.app_context():
        text = db.session.get(Text, waiting)
        assert text.state == "godkand"
        comment = db.session.scalar(select(Comment).where(Comment.text_id == waiting))
        assert comment.verdict == "forstar_inte" and comment.exact.startswith("Du är välkommen")
        assert db.session.scalar(select(Review).where(Review.text_id == waiting)).enkelt == 4


def test_writer_main_path(page, live_app):
    log_in(page, "skribent")
    page.goto("/texter/ny")
    page.fill("#title", "Brev om hyra")
    page.fill("#body", "Vi har erhållit din ansökan om bistånd till hyran.")
    page.get_by_role("button", name="Spara och analysera").click()
    page.get_by_role("button", name="Använd förslaget ”fått”").click()
    assert "”erhållit” är utbytt mot ”fått”" in page.content()
    page.get_by_role("button", name="Skicka till granskning").click()
    assert "Väntar på granskning" in page.content()


def choose_radio(page, group: str, value: str) -> None:
    """Tab into a radio group, then arrow keys to the wanted option, as a keyboard user does."""
    radios = page.locator(group)
    tab_to(page, radios.first)
    page.keyboard.press("Space")
    for _ in range(radios.count()):
        if page.evaluate("() => document.activeElement.value") == value:
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.checked && document.activeElement.value") == value


def test_comment_on_a_mouse_selection(page, live_app):
    _revised, waiting = make_texts(live_app)
    log_in(page, "granskare")
    page.goto("/granska/")
    page.get_by_role("button", name="Jag granskar den här").click()
    page.wait_for_selector("html[data-enhanced]", state="attached")
    # Select "ett möte" inside the first sentence, as a mouse drag would.
    page.evaluate("""() => {
        const node = document.querySelector('.reading .sentence').firstChild;
        const start = node.textContent.indexOf('ett möte');
        const range = document.createRange();
        range.setStart(node, start); range.setEnd(node, start + 'ett möte'.length);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    }""")
    panel = page.locator("#markering")
    panel.wait_for(state="visible")
    assert panel.locator("blockquote").inner_text() == "ett möte"
    panel.locator("textarea").fill("Vilket möte?")
    panel.get_by_role("button", name="Spara kommentaren").click()
    with live_app.app_context():
        comment = db.session.scalar(select(Comment).where(Comment.text_id == waiting))
        assert comment.exact == "ett möte" and comment.body == "Vilket möte?"
        body = db.session.get(Text, waiting).revision().body
        assert body[comment.start : comment.end] == "ett möte"


def save_then_type_unsaved(page, unsaved: str) -> None:
    """A writer saves a first version, then types more without saving."""
    log_in(page, "skribent")
    page.goto("/texter/ny")
    page.fill("#title", "Brev")
    page.fill("#body", "Första versionen.")
    page.get_by_role("button", name="Spara och analysera").click()
    page.wait_for_selector("html[data-enhanced]", state="attached")
    page.fill("#body", unsaved)
    page.locator("#body").dispatch_event("input")


def test_typed_text_survives_a_reload(page, live_app):
    save_then_type_unsaved(page, "Ändrad men inte sparad.")
    page.reload()
    page.wait_for_selector("html[data-enhanced]", state="attached")
    assert page.locator("#body").input_value() == "Ändrad men inte sparad."
    assert "återställt" in page.locator("#autosave-status").inner_text()


def test_core_flows_work_without_javascript(browser, live_app):
    make_texts(live_app)
    context = browser.new_context(java_script_enabled=False, base_url=live_app.config["BASE_URL"])
    page = context.new_page()
    log_in(page, "skribent")
    page.goto("/texter/ny")
    page.fill("#title", "Utan skript")
    page.fill("#body", "Vi har erhållit din ansökan.")
    page.get_by_role("button", name="Spara och analysera").click()
    page.get_by_role("button", name="Använd förslaget ”fått”").click()
    page.get_by_role("button", name="Skicka till granskning").click()
    assert "Väntar på granskning" in page.content()
    log_in(page, "granskare")
    page.goto("/granska/")
    page.locator("tr", has_text="Kallelse till möte").get_by_role("button", name="Jag granskar den här").click()
    page.locator("summary", has_text="Kommentera meningen").first.click()
    page.locator("details[open] textarea").fill("Bra.")
    page.locator("details[open]").get_by_role("button", name="Spara kommentaren").click()
    assert "Din kommentar är sparad" in page.content()
    context.close()


def test_admin_and_communicator_main_paths(page, live_app):
    make_texts(live_app)
    log_in(page, "admin")
    page.goto("/admin/anvandare")
    page.fill("#username", "ny-granskare")
    page.fill("#display_name", "Ny Granskare")
    page.select_option("#role", "granskare")
    page.fill("#password", "ett-långt-lösenord")
    page.get_by_role("button", name="Skapa användaren").click()
    assert "Användaren ny-granskare är skapad" in page.content()
    assert_accessible(page)
    log_in(page, "kommunikator")
    page.goto("/alla-texter")
    assert page.locator("td.state", has_text="Väntar på granskning").count() >= 1
    assert_accessible(page)


def test_error_states_are_accessible(page, live_app):
    log_in(page, "skribent")
    page.goto("/texter/ny")
    page.get_by_role("button", name="Spara och analysera").click()  # no title, no text
    assert page.locator(".field-error").count() >= 1
    assert_accessible(page)
    page.goto("/admin/anvandare")  # forbidden for a writer
    assert "behörighet" in page.content()
    assert_accessible(page)


# The same letter as ../shared/samples/brev-med-personuppgifter.txt (invented people).
LETTER = (Path(__file__).resolve().parents[1] / "data" / "samples" / "brev-med-personuppgifter.txt").read_text("utf-8")


def test_personal_data_are_masked_before_a_reviewer_sees_them(page, live_app):
    """The writer is stopped at submit, keeps one detail with a reason, masks the rest in one
    click and sends; the reviewer reads only placeholders (and the detail that was kept)."""
    with live_app.app_context():
        writer = db.session.scalar(select(User).where(User.username == "skribent"))
        text_id = services.create_text(writer, "Brev till sökande", "brev", "", LETTER).id
        db.session.remove()
    log_in(page, "skribent")
    page.goto(f"/texter/{text_id}")
    assert page.get_by_role("heading", name="Personuppgifter (6)").is_visible()  # seven values, six people
    assert_accessible(page)
    screenshot(page, "skribent", "personuppgifter")
    page.get_by_role("button", name="Skicka till granskning").click()
    expect(page.get_by_text("personuppgifter som du inte har tagit ställning till")).to_be_visible()
    page.goto(f"/texter/{text_id}")
    item = page.locator("#personuppgifter li", has_text="070-123 45 67")
    item.locator("summary").click()
    item.get_by_label("Varför ska uppgiften stå kvar?").fill("Handläggarens tjänstetelefon")
    item.get_by_role("button", name="Låt uppgiften stå kvar").click()
    expect(page.locator("#personuppgifter li", has_text="070-123 45 67")).to_contain_text("står kvar")
    page.get_by_role("button", name="Maskera alla som inte är bestämda").click()
    expect(page.locator("#personuppgifter em", has_text="inte bestämt")).to_have_count(0)
    expect(page.locator("#personuppgifter li", has_text="maskeras som")).to_have_count(5)  # the sixth is kept
    assert_accessible(page)
    page.get_by_role("button", name="Skicka till granskning").click()
    expect(page.locator(".state")).to_have_text("Väntar på granskning")

    log_in(page, "granskare")
    page.goto("/granska/")
    page.locator("tr", has_text="Brev till sökande").get_by_role("button", name="Jag granskar den här").click()
    expect(page.locator(".reading")).to_contain_text("[NAMN 1]")
    reading = page.locator(".reading").inner_text()
    assert "[NAMN 1]" in reading and "[PERSONNUMMER 1]" in reading and "[ADRESS 1]" in reading
    assert "070-123 45 67" in reading  # kept on purpose, with a reason
    for original in ("Tolvan", "19121212", "Exempelsson", "example.se", "Exempelgatan"):
        assert original not in page.content()
    screenshot(page, "granskare", "maskerad-text")


def press_until_focused(page, locator, limit: int = 250) -> None:
    """Tab forward until ``locator`` has focus (keyboard only, as a person without a mouse)."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
    raise AssertionError(f"never reached {locator}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_name_in_the_title_is_caught_previewed_and_masked_keyboard_only(page, live_app, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "skribent")
    page.goto("/texter/ny")
    page.fill("#title", "Beslut för Tolvan Tolvansson 19121212-1212")
    page.fill("#audience", "Tolvan Tolvansson")
    page.fill("#body", "Vi har beviljat din ansökan om bistånd.")
    page.get_by_role("button", name="Spara och analysera").click()
    expect(page.locator("#pu-kvar")).to_contain_text("står i rubriken och i fältet ”Vem ska läsa texten?”")
    preview = page.locator("#granskarens-vy")
    expect(preview).to_contain_text("Beslut för [NAMN 1] [PERSONNUMMER 1]")
    assert "Tolvan" not in preview.inner_text()
    assert_accessible(page)
    screenshot(page, "skribent", f"rubrik-med-namn-{width}")
    press_until_focused(page, page.get_by_role("button", name="Maskera alla som inte är bestämda"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#pu-kvar")).to_have_count(0)
    press_until_focused(page, page.get_by_role("button", name="Skicka till granskning"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".state")).to_have_text("Väntar på granskning")
    expect(page.locator("#granskarens-vy")).to_contain_text("Granskarna ser den här kopian")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    press_until_focused(page, page.get_by_role("button", name="Ta tillbaka från granskning"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".state")).to_have_text("Utkast")
    assert_accessible(page)
    screenshot(page, "skribent", f"tillbakatagen-{width}")


def test_unsaved_drafts_are_gone_after_logout(page, live_app):
    """Drafts may hold personal data: after logout nothing of them is left in the browser."""
    save_then_type_unsaved(page, "Tolvan Tolvansson ringde, inte sparat.")
    url = page.url
    page.get_by_role("button", name="Logga ut Skribent").click()
    page.wait_for_selector("html[data-enhanced]", state="attached")
    stored = page.evaluate("() => JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)])")
    assert "Tolvan" not in stored
    log_in(page, "skribent")
    page.goto(url)
    assert page.locator("#body").input_value() == "Första versionen."


@pytest.mark.parametrize(("username", "path"), [("granskare", "/granska/"), ("skribent", "/texter"),
                                                ("kommunikator", "/alla-texter"), ("admin", "/admin/logg")])
def test_lists_fit_a_phone(page, live_app, username, path):
    """At 390 px nothing is cut off or needs sideways scrolling; the buttons are in reach."""
    make_texts(live_app)
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, username)
    page.goto(path)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    screenshot(page, username, f"{path.strip('/').replace('/', '-')}-390")

"""The rule pages in real Chromium: zero axe-core violations at 1280 and 390 px, nothing cut off on
a phone, and the kommunikatör's change made with the keyboard only, then used by the next analysis."""

from __future__ import annotations

import pytest

from .conftest import WIDTHS, assert_accessible, fits, log_in, screenshot, tab_to

STIFF = "Du får bibehålla ditt bistånd under hela året."


def focus_is_visible(page) -> None:
    """The focused control draws an outline (the visible focus of WCAG 2.4.7)."""
    style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert style not in ("none", ""), style


@pytest.mark.parametrize("width", WIDTHS)
def test_every_rule_page_is_accessible_and_fits(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "kommunikator")
    for path, name in (("/regler", "regler"), ("/regler/regel?id=jargon.svarta-listan", "regel-ordlista"),
                       ("/regler/regel?id=sentence-length.long", "regel-granser"),
                       ("/regler/regel?id=personal-data.namn", "regel-personuppgifter"),
                       ("/regler/ord?id=jargon.svarta-listan&fras=erhålla", "andra-ord"),
                       ("/regler/godkanda-ord", "godkanda-ord"), ("/regler/historik", "historik"),
                       ("/regler/importera", "importera")):
        page.goto(path)
        assert_accessible(page)
        fits(page, width)
        screenshot(page, "kommunikator", f"{name}-{width}")
    # A refused entry: the Swedish message beside the field, everything typed kept.
    page.goto("/regler/regel?id=jargon.svarta-listan")
    page.fill("#phrase", "bibehålla")
    page.fill("#example", "Du får behålla ditt bistånd.")
    page.get_by_role("button", name="Lägg till ordet").click()
    assert "Exempelmeningen ger ingen markering för ”bibehålla”" in page.content()
    assert page.input_value("#phrase") == "bibehålla" and page.input_value("#example") == "Du får behålla ditt bistånd."
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "kommunikator", f"regel-fel-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_word_added_with_the_keyboard_is_used_by_the_next_analysis(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "kommunikator")
    page.goto("/regler")
    tab_to(page, page.get_by_role("link", name="jargon.svarta-listan"))
    focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, page.locator("#phrase"))
    page.keyboard.type("bibehålla")
    page.keyboard.press("Tab")
    page.keyboard.type("behålla")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "example"
    page.keyboard.type(STIFF)
    tab_to(page, page.get_by_role("button", name="Lägg till ordet"), limit=5)
    focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "”bibehålla” finns nu i ordlistan" in page.content()
    assert_accessible(page)
    screenshot(page, "kommunikator", f"ord-sparat-{width}")

    page.goto("/regler/historik")
    assert "Lade till ”bibehålla” → behålla" in page.content()
    page.goto("/snabbkoll")
    page.fill("textarea[name=text]", STIFF)
    page.get_by_role("button", name="Granska texten").click()
    assert "Skriv hellre ”behålla”" in page.content()
    screenshot(page, "kommunikator", f"snabbkoll-nytt-ord-{width}")


def test_a_rule_switched_off_with_the_keyboard(page):
    log_in(page, "admin")
    page.goto("/regler/regel?id=passive.s-passive")
    tab_to(page, page.get_by_role("button", name="Stäng av regeln"))
    focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Regeln är avstängd" in page.content()
    assert page.get_by_role("button", name="Sätt på regeln").is_visible()
    page.goto("/regler")
    row = page.get_by_role("row").filter(has_text="passive.s-passive")
    assert "Av" in row.inner_text()  # said in words, not by colour
    assert_accessible(page)

"""The kommunikatör's overview, timeline, charts and fee basis, and a reviewer's own history, in
real Chromium: zero axe-core violations at 1280 and 390 px, nothing cut off on a phone, and the
filters, sorting and links used with the keyboard only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review.accounts import create_user
from klarsprak.review.models import Text, User
from klarsprak.web import demo_history

from .conftest import PASSWORD, WIDTHS, assert_accessible, fits, log_in, screenshot, tab_to


@pytest.fixture
def history(live_app):
    """Half a year of reviews (the demo history), with a second reviewer to share the work."""
    with live_app.app_context():
        create_user("granskare2", "Greta Granskare", "granskare", PASSWORD)
        assert demo_history.add_history(count=15) == 15
        approved = db.session.scalar(select(Text.id).where(Text.state == "godkand").order_by(Text.id))
        db.session.remove()
    return approved


@pytest.mark.parametrize("width", WIDTHS)
def test_every_overview_page_is_accessible_and_fits(page, live_app, history, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "kommunikator")
    for path, name in (("/oversikt", "oversikt"), (f"/oversikt/texter/{history}", "tidslinje"),
                       ("/oversikt/diagram", "diagram"), ("/oversikt/arvode", "arvode"),
                       ("/oversikt?fran=igar", "oversikt-fel")):
        page.goto(path)
        assert_accessible(page)
        fits(page, width)
        screenshot(page, "kommunikator", f"{name}-{width}")
    log_in(page, "granskare")
    page.goto("/mina-granskningar")
    assert "Min tid" in page.content() and "ingen tid skriven" not in page.content()
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"mina-granskningar-{width}")
    log_in(page, "admin")
    page.goto("/admin/anvandare")
    assert_accessible(page)
    screenshot(page, "admin", f"anvandare-enhet-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_filter_sort_and_open_a_timeline_with_the_keyboard(page, live_app, history, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "kommunikator")
    page.goto("/oversikt")
    tab_to(page, page.get_by_label("Status"))
    page.keyboard.press("Tab")  # to "Typ av text"
    tab_to(page, page.get_by_label("Bara texter som väntar länge"))
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")  # focus is visible
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Visa texterna"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "lange=y" in page.url
    rows = page.locator("table.overview tbody tr")
    assert rows.count() >= 1
    assert all("Väntar länge" in rows.nth(i).inner_text() for i in range(rows.count()))
    tab_to(page, page.get_by_role("link", name=re.compile(r"^Rubrik\s*,\s*sortera$")))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "sortera=rubrik" in page.url and "lange=y" in page.url  # the filter is kept
    first = page.locator("table.overview tbody tr a").first
    title = first.inner_text().removesuffix(": händelser").strip()
    tab_to(page, first)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith("Händelser")
    assert "Skickad till granskning" in page.content() and title.split(" (")[0] in page.content()
    assert_accessible(page)


def test_pages_of_the_overview_with_the_keyboard(page, live_app, history):
    with live_app.app_context():  # enough texts for two pages
        writer = db.session.scalar(select(User).where(User.username == "skribent"))
        for number in range(40):
            db.session.add(Text(title=f"Utkast {number}", kind="brev", audience="", author_id=writer.id))
        db.session.commit()
        db.session.remove()
    log_in(page, "kommunikator")
    page.goto("/oversikt")
    assert "Sida 1 av 2" in page.content()
    tab_to(page, page.get_by_role("link", name="Nästa sida"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Sida 2 av 2" in page.content() and "sida=2" in page.url
    assert_accessible(page)


def test_charts_can_be_read_without_sight_and_downloaded(page, live_app, history):
    log_in(page, "kommunikator")
    page.goto("/oversikt/diagram")
    charts = page.locator("svg.chart")
    assert charts.count() >= 6
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("role") == "img"
        label = page.evaluate("svg => svg.getAttribute('aria-labelledby').split(' ').map(id => "
                              "document.getElementById(id).textContent).join(' ')", chart.element_handle())
        assert len(label) > 20  # a title and a summary in words
    tables = page.locator("section.chart-block table")
    assert tables.count() == charts.count() and "Godkända texter" in tables.first.inner_text()
    link = page.get_by_role("link", name=re.compile(r"^Ladda ner siffrorna som CSV\s*:\s*Godkända texter per månad$"))
    tab_to(page, link)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "godkanda.csv"


def test_the_fee_basis_prints_without_the_menus(page, live_app, history):
    log_in(page, "kommunikator")
    page.goto("/oversikt/arvode")
    tab_to(page, page.get_by_label("Månad (år-månad, till exempel 2026-11)"))
    page.keyboard.type("2026-13")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "till exempel 2026-11" in page.locator(".field-error").inner_text()
    assert_accessible(page)
    page.goto("/oversikt/arvode")
    page.emulate_media(media="print")
    assert page.locator("header").is_hidden() and page.locator("form.no-print").is_hidden()
    assert page.locator("table").is_visible()
    screenshot(page, "kommunikator", "arvode-utskrift")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_decision_without_minutes_is_refused_and_nothing_typed_is_lost(page, live_app, width):
    from klarsprak.review import services

    with live_app.app_context():
        writer = db.session.scalar(select(User).where(User.username == "skribent"))
        reviewer = db.session.scalar(select(User).where(User.username == "granskare"))
        text = services.create_text(writer, "Kallelse till möte", "kallelse", "", "Du är välkommen till ett möte.")
        services.submit(writer, text)
        services.claim(reviewer, text)
        text_id = text.id
        db.session.remove()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "granskare")
    page.goto(f"/granska/{text_id}")
    for name in ("vardat", "enkelt", "begripligt"):
        page.check(f"input[name={name}][value='4']")
    page.check("input[name=decision][value='approve']")
    page.fill("textarea[name=summary]", "Tydlig kallelse.")
    tab_to(page, page.get_by_role("button", name="Skicka granskningen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Skriv hur många minuter du arbetade" in page.locator(".field-error").inner_text()
    assert page.locator("textarea[name=summary]").input_value() == "Tydlig kallelse."
    assert page.locator("input[name=vardat][value='4']").is_checked()
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "granskare", f"beslut-utan-minuter-{width}")
    tab_to(page, page.get_by_label("Hur många minuter arbetade du med texten?"))
    page.keyboard.type("35")
    tab_to(page, page.get_by_role("button", name="Skicka granskningen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto("/mina-granskningar")
    assert "35 minuter" in page.content()


@pytest.mark.parametrize("width", WIDTHS)
def test_restore_an_archived_text_from_its_timeline_with_the_keyboard(page, live_app, width):
    from klarsprak.review import services

    with live_app.app_context():
        writer = db.session.scalar(select(User).where(User.username == "skribent"))
        text = services.create_text(writer, "Brev om färdtjänst", "brev", "", "Du får färdtjänst i ett år.")
        services.archive(writer, text)
        text_id = text.id
        db.session.remove()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "kommunikator")
    page.goto(f"/oversikt/texter/{text_id}")
    button = page.get_by_role("button", name="Återställ från arkivet")
    box = button.bounding_box()
    assert box["height"] >= 44, box
    assert_accessible(page)
    fits(page, width)
    tab_to(page, button)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/oversikt/texter/{text_id}")
    assert "Texten är återställd från arkivet" in page.inner_text("main")
    assert page.get_by_role("button", name="Återställ från arkivet").count() == 0
    assert_accessible(page)
    fits(page, width)
    screenshot(page, "kommunikator", f"tidslinje-aterstalld-{width}")

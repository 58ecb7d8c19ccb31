"""The reviewers' decisions on the writer's page are a list without bound (a text can go round
many times): shown ten a page, the latest first, with the shared Swedish page controls."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import insert

from klarsprak.extensions import db
from klarsprak.review.models import Review, utcnow
from klarsprak.web import charts
from klarsprak.web.texts import REVIEW_PAGE_SIZE

DECISION = re.compile(r"<br>Sammanfattning (\d+)</p>")
COUNT = 25


def pager_links(page: str, label: str) -> dict[str, str]:
    nav = re.search(rf'<nav class="pagination" aria-label="{label}">(.*?)</nav>', page, re.S)
    assert nav, f"no navigation {label!r}"
    return {text: html.unescape(href) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1))}


@pytest.fixture
def reviewed_text(make_user, make_text):
    """A draft with 25 decisions on it (rows, numbered 0 to 24 in the order they were made)."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author)
    now = utcnow()
    db.session.execute(insert(Review), [
        {"text_id": text.id, "revision_number": 1, "reviewer_id": reviewer.id, "vardat": 3, "enkelt": 4,
         "begripligt": 5, "summary": f"Sammanfattning {n}", "decision": "changes",
         "created_at": now - dt.timedelta(hours=COUNT - n)} for n in range(COUNT)])
    db.session.commit()
    return author, text


def shown(page: str) -> list[int]:
    return [int(n) for n in DECISION.findall(page)]


def test_decisions_ten_a_page_the_latest_first(login, reviewed_text):
    author, text = reviewed_text
    client = login(author)
    first = client.get(f"/texter/{text.id}").text
    assert REVIEW_PAGE_SIZE == 10
    assert shown(first) == list(range(24, 14, -1))
    assert "Granskarna har fattat 25 beslut om texten" in first and "Sida 1 av 3" in first
    links = pager_links(first, "Sidor med granskarnas beslut")
    assert links == {"Nästa sida": f"/texter/{text.id}?beslutssida=2#beslut",
                     "Sista sidan": f"/texter/{text.id}?beslutssida=3#beslut"}
    second = client.get(links["Nästa sida"]).text
    assert shown(second) == list(range(14, 4, -1))
    assert set(pager_links(second, "Sidor med granskarnas beslut")) == {"Föregående sida", "Nästa sida"}
    last = client.get(links["Sista sidan"]).text
    assert shown(last) == [4, 3, 2, 1, 0]
    assert set(pager_links(last, "Sidor med granskarnas beslut")) == {"Första sidan", "Föregående sida"}
    assert 'id="analys"' in last and 'id="redigera"' in last  # the rest of the writer's page is all there


@pytest.mark.parametrize("asked", ["99", "9" * 40, "abc", "0", "-1", "٣"])
def test_a_bad_decision_page_number_still_shows_a_page(login, reviewed_text, asked):
    author, text = reviewed_text
    page = login(author).get(f"/texter/{text.id}?beslutssida={asked}")
    assert page.status_code == 200
    past_the_end = asked.isascii() and asked.isdigit() and int(asked) > 1
    assert shown(page.text) == ([4, 3, 2, 1, 0] if past_the_end else list(range(24, 14, -1)))


def test_a_few_decisions_have_no_page_controls(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author)
    db.session.execute(insert(Review), [{"text_id": text.id, "revision_number": 1, "reviewer_id": reviewer.id,
                                         "vardat": 3, "enkelt": 4, "begripligt": 5, "summary": "Sammanfattning 0",
                                         "decision": "approve"}])
    db.session.commit()
    page = login(author).get(f"/texter/{text.id}").text
    assert shown(page) == [0] and "Sidor med granskarnas beslut" not in page and "fattat" not in page


def test_the_decision_page_links_keep_the_other_query_arguments(login, reviewed_text):
    """Tips shown (or a page of comments) stay as they were when the writer pages the decisions."""
    author, text = reviewed_text
    page = login(author).get(f"/texter/{text.id}?beslutssida=2&tips=1").text
    assert pager_links(page, "Sidor med granskarnas beslut")["Nästa sida"] == (
        f"/texter/{text.id}?tips=1&beslutssida=3#beslut")


MY_ROW = re.compile(r'<td data-label="Text">[^<]*\(version (\d+)\)</td>')


def test_a_reviewers_own_decisions_25_a_page_the_latest_first_and_only_theirs(login, make_user, make_text):
    author, me, other = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text = make_text(author, submit=True)
    now = utcnow()
    row = {"text_id": text.id, "vardat": 3, "enkelt": 4, "begripligt": 5, "decision": "changes", "minutes": 30}
    # The version number tells the rows apart: 1 to 60 in the order they were made.
    db.session.execute(insert(Review), [{**row, "reviewer_id": me.id, "revision_number": n,
                                         "created_at": now - dt.timedelta(days=61 - n)} for n in range(1, 61)])
    db.session.execute(insert(Review), [{**row, "reviewer_id": other.id, "revision_number": 999}])
    db.session.commit()
    client = login(me)
    first = client.get("/mina-granskningar").text
    assert [int(v) for v in MY_ROW.findall(first)] == list(range(60, 35, -1))
    assert "Du har fattat 60 beslut" in first and "Sida 1 av 3" in first
    links = pager_links(first, "Sidor med mina beslut")
    assert links == {"Nästa sida": "/mina-granskningar?sida=2#alla", "Sista sidan": "/mina-granskningar?sida=3#alla"}
    assert [int(v) for v in MY_ROW.findall(client.get(links["Sista sidan"]).text)] == list(range(10, 0, -1))
    assert [int(v) for v in MY_ROW.findall(client.get("/mina-granskningar?sida=x").text)] == list(range(60, 35, -1))
    assert "999" not in "".join(MY_ROW.findall(client.get("/mina-granskningar?sida=2").text))
    # The months above still sum every decision, not only this page's: the oldest month is there.
    oldest = charts.month_label(f"{now - dt.timedelta(days=60):%Y-%m}")
    assert f'<td data-label="Månad">{oldest}</td>' in first.split('id="alla"')[0]

"""Long lists a page at a time (issue 10): the review queue and the reviewer's comments in the
reading view, with Swedish page controls; a text with 10,000 comments stays a small page."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import insert

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import Comment, Revision, Text, utcnow
from klarsprak.web import review
from klarsprak.web.pagination import requested_page

BODY = "Vi har fått din ansökan. Du får 500 kronor. Ring oss om du undrar."
CLAIM = re.compile(r'action="/granska/(\d+)/ta"')


def threads(page: str) -> list[str]:
    """The comment bodies shown, in page order."""
    return re.findall(r"<p>(?:<strong>[^<]*</strong> )?(Kommentar \d+)</p>", page)


def pager_links(page: str, label: str) -> dict[str, str]:
    """The links of the page navigation named ``label``: their text and address."""
    nav = re.search(rf'<nav class="pagination" aria-label="{label}">(.*?)</nav>', page, re.S)
    assert nav, f"no navigation {label!r}"
    return {text: html.unescape(href) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1))}


def waiting_texts(author, count: int) -> list[int]:
    """``count`` texts sent to review, waiting since one day apart (oldest first), as rows: the
    services would run the analysis for each, and the queue only reads what they store."""
    now = utcnow()
    rows = [{"title": f"Beslut {n:03}", "kind": "beslut", "audience": "", "state": "vantar", "author_id": author.id,
             "current_version": 1, "lock_version": 1, "submitted_at": now - dt.timedelta(days=count - n),
             "created_at": now - dt.timedelta(days=count), "updated_at": now} for n in range(count)]
    ids = [db.session.execute(insert(Text).values(row).returning(Text.id)).scalar_one() for row in rows]
    db.session.execute(insert(Revision), [{"text_id": i, "number": 1, "body": BODY, "author_id": author.id,
                                           "review_title": f"Beslut {n:03}", "review_audience": "",
                                           "review_body": BODY[: 20 + n]} for n, i in enumerate(ids)])
    db.session.commit()
    return ids


def test_the_queue_shows_25_texts_a_page_oldest_first_with_links_to_the_others(login, make_user):
    author, reviewer = make_user("skribent"), make_user("granskare")
    ids = waiting_texts(author, 60)
    client = login(reviewer)

    first = client.get("/granska/").text
    assert [int(i) for i in CLAIM.findall(first)] == ids[:review.QUEUE_PAGE_SIZE]
    assert "Sida 1 av 3" in first and "60 texter väntar" in first
    links = pager_links(first, "Sidor i listan Väntar på granskning")
    assert set(links) == {"Nästa sida", "Sista sidan"}  # nothing before the first page
    assert links["Nästa sida"] == "/granska/?sida=2#vantar"
    assert f"<td data-label=\"Längd\">{len(BODY[:20])} tecken</td>" in first  # the masked copy's length

    second = client.get(links["Nästa sida"]).text
    assert [int(i) for i in CLAIM.findall(second)] == ids[25:50]
    assert pager_links(second, "Sidor i listan Väntar på granskning")["Föregående sida"] == "/granska/#vantar"

    last = client.get(links["Sista sidan"]).text
    assert [int(i) for i in CLAIM.findall(last)] == ids[50:]
    assert set(pager_links(last, "Sidor i listan Väntar på granskning")) == {"Första sidan", "Föregående sida"}


@pytest.mark.parametrize("asked", ["99", "9" * 40, "abc", "0", "-2", "٣"])
def test_a_page_number_out_of_range_or_not_a_number_still_shows_a_page(login, make_user, asked):
    author, reviewer = make_user("skribent"), make_user("granskare")
    ids = waiting_texts(author, 30)
    page = login(reviewer).get(f"/granska/?sida={asked}")
    assert page.status_code == 200
    shown = [int(i) for i in CLAIM.findall(page.text)]
    # Past the end: the last page (the list may have shrunk since the link); anything else: the first.
    assert shown == (ids[25:] if asked.isascii() and asked.isdigit() and int(asked) > 1 else ids[:25])


def test_a_short_queue_has_no_page_controls(login, make_user):
    author, reviewer = make_user("skribent"), make_user("granskare")
    waiting_texts(author, 3)
    page = login(reviewer).get("/granska/").text
    assert len(CLAIM.findall(page)) == 3
    assert 'class="pagination"' not in page and "Sida 1 av" not in page


def test_a_new_version_held_for_me_is_listed_first_whatever_the_page_and_never_in_the_table(
        login, make_user, make_text):
    author, reviewer, other = make_user("skribent"), make_user("granskare"), make_user("granskare")
    older = waiting_texts(author, 30)  # all sent before the new versions below
    mine = make_text(author, body=BODY, reviewer=reviewer, title="Till mig")
    theirs = make_text(author, body=BODY, reviewer=other, title="Till den andra")
    for who, text in ((reviewer, mine), (other, theirs)):
        services.decide(who, text, vardat=3, enkelt=2, begripligt=2, summary="", decision="changes")
        services.new_version(author, text, BODY + " Välkommen.", text.lock_version)
        services.submit(author, text)
    client = login(reviewer)
    pages = [client.get(f"/granska/?sida={n}").text for n in (1, 2)]
    for page in pages:
        assert f'href="/granska/{mine.id}/andringar"' in page  # "Nya versioner till dig", on every page
    in_tables = [int(i) for page in pages for i in CLAIM.findall(page.split('id="vantar"', 1)[1])]
    assert in_tables == older  # held texts count on no page of the table: 30 texts, 2 pages
    assert "Sida 2 av 2" in pages[1] and "30 texter väntar" in pages[0]


@pytest.fixture
def long_review(make_user, make_text):
    """A text its reviewer has commented on 10,000 times (rows: 10,000 service calls would take
    minutes), and a few comments of another reviewer's on the same text."""
    author, reviewer, other = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text = make_text(author, body=BODY, reviewer=reviewer)
    row = {"text_id": text.id, "revision_number": 1, "start": 0, "end": 24, "exact": BODY[:24], "status": "open"}
    db.session.execute(insert(Comment), [{**row, "author_id": reviewer.id, "body": f"Kommentar {n}"}
                                         for n in range(10_000)])
    db.session.execute(insert(Comment), [{**row, "author_id": other.id, "body": f"Annan {n}"} for n in range(5)])
    db.session.commit()
    return reviewer, text


def test_ten_thousand_comments_make_a_small_reading_page_newest_first(login, long_review):
    reviewer, text = long_review
    client = login(reviewer)
    page = client.get(f"/granska/{text.id}")
    assert page.status_code == 200
    shown = threads(page.text)
    assert shown == [f"Kommentar {n}" for n in range(9_999, 9_999 - review.COMMENT_PAGE_SIZE, -1)]
    assert page.text.count('class="thread"') == review.COMMENT_PAGE_SIZE
    assert len(page.data) < 100_000, len(page.data)  # 9.9 MB before the comments were paginated
    assert "Du har skrivit 10000 kommentarer" in page.text and "Sida 1 av 500" in page.text
    assert "Annan" not in page.text  # another reviewer's comments are still not shown

    links = pager_links(page.text, "Sidor med dina kommentarer")
    assert links["Sista sidan"] == f"/granska/{text.id}?kommentarsida=500#mina-kommentarer"
    oldest = client.get(links["Sista sidan"]).text
    assert threads(oldest) == [f"Kommentar {n}" for n in range(19, -1, -1)]
    assert "Sida 500 av 500" in oldest


def test_the_comment_pages_keep_the_text_size_and_the_marks(login, long_review):
    reviewer, text = long_review
    page = login(reviewer).get(f"/granska/{text.id}?storlek=stor&markeringar=1&kommentarsida=3").text
    assert threads(page)[0] == "Kommentar 9959"  # page 3: after 2 × 20 newer ones
    links = pager_links(page, "Sidor med dina kommentarer")
    assert links["Nästa sida"] == f"/granska/{text.id}?storlek=stor&markeringar=1&kommentarsida=4#mina-kommentarer"
    assert links["Föregående sida"] == f"/granska/{text.id}?storlek=stor&markeringar=1&kommentarsida=2#mina-kommentarer"
    # Changing the text size stays on the same page of comments.
    assert f'href="/granska/{text.id}?storlek=storst&amp;markeringar=1&amp;kommentarsida=3"' in page


def test_a_refused_decision_shows_page_links_to_the_reading_view_not_to_the_form(login, long_review):
    reviewer, text = long_review
    answer = login(reviewer).post(f"/granska/{text.id}/beslut", data={"summary": "Bra."})  # no ratings
    assert answer.status_code == 400
    assert pager_links(answer.text, "Sidor med dina kommentarer")["Nästa sida"] == (
        f"/granska/{text.id}?kommentarsida=2#mina-kommentarer")


@pytest.mark.parametrize(("query", "expected"), [("", 1), ("sida=4", 4), ("sida=1", 1), ("sida=0", 1),
                                                 ("sida=x", 1), ("sida=2.5", 1), ("sida=%EF%BC%93", 1),
                                                 ("sida=1234567", 1_000_000)])
def test_requested_page(app, query, expected):
    with app.test_request_context(f"/granska/?{query}"):
        assert requested_page() == expected


def test_ongoing_reviews_are_shown_25_a_page_longest_held_first(login, make_user):
    author, reviewer, communicator = make_user("skribent"), make_user("granskare"), make_user("kommunikator")
    ids = waiting_texts(author, 30)
    now = utcnow()
    for n, text_id in enumerate(ids):  # held since 30 days ago, then 29, …: the order of ids
        text = db.session.get(Text, text_id)
        text.state, text.claimed_by_id, text.claimed_at = "under_granskning", reviewer.id, now - dt.timedelta(days=30 - n)
    db.session.commit()
    client = login(communicator)
    release = re.compile(r'action="/granska/(\d+)/slapp"')
    first = client.get("/granska/pagaende").text
    assert [int(i) for i in release.findall(first)] == ids[:25] and "Sida 1 av 2" in first
    links = pager_links(first, "Sidor i listan Pågående granskningar")
    assert links == {"Nästa sida": "/granska/pagaende?sida=2"}
    assert [int(i) for i in release.findall(client.get(links["Nästa sida"]).text)] == ids[25:]

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


# The writer's page and the writer's lists (issue 10: "a 10,000-comment text renders a 9.9 MB page").

ARTICLE = re.compile(r'<article id="k(\d+)"')
PLACED, LOST = 9_990, 30


@pytest.fixture
def commented_draft(make_user, make_text):
    """A draft with 10,020 comments, as rows: 9,990 still in place (the writer has answered the
    first three) and 30 that no longer fit the text. Their ids in the order of the page."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body=BODY + " Vi har erhållit din ansökan.")
    row = {"text_id": text.id, "revision_number": 1, "start": 0, "end": 24, "exact": BODY[:24], "status": "open",
           "author_id": reviewer.id}
    # Lost and placed comments interleaved by id, so that the order of the page is not the ids'.
    db.session.execute(insert(Comment), [{**row, "body": f"Borttappad {n}", "anchored": False} for n in range(15)])
    db.session.execute(insert(Comment), [{**row, "body": f"Kommentar {n}"} for n in range(PLACED)])
    db.session.execute(insert(Comment), [{**row, "body": f"Borttappad {n}", "anchored": False}
                                         for n in range(15, LOST)])
    db.session.commit()
    ids = db.session.scalars(db.select(Comment.id).where(Comment.text_id == text.id)
                             .order_by(Comment.anchored.desc(), Comment.id)).all()
    db.session.execute(insert(Comment), [{**row, "author_id": author.id, "parent_id": ids[n], "body": f"Svar {n}"}
                                         for n in range(3)])
    db.session.commit()
    return author, text, ids


def test_ten_thousand_comments_make_a_small_writers_page_a_page_at_a_time(login, commented_draft):
    author, text, ids = commented_draft
    client = login(author)
    page = client.get(f"/texter/{text.id}")
    assert page.status_code == 200
    assert len(page.data) < 150_000, len(page.data)  # 9.9 MB before
    assert [int(i) for i in ARTICLE.findall(page.text)] == ids[:20]
    assert "Kommentar 0" in page.text and "Kommentar 19" in page.text and "Kommentar 20<" not in page.text
    assert all(f"Svar {n}" in page.text for n in range(3))  # the replies come with their comments
    assert "Granskarna har skrivit 10020 kommentarer" in page.text and "Sida 1 av 501" in page.text
    assert "Kommentarer som inte längre passar in" not in page.text  # they come after the placed ones
    assert 'id="analys"' in page.text and 'id="redigera"' in page.text  # the rest of the page is all there

    links = pager_links(page.text, "Sidor med kommentarer från granskare")
    assert set(links) == {"Nästa sida", "Sista sidan"}
    assert links["Nästa sida"] == f"/texter/{text.id}?kommentarsida=2#kommentarer"
    assert [int(i) for i in ARTICLE.findall(client.get(links["Nästa sida"]).text)] == ids[20:40]

    # Page 500 ends the placed comments and starts the lost ones, under their own heading.
    mixed = client.get(f"/texter/{text.id}?kommentarsida=500").text
    assert [int(i) for i in ARTICLE.findall(mixed)] == ids[9_980:10_000]
    before, after = mixed.split("Kommentarer som inte längre passar in", 1)
    assert "Kommentar 9989<" in before and "Borttappad 0<" in after and "Borttappad" not in before
    last = client.get(links["Sista sidan"]).text
    assert [int(i) for i in ARTICLE.findall(last)] == ids[10_000:]
    assert "Borttappad 29" in last and "Inga kommentarer ännu" not in last
    assert set(pager_links(last, "Sidor med kommentarer från granskare")) == {"Första sidan", "Föregående sida"}


@pytest.mark.parametrize("asked", ["9999", "9" * 40, "abc", "0", "-1", "٣"])
def test_a_bad_comment_page_number_on_the_writers_page_still_shows_a_page(login, commented_draft, asked):
    author, text, ids = commented_draft
    page = login(author).get(f"/texter/{text.id}?kommentarsida={asked}")
    assert page.status_code == 200
    past_the_end = asked.isascii() and asked.isdigit() and int(asked) > 1
    assert [int(i) for i in ARTICLE.findall(page.text)] == (ids[10_000:] if past_the_end else ids[:20])


def test_an_answer_or_handled_mark_brings_the_writer_back_to_the_comments_page(login, commented_draft):
    author, text, ids = commented_draft
    client = login(author)
    placed, lost = ids[45], ids[10_001]  # on page 3, and on the last page (501)
    answer = client.post(f"/texter/{text.id}/kommentarer/{placed}/svar", data={"body": "Jag skriver om det."})
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/texter/{text.id}?kommentarsida=3#k{placed}"
    assert f'<article id="k{placed}"' in client.get(answer.headers["Location"]).text
    handled = client.post(f"/texter/{text.id}/kommentarer/{lost}/hanterad")
    assert handled.headers["Location"] == f"/texter/{text.id}?kommentarsida=501#k{lost}"
    assert db.session.get(Comment, lost).status == "handled"
    first = client.post(f"/texter/{text.id}/kommentarer/{ids[0]}/hanterad")
    assert first.headers["Location"] == f"/texter/{text.id}#k{ids[0]}"


def test_a_refused_answer_comes_back_on_the_same_page_of_comments_with_what_was_typed(login, commented_draft):
    author, text, ids = commented_draft
    client = login(author)
    page = client.get(f"/texter/{text.id}?kommentarsida=3").text
    action = f"/texter/{text.id}/kommentarer/{ids[45]}/svar?kommentarsida=3"
    assert f'action="{action}"' in page  # the answer form says which page it is on
    refused = client.post(action, data={"body": "x" * 10_000})
    assert refused.status_code == 400
    assert [int(i) for i in ARTICLE.findall(refused.text)] == ids[40:60]
    assert "Svaret sparades inte." in refused.text and "x" * 10_000 in refused.text
    # The page links lead to the writer's page, not to the form.
    assert pager_links(refused.text, "Sidor med kommentarer från granskare")["Föregående sida"].startswith(
        f"/texter/{text.id}?") and "/svar" not in refused.text.split('class="pagination"', 1)[1].split("</nav>")[0]


def test_a_suggestion_used_on_a_long_review_still_lands_on_the_next_finding(login, commented_draft):
    author, text, _ids = commented_draft
    client = login(author)
    body = text.revision().body
    start = body.index("erhållit")
    answer = client.post(f"/texter/{text.id}/anvand-forslag", data={
        "lock_version": text.lock_version, "start": start, "end": start + len("erhållit"), "original": "erhållit",
        "replacement": "fått"})
    assert answer.status_code == 302
    anchor = answer.headers["Location"].split("#", 1)[1]
    landed = client.get(answer.headers["Location"]).text
    assert f'id="{anchor}"' in landed and "”erhållit” är utbytt mot ”fått”." in landed
    assert len(landed.encode()) < 150_000


def writers_texts(author, count: int) -> list[int]:
    """``count`` texts by ``author``, the last one changed first; their ids in that order."""
    now = utcnow()
    rows = [{"title": f"Brev {n:03}", "kind": "brev", "audience": "", "state": "utkast", "author_id": author.id,
             "current_version": 1, "lock_version": 1, "created_at": now - dt.timedelta(days=count),
             "updated_at": now - dt.timedelta(hours=n)} for n in range(count)]
    ids = [db.session.execute(insert(Text).values(row).returning(Text.id)).scalar_one() for row in rows]
    db.session.execute(insert(Revision), [{"text_id": i, "number": 1, "body": BODY, "author_id": author.id}
                                          for i in ids])
    db.session.commit()
    return ids


TEXT_LINK = re.compile(r'<td><a href="/texter/(\d+)">')


def test_my_texts_25_a_page_the_latest_changed_first(login, make_user):
    author, other = make_user("skribent"), make_user("skribent")
    ids = writers_texts(author, 60)
    writers_texts(other, 5)  # not mine: on no page
    client = login(author)
    first = client.get("/texter").text
    assert [int(i) for i in TEXT_LINK.findall(first)] == ids[:25]
    assert "Du har 60 texter." in first and "Sida 1 av 3" in first
    links = pager_links(first, "Sidor i listan Mina texter")
    assert links == {"Nästa sida": "/texter?sida=2", "Sista sidan": "/texter?sida=3"}
    assert [int(i) for i in TEXT_LINK.findall(client.get(links["Nästa sida"]).text)] == ids[25:50]
    assert [int(i) for i in TEXT_LINK.findall(client.get(links["Sista sidan"]).text)] == ids[50:]
    for asked in ("99", "9" * 40, "x", "0"):
        page = client.get(f"/texter?sida={asked}")
        assert page.status_code == 200
        assert [int(i) for i in TEXT_LINK.findall(page.text)] == (ids[50:] if asked.isdigit() and int(asked) > 1
                                                                   else ids[:25])


def test_a_short_list_of_my_texts_has_no_page_controls(login, make_user):
    author = make_user("skribent")
    writers_texts(author, 3)
    page = login(author).get("/texter").text
    assert len(TEXT_LINK.findall(page)) == 3 and 'class="pagination"' not in page and "Du har" not in page


def test_all_texts_25_a_page_with_restore_on_the_page_that_shows_the_text(login, make_user):
    author, communicator = make_user("skribent"), make_user("kommunikator")
    ids = writers_texts(author, 30)
    archived = db.session.get(Text, ids[27])
    archived.state = "arkiverad"
    db.session.commit()
    client = login(communicator)
    first = client.get("/alla-texter").text
    assert [int(i) for i in TEXT_LINK.findall(first)] == ids[:25]
    assert f"/texter/{ids[27]}/aterstall" not in first and "Det finns 30 texter." in first
    second = client.get(pager_links(first, "Sidor i listan Alla texter")["Nästa sida"]).text
    assert [int(i) for i in TEXT_LINK.findall(second)] == ids[25:]
    assert f'action="/texter/{ids[27]}/aterstall"' in second

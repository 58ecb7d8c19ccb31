"""Every list of comments a page at a time (issue 10, leftovers): the JSON-LD export of a text's
comments as Web Annotation pages, and the reviewer's "Vad har ändrats" page with its threads."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import insert, select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import Comment
from klarsprak.web import review, texts

BODY = "Vi har fått din ansökan. Du får 500 kronor. Ring oss om du undrar."
COMMENTS = 120


@pytest.fixture
def commented(make_user, make_text):
    """A sent text with 120 comments and replies (as rows, in id order), its author and reviewer."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body=BODY, reviewer=reviewer)
    row = {"text_id": text.id, "revision_number": 1, "start": 0, "end": 24, "exact": BODY[:24], "status": "open",
           "author_id": reviewer.id}
    db.session.execute(insert(Comment), [{**row, "body": f"Kommentar {n}"} for n in range(COMMENTS - 10)])
    db.session.commit()
    first = db.session.scalars(select(Comment.id).where(Comment.text_id == text.id).order_by(Comment.id)).all()
    db.session.execute(insert(Comment), [{**row, "author_id": author.id, "parent_id": first[n], "body": f"Svar {n}"}
                                         for n in range(10)])
    db.session.commit()
    ids = db.session.scalars(select(Comment.id).where(Comment.text_id == text.id).order_by(Comment.id)).all()
    assert len(ids) == COMMENTS
    return author, reviewer, text, ids


def comment_ids(page: dict) -> list[int]:
    return [int(item["id"].rsplit("#k", 1)[1]) for item in page["items"]]


def local(url: str) -> str:
    """A link of the export as the test client asks for it (the export writes absolute ones)."""
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_export_is_a_collection_whose_first_page_is_bounded_and_links_to_the_next(login, commented):
    author, _reviewer, text, ids = commented
    client = login(author)
    response = client.get(f"/texter/{text.id}/annotations.jsonld")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/ld+json")
    collection = response.get_json(force=True)
    assert collection["type"] == "AnnotationCollection" and collection["total"] == COMMENTS
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    first = collection["first"]
    assert first["type"] == "AnnotationPage" and first["startIndex"] == 0 and "prev" not in first
    assert comment_ids(first) == ids[:texts.ANNOTATION_PAGE_SIZE]
    assert local(first["next"]) == f"/texter/{text.id}/annotations.jsonld?sida=2"
    assert local(collection["last"]) == local(first["next"])  # 120 comments: two pages

    second = client.get(local(first["next"])).get_json(force=True)
    assert second["type"] == "AnnotationPage" and "next" not in second
    assert second["startIndex"] == texts.ANNOTATION_PAGE_SIZE
    assert local(second["prev"]) == f"/texter/{text.id}/annotations.jsonld?sida=1"
    assert second["partOf"]["total"] == COMMENTS and local(second["partOf"]["id"]) == f"/texter/{text.id}/annotations.jsonld"
    assert comment_ids(second) == ids[texts.ANNOTATION_PAGE_SIZE:]
    # The replies are there too, as replies.
    replies = [i for i in first["items"] + second["items"] if i["motivation"] == "replying"]
    assert sorted(i["body"][0]["value"] for i in replies) == sorted(f"Svar {n}" for n in range(10))


def test_following_next_reaches_every_comment_once(login, commented, monkeypatch):
    author, _reviewer, text, ids = commented
    monkeypatch.setattr(texts, "ANNOTATION_PAGE_SIZE", 25)  # 5 pages, the last one part full
    client = login(author)
    page = client.get(f"/texter/{text.id}/annotations.jsonld").get_json(force=True)["first"]
    seen, visited = comment_ids(page), 1
    while "next" in page:
        page = client.get(local(page["next"])).get_json(force=True)
        assert len(page["items"]) <= 25
        seen += comment_ids(page)
        visited += 1
    assert seen == ids and visited == 5


@pytest.mark.parametrize("asked", ["3", "999", "9" * 40, "0", "-1", "abc", "2.0", "02", ""])
def test_a_page_that_is_not_there_is_404_not_an_error(login, commented, asked):
    author, _reviewer, text, _ids = commented
    response = login(author).get(f"/texter/{text.id}/annotations.jsonld?sida={asked}")
    assert response.status_code == 404


def test_a_text_without_comments_has_one_empty_page(login, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author, body=BODY)
    client = login(author)
    collection = client.get(f"/texter/{text.id}/annotations.jsonld").get_json(force=True)
    assert collection["total"] == 0 and collection["first"]["items"] == [] and "next" not in collection["first"]
    assert client.get(f"/texter/{text.id}/annotations.jsonld?sida=1").get_json(force=True)["items"] == []
    assert client.get(f"/texter/{text.id}/annotations.jsonld?sida=2").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("skribent", 403), ("granskare", 403), ("kommunikator", 200),
                                              ("admin", 200)])
def test_who_may_read_the_export_is_the_same_on_every_page(login, make_user, commented, role, status):
    _author, _reviewer, text, _ids = commented
    client = login(make_user(role))
    for query in ("", "?sida=1", "?sida=2"):
        assert client.get(f"/texter/{text.id}/annotations.jsonld{query}").status_code == status


def test_the_export_needs_a_login_on_every_page(client, commented):
    _author, _reviewer, text, _ids = commented
    for query in ("", "?sida=2"):
        response = client.get(f"/texter/{text.id}/annotations.jsonld{query}")
        assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


# "Vad har ändrats sedan din granskning": the reviewer's threads, a page at a time.

THREAD = re.compile(r'<article class="thread" id="k(\d+)"')


def test_what_changed_lists_the_reviewers_threads_a_page_at_a_time(login, make_user, make_text):
    author, reviewer, other = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text = make_text(author, body=BODY, reviewer=reviewer)
    row = {"text_id": text.id, "revision_number": 1, "start": 0, "end": 24, "exact": BODY[:24], "status": "open"}
    db.session.execute(insert(Comment), [{**row, "author_id": reviewer.id, "body": f"Kommentar {n}"}
                                         for n in range(45)])
    db.session.execute(insert(Comment), [{**row, "author_id": other.id, "body": f"Annan {n}"} for n in range(3)])
    db.session.commit()
    mine = db.session.scalars(select(Comment.id).where(Comment.author_id == reviewer.id).order_by(Comment.id)).all()
    services.decide(reviewer, text, vardat=3, enkelt=2, begripligt=2, summary="", decision="changes")
    services.new_version(author, text, BODY + " Välkommen.", text.lock_version)
    services.submit(author, text)
    client = login(reviewer)

    first = client.get(f"/granska/{text.id}/andringar")
    assert first.status_code == 200
    assert [int(i) for i in THREAD.findall(first.text)] == mine[:review.COMMENT_PAGE_SIZE]
    assert "Du har skrivit 45 kommentarer" in first.text and "Sida 1 av 3" in first.text
    assert "Annan" not in first.text
    nav = re.search(r'<nav class="pagination" aria-label="Sidor med dina kommentarer och svaren">(.*?)</nav>',
                    first.text, re.S)
    assert nav and f'href="/granska/{text.id}/andringar?kommentarsida=2#svar"' in nav.group(1)
    second = client.get(f"/granska/{text.id}/andringar?kommentarsida=2").text
    assert [int(i) for i in THREAD.findall(second)] == mine[20:40]
    last = client.get(f"/granska/{text.id}/andringar?kommentarsida=99").text  # past the end: the last page
    assert [int(i) for i in THREAD.findall(last)] == mine[40:] and "Sida 3 av 3" in last

"""The writer keeps their place (issue 11, leftovers): after "Använd förslaget", "Ändra alla",
"Ångra", a dismissal, "Maskera" or keeping a personal detail, the writer comes back to the page
of comments they were on and to the next finding, not to the first page at the top. The page
travels in a hidden field that the server reads as a small whole number, or ignores."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import insert, select

from klarsprak.extensions import db
from klarsprak.review.models import Comment
from klarsprak.web.texts import COMMENT_PAGE_SIZE

BODY = ("Anna Svensson har sökt stöd. Vi har erhållit din ansökan. Du ska inkomma med intyg. "
        "Du kan inkomma med papper.")
ARTICLE = re.compile(r'<article id="k(\d+)"')
COMMENTS = 2 * COMMENT_PAGE_SIZE + 5  # three pages


@pytest.fixture
def draft(make_user, make_text):
    """A draft with findings, a person and three pages of comments (the ids in page order)."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body=BODY)
    row = {"text_id": text.id, "revision_number": 1, "start": 0, "end": 10, "exact": BODY[:10], "status": "open",
           "author_id": reviewer.id}
    db.session.execute(insert(Comment), [{**row, "body": f"Kommentar {n}"} for n in range(COMMENTS)])
    db.session.commit()
    ids = db.session.scalars(select(Comment.id).where(Comment.text_id == text.id).order_by(Comment.id)).all()
    return author, text, ids


def forms(page: str, action: str) -> list[dict[str, list[str]]]:
    """The fields of every form on ``page`` posting to ``action``, as the browser would post them."""
    found = re.findall(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    out = []
    for body in found:
        fields: dict[str, list[str]] = {}
        for tag in re.findall(r'<input [^>]*type="hidden"[^>]*>', body):
            name, value = re.search(r'name="(\w+)"', tag), re.search(r'value="([^"]*)"', tag)
            fields.setdefault(name.group(1), []).append(html.unescape(value.group(1) if value else ""))
        out.append(fields)
    return out


def followed(client, response) -> tuple[str, str, dict[str, list[str]], str]:
    """Where a redirect leads: its path, fragment, query and the page there."""
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["Location"])
    assert not location.scheme and not location.netloc  # always this site
    page = client.get(location.path + ("?" + location.query if location.query else "")).text
    return location.path, location.fragment, parse_qs(location.query), page


def finding_ids(page: str) -> list[str]:
    return re.findall(r'<li id="(f-[^"]+)"', page.split('<ol class="findings">')[1].split("</ol>")[0])


def after_finding_of(page: str, word: str) -> str:
    """The id of the finding listed right after the one whose form quotes ``word``."""
    findings = page.split('<ol class="findings">')[1].split("</ol>")[0]
    items = re.findall(r'<li id="(f-[^"]+)"(.*?)</li>', findings, re.S)
    place = next(n for n, (_id, body) in enumerate(items) if f'name="quote" value="{word}"' in body)
    return items[place + 1][0]


def test_every_form_on_a_later_page_of_comments_posts_that_page(login, draft):
    author, text, _ids = draft
    page = login(author).get(f"/texter/{text.id}?kommentarsida=2").text
    actions = [f"/texter/{text.id}/{a}" for a in ("anvand-forslag", "andra-alla", "avfarda", "personuppgifter",
                                                  "maskera-alla")]
    for action in actions:
        posted = forms(page, action)
        assert posted, action
        assert all(f["kommentarsida"] == ["2"] for f in posted), action


def test_a_suggestion_brings_the_writer_back_to_the_same_page_of_comments_and_the_next_finding(login, draft):
    author, text, ids = draft
    client = login(author)
    page = client.get(f"/texter/{text.id}?kommentarsida=2").text
    before, expected = finding_ids(page), after_finding_of(page, "erhållit")
    [fields] = [f for f in forms(page, f"/texter/{text.id}/anvand-forslag") if f["original"] == ["erhållit"]][:1]
    path, anchor, query, landed = followed(client, client.post(f"/texter/{text.id}/anvand-forslag", data=fields))
    assert path == f"/texter/{text.id}" and query["kommentarsida"] == ["2"]
    assert [int(i) for i in ARTICLE.findall(landed)] == ids[COMMENT_PAGE_SIZE:2 * COMMENT_PAGE_SIZE]
    # The next finding after the replaced word, under the id it had before.
    assert anchor == expected and anchor in before and anchor in finding_ids(landed)
    assert "”erhållit” är utbytt mot ”fått”." in landed.split(f'id="{anchor}"')[1].split("</li>")[0]

    # "Ångra" beside the message keeps the place as well.
    [undo] = forms(landed, f"/texter/{text.id}/angra")
    assert undo["kommentarsida"] == ["2"]
    _path, _anchor, query, landed = followed(client, client.post(f"/texter/{text.id}/angra", data=undo))
    assert query["kommentarsida"] == ["2"] and "Ändringen är ångrad" in landed


def test_change_all_keeps_the_page_of_comments(login, draft):
    author, text, ids = draft
    client = login(author)
    page = client.get(f"/texter/{text.id}?kommentarsida=3").text
    fields = forms(page, f"/texter/{text.id}/andra-alla")[0]  # one per "inkomma"
    assert fields["original"] == ["inkomma"] and fields["kommentarsida"] == ["3"]
    _path, anchor, query, landed = followed(client, client.post(f"/texter/{text.id}/andra-alla", data=fields))
    assert query["kommentarsida"] == ["3"] and anchor
    assert [int(i) for i in ARTICLE.findall(landed)] == ids[2 * COMMENT_PAGE_SIZE:]


def test_a_dismissal_keeps_the_page_of_comments_and_lands_on_the_next_finding(login, draft):
    author, text, _ids = draft
    client = login(author)
    page = client.get(f"/texter/{text.id}?kommentarsida=2").text
    expected = after_finding_of(page, "erhållit")
    [fields] = [f for f in forms(page, f"/texter/{text.id}/avfarda") if f["quote"] == ["erhållit"]]
    response = client.post(f"/texter/{text.id}/avfarda", data={**fields, "reason": "fackterm"})
    _path, anchor, query, landed = followed(client, response)
    assert query["kommentarsida"] == ["2"]
    assert anchor == expected
    assert "Markeringen är borttagen" in landed.split(f'id="{anchor}"')[1].split("</li>")[0]


@pytest.mark.parametrize("decision", ["mask", "keep"])
def test_masking_or_keeping_a_person_keeps_the_page_of_comments_and_the_row(login, draft, decision):
    author, text, _ids = draft
    client = login(author)
    page = client.get(f"/texter/{text.id}?kommentarsida=2").text
    [fields] = [f for f in forms(page, f"/texter/{text.id}/personuppgifter") if f["decision"] == [decision]]
    response = client.post(f"/texter/{text.id}/personuppgifter", data={**fields, "reason": "Påhittat namn"})
    _path, anchor, query, landed = followed(client, response)
    assert query["kommentarsida"] == ["2"] and anchor.startswith("pu-")
    row = landed.split(f'<li id="{anchor}"')[1].split("</li>")[0]
    assert "Anna Svensson" in row and ("maskeras som [NAMN 1]" if decision == "mask" else "står kvar") in row


def test_mask_all_keeps_the_page_of_comments(login, draft):
    author, text, _ids = draft
    client = login(author)
    [fields] = forms(client.get(f"/texter/{text.id}?kommentarsida=3").text, f"/texter/{text.id}/maskera-alla")
    _path, anchor, query, _landed = followed(client, client.post(f"/texter/{text.id}/maskera-alla", data=fields))
    assert query["kommentarsida"] == ["3"] and anchor == "personuppgifter"


@pytest.mark.parametrize("bogus", ["", "1", "0", "-2", "abc", "2.5", "٣", "9" * 40, "//evil.example",
                                   "https://evil.example/", "2#x", "2&tips=1"])
def test_a_bogus_page_lands_on_the_first_page_of_comments_on_this_site(login, draft, bogus):
    author, text, ids = draft
    client = login(author)
    body = text.revision().body
    start = body.index("erhållit")
    response = client.post(f"/texter/{text.id}/anvand-forslag", data={
        "start": start, "end": start + len("erhållit"), "original": "erhållit", "replacement": "fått",
        "lock_version": text.lock_version, "kommentarsida": bogus})
    path, anchor, query, landed = followed(client, response)
    assert path == f"/texter/{text.id}" and query == {} and anchor.startswith("f-")
    assert [int(i) for i in ARTICLE.findall(landed)] == ids[:COMMENT_PAGE_SIZE]


def test_a_page_past_the_end_shows_the_last_page_of_comments(login, draft):
    author, text, ids = draft
    client = login(author)
    fields = {"group": "name", "quote": ["Anna Svensson"], "decision": "mask", "kommentarsida": "999999"}
    _path, _anchor, query, landed = followed(client, client.post(f"/texter/{text.id}/personuppgifter", data=fields))
    assert query["kommentarsida"] == ["999999"]
    assert [int(i) for i in ARTICLE.findall(landed)] == ids[2 * COMMENT_PAGE_SIZE:]


def test_a_refused_suggestion_answers_with_the_same_page_of_comments(login, draft):
    """The passage changed since the page was loaded: the refusal is shown on the writer's page,
    and its comments are the page the writer was on, not the first one."""
    author, text, ids = draft
    client = login(author)
    page = client.get(f"/texter/{text.id}?kommentarsida=2").text
    [fields] = [f for f in forms(page, f"/texter/{text.id}/anvand-forslag") if f["original"] == ["erhållit"]][:1]
    refused = client.post(f"/texter/{text.id}/anvand-forslag", data={**fields, "original": ["fått"]})
    assert refused.status_code == 409
    assert "Förslaget användes inte." in refused.text
    assert [int(i) for i in ARTICLE.findall(refused.text)] == ids[COMMENT_PAGE_SIZE:2 * COMMENT_PAGE_SIZE]
    # and a bogus page in the form is the first page, never an error
    bogus = client.post(f"/texter/{text.id}/anvand-forslag", data={**fields, "original": ["fått"],
                                                                  "kommentarsida": ["//evil.example"]})
    assert bogus.status_code == 409
    assert [int(i) for i in ARTICLE.findall(bogus.text)] == ids[:COMMENT_PAGE_SIZE]

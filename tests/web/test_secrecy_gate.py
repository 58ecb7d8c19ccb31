"""The secrecy gate holds by construction: personal data typed into any free-text field never
reaches anyone but the author, on any GET route the app has, now or later.

The routes come from the app's URL map, so a route added later is opened here without anyone
remembering to add it. Every field anyone can type into gets personal data: title, audience,
body (uploaded as a real .docx, with the same data in its metadata and file name), the keep
reason, a dismissal note, the reviewer's comment, the author's reply and the review summary.
"""

from __future__ import annotations

import pytest
from secrecy_world import PNR, leaks, named_routes  # (the fixture world is in conftest)
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import personal_data, services
from klarsprak.review.models import AuditEvent, Comment, Dismissal, PersonalDataDecision, Review


def test_the_author_still_sees_every_original(login, world):
    """The crawl below could pass by showing nothing: the author's page proves the data is there."""
    page = login(world["author"]).get(f"/texter/{world['text'].id}").text
    assert "Tolvansson" in page and PNR in page


@pytest.mark.parametrize("role", ["reviewer", "granskare", "kommunikator", "admin", "skribent"])
def test_no_get_route_shows_an_original_to_anyone_but_the_author(app, login, world, role):
    client = login(world[role])
    opened = set()
    for endpoint, _named, path in named_routes(app, world):
        for suffix in ("", "?markeringar=1", "?storlek=stor&markeringar=1", "?fran=1&till=2", "?format=csv"):
            with client.get(path + suffix, follow_redirects=True) as response:
                body = response.get_data(as_text=True)
                headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
            assert not leaks(body), (role, path + suffix, leaks(body))
            assert not leaks(headers), (role, path + suffix, leaks(headers))
            assert response.status_code < 500, (role, path + suffix)
        opened.add(endpoint)
    assert {"review.read", "review.queue", "texts.show", "texts.annotations", "texts.compare"} <= opened


def test_nothing_stored_outside_the_authors_version_holds_a_value(world):
    """At rest: decisions and dismissals are keyed hashes; comments, replies, summaries, reasons
    and the audit log hold masked text, ids and kinds only."""
    stored = []
    stored += [d.value_hash + d.reason for d in db.session.scalars(select(PersonalDataDecision))]
    stored += [d.quote_hash + d.note for d in db.session.scalars(select(Dismissal))]
    stored += [c.body + c.exact + c.prefix + c.suffix for c in db.session.scalars(select(Comment))]
    stored += [r.summary for r in db.session.scalars(select(Review))]
    stored += [e.detail_json for e in db.session.scalars(select(AuditEvent))]
    revision = world["text"].revision()
    stored += [revision.review_title, revision.review_audience, revision.review_body]
    assert not [s for s in stored if leaks(s)]
    # The masks continue the text's own numbering: the person in the comment is the letter's [NAMN 1].
    assert "[NAMN 1]" in world["comment"].body and "[NAMN 1]" in revision.review_title


def test_a_value_typed_in_a_comment_tells_the_typist_it_was_masked(login, world):
    client = login(world["author"])
    response = client.post(f"/texter/{world['text'].id}/kommentarer/{world['comment'].id}/svar",
                           data={"body": "Ring Tolvan på 0701234567."}, follow_redirects=True)
    assert "Vi maskerade 2 personuppgifter i det du skrev" in response.text


def test_kept_values_stay_in_comments_too(login, make_user, make_text):
    """A value the author kept on purpose (the office's phone) is not masked in a comment."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body="Ring oss på 042-10 50 00 om du undrar.")
    personal_data.decide(author, text, "phone", "042-10 50 00", "keep", "Kontorets växel")
    services.submit(author, text)
    services.claim(reviewer, text)
    comment, masked = services.add_comment(reviewer, text, "Är 042-10 50 00 rätt nummer?", None, None)
    assert masked == 0 and "042-10 50 00" in comment.body

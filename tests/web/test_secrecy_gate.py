"""The secrecy gate holds by construction: personal data typed into any free-text field never
reaches anyone but the author, on any GET route the app has, now or later.

The routes come from the app's URL map, so a route added later is opened here without anyone
remembering to add it. Every field anyone can type into gets personal data: title, audience,
body (uploaded as a real .docx, with the same data in its metadata and file name), the keep
reason, a dismissal note, the reviewer's comment, the author's reply and the review summary.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import personal_data, services
from klarsprak.review.models import AuditEvent, Comment, Dismissal, PersonalDataDecision, Review, Text

NAME, PNR, STREET, PHONE, MAIL = ("Tolvan Tolvansson", "19121212-1212", "Exempelgatan 12 B", "070-123 45 67",
                                  "tolvan.tolvansson@example.se")
OFFICE = "042-10 50 00"  # kept on purpose by the author, so reviewers see it
# What must never be seen: lowercase pieces, so "TOLVAN" or a value inside a URL count too.
ORIGINALS = ("tolvan", "19121212", "1212-1212", "exempelgatan", "123 45 67", "example.se", "märta", "exempelsson",
             "0701234567", "3 maj 1987")
# A second text, never sent: nobody but its author sees even its title.
DRAFT_TITLE = "Anteckning om Märta Exempelsson"


def leaks(value: str) -> list[str]:
    lower = value.lower()
    return [original for original in ORIGINALS if original in lower]


def docx_upload() -> tuple[io.BytesIO, str]:
    document = docx.Document()
    document.core_properties.author = NAME
    document.core_properties.title = f"Beslut {PNR}"
    document.core_properties.comments = f"Skrivet om {NAME}, {MAIL}"
    for paragraph in (f"Angående {NAME}, {PNR}", f"Hej {NAME.split()[0]},", "Du är född den 3 maj 1987.",
                      "Vi har erhållit din ansökan. Beslutet fattades i enlighet med lagen.",
                      f"Du når din handläggare på {PHONE}. Skriv till {MAIL} om du undrar.",
                      f"Vi skickar beslutet till {STREET}, 252 25 Helsingborg.", f"Kontorets växel: {OFFICE}."):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out, "tolvan-tolvansson-19121212-1212.docx"


@pytest.fixture
def world(app, login, make_user):
    """One text through the whole review with personal data in every field, and a draft."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    others = {role: make_user(role) for role in ("granskare", "kommunikator", "admin", "skribent")}
    client = login(author)
    response = client.post("/texter/ny", data={"title": f"Beslut för {NAME} {PNR}", "kind": "beslut",
                                               "audience": f"{NAME}, {STREET}", "document": docx_upload()},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    text = db.session.scalars(select(Text).order_by(Text.id.desc())).first()
    # The author is stopped until every field is decided, title and audience included.
    refused = client.post(f"/texter/{text.id}/skicka", data={"lock_version": text.lock_version})
    assert refused.status_code == 409 and "i rubriken, i fältet ”Vem ska läsa texten?” och i texten" in refused.text
    kept = client.post(f"/texter/{text.id}/personuppgifter", data={
        "group": "phone", "quote": OFFICE, "decision": "keep", "reason": "Växeln, inte Märta Exempelsson 0701234567"})
    assert kept.status_code == 302
    jargon = next(f for f in client_report(text) if f.rule == "jargon.svarta-listan")
    client.post(f"/texter/{text.id}/avfarda", data={"rule": jargon.rule, "quote": jargon.text, "reason": "annat",
                                                    "note": f"Ordet används av {NAME} själv, ring 0701234567"})
    client.post(f"/texter/{text.id}/maskera-alla")
    db.session.refresh(text)
    assert client.post(f"/texter/{text.id}/skicka", data={"lock_version": text.lock_version}).status_code == 302

    client = login(reviewer)
    client.post(f"/granska/{text.id}/ta")
    client.post(f"/granska/{text.id}/kommentar", data={"start": 0, "end": 8, "body": f"Är det {NAME}, {PNR}?",
                                                        "verdict": "oklart_vem"})
    comment = db.session.scalars(select(Comment).where(Comment.text_id == text.id)).one()
    client = login(author)
    client.post(f"/texter/{text.id}/kommentarer/{comment.id}/svar",
                data={"body": f"Ja, {NAME.split()[0]} bor på {STREET}. Märta Exempelsson vet mer."})
    client = login(reviewer)
    client.post(f"/granska/{text.id}/beslut", data={"vardat": "4", "enkelt": "3", "begripligt": "4",
                                                     "summary": f"Bra, men skriv inte {PNR} i rubriken.",
                                                     "decision": "changes", "minutes": "25"})
    db.session.refresh(text)
    assert text.state == "andringar_begarda"
    draft = services.create_text(author, DRAFT_TITLE, "brev", "Märta Exempelsson", "Märta Exempelsson ringde i dag.")
    return {"text": text, "draft": draft, "author": author, "reviewer": reviewer, "comment": comment, **others}


def client_report(text):
    from klarsprak.review.analysis import report_for

    return report_for(text.revision().body).findings


def test_the_author_still_sees_every_original(login, world):
    """The crawl below could pass by showing nothing: the author's page proves the data is there."""
    page = login(world["author"]).get(f"/texter/{world['text'].id}").text
    assert "Tolvansson" in page and PNR in page


def routes(app, world):
    values = {"text_id": [world["text"].id, world["draft"].id], "comment_id": [world["comment"].id],
              "user_id": [world["author"].id], "filename": ["klarsprak.js"]}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", rule.rule)
        choices = [values[name] for name in names]
        combos = [[]]
        for options in choices:
            combos = [[*c, o] for c in combos for o in options]
        for combo in combos:
            path = rule.rule
            for value in combo:
                path = re.sub(r"<(?:\w+:)?\w+>", str(value), path, count=1)
            yield rule.endpoint, path


@pytest.mark.parametrize("role", ["reviewer", "granskare", "kommunikator", "admin", "skribent"])
def test_no_get_route_shows_an_original_to_anyone_but_the_author(app, login, world, role):
    client = login(world[role])
    opened = set()
    for endpoint, path in routes(app, world):
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

"""A text through the whole review with personal data in every free-text field, and a draft:
the world the secrecy-gate crawl and the route access matrix open every route in."""

from __future__ import annotations

import io
import re

import docx
import pytest
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import Comment, Text

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


def named_routes(app, world):
    """(endpoint, the rule with each id named by what it is, the path to open) for every GET route."""
    objects = {"text_id": [("SENT", world["text"].id), ("DRAFT", world["draft"].id)],
               "comment_id": [("COMMENT", world["comment"].id)], "user_id": [("USER", world["author"].id)],
               "filename": [("klarsprak.js", "klarsprak.js")]}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        combos = [("", rule.rule, rule.rule)]
        for name in re.findall(r"<(?:\w+:)?(\w+)>", rule.rule):
            combos = [(label, re.sub(r"<(?:\w+:)?\w+>", tag, named, count=1), re.sub(r"<(?:\w+:)?\w+>", str(value),
                                                                                        path, count=1))
                      for label, named, path in combos for tag, value in objects[name]]
        for _, named, path in combos:
            yield rule.endpoint, named, path

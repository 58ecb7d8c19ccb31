"""Personal data never reaches a reviewer: the submit gate, the author's choices, the masked
copy, and every route a granskare can open."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import personal_data, services
from klarsprak.review.models import AuditEvent

# The same letter as ../shared/samples/brev-med-personuppgifter.txt (invented people).
LETTER = (Path(__file__).resolve().parents[1] / "data" / "samples" / "brev-med-personuppgifter.txt").read_text("utf-8")
ORIGINALS = ("tolvan", "19121212", "1212-1212", "exempelsson", "070-123", "123 45 67", "example.se", "exempelgatan",
             "252 25")


def leaks(body: str) -> list[str]:
    lower = body.lower()
    return [value for value in ORIGINALS if value in lower]


def test_submit_is_refused_while_personal_data_is_undecided(login, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author, body=LETTER)
    response = login(author).post(f"/texter/{text.id}/skicka", data={"lock_version": text.lock_version})
    assert response.status_code == 409 and "personuppgifter som du inte har tagit ställning till" in response.text
    # Not a dead end: the refusal is shown on the text's own page, with the list to act on.
    assert "Texten skickades inte." in response.text and "Maskera alla som inte är bestämda" in response.text
    db.session.refresh(text)
    assert text.state == "utkast"


def test_mask_one_keep_one_then_mask_all(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body=LETTER)
    page = client.get(f"/texter/{text.id}").text
    # Seven values, six rows: "Tolvan Tolvansson" and "Tolvan" are one person ([NAMN 1]).
    assert "Personuppgifter (6)" in page and "inte bestämt" in page
    client.post(f"/texter/{text.id}/personuppgifter", data={"group": "phone", "quote": "070-123 45 67",
                                                            "decision": "keep", "reason": "Handläggarens tjänstetelefon"})
    client.post(f"/texter/{text.id}/personuppgifter", data={"group": "name", "quote": "Tolvan",
                                                            "decision": "mask"})
    assert len(personal_data.undecided(text)) == 5
    page = client.get(f"/texter/{text.id}").text
    assert "står kvar (Handläggarens tjänstetelefon)" in page and page.count("inte bestämt") == 5
    client.post(f"/texter/{text.id}/maskera-alla")
    assert personal_data.undecided(text) == []
    assert client.post(f"/texter/{text.id}/skicka", data={"lock_version": text.lock_version}).status_code == 302
    db.session.refresh(text)
    copy = text.revision().review_body
    assert copy.startswith("Angående [NAMN 1], [PERSONNUMMER 1]\n\nHej [NAMN 1],")
    assert "070-123 45 67" in copy  # kept on purpose, with a reason
    assert "[NAMN 2]" in copy and "[E-POST 1]" in copy and "[ADRESS 1]" in copy
    assert "Tolvan" in text.revision().body  # the author's original is untouched
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("personal_data%"))).all()
    assert {e.action for e in events} == {"personal_data_keep", "personal_data_mask", "personal_data_mask_all"}
    assert not any(leaks(e.detail_json) for e in events)  # the log names kinds, never values


def test_keeping_needs_a_reason(login, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author, body=LETTER)
    response = login(author).post(f"/texter/{text.id}/personuppgifter",
                                  data={"group": "phone", "quote": "070-123 45 67", "decision": "keep"})
    assert response.status_code == 400 and "Skriv varför" in response.text


@pytest.fixture
def reviewed_letter(login, make_user, make_text):
    """The letter, masked and sent, claimed by a reviewer who has commented on it."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body=LETTER)
    personal_data.mask_all(author, text)
    services.submit(author, text)
    services.claim(reviewer, text)
    copy = text.revision().review_body
    services.add_comment(reviewer, text, "Vem är det?", copy.index("[NAMN 2]"), copy.index("[NAMN 2]") + 8, "oklart_vem")
    return text, author, reviewer


def test_reviewer_comments_are_anchored_in_the_masked_copy(reviewed_letter):
    _text, _author, _reviewer = reviewed_letter
    comment = db.session.execute(db.select(services.Comment)).scalars().first()
    assert comment.exact == "[NAMN 2]" and not leaks(comment.prefix + comment.suffix)


def test_the_author_sees_the_reviewers_comment_and_the_originals(login, reviewed_letter):
    text, author, _reviewer = reviewed_letter
    page = login(author).get(f"/texter/{text.id}").text
    assert "Vem är det?" in page and "Tolvan" in page


def test_personal_data_cannot_be_dismissed_like_other_findings(login, make_user, make_text):
    """A dismissed finding vanishes from the page, but the submit gate would still count it: the
    writer would be blocked by something they can no longer see. Personal data is decided in
    the personal-data list only."""
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body=LETTER)
    response = client.post(f"/texter/{text.id}/avfarda", data={"rule": "personal-data.telefon",
                                                              "quote": "070-123 45 67", "reason": "felaktig"})
    assert response.status_code == 400 and "Inte en personuppgift?" in response.text
    page = client.get(f"/texter/{text.id}").text
    assert "Personuppgifter (6)" in page  # seven values, one of the six people twice
    assert page.count("Stämmer inte markeringen?") == page.count('<li id="f') - 7


def test_mask_all_with_a_name_written_twice(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Hej Tolvan!\n\nVi ringer dig, Tolvan, på måndag.")
    response = client.post(f"/texter/{text.id}/maskera-alla", follow_redirects=True)
    assert response.status_code == 200 and "1 personuppgifter maskeras" in response.text
    # One value, one line in the writer's list, however often it is written.
    assert response.text.count("maskeras som [NAMN 1]") == 1 and "(i texten, 2 gånger)" in response.text
    services.submit(author, text)
    assert text.revision().review_body == "Hej [NAMN 1]!\n\nVi ringer dig, [NAMN 1], på måndag."


def test_a_public_bodys_switchboard_is_flagged_with_a_note_and_kept_in_one_click(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Har du frågor? Ring Socialförvaltningens växel: 042-10 50 00.")
    page = client.get(f"/texter/{text.id}").text
    assert "ser ut som en myndighets växelnummer" in page
    assert 'value="Myndighetens eget nummer eller adress"' in page  # the reason is filled in already
    client.post(f"/texter/{text.id}/personuppgifter", data={"group": "phone", "quote": "042-10 50 00",
                                                            "decision": "keep",
                                                            "reason": "Myndighetens eget nummer eller adress"})
    services.submit(author, text)
    assert "042-10 50 00" in text.revision().review_body

"""The review workflow end to end with the test client: queue, claim, comment, decide, new
version with re-anchored comments, approvals policy, claim expiry, races, audit log."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import AuditEvent, Comment, Text
from klarsprak.review.states import IllegalTransition, TextState, next_state


def test_queue_oldest_first_without_own_texts(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    first = make_text(author, title="Första texten", submit=True)
    make_text(author, title="Andra texten", submit=True)
    make_text(author, title="Utkastet")
    first.submitted_at = dt.datetime(2020, 1, 1)
    db.session.commit()
    page = login(reviewer).get("/granska/").text
    assert page.index("Första texten") < page.index("Andra texten")
    assert "Utkastet" not in page and "Jag granskar den här" in page


def test_claim_then_nobody_else_can(login, make_user, make_text):
    author, first, second = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text = make_text(author, submit=True)
    assert login(first).post(f"/granska/{text.id}/ta").status_code == 302
    db.session.refresh(text)
    assert text.state == "under_granskning" and text.claimed_by_id == first.id
    client = login(second)
    response = client.post(f"/granska/{text.id}/ta", follow_redirects=True)
    assert "Någon annan granskar redan den här texten" in response.text
    db.session.refresh(text)
    assert text.claimed_by_id == first.id
    assert client.get(f"/granska/{text.id}").status_code == 403  # not visible to others while claimed


def test_two_reviewers_claiming_at_the_same_moment(app, make_user, make_text):
    author = make_user("skribent")
    reviewers = [make_user("granskare"), make_user("granskare")]
    text_id = make_text(author, submit=True).id
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(user_id: int) -> None:
        with app.app_context():
            from klarsprak.review.models import User

            user, text = db.session.get(User, user_id), db.session.get(Text, text_id)
            barrier.wait()
            try:
                services.claim(user, text)
                outcomes.append("won")
            except services.WorkflowError:
                outcomes.append("lost")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(r.id,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["lost", "won"]
    claims = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim")).all()
    assert len(claims) == 1


def test_reviewer_cannot_claim_own_text(make_user, make_text):
    reviewer = make_user("granskare")
    text = make_text(reviewer, submit=True)
    with pytest.raises(services.NotAllowed):
        services.claim(reviewer, text)


def test_comment_rate_and_approve(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body="Vi har erhållit din ansökan. Bistånd beviljas.", reviewer=reviewer)
    client = login(reviewer)
    page = client.get(f"/granska/{text.id}").text
    assert "Kommentera meningen" in page and "Läs upp" in page
    assert '<mark class="finding' not in page  # the engine's highlighting is off by default
    assert '<mark class="finding' in client.get(f"/granska/{text.id}?markeringar=1").text
    body = text.revision().body
    client.post(f"/granska/{text.id}/kommentar", data={"start": 0, "end": body.index(".") + 1,
                                                       "verdict": "forstar_inte", "body": "Vad betyder erhållit?"})
    comment = db.session.scalar(select(Comment))
    assert comment.exact == "Vi har erhållit din ansökan." and comment.suffix.startswith(" Bistånd")
    assert comment.verdict == "forstar_inte"
    response = client.post(f"/granska/{text.id}/beslut", data={"vardat": "4", "enkelt": "2", "begripligt": "3",
                                                               "summary": "Byt krångliga ord.", "decision": "approve",
                                                               "minutes": "20"})
    assert response.status_code == 302
    db.session.refresh(text)
    assert text.state == "godkand"
    actions = [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.text_id == text.id))]
    assert actions == ["create", "submit", "claim", "comment", "approve"]


def test_decision_needs_all_ratings(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    response = login(reviewer).post(f"/granska/{text.id}/beslut", data={"vardat": "4", "decision": "approve",
                                                                        "summary": "Mitt omdöme", "minutes": "20"})
    assert response.status_code == 400 and "Välj ett betyg för enkelt." in response.text
    assert "Mitt omdöme" in response.text and 'value="20"' in response.text  # nothing typed is lost
    db.session.refresh(text)
    assert text.state == "under_granskning"


def test_changes_requested_then_new_version_reanchors_comments(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    body = "Vi har erhållit din ansökan. Bistånd beviljas med 500 kronor. Ring oss om du undrar."
    text = make_text(author, body=body, reviewer=reviewer)
    kept, _ = services.add_comment(reviewer, text, "Oklart.", body.index("Ring"), len(body), None)
    lost, _ = services.add_comment(reviewer, text, "Vem beviljar?", body.index("Bistånd"), body.index(" Ring"), None)
    services.decide(reviewer, text, vardat=3, enkelt=2, begripligt=2, summary="", decision="changes")
    assert text.state == "andringar_begarda"
    client = login(author)
    new_body = "Hej! Vi har fått din ansökan. Du får 500 kronor. Ring oss om du undrar."
    response = client.post(f"/texter/{text.id}/spara", data={"title": text.title, "body": new_body,
                                                             "lock_version": text.lock_version})
    assert response.status_code == 302
    db.session.refresh(text)
    assert text.current_version == 2 and text.state == "utkast"
    services.submit(author, text)  # re-anchored in the reviewers' copy of version 2
    db.session.refresh(kept)
    db.session.refresh(lost)
    assert text.revision().review_body == new_body  # nothing personal to mask here
    assert new_body[kept.start : kept.end] == "Ring oss om du undrar." and kept.anchored
    assert not lost.anchored
    page = client.get(f"/texter/{text.id}").text
    assert "Kommentarer som inte längre passar in" in page and "Vem beviljar?" in page
    diff = client.get(f"/texter/{text.id}/jamfor?fran=1&till=2").text
    assert "<ins>" in diff and "<del>" in diff and "Tillagt:" in diff


def test_new_version_resets_approvals(app, make_user, make_text):
    app.config["APPROVALS_NEEDED"] = 2
    author, first, second = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text = make_text(author, reviewer=first)
    services.decide(first, text, vardat=5, enkelt=5, begripligt=5, summary="", decision="approve", approvals_needed=2)
    assert text.state == "vantar"  # one approval of two: back in the queue
    services.claim(second, text)
    services.decide(second, text, vardat=5, enkelt=5, begripligt=5, summary="", decision="changes", approvals_needed=2)
    services.new_version(author, text, "Du får pengar.", text.lock_version)
    services.submit(author, text)
    services.claim(first, text)
    services.decide(first, text, vardat=5, enkelt=5, begripligt=5, summary="", decision="approve", approvals_needed=2)
    assert text.state == "vantar"  # the approval of version 1 does not count for version 2


def test_release_and_claim_expiry(app, login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    login(reviewer).post(f"/granska/{text.id}/slapp")
    db.session.refresh(text)
    assert text.state == "vantar" and text.claimed_by_id is None
    services.claim(reviewer, text)
    text.claimed_at = dt.datetime(2000, 1, 1)
    db.session.commit()
    assert services.expire_claims(days=7) == 1
    db.session.refresh(text)
    assert text.state == "vantar"


def test_every_illegal_transition_is_refused():
    for action, (allowed, _target) in __import__("klarsprak.review.states", fromlist=["x"]).TRANSITIONS.items():
        for state in TextState:
            if state in allowed:
                assert next_state(action, state) is not None
            else:
                with pytest.raises(IllegalTransition):
                    next_state(action, state)


def test_audit_log_is_append_only(make_user, make_text):
    make_text(make_user("skribent"))
    event = db.session.scalar(select(AuditEvent))
    event.action = "changed"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()


def test_annotations_export(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body="Vi har erhållit din ansökan.", reviewer=reviewer)
    services.add_comment(reviewer, text, "Krångligt ord.", 7, 15, "forstar_inte")
    response = login(author).get(f"/texter/{text.id}/annotations.jsonld")
    assert response.headers["Content-Type"].startswith("application/ld+json")
    data = response.get_json(force=True)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld" and data["total"] == 1
    [annotation] = data["first"]["items"]
    selectors = {s["type"]: s for s in annotation["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "erhållit"
    assert selectors["TextPositionSelector"] == {"type": "TextPositionSelector", "start": 7, "end": 15}


def test_reply_and_mark_handled(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    comment, _masked = services.add_comment(reviewer, text, "Oklart.", 0, 5, None)
    client = login(author)
    client.post(f"/texter/{text.id}/kommentarer/{comment.id}/svar", data={"body": "Jag skriver om det."})
    client.post(f"/texter/{text.id}/kommentarer/{comment.id}/hanterad")
    db.session.refresh(comment)
    assert comment.status == "handled" and comment.replies[0].body == "Jag skriver om det."


def test_html_in_comments_is_inert(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    services.add_comment(reviewer, text, "<script>alert('x')</script>", 0, 5, None)
    page = login(author).get(f"/texter/{text.id}").text
    assert "<script>alert('x')</script>" not in page and "&lt;script&gt;" in page


def test_all_texts_shows_state_and_age(login, make_user, make_text):
    sent = make_text(make_user("skribent"), title="Gammal text", submit=True)
    draft = make_text(make_user("skribent"), title="Hemligt utkast")
    sent.created_at = dt.datetime(2000, 1, 1)
    db.session.commit()
    page = login(make_user("kommunikator")).get("/alla-texter").text
    assert "Gammal text" in page and "Väntar på granskning" in page and " dagar" in page
    # A draft never sent: its kind, state and dates, not its title.
    assert "Hemligt utkast" not in page and f"Beslut nr {draft.id} (inte skickad" in page and "Utkast" in page


def test_a_comment_is_the_texts_latest_activity(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body="Vi har tagit emot din ansökan.", reviewer=reviewer)
    text.updated_at = dt.datetime(2020, 1, 1)
    db.session.commit()
    login(reviewer).post(f"/granska/{text.id}/kommentar", data={"start": 0, "end": 6, "body": "Bra början."})
    db.session.refresh(text)
    assert text.updated_at > dt.datetime(2025, 1, 1)
    page = login(author).get("/texter").text
    assert "Senaste händelse" in page and "2020-01-01" not in page


def test_reading_view_keeps_the_paragraphs(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    body = "Beslut om bistånd\n\nDu får pengar till hyran. Pengarna kommer på fredag.\n\nMed vänlig hälsning\nSocialtjänsten"
    text = make_text(author, body=body, reviewer=reviewer)
    page = login(reviewer).get(f"/granska/{text.id}").text
    blocks = re.findall(r'<ol class="paragraph">(.*?)</ol>', page, re.S)
    sentences = [re.findall(r'<span class="sentence"[^>]*>([^<]*)</span>', block) for block in blocks]
    assert sentences == [["Beslut om bistånd"], ["Du får pengar till hyran.", "Pengarna kommer på fredag."],
                         ["Med vänlig hälsning"], ["Socialtjänsten"]]


def claim_and_approve(client, text):
    """A reviewer takes the text and approves it, through the pages."""
    client.post(f"/granska/{text.id}/ta")
    client.post(f"/granska/{text.id}/beslut", data={"vardat": "4", "enkelt": "4", "begripligt": "4",
                                                     "decision": "approve", "minutes": "20"})
    db.session.refresh(text)
    return client


def test_two_approvals_must_come_from_two_reviewers(app, login, make_user, make_text):
    """With APPROVALS_NEEDED=2 one reviewer could claim and approve twice."""
    app.config["APPROVALS_NEEDED"] = 2
    author, first, second = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text = make_text(author, submit=True)
    client = claim_and_approve(login(first), text)
    assert text.state == "vantar"
    assert f"/granska/{text.id}/ta" not in client.get("/granska/").text  # not offered to the same person again
    response = client.post(f"/granska/{text.id}/ta", follow_redirects=True)
    assert "Du har redan godkänt den här versionen" in response.text
    db.session.refresh(text)
    assert text.state == "vantar" and text.claimed_by_id is None
    claim_and_approve(login(second), text)
    assert text.state == "godkand"

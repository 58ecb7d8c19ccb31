"""The review flows between granskare and skribent (issue 11): the writer's answers seen by the
reviewer, "what changed since your review", a new version going back to the reviewer who asked
for it, the kommunikatör freeing or handing over a claim, the help page and the text size."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from klarsprak.analysis import analyze
from klarsprak.extensions import db
from klarsprak.review import personal_data, services
from klarsprak.review.models import AuditEvent, Comment
from klarsprak.web.highlight import shown

BODY = "Vi har erhållit din ansökan. Bistånd beviljas med 500 kronor. Ring oss om du undrar."
NEW_BODY = "Vi har fått din ansökan. Du får 500 kronor. Ring Tolvan Tolvansson på 070-123 45 67 om du undrar."


def ask_for_changes(make_user, make_text, reviewer=None):
    """A text whose reviewer asked for changes, with a comment the author answered and handled."""
    author, reviewer = make_user("skribent"), reviewer or make_user("granskare")
    text = make_text(author, body=BODY, reviewer=reviewer)
    comment, _ = services.add_comment(reviewer, text, "Vad betyder erhållit?", 0, BODY.index(".") + 1, "forstar_inte")
    services.reply(author, text, comment, "Jag skriver fått. Tolvan Tolvansson på 070-123 45 67 sa samma sak.")
    services.mark_handled(author, text, comment)
    services.decide(reviewer, text, vardat=3, enkelt=2, begripligt=2, summary="", decision="changes")
    return author, reviewer, text, comment


def send_new_version(author, text, body=NEW_BODY):
    services.new_version(author, text, body, text.lock_version)
    db.session.refresh(text)
    personal_data.mask_all(author, text)
    services.submit(author, text)
    db.session.refresh(text)


# --- 1. the writer's answers and "handled" marks --------------------------------------------------

def test_reviewer_sees_the_writers_masked_reply_and_the_handled_mark(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body=BODY, reviewer=reviewer)
    handled, _ = services.add_comment(reviewer, text, "Vad betyder erhållit?", 0, BODY.index(".") + 1, None)
    services.add_comment(reviewer, text, "Bra mening.", BODY.index("Ring"), len(BODY), "forstar")
    services.reply(author, text, handled, "Jag skriver fått i stället. Fråga Tolvan Tolvansson, 070-123 45 67.")
    services.mark_handled(author, text, handled)
    page = login(reviewer).get(f"/granska/{text.id}").text
    thread = page[page.index(f'id="k{handled.id}"'):]
    assert "Skribenten svarade:" in thread and "Jag skriver fått i stället." in thread
    assert "✓ Hanterad av skribenten" in thread.split("</article>")[0]
    assert page.count("Inte hanterad ännu") == 1  # the other comment, told in words, not by colour
    assert "Tolvansson" not in page and "123 45 67" not in page  # the reply was masked when written


def test_another_reviewers_comments_and_replies_are_not_shown(login, make_user, make_text):
    author, _reviewer, text, _comment = ask_for_changes(make_user, make_text)
    send_new_version(author, text)
    other = make_user("granskare")
    page = login(other).get(f"/granska/{text.id}").text
    assert "Vad betyder erhållit?" not in page and "Skribenten svarade" not in page


# --- 2. what changed, and back to the same reviewer first -------------------------------------------

def test_what_changed_shows_the_diff_of_the_masked_copies(login, make_user, make_text):
    author, reviewer, text, _comment = ask_for_changes(make_user, make_text)
    send_new_version(author, text)
    client = login(reviewer)
    page = client.get(f"/granska/{text.id}/andringar").text
    assert "Vad har ändrats sedan din granskning" in page and "Du granskade version 1. Nu finns version 2." in page
    deleted = re.findall(r"<del>(.*?)</del>", page, re.S)
    inserted = re.findall(r"<ins>(.*?)</ins>", page, re.S)
    assert any("erhåll" in d for d in deleted) and any("Bistånd beviljas" in d for d in deleted)
    assert any(i.endswith("Du får") for i in inserted) and any("[NAMN 1]" in i for i in inserted)  # "500 kronor" stays
    assert "Tolvansson" not in page and "123 45 67" not in page  # only the masked projections
    assert "Skribenten svarade:" in page and "✓ Hanterad av skribenten" in page
    assert f'href="/granska/{text.id}/andringar"' in client.get(f"/granska/{text.id}").text


def test_a_new_version_goes_back_first_to_the_reviewer_who_asked(app, login, make_user, make_text):
    author, reviewer, text, _comment = ask_for_changes(make_user, make_text)
    send_new_version(author, text)
    assert text.state == "vantar"
    mine = login(reviewer).get("/granska/").text
    assert "Nya versioner till dig" in mine and f"/granska/{text.id}/andringar" in mine
    other = make_user("granskare")
    client = login(other)
    assert text.title not in client.get("/granska/").text
    refused = client.post(f"/granska/{text.id}/ta")
    assert refused.status_code == 409 and "går först tillbaka till granskaren" in refused.text
    db.session.refresh(text)
    assert text.claimed_by_id is None
    # After CLAIM_DAYS the version is everyone's.
    text.submitted_at = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=app.config["CLAIM_DAYS"] + 1)
    db.session.commit()
    assert text.title in client.get("/granska/").text
    assert client.post(f"/granska/{text.id}/ta").status_code == 302
    db.session.refresh(text)
    assert text.claimed_by_id == other.id


def test_the_reviewer_who_asked_takes_the_new_version(login, make_user, make_text):
    author, reviewer, text, _comment = ask_for_changes(make_user, make_text)
    send_new_version(author, text)
    assert login(reviewer).post(f"/granska/{text.id}/ta").status_code == 302
    db.session.refresh(text)
    assert text.state == "under_granskning" and text.claimed_by_id == reviewer.id


def test_a_new_version_given_back_by_its_reviewer_is_everyones(login, make_user, make_text):
    author, reviewer, text, _comment = ask_for_changes(make_user, make_text)
    send_new_version(author, text)
    client = login(reviewer)
    client.post(f"/granska/{text.id}/ta")
    client.post(f"/granska/{text.id}/slapp")
    db.session.refresh(text)
    assert text.state == "vantar" and services.returned_to(text, 7) is None
    assert text.title in login(make_user("granskare")).get("/granska/").text


def test_a_deactivated_reviewer_does_not_hold_the_new_version(login, make_user, make_text):
    author, reviewer, text, _comment = ask_for_changes(make_user, make_text)
    send_new_version(author, text)
    reviewer.active = False
    db.session.commit()
    assert text.title in login(make_user("granskare")).get("/granska/").text


def test_a_first_version_goes_to_everyone(login, make_user, make_text):
    text = make_text(make_user("skribent"), submit=True)
    assert services.returned_to(text, 7) is None
    assert text.title in login(make_user("granskare")).get("/granska/").text


@pytest.mark.parametrize(("role", "status"), [("skribent", 403), ("kommunikator", 403), ("admin", 403),
                                              ("granskare", 404)])
def test_what_changed_is_only_for_the_reviewer_who_asked(login, make_user, make_text, role, status):
    author, _reviewer, text, _comment = ask_for_changes(make_user, make_text)
    send_new_version(author, text)
    assert login(make_user(role)).get(f"/granska/{text.id}/andringar").status_code == status


def test_what_changed_needs_a_login(client, make_user, make_text):
    _author, _reviewer, text, _comment = ask_for_changes(make_user, make_text)
    response = client.get(f"/granska/{text.id}/andringar")
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


def test_what_changed_before_a_new_version_is_sent_is_not_found(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body=BODY, reviewer=reviewer)
    assert login(reviewer).get(f"/granska/{text.id}/andringar").status_code == 404


# --- 3. the kommunikatör frees or hands over a claim --------------------------------------------------

def events(text, *actions):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.text_id == text.id,
                                                       AuditEvent.action.in_(actions)).order_by(AuditEvent.id)).all()


def test_kommunikator_releases_a_stalled_claim_audited(login, make_user, make_text):
    author, holder, staff = make_user("skribent"), make_user("granskare"), make_user("kommunikator")
    text = make_text(author, reviewer=holder)
    client = login(staff)
    page = client.get("/granska/pagaende").text
    assert text.title in page and holder.display_name in page and "Släpp granskningen" in page
    response = client.post(f"/granska/{text.id}/slapp")
    assert response.status_code == 302 and response.headers["Location"].endswith("/granska/pagaende")
    db.session.refresh(text)
    assert text.state == "vantar" and text.claimed_by_id is None
    release = events(text, "release")[-1]
    assert release.user_id == staff.id and release.detail == {"reviewer_id": holder.id}


def test_kommunikator_hands_a_text_to_another_reviewer_audited(login, make_user, make_text):
    author, holder, other, staff = (make_user("skribent"), make_user("granskare"), make_user("granskare"),
                                    make_user("kommunikator"))
    text = make_text(author, reviewer=holder)
    response = login(staff).post(f"/granska/{text.id}/ge-till", data={"reviewer_id": other.id})
    assert response.status_code == 302
    db.session.refresh(text)
    assert text.state == "under_granskning" and text.claimed_by_id == other.id
    release, claim = events(text, "release", "claim")[-2:]
    assert (release.action, release.user_id, release.detail) == ("release", staff.id, {"reviewer_id": holder.id})
    assert (claim.action, claim.user_id, claim.detail) == ("claim", other.id, {"handed_over_by": staff.id})
    assert text.title in login(other).get("/granska/").text  # under "Texter du granskar"
    assert login(holder).get(f"/granska/{text.id}").status_code == 403


def test_a_waiting_text_can_be_handed_to_a_reviewer(login, make_user, make_text):
    author, reviewer, staff = make_user("skribent"), make_user("granskare"), make_user("admin")
    text = make_text(author, submit=True)
    assert login(staff).post(f"/granska/{text.id}/ge-till", data={"reviewer_id": reviewer.id}).status_code == 302
    db.session.refresh(text)
    assert text.claimed_by_id == reviewer.id
    assert [e.action for e in events(text, "release", "claim")] == ["claim"]


@pytest.mark.parametrize("target", ["author", "writer", "staff", "missing", "holder"])
def test_a_hand_over_that_cannot_be_done_says_why(login, make_user, make_text, target):
    author, holder, staff = make_user("skribent"), make_user("granskare"), make_user("kommunikator")
    text = make_text(author, reviewer=holder)
    people = {"author": author.id, "writer": make_user("skribent").id, "staff": staff.id, "missing": 99999,
              "holder": holder.id}
    response = login(staff).post(f"/granska/{text.id}/ge-till", data={"reviewer_id": people[target]})
    assert response.status_code == 400
    message = {"author": "Välj en granskare.", "writer": "Välj en granskare.", "staff": "Välj en granskare.",
               "missing": "Välj en granskare.", "holder": "Den granskaren har redan texten."}[target]
    assert message in html.unescape(response.text) and "Pågående granskningar" in response.text
    db.session.refresh(text)
    assert text.claimed_by_id == holder.id


def test_a_draft_cannot_be_handed_over(login, make_user, make_text):
    author, reviewer, staff = make_user("skribent"), make_user("granskare"), make_user("kommunikator")
    text = make_text(author)
    response = login(staff).post(f"/granska/{text.id}/ge-till", data={"reviewer_id": reviewer.id})
    assert response.status_code == 409 and "Det går inte just nu" in response.text
    db.session.refresh(text)
    assert text.state == "utkast" and text.claimed_by_id is None


def test_a_reviewer_who_approved_cannot_be_given_the_text_again(app, login, make_user, make_text):
    author, first, staff = make_user("skribent"), make_user("granskare"), make_user("kommunikator")
    text = make_text(author, reviewer=first)
    services.decide(first, text, vardat=5, enkelt=5, begripligt=5, summary="", decision="approve", approvals_needed=2)
    response = login(staff).post(f"/granska/{text.id}/ge-till", data={"reviewer_id": first.id})
    assert response.status_code == 400 and "redan godkänt" in response.text


@pytest.mark.parametrize("role", ["granskare", "skribent"])
def test_only_staff_reach_the_ongoing_reviews(login, make_user, make_text, role):
    author, holder = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=holder)
    client = login(make_user(role))
    assert client.get("/granska/pagaende").status_code == 403
    assert client.post(f"/granska/{text.id}/ge-till", data={"reviewer_id": holder.id}).status_code == 403
    db.session.refresh(text)
    assert text.claimed_by_id == holder.id


def test_the_ongoing_reviews_need_a_login(client):
    assert "/logga-in" in client.get("/granska/pagaende").headers["Location"]


# --- 4. "Så granskar du" -----------------------------------------------------------------------

def help_text(page: str) -> str:
    article = page.split('id="hjalptext">')[1].split("</article>")[0]
    lines = (line.strip() for line in html.unescape(re.sub(r"<[^>]+>", "", article)).splitlines())
    return "\n".join(line for line in lines if line)


def test_the_help_page_passes_our_own_engine(login, make_user, analyzer):
    page = login(make_user("granskare")).get("/granska/hjalp")
    assert page.status_code == 200
    text = help_text(page.text)
    assert len(text.split()) > 150  # the check below could pass on an empty page
    report, _tips = shown(analyze(text))
    assert [(f.rule, text[f.start:f.end]) for f in report.findings] == []
    assert report.metrics.lix < 30  # lättläst: short sentences and words


@pytest.mark.parametrize("role", ["granskare", "skribent", "kommunikator", "admin"])
def test_the_help_page_is_linked_from_the_reading_view_and_open_to_all_logged_in(login, make_user, make_text,
                                                                                role):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    assert 'href="/granska/hjalp"' in login(reviewer).get(f"/granska/{text.id}").text
    assert login(make_user(role)).get("/granska/hjalp").status_code == 200


def test_the_help_page_needs_a_login(client):
    assert "/logga-in" in client.get("/granska/hjalp").headers["Location"]


# --- 5. text size -------------------------------------------------------------------------------

def root_size(page: str) -> str:
    return re.search(r"html \{ font-size: ([\d.]+%); \}", page).group(1)


def test_the_text_size_is_remembered(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    client = login(reviewer)
    assert root_size(client.get(f"/granska/{text.id}").text) == "100%"
    chosen = client.get(f"/granska/{text.id}?storlek=storst")
    assert root_size(chosen.text) == "175%"  # 28 px for text and controls alike
    assert "textstorlek=storst" in chosen.headers["Set-Cookie"]
    assert root_size(client.get(f"/granska/{text.id}").text) == "175%"
    assert root_size(client.get("/granska/hjalp").text) == "175%"
    assert root_size(client.get(f"/granska/{text.id}?storlek=normal").text) == "100%"
    assert root_size(client.get(f"/granska/{text.id}").text) == "100%"


def test_an_unknown_text_size_is_normal(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    response = login(reviewer).get(f"/granska/{text.id}?storlek=<script>")
    assert response.status_code == 200 and root_size(response.text) == "100%"
    assert "Set-Cookie" not in response.headers or "textstorlek" not in response.headers["Set-Cookie"]


def test_comments_keep_working_after_a_hand_over(login, make_user, make_text):
    author, holder, other, staff = (make_user("skribent"), make_user("granskare"), make_user("granskare"),
                                    make_user("kommunikator"))
    text = make_text(author, body=BODY, reviewer=holder)
    login(staff).post(f"/granska/{text.id}/ge-till", data={"reviewer_id": other.id})
    client = login(other)
    assert client.post(f"/granska/{text.id}/kommentar", data={"body": "Tydligt."}).status_code == 302
    assert db.session.scalars(select(Comment).where(Comment.text_id == text.id)).one().author_id == other.id

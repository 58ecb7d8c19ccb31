"""Charts, their numbers and the reviewers' fee basis (arvodesunderlag): the figures stored at
submit, what each chart counts, the minutes a reviewer reports, and who sees whose hours."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import func, insert, select

from klarsprak.extensions import db
from klarsprak.review import personal_data, reporting, services
from klarsprak.review.models import AuditEvent, FindingCount, Review, RevisionMetrics, utcnow
from klarsprak.web import charts

STIFF = "Vi har erhållit din ansökan. Ansökan har inkommit till oss och den har handlagts av oss."
PLAIN = "Vi har fått din ansökan. Vi har läst den."


@pytest.fixture
def people(make_user):
    return {role: make_user(role) for role in ("skribent", "granskare", "kommunikator", "admin")}


def send(author, body=STIFF, title="Beslut om bistånd", reviewer=None):
    text = services.create_text(author, title, "beslut", "Den som har sökt", body)
    personal_data.mask_all(author, text)
    services.submit(author, text)
    if reviewer:
        services.claim(reviewer, text)
    return text


def decide(reviewer, text, decision="approve", minutes=30):
    return services.decide(reviewer, text, vardat=4, enkelt=4, begripligt=4, summary="", decision=decision,
                           minutes=minutes)


def test_the_decision_form_asks_for_minutes_and_stores_them(login, people):
    text = send(people["skribent"], reviewer=people["granskare"])
    client = login(people["granskare"])
    assert "Hur många minuter arbetade du med texten?" in client.get(f"/granska/{text.id}").text
    data = {"vardat": "4", "enkelt": "4", "begripligt": "4", "decision": "approve"}
    for minutes, message in (("", "Skriv hur många minuter du arbetade, från 1 till 1440."),
                             ("0", "Skriv hur många minuter du arbetade, från 1 till 1440."),
                             ("2000", "Skriv hur många minuter du arbetade, från 1 till 1440."),
                             ("en timme", "Skriv hur många minuter du arbetade, från 1 till 1440.")):
        response = client.post(f"/granska/{text.id}/beslut", data={**data, "minutes": minutes}, follow_redirects=True)
        assert message in response.text and "Not a valid" not in response.text, minutes
        assert db.session.scalar(select(Review)) is None
    response = client.post(f"/granska/{text.id}/beslut", data={**data, "minutes": "45"})
    assert response.status_code == 302
    assert db.session.scalar(select(Review)).minutes == 45


@pytest.mark.parametrize("minutes", [0, -5, 1441])
def test_the_service_refuses_impossible_minutes(people, minutes):
    text = send(people["skribent"], reviewer=people["granskare"])
    with pytest.raises(services.WorkflowError, match="från 1 till 1440"):
        decide(people["granskare"], text, minutes=minutes)


def test_submit_stores_readability_and_finding_counts_per_rule(people):
    text = send(people["skribent"])
    figures = db.session.scalar(select(RevisionMetrics).where(RevisionMetrics.text_id == text.id))
    assert figures.revision_number == 1 and figures.words == len(STIFF.split())
    assert figures.avg_sentence_length == pytest.approx(figures.words / 2)
    counts = {c.rule: c.count for c in db.session.scalars(select(FindingCount).where(FindingCount.text_id == text.id))}
    assert counts.get("jargon.svarta-listan", 0) >= 1  # "erhållit", "inkommit"
    assert not any(rule.startswith("personal-data") for rule in counts)


def test_a_second_submit_of_the_same_version_replaces_its_figures(people):
    author = people["skribent"]
    text = send(author)
    services.withdraw(author, text)
    db.session.refresh(text)
    services.save_draft(author, text, PLAIN, None, text.lock_version)
    services.submit(author, text)
    rows = db.session.scalars(select(RevisionMetrics).where(RevisionMetrics.text_id == text.id)).all()
    assert len(rows) == 1 and rows[0].words == len(PLAIN.split())
    stiff = db.session.scalar(select(FindingCount).where(FindingCount.text_id == text.id,
                                                         FindingCount.rule == "jargon.svarta-listan"))
    assert stiff.count == 0  # "fått" is not stiff: the old count does not linger


def test_approvals_per_month_and_the_median_days(people):
    reviewer = people["granskare"]
    first, second = send(people["skribent"], reviewer=reviewer), send(people["skribent"], reviewer=reviewer)
    decide(reviewer, first)
    decide(reviewer, second, decision="changes")
    months = reporting.approvals_by_month(3)
    assert [m.month for m in months] == reporting.last_months(3)
    assert months[-1].approved == 1 and months[0].approved == 0
    assert months[-1].median_days == pytest.approx(0.0, abs=0.01)  # submitted and approved just now


def test_the_median_counts_from_the_first_submission(people):
    """A text first sent 20 days ago and approved now took 20 days, whatever happened between."""
    reviewer = people["granskare"]
    text = send(people["skribent"], reviewer=reviewer)
    db.session.execute(insert(AuditEvent).values(at=utcnow() - dt.timedelta(days=20), user_id=people["skribent"].id,
                                                 text_id=text.id, revision_number=1, action="submit",
                                                 detail_json="{}"))
    db.session.commit()
    decide(reviewer, text)
    assert reporting.approvals_by_month(1)[-1].median_days == pytest.approx(20.0, abs=0.05)


def test_the_effect_of_review_compares_the_first_version_sent_with_the_approved_one(people):
    author, reviewer = people["skribent"], people["granskare"]
    text = send(author, reviewer=reviewer)
    decide(reviewer, text, decision="changes")
    db.session.refresh(text)
    services.new_version(author, text, PLAIN, text.lock_version)
    db.session.refresh(text)
    services.submit(author, text)
    services.claim(reviewer, text)
    decide(reviewer, text)
    effect = reporting.review_effect(1)[-1]
    before = {m.revision_number: m for m in db.session.scalars(select(RevisionMetrics))}
    assert effect.texts == 1
    assert effect.before["avg_sentence_length"] == pytest.approx(before[1].avg_sentence_length, abs=0.05)
    assert effect.after["avg_sentence_length"] == pytest.approx(before[2].avg_sentence_length, abs=0.05)
    assert effect.after["avg_sentence_length"] < effect.before["avg_sentence_length"]


def test_noisy_rules_divide_dismissals_by_findings_shown(people):
    author = people["skribent"]
    text = services.create_text(author, "Beslut", "beslut", "", STIFF)
    services.dismiss(author, text, "jargon.svarta-listan", "erhållit", "fackterm")
    personal_data.mask_all(author, text)
    services.submit(author, text)
    noise = {n.rule: n for n in reporting.noisiest_rules()}
    stiff = noise["jargon.svarta-listan"]
    shown = db.session.scalar(select(FindingCount.count).where(FindingCount.rule == "jargon.svarta-listan"))
    assert stiff.findings == shown and stiff.dismissals == 1 and stiff.rate == pytest.approx(1 / shown)
    # A dismissal on a text never sent has no denominator, so it is not counted.
    draft = services.create_text(author, "Utkast", "brev", "", STIFF)
    services.dismiss(author, draft, "jargon.svarta-listan", "erhållit", "fackterm")
    assert {n.rule: n for n in reporting.noisiest_rules()}["jargon.svarta-listan"].dismissals == 1


def test_reviewer_workload_counts_texts_and_comments_per_reviewer(people, make_user):
    author, one, two = people["skribent"], people["granskare"], make_user("granskare", "bodil")
    for reviewer, texts in ((one, 2), (two, 1)):
        for _ in range(texts):
            text = send(author, reviewer=reviewer)
            services.add_comment(reviewer, text, "Oklart.", None, None)
            services.add_comment(reviewer, text, "Bra.", None, None)
            decide(reviewer, text)
    work = {w.reviewer: w for w in reporting.reviewer_workload(1)}
    assert (work[one.display_name].texts, work[one.display_name].comments) == (2, 4)
    assert (work[two.display_name].texts, work[two.display_name].comments) == (1, 2)


def test_the_chart_page_has_titles_summaries_tables_and_no_script(login, people):
    reviewer = people["granskare"]
    decide(reviewer, send(people["skribent"], reviewer=reviewer))
    page = login(people["kommunikator"]).get("/oversikt/diagram").text
    for chart in charts.all_charts():
        assert f'<h2 id="{chart.key}-rubrik">{chart.title}</h2>' in page
        assert f'aria-labelledby="{chart.key}-svg-title {chart.key}-svg-desc"' in page
        assert f"/oversikt/diagram.csv?diagram={chart.key}" in page
    assert page.count("<svg class=\"chart\"") == len(charts.all_charts())
    assert "<caption>Godkända texter per månad</caption>" in page
    assert "Godkända: 1" in page  # the bar says what it is and its number, not colour alone
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_each_charts_numbers_as_csv(login, people):
    reviewer = people["granskare"]
    decide(reviewer, send(people["skribent"], reviewer=reviewer))
    client = login(people["kommunikator"])
    response = client.get("/oversikt/diagram.csv?diagram=godkanda")
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf") and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Månad", "Godkända texter"] and rows[-1][1] == "1" and len(rows) == 13
    assert client.get("/oversikt/diagram.csv?diagram=finns-inte").status_code == 404
    assert client.get("/oversikt/diagram.csv?diagram=granskare").get_data().decode("utf-8-sig").count("\n") == 2


def test_charts_without_data_say_so(login, people):
    page = login(people["kommunikator"]).get("/oversikt/diagram").text
    assert "Inga siffror ännu." in page and "Ingen har granskat någon text ännu." in page


def test_elapsed_time_runs_from_the_latest_claim_to_the_decision(people):
    """Reported time is the reviewer's word; the time from claim to decision stands beside it."""
    reviewer, author = people["granskare"], people["skribent"]
    text = send(author)
    start = utcnow() - dt.timedelta(minutes=200)
    db.session.execute(insert(AuditEvent), [
        {"at": start, "user_id": reviewer.id, "text_id": text.id, "revision_number": 1, "action": "claim",
         "detail_json": "{}"},
        {"at": start + dt.timedelta(minutes=50), "user_id": reviewer.id, "text_id": text.id, "revision_number": 1,
         "action": "claim", "detail_json": "{}"}])
    db.session.execute(insert(Review).values(text_id=text.id, revision_number=1, reviewer_id=reviewer.id, vardat=4,
                                             enkelt=4, begripligt=4, summary="", decision="changes", minutes=40,
                                             created_at=start + dt.timedelta(minutes=125)))
    db.session.commit()
    record = reporting.review_records(reviewer.id)[0]
    assert (record.minutes, record.elapsed_minutes) == (40, 75)
    line = reporting.fee_basis(reporting.month_of(record.at))[0]
    assert (line.reviewer, line.texts, line.reviews, line.minutes, line.elapsed_minutes) == (
        reviewer.display_name, 1, 1, 40, 75)


def test_the_fee_basis_per_reviewer_and_month_as_page_and_csv(login, people, make_user):
    author, one, two = people["skribent"], people["granskare"], make_user("granskare", "bodil")
    for reviewer, minutes in ((one, 35), (one, 25), (two, 50)):
        text = send(author, reviewer=reviewer)
        services.add_comment(reviewer, text, "Oklart.", None, None)
        decide(reviewer, text, minutes=minutes)
    month = reporting.month_of(utcnow())
    lines = {line.reviewer: line for line in reporting.fee_basis(month)}
    assert (lines[one.display_name].texts, lines[one.display_name].comments, lines[one.display_name].minutes) == (
        2, 2, 60)
    assert lines[two.display_name].minutes == 50
    client = login(people["kommunikator"])
    page = client.get(f"/oversikt/arvode?manad={month}").text
    assert f"Arvodesunderlag för {charts.month_label(month)}" in page and "1 timme" in page
    with client.get("/static/overview.css") as stylesheet:
        assert "@media print" in stylesheet.text
    rows = list(csv.reader(io.StringIO(client.get(f"/oversikt/arvode.csv?manad={month}").get_data()
                                       .decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Månad" and len(rows) == 3
    assert [r[5] for r in rows[1:]] == ["50", "60"] or [r[5] for r in rows[1:]] == ["60", "50"]
    empty = client.get("/oversikt/arvode?manad=1999-01").text
    assert "Inga granskningar i jan 1999." in empty


@pytest.mark.parametrize(("minutes", "words"), [(0, "0 minuter"), (1, "1 minut"), (45, "45 minuter"),
                                                (60, "1 timme"), (61, "1 timme 1 minut"), (225, "3 timmar 45 minuter")])
def test_durations_in_words(minutes, words):
    assert charts.duration(minutes) == words


def test_a_wrong_month_gets_a_swedish_message(login, people):
    response = login(people["kommunikator"]).get("/oversikt/arvode?manad=november")
    assert response.status_code == 400 and "till exempel 2026-11" in response.text


def test_reviewers_see_only_their_own_history_and_hours(login, people, make_user):
    author, me, other = people["skribent"], people["granskare"], make_user("granskare", "bodil")
    mine = send(author, title="Kallelse till möte", reviewer=me)
    decide(me, mine, minutes=37)
    theirs = send(author, title="Beslut om färdtjänst", reviewer=other)
    decide(other, theirs, minutes=58)
    page = login(me).get("/mina-granskningar").text
    assert "Kallelse till möte" in page and "37 minuter" in page
    assert "Beslut om färdtjänst" not in page and "58 minuter" not in page and "Bodil" not in page
    # Nothing in the URL chooses whose page it is: a parameter is ignored.
    assert "58 minuter" not in login(me).get(f"/mina-granskningar?granskare={other.id}").text
    assert "58 minuter" in login(other).get("/mina-granskningar").text


def test_seed_demo_fills_the_overview_charts_and_fee_basis_once(app, client):
    from klarsprak.review.models import Text, User

    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    texts, reviews = db.session.scalar(select(func.count()).select_from(Text)), reviewer_count()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # a second run adds nothing
    assert (db.session.scalar(select(func.count()).select_from(Text)), reviewer_count()) == (texts, reviews)
    assert db.session.scalar(select(func.max(AuditEvent.at))) <= utcnow()  # no event in the future
    months = {m.month for m in reporting.approvals_by_month(12) if m.approved}
    assert len(months) >= 5  # several months of history
    assert all(e.after["lix"] < e.before["lix"] for e in reporting.review_effect(12) if e.texts)
    assert reporting.noisiest_rules() and any(n.dismissals for n in reporting.noisiest_rules())
    assert reporting.stuck_count() >= 1
    lines = reporting.fee_basis()
    assert {line.reviewer for line in lines} == {"Gunnar Granskare", "Greta Granskare"}
    assert all(0 < line.minutes <= line.elapsed_minutes for line in lines if line.reviews)
    staff = db.session.scalar(select(User).where(User.username == "kommunikator"))
    staff.set_password(PASSWORD_FOR_DEMO)
    db.session.commit()
    page = login_as(client, "kommunikator").get("/oversikt").text
    assert "Försörjningsstöd" in page and "Barn och familj" in page and "Väntar länge" in page


PASSWORD_FOR_DEMO = "demo-lösenord-för-testet"


def login_as(client, username):
    response = client.post("/logga-in", data={"username": username, "password": PASSWORD_FOR_DEMO})
    assert response.status_code == 302, response.text
    return client


def reviewer_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Review))

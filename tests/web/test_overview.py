"""The kommunikatör's overview: masked titles only, filters, sorting, search, pages, "Väntar
länge", the timeline and the CSV; and who may open which page, route by route."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import insert

from klarsprak.extensions import db
from klarsprak.review import personal_data, reporting, services
from klarsprak.review.accounts import set_unit
from klarsprak.review.models import Revision, Text, utcnow

SECRET_TITLE = "Beslut för Tolvan Tolvansson"
BODY = "Vi har erhållit din ansökan och beviljar bistånd till hyran."


@pytest.fixture
def people(make_user):
    return {role: make_user(role) for role in ("skribent", "granskare", "kommunikator", "admin")}


def send(author, title="Beslut om bistånd", kind="beslut", body=BODY, reviewer=None, submit=True):
    """A text sent to review with every personal detail masked (and claimed by ``reviewer``)."""
    text = services.create_text(author, title, kind, "Den som har sökt", body)
    if submit or reviewer:
        personal_data.mask_all(author, text)
        services.submit(author, text)
    if reviewer:
        services.claim(reviewer, text)
    return text


def masked_text(author, title=SECRET_TITLE, kind="beslut"):
    """A text whose title holds a name, masked and sent to review."""
    return send(author, title, kind)


STAFF_PAGES = ["/oversikt", "/oversikt/texter.csv", "/oversikt/diagram", "/oversikt/diagram.csv?diagram=godkanda",
               "/oversikt/arvode", "/oversikt/arvode.csv", "/oversikt/texter/{text_id}"]


@pytest.mark.parametrize("path", STAFF_PAGES)
@pytest.mark.parametrize(("role", "status"), [("skribent", 403), ("granskare", 403), ("kommunikator", 200),
                                              ("admin", 200)])
def test_only_staff_reach_the_overview_charts_and_reports(login, people, path, role, status):
    text = send(people["skribent"], submit=True)
    response = login(people[role]).get(path.format(text_id=text.id))
    assert response.status_code == status, (role, path)


@pytest.mark.parametrize("path", [*STAFF_PAGES, "/mina-granskningar"])
def test_the_pages_need_a_login(client, people, path):
    text = send(people["skribent"], submit=True)
    response = client.get(path.format(text_id=text.id))
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


@pytest.mark.parametrize(("role", "status"), [("skribent", 403), ("granskare", 200), ("kommunikator", 403),
                                              ("admin", 403)])
def test_only_reviewers_have_a_page_of_their_own_reviews(login, people, role, status):
    assert login(people[role]).get("/mina-granskningar").status_code == status


def test_the_navigation_links_the_overview_for_staff_only(login, people):
    assert 'href="/oversikt"' in login(people["kommunikator"]).get("/alla-texter").text
    assert 'href="/oversikt"' in login(people["admin"]).get("/alla-texter").text
    writer_page = login(people["skribent"]).get("/texter").text
    assert 'href="/oversikt"' not in writer_page
    reviewer_page = login(people["granskare"]).get("/granska/").text
    assert 'href="/oversikt"' not in reviewer_page and 'href="/mina-granskningar"' in reviewer_page


def test_titles_are_the_masked_projection_and_a_draft_shows_only_its_kind(login, people):
    sent = masked_text(people["skribent"])
    draft = services.create_text(people["skribent"], "Anteckning om Märta Exempelsson", "brev", "", BODY)
    page = login(people["kommunikator"]).get("/oversikt").text
    assert "Tolvan" not in page and "Märta" not in page
    assert sent.revision().review_title in page and "[NAMN" in sent.revision().review_title
    assert f"Brev nr {draft.id} (inte skickad till granskning)" in page


def test_search_looks_only_in_masked_titles(login, people):
    masked_text(people["skribent"])
    masked_text(people["skribent"], title="Kallelse till möte om boende", kind="kallelse")
    client = login(people["kommunikator"])
    found = client.get("/oversikt?q=boende").text
    assert "Kallelse till möte om boende" in found and "[NAMN" not in found
    # The original title holds "Tolvan": searching for it must not reveal which text it was.
    nothing = client.get("/oversikt?q=Tolvan").text
    assert "Inga texter passar valen." in nothing and "0 texter" in nothing
    # LIKE wildcards typed into the search are plain characters.
    assert "Inga texter passar valen." in client.get("/oversikt?q=%25").text


def test_filters_by_state_kind_writer_and_reviewer(login, people, make_user):
    other_writer, other_reviewer = make_user("skribent", "annaskribent"), make_user("granskare", "olle")
    waiting = send(people["skribent"], submit=True, title="Väntande brev", kind="brev")
    claimed = send(other_writer, reviewer=other_reviewer, title="Granskas nu")
    draft = send(people["skribent"], title="Ett utkast", kind="mall", submit=False)

    def titles(**wanted):
        rows, _total = reporting.overview_page(reporting.OverviewFilter(**wanted), 1)
        return {r.id for r in rows}

    assert titles(state="vantar") == {waiting.id}
    assert titles(kind="brev") == {waiting.id}
    assert titles(writer_id=other_writer.id) == {claimed.id}
    assert titles(reviewer_id=other_reviewer.id) == {claimed.id}
    assert titles() == {waiting.id, claimed.id, draft.id}
    page = login(people["kommunikator"]).get(f"/oversikt?granskare={other_reviewer.id}").text
    assert "Granskas nu" in page and "Väntande brev" not in page and "Olle" in page


def test_sorting_by_title_both_ways_and_by_days(login, people):
    first, second, third = "Avgifter i hemtjänsten", "Beslut om bistånd", "Cirkulär om stöd"
    for title in (second, first, third):
        send(people["skribent"], submit=True, title=title)
    client = login(people["kommunikator"])
    rising = client.get("/oversikt?sortera=rubrik&ordning=stigande").text
    assert rising.index(first) < rising.index(second) < rising.index(third)
    falling = client.get("/oversikt?sortera=rubrik&ordning=fallande").text
    assert falling.index(third) < falling.index(second) < falling.index(first)
    assert 'aria-sort="descending"' in falling


def test_days_in_state_sort_puts_the_longest_wait_first(people):
    recent = send(people["skribent"], submit=True, title="Ny")
    old = _old_waiting_text(people["skribent"], days=30)
    rows, _ = reporting.overview_page(reporting.OverviewFilter(sort="dagar", descending=True), 1)
    assert [r.id for r in rows][:2] == [old, recent.id]
    assert rows[0].days_in_state(utcnow()) == 30


def _old_waiting_text(author, days: int, title: str = "Gammal text") -> int:
    """A text waiting since ``days`` ago (rows inserted directly: the audit log cannot be backdated)."""
    then = utcnow() - dt.timedelta(days=days)
    text_id = db.session.execute(insert(Text).values(
        title=title, kind="brev", audience="", author_id=author.id, state="vantar", current_version=1,
        lock_version=1, submitted_at=then, created_at=then, updated_at=then, state_changed_at=then)
        .returning(Text.id)).scalar_one()
    db.session.execute(insert(Revision).values(text_id=text_id, number=1, body=BODY, review_title=title,
                                               review_audience="", review_body=BODY, author_id=author.id,
                                               created_at=then, updated_at=then))
    db.session.commit()
    return text_id


def test_texts_waiting_too_long_are_marked_in_words_and_counted(app, login, people):
    app.config["STUCK_DAYS"] = 10
    _old_waiting_text(people["skribent"], days=11, title="Glömd text")
    send(people["skribent"], submit=True, title="Färsk text")
    client = login(people["kommunikator"])
    page = client.get("/oversikt").text
    assert "(mer än 10 dagar i samma status): <strong>1</strong>" in page
    row = page[page.index("Glömd text"):page.index("</tr>", page.index("Glömd text"))]
    assert "Väntar länge" in row and 'class="stuck-icon"' in row
    fresh = page[page.index("Färsk text"):page.index("</tr>", page.index("Färsk text"))]
    assert "Väntar länge" not in fresh
    only = client.get("/oversikt?lange=y").text
    assert "Glömd text" in only and "Färsk text" not in only
    app.config["STUCK_DAYS"] = 12
    assert "Väntar länge" not in client.get("/oversikt?lange=y").text.split("<h2 id=\"texter-rubrik\"")[1]


def test_pages_of_fifty(login, people):
    author = people["skribent"]
    db.session.execute(insert(Text), [{"title": f"T{i}", "kind": "brev", "audience": "", "author_id": author.id,
                                       "state": "utkast", "current_version": 1, "lock_version": 1}
                                      for i in range(reporting.PAGE_SIZE + 5)])
    db.session.commit()
    client = login(people["kommunikator"])
    first = client.get("/oversikt").text
    assert "Sida 1 av 2" in first and "Nästa sida" in first and first.count("<tr>") == reporting.PAGE_SIZE + 1
    second = client.get("/oversikt?sida=2").text
    assert second.count("<tr>") == 5 + 1 and "Föregående sida" in second


def test_the_writers_unit_is_set_by_an_admin_and_shown(login, people):
    send(people["skribent"], submit=True)
    admin = login(people["admin"])
    writer = people["skribent"]
    response = admin.post(f"/admin/anvandare/{writer.id}", data={
        f"u{writer.id}-role": "skribent", f"u{writer.id}-active": "1", f"u{writer.id}-unit": "Försörjningsstöd"})
    assert response.status_code == 302
    db.session.refresh(writer)
    assert writer.unit == "Försörjningsstöd"
    assert "Försörjningsstöd" in admin.get("/oversikt").text
    too_long = admin.post(f"/admin/anvandare/{writer.id}", data={
        f"u{writer.id}-role": "skribent", f"u{writer.id}-active": "1", f"u{writer.id}-unit": "x" * 121},
        follow_redirects=True)
    assert "Enheten får vara högst 120 tecken." in too_long.text
    db.session.refresh(writer)
    assert writer.unit == "Försörjningsstöd"


def test_only_admins_set_units(people):
    with pytest.raises(services.NotAllowed):
        set_unit(people["kommunikator"], people["skribent"], "Barn och unga")


def test_wrong_filters_get_swedish_messages_and_the_rest_still_apply(login, people):
    send(people["skribent"], submit=True, title="Väntande")
    send(people["skribent"], title="Utkastet", submit=False)
    response = login(people["kommunikator"]).get("/oversikt?fran=igår&status=vantar&granskare=999999")
    assert response.status_code == 400
    assert "Senaste händelse från och med: " in response.text and "Granskare: " in response.text
    assert "Väntande" in response.text and "Utkastet" not in response.text


def test_date_filters_use_the_last_activity(login, people):
    send(people["skribent"], submit=True, title="I dag")
    _old_waiting_text(people["skribent"], days=40, title="För länge sedan")
    today = utcnow().date()
    client = login(people["kommunikator"])
    recent = client.get(f"/oversikt?fran={today - dt.timedelta(days=1)}").text
    assert "I dag" in recent and "För länge sedan" not in recent
    old = client.get(f"/oversikt?till={today - dt.timedelta(days=30)}").text
    assert "För länge sedan" in old and "I dag" not in old
    backwards = client.get(f"/oversikt?fran={today}&till={today - dt.timedelta(days=3)}")
    assert backwards.status_code == 400 and "Slutdatumet är före startdatumet." in backwards.text


def test_the_timeline_lists_state_changes_claims_comments_and_decisions(login, people):
    text = send(people["skribent"], reviewer=people["granskare"])
    services.add_comment(people["granskare"], text, "Tolvan Tolvansson förstår inte detta.", None, None,
                         "forstar_inte")
    services.decide(people["granskare"], text, vardat=4, enkelt=3, begripligt=2, summary="", decision="changes",
                    minutes=30)
    page = login(people["kommunikator"]).get(f"/oversikt/texter/{text.id}").text
    page = page[page.index('<ol class="timeline">'):]
    order = [page.index(label) for label in ("Ny text", "Skickad till granskning", "Tagen för granskning",
                                             "Kommentar", "Ändringar begärda")]
    assert order == sorted(order)
    assert "Snabbsvar: Jag förstår inte" in page and "Betyg: vårdat 4, enkelt 3, begripligt 2" in page
    assert "Granskare" in page  # who took it
    assert "Tolvan" not in page  # the log holds no typed text, and neither does the page
    assert f'href="/oversikt/texter/{text.id}"' in login(people["kommunikator"]).get("/oversikt").text


def test_the_timeline_of_a_draft_keeps_its_title_secret(login, people):
    draft = services.create_text(people["skribent"], "Anteckning om Märta Exempelsson", "brev", "", BODY)
    page = login(people["admin"]).get(f"/oversikt/texter/{draft.id}").text
    assert "Märta" not in page and f"Brev nr {draft.id}" in page


def read_csv(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_holds_the_filtered_texts_with_masked_titles(login, people):
    masked_text(people["skribent"])
    send(people["skribent"], title="=HYPERLINK(\"http://example.com\")", submit=True)
    send(people["skribent"], title="Bara ett utkast", submit=False)
    client = login(people["kommunikator"])
    response = client.get("/oversikt/texter.csv?status=vantar&sortera=rubrik&ordning=stigande")
    assert response.is_streamed and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Nummer", "Rubrik (maskerad)", "Typ"]
    titles = [r[1] for r in rows[1:]]
    assert len(titles) == 2 and all("Tolvan" not in t for t in titles)
    assert any(t.startswith("'=HYPERLINK") for t in titles)  # a formula stays text in a spreadsheet
    assert "Bara ett utkast" not in response.get_data(as_text=True)
    assert {r[5] for r in rows[1:]} == {"Väntar på granskning"}


def test_the_counts_per_state(login, people):
    send(people["skribent"], submit=True)
    send(people["skribent"], submit=True)
    send(people["skribent"], submit=False)
    counts = reporting.state_counts()
    assert counts[reporting.TextState.WAITING] == 2 and counts[reporting.TextState.DRAFT] == 1
    assert counts[reporting.TextState.APPROVED] == 0
    page = login(people["kommunikator"]).get("/oversikt").text
    assert "Väntar på granskning: <strong>2</strong>" in page and "Utkast: <strong>1</strong>" in page


def test_the_state_change_time_follows_the_audit_log(people):
    """Claims and decisions move the time; comments and saves do not."""
    from sqlalchemy import func, select

    from klarsprak.review.models import AuditEvent

    author, reviewer = people["skribent"], people["granskare"]
    text = send(author, reviewer=reviewer)

    def newest(*actions):
        return db.session.scalar(select(func.max(AuditEvent.at)).where(AuditEvent.text_id == text.id,
                                                                       AuditEvent.action.in_(actions)))

    db.session.refresh(text)
    assert text.state_changed_at == newest("claim")
    services.add_comment(reviewer, text, "Oklart.", None, None)
    db.session.refresh(text)
    assert text.state_changed_at == newest("claim") < newest("comment")
    services.decide(reviewer, text, vardat=3, enkelt=3, begripligt=3, summary="", decision="changes", minutes=10)
    db.session.refresh(text)
    assert text.state_changed_at == newest("request_changes")

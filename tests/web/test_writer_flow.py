"""The writer stays where they were: stable finding ids, landing at the next finding after an
action, "Ångra", "Ändra alla" for a repeated word, and one row per person in the personal list."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.analysis import report_for
from klarsprak.review.models import AuditEvent, PersonalDataDecision, UndoChange
from klarsprak.web.writer_page import finding_ids

REPEATED = "Du ska inkomma med intyg. Du kan inkomma med papper. Vi ber dig inkomma med underlag senast i maj."


def list_ids(page: str) -> list[str]:
    """The ids of the findings' list items, in list order."""
    findings = page.split('<ol class="findings">')[1].split("</ol>")[0]
    return re.findall(r'<li id="(f-[^"]+)"', findings)


def item(page: str, anchor: str) -> str:
    """The HTML of one list item."""
    return page.split(f'<li id="{anchor}"')[1].split("</li>")[0]


def apply(client, text, word: str, replacement: str, occurrence: int = 0):
    body = text.revision().body
    start = [m.start() for m in re.finditer(re.escape(word), body)][occurrence]
    return client.post(f"/texter/{text.id}/anvand-forslag", data={
        "start": start, "end": start + len(word), "original": word, "replacement": replacement,
        "lock_version": text.lock_version})


def test_finding_ids_do_not_move_when_another_finding_goes():
    body = "Vi har erhållit din ansökan. Du kan få bistånd. Beslutet översänds i dag."
    before = dict(zip([f.text for f in report_for(body).findings], finding_ids(report_for(body).findings),
                      strict=True))
    after_body = body.replace("erhållit", "fått")
    after = dict(zip([f.text for f in report_for(after_body).findings], finding_ids(report_for(after_body).findings),
                     strict=True))
    assert "erhållit" in before and "erhållit" not in after
    shared = set(before) & set(after)
    assert shared and all(before[word] == after[word] for word in shared)


def test_after_a_suggestion_the_writer_lands_on_the_next_finding_with_an_undo(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Vi har erhållit din ansökan. Du ska inkomma med intyg.")
    ids_before = list_ids(client.get(f"/texter/{text.id}").text)
    response = apply(client, text, "erhållit", "fått")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    anchor = location.fragment
    page = client.get(location.path + ("?" + location.query if location.query else "")).text
    ids_after = list_ids(page)
    assert anchor in ids_after and anchor in ids_before  # the same finding, under the same id
    assert ids_after == [i for i in ids_before if i in ids_after] and len(ids_after) == len(ids_before) - 1
    here = item(page, anchor)
    assert "”erhållit” är utbytt mot ”fått”." in here and 'data-landing' in here
    assert f'action="/texter/{text.id}/angra"' in here and ">Ångra<" in here
    # Shown once, like a flashed message.
    assert "data-landing" not in client.get(f"/texter/{text.id}").text


def test_undo_puts_the_old_words_back(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    body = "Vi har erhållit din ansökan. Du kan få bistånd."
    text = make_text(author, body=body)
    page = client.get(apply(client, text, "erhållit", "fått").headers["Location"]).text
    form = re.search(r'<form method="post" action="/texter/\d+/angra">(.*?)</form>', page, re.DOTALL).group(1)
    fields = {k: html.unescape(v) for k, v in re.findall(r'name="(\w+)" value="([^"]*)"', form)}
    response = client.post(f"/texter/{text.id}/angra", data=fields)
    assert response.status_code == 302
    db.session.refresh(text)
    assert text.revision().body == body
    assert "Ändringen är ångrad" in client.get(response.headers["Location"]).text


def undo_form(page: str) -> dict[str, str]:
    """The fields the "Ångra" form posts."""
    form = re.search(r'<form method="post" action="/texter/\d+/angra">(.*?)</form>', page, re.DOTALL).group(1)
    return {k: html.unescape(v) for k, v in re.findall(r'name="(\w+)" value="([^"]*)"', form)}


def test_the_undo_form_posts_only_the_id_of_an_undo_kept_on_the_server(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Vi har erhållit din ansökan. Du kan få bistånd.")
    fields = undo_form(client.get(apply(client, text, "erhållit", "fått").headers["Location"]).text)
    # (and the page of comments the writer was on, to come back to it)
    assert set(fields) == {"csrf_token", "undo", "kommentarsida"} and "erhållit" not in str(fields)
    assert fields["kommentarsida"] == "1"
    kept = db.session.scalars(select(UndoChange)).all()
    assert [(u.id, u.text_id, u.author_id) for u in kept] == [(int(fields["undo"]), text.id, author.id)]
    db.session.refresh(text)
    assert (kept[0].lock_version, kept[0].revision_number) == (text.lock_version, text.current_version)


def test_undo_after_a_later_change_is_refused_and_loses_nothing(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Vi har erhållit din ansökan. Du kan få bistånd.")
    fields = undo_form(client.get(apply(client, text, "erhållit", "fått").headers["Location"]).text)
    db.session.refresh(text)
    later = "Vi har fått din ansökan. Du kan få hjälp."
    client.post(f"/texter/{text.id}/spara", data={"title": text.title, "body": later, "lock_version": text.lock_version})
    assert db.session.scalar(select(UndoChange.id)) is None  # the save removed the undo
    response = client.post(f"/texter/{text.id}/angra", data=fields)
    assert response.status_code == 409
    assert "Det gick inte att ångra: texten har ändrats sedan dess." in response.text
    assert '<div class="error" role="alert"' in response.text and "Ändringen ångrades inte." in response.text
    db.session.refresh(text)
    assert text.revision().body == later  # the later change is kept


def test_an_undo_works_once_and_only_for_its_author(login, make_user, make_text):
    author, other, communicator = make_user("skribent"), make_user("skribent"), make_user("kommunikator")
    client = login(author)
    body = "Vi har erhållit din ansökan. Du kan få bistånd."
    text = make_text(author, body=body)
    fields = undo_form(client.get(apply(client, text, "erhållit", "fått").headers["Location"]).text)
    changed = body.replace("erhållit", "fått")
    for someone in (other, communicator):  # replayed by another person: refused, nothing changed
        assert login(someone).post(f"/texter/{text.id}/angra", data=fields).status_code == 403
        db.session.refresh(text)
        assert text.revision().body == changed
    other_text = make_text(other, body=body)  # the id posted to another person's own text
    assert login(other).post(f"/texter/{other_text.id}/angra", data=fields).status_code == 404
    client = login(author)
    assert client.post(f"/texter/{text.id}/angra", data=fields).status_code == 302
    db.session.refresh(text)
    assert text.revision().body == body and db.session.scalar(select(UndoChange.id)) is None  # used: gone
    again = client.post(f"/texter/{text.id}/angra", data=fields)  # the same undo a second time
    assert again.status_code == 409 and "Det gick inte att ångra" in again.text
    db.session.refresh(text)
    assert text.revision().body == body
    for bad in ("", "x", "0", "9" * 30):
        assert client.post(f"/texter/{text.id}/angra", data={"undo": bad}).status_code == 400


def test_only_the_latest_undo_of_a_text_is_kept(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Vi har erhållit din ansökan. Beslutet översänds i dag.")
    first = undo_form(client.get(apply(client, text, "erhållit", "fått").headers["Location"]).text)
    db.session.refresh(text)
    second = undo_form(client.get(apply(client, text, "översänds", "skickas").headers["Location"]).text)
    assert first["undo"] != second["undo"]
    assert [u.id for u in db.session.scalars(select(UndoChange))] == [int(second["undo"])]
    assert client.post(f"/texter/{text.id}/angra", data=first).status_code == 409
    assert client.post(f"/texter/{text.id}/angra", data=second).status_code == 302
    db.session.refresh(text)
    assert text.revision().body == "Vi har fått din ansökan. Beslutet översänds i dag."


def test_a_new_version_or_erased_originals_remove_the_undo(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    client = login(author)
    text = make_text(author, body="Vi har erhållit din ansökan. Du kan få bistånd.", reviewer=reviewer)
    services.decide(reviewer, text, vardat=3, enkelt=3, begripligt=3, summary="", decision="changes")
    apply(client, text, "erhållit", "fått")  # on the version with requested changes
    assert db.session.scalar(select(UndoChange.id)) is not None
    db.session.refresh(text)
    services.new_version(author, text, "Vi har fått din ansökan.", text.lock_version)
    assert db.session.scalar(select(UndoChange.id)) is None

    draft = make_text(author, body="Vi har erhållit din ansökan.")
    apply(client, draft, "erhållit", "fått")
    assert db.session.scalar(select(UndoChange.text_id)) == draft.id
    services.erase_originals(draft, author)
    db.session.commit()
    assert db.session.scalar(select(UndoChange.id)) is None  # the old words are originals too


def test_after_changing_200_places_the_cookie_stays_small_and_undo_puts_all_back(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    body = "Du ska inkomma med intyg. " * 200
    text = make_text(author, body=body)
    rule = next(f.rule for f in report_for(body).findings if f.text == "inkomma")
    response = client.post(f"/texter/{text.id}/andra-alla", data={
        "rule": rule, "original": "inkomma", "replacement": "komma in", "lock_version": text.lock_version})
    assert response.status_code == 302
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert len(cookie) < 1_000, len(cookie)  # the browser drops a cookie over 4 kB, and the message with it
    page = client.get(response.headers["Location"]).text
    assert "Ändrat på 200 ställen" in page
    db.session.refresh(text)
    assert text.revision().body.count("komma in") == 200
    assert client.post(f"/texter/{text.id}/angra", data=undo_form(page)).status_code == 302
    db.session.refresh(text)
    assert text.revision().body == body


def test_change_all_changes_where_the_check_allows_and_says_what_is_left(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body=REPEATED)
    group = [f for f in report_for(REPEATED).findings if f.text == "inkomma"]
    fits = [f for f in group if f.one_click]
    assert len(fits) >= 2 and len(group) > len(fits)  # the sample has both kinds
    page = client.get(f"/texter/{text.id}").text
    assert f"Ändra alla ”inkomma” till ”komma in” ({len(fits)})" in page
    response = client.post(f"/texter/{text.id}/andra-alla", data={
        "rule": group[0].rule, "original": "inkomma", "replacement": "komma in", "lock_version": text.lock_version})
    assert response.status_code == 302
    db.session.refresh(text)
    body = text.revision().body
    assert body.count("komma in") == len(fits) and body.count("inkomma") == len(group) - len(fits)
    for finding in group:  # a sentence where the suggestion does not fit is left exactly as it was
        sentence = next(s for s in REPEATED.split(". ") if finding.start < REPEATED.index(s) + len(s))
        assert (sentence in body) != finding.one_click
    assert [e.action for e in db.session.scalars(select(AuditEvent))].count("save") == 1  # one new save
    landed = client.get(response.headers["Location"]).text
    left = len(group) - len(fits)
    assert f"Ändrat på {len(fits)} ställen" in landed
    assert ("Ett ställe är kvar" if left == 1 else f"{left} ställen är kvar") in landed


def test_change_all_with_a_stale_page_is_refused_on_the_page(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body=REPEATED)
    response = client.post(f"/texter/{text.id}/andra-alla", data={
        "rule": "jargon.svarta-listan", "original": "inkomma", "replacement": "komma in",
        "lock_version": text.lock_version - 1})
    assert response.status_code == 409 and "Ingenting ändrades." in response.text
    db.session.refresh(text)
    assert text.revision().body == REPEATED


def test_a_person_is_one_row_and_a_decided_row_offers_no_mask_button(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Anna Svensson har sökt bistånd. Anna bor i Malmö med sin son.")
    page = client.get(f"/texter/{text.id}").text
    section = page.split('id="personuppgifter"')[1].split("</section>")[0]
    rows = re.findall(r'<li id="(pu-[^"]+)"', section)
    anna = [r for r in rows if "Anna Svensson" in item(section, r)]
    assert len(anna) == 1 and "Anna Svensson, Anna" in item(section, anna[0])
    form = item(section, anna[0])
    quotes = re.findall(r'name="quote" value="([^"]*)"', form.split("</form>")[0])
    assert quotes == ["Anna Svensson", "Anna"]
    response = client.post(f"/texter/{text.id}/personuppgifter",
                           data={"group": "name", "quote": ["Anna Svensson", "Anna"], "decision": "mask"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#" + anna[0])
    assert db.session.scalar(select(PersonalDataDecision.id).where(PersonalDataDecision.decision == "mask").limit(1))
    page = client.get(response.headers["Location"]).text
    row = item(page.split('id="personuppgifter"')[1], anna[0])
    assert "maskeras som [NAMN 1]" in row and "Uppgiften maskeras för granskarna." in row
    assert ">Maskera<" not in row and "Ändra ditt val" in row


def test_a_refused_keep_shows_why_on_the_page(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Anna Svensson har sökt bistånd.")
    response = client.post(f"/texter/{text.id}/personuppgifter",
                           data={"group": "name", "quote": "Anna Svensson", "decision": "keep", "reason": " "})
    assert response.status_code == 400
    assert "Ditt val sparades inte." in response.text and "Skriv varför" in response.text
    assert '<div class="error" role="alert"' in response.text


def test_after_a_dismissal_the_writer_lands_on_the_next_finding(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Du ska inkomma med intyg. Vi har erhållit din ansökan.")
    ids = list_ids(client.get(f"/texter/{text.id}").text)
    start = text.revision().body.index("inkomma")
    response = client.post(f"/texter/{text.id}/avfarda", data={"rule": "jargon.svarta-listan", "quote": "inkomma",
                                                               "start": start, "reason": "fackterm"})
    anchor = urlsplit(response.headers["Location"]).fragment
    page = client.get(response.headers["Location"]).text
    assert anchor in ids and anchor in list_ids(page)
    assert "Markeringen är borttagen för den här texten." in item(page, anchor)


"""The writer's routes: create, analyse, edit, apply a suggestion, dismiss, submit, compare."""

from __future__ import annotations

import io
import re

import docx
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review.models import AuditEvent, Dismissal, Text


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_text(client, **overrides):
    data = {"title": "Beslut om bistånd", "kind": "beslut", "audience": "Den som har sökt",
            "body": "Vi har erhållit din ansökan. Bistånd beviljas."} | overrides
    return client.post("/texter/ny", data=data, content_type="multipart/form-data")


def test_create_and_see_the_analysis(login, make_user):
    client = login(make_user("skribent"))
    response = new_text(client)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Utkast" in page.text and "LIX" in page.text
    assert '<mark class="finding suggestion"' in page.text and "fått" in page.text
    assert "Använd förslaget ”fått”" in page.text


def test_create_from_docx_keeps_paragraphs(login, make_user):
    client = login(make_user("skribent"))
    data = (io.BytesIO(docx_bytes("Beslut", "Vi har erhållit din ansökan.", "Bistånd beviljas.")), "beslut.docx")
    response = new_text(client, body="", document=data)
    assert response.status_code == 302
    text = db.session.scalar(select(Text))
    assert text.revision().body == "Beslut\n\nVi har erhållit din ansökan.\n\nBistånd beviljas.\n"


def test_corrupt_docx_is_refused_and_the_form_kept(login, make_user):
    client = login(make_user("skribent"))
    response = new_text(client, title="Mitt brev", body="", document=(io.BytesIO(b"PK\x03\x04trasig"), "brev.docx"))
    assert response.status_code == 400 and "skadad" in response.text
    assert 'value="Mitt brev"' in response.text
    assert db.session.scalar(select(Text)) is None


def test_empty_text_is_refused(login, make_user):
    response = new_text(login(make_user("skribent")), body="   ")
    assert response.status_code == 400 and "Texten är tom" in response.text


def test_html_in_title_and_text_is_inert(login, make_user):
    client = login(make_user("skribent"))
    response = new_text(client, title="<script>alert(1)</script>", body="Hej <img src=x onerror=alert(1)> du.")
    page = client.get(response.headers["Location"])
    assert "<script>alert(1)</script>" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;" in page.text


def test_save_draft_and_refuse_a_stale_form(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author)
    seen = text.lock_version
    ok = client.post(f"/texter/{text.id}/spara", data={"title": "Ny rubrik", "body": "Du får pengar.",
                                                       "lock_version": seen})
    assert ok.status_code == 302
    stale = client.post(f"/texter/{text.id}/spara", data={"title": "X", "body": "Min viktiga ändring.",
                                                          "lock_version": seen})
    assert stale.status_code == 409 and "ändrats av någon annan" in stale.text
    assert "Min viktiga ändring." in stale.text  # nothing typed is lost
    db.session.refresh(text)
    assert text.revision().body == "Du får pengar." and text.title == "Ny rubrik"


def test_apply_suggestion(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Vi har erhållit din ansökan.")
    start = text.revision().body.index("erhållit")
    data = {"start": start, "end": start + 8, "original": "erhållit", "replacement": "fått",
            "lock_version": text.lock_version}
    assert client.post(f"/texter/{text.id}/anvand-forslag", data=data).status_code == 302
    db.session.refresh(text)
    assert text.revision().body == "Vi har fått din ansökan."
    again = client.post(f"/texter/{text.id}/anvand-forslag", data=data | {"lock_version": text.lock_version})
    assert again.status_code == 409  # the passage is no longer "erhållit"


def test_dismiss_a_finding(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Du ska inkomma med intyg. Vi har erhållit din ansökan.")
    page = client.get(f"/texter/{text.id}").text
    assert "”inkomma” är ett krångligt ord" in page
    client.post(f"/texter/{text.id}/avfarda", data={"rule": "jargon.svarta-listan", "quote": "inkomma",
                                                    "reason": "fackterm"})
    page = client.get(f"/texter/{text.id}").text
    assert "”inkomma” är ett krångligt ord" not in page and "”erhållit” är ett krångligt ord" in page
    assert db.session.scalar(select(Dismissal)).reason == "fackterm"
    assert "dismiss" in [e.action for e in db.session.scalars(select(AuditEvent))]


def test_submit_and_double_submit(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author)
    assert client.post(f"/texter/{text.id}/skicka", data={"lock_version": text.lock_version}).status_code == 302
    db.session.refresh(text)
    assert text.state == "vantar"
    again = client.post(f"/texter/{text.id}/skicka", data={"lock_version": text.lock_version})
    assert again.status_code == 409 and "Väntar på granskning" in again.text


def test_other_writers_cannot_change_a_text(login, make_user, make_text):
    text = make_text(make_user("skribent"))
    client = login(make_user("skribent"))
    for path in ("spara", "skicka", "arkivera", "avfarda"):
        assert client.post(f"/texter/{text.id}/{path}", data={"lock_version": 1}).status_code == 403


def test_mine_lists_only_own_texts(login, make_user, make_text):
    author, other = make_user("skribent"), make_user("skribent")
    make_text(author, title="Mitt brev")
    make_text(other, title="Någon annans brev")
    page = login(author).get("/texter").text
    assert "Mitt brev" in page and "Någon annans brev" not in page


def test_archive(login, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author)
    login(author).post(f"/texter/{text.id}/arkivera")
    db.session.refresh(text)
    assert text.state == "arkiverad"


def test_dismissals_are_counted_per_rule_for_communicators(login, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author, body="Du ska inkomma med intyg.")
    login(author).post(f"/texter/{text.id}/avfarda", data={"rule": "jargon.svarta-listan", "quote": "inkomma",
                                                          "reason": "fackterm"})
    page = login(make_user("kommunikator")).get("/alla-texter").text
    assert "<td>jargon.svarta-listan</td><td>1</td>" in page


def test_huge_text_is_refused_and_kept(login, make_user):
    client = login(make_user("skribent"))
    body = "Vi har fått din ansökan. " * 4100  # over 100,000 characters
    response = new_text(client, body=body)
    assert response.status_code == 400 and "för lång" in response.text
    assert db.session.scalar(select(Text)) is None


def test_archiving_asks_first(login, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author)
    page = login(author).get(f"/texter/{text.id}").text
    assert "<summary>Arkivera …</summary>" in page and "återställa den" in page
    assert "Ja, arkivera texten" in page


def test_archiving_is_not_offered_during_review(login, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    waiting, claimed = make_text(author, submit=True), make_text(author, reviewer=reviewer)
    client = login(author)
    for text in (waiting, claimed):
        page = client.get(f"/texter/{text.id}").text
        assert "Arkivera" not in page and "går inte att arkivera nu" in page
        response = client.post(f"/texter/{text.id}/arkivera", data={"lock_version": text.lock_version})
        assert response.status_code == 409 and "Ta tillbaka den från granskningen först" in response.text
        state = text.state
        db.session.refresh(text)
        assert text.state == state


def test_the_author_restores_an_archived_text(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author)
    client.post(f"/texter/{text.id}/arkivera")
    page = client.get(f"/texter/{text.id}").text
    assert "Återställ från arkivet" in page and "Arkivera …" not in page
    assert "Återställ från arkivet" in client.get("/texter").text
    response = client.post(f"/texter/{text.id}/aterstall")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/texter/{text.id}")
    db.session.refresh(text)
    assert text.state == "utkast" and text.current_version == 1  # never sent: the same version
    assert "Texten är återställd från arkivet" in client.get(response.headers["Location"]).text
    assert [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))][-2:] == [
        "archive", "unarchive"]
    assert client.post(f"/texter/{text.id}/aterstall").status_code == 409  # already a draft


def test_a_communicator_restores_an_approved_text_as_a_new_version(login, make_user, make_text):
    from klarsprak.review import services

    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    services.decide(reviewer, text, vardat=4, enkelt=4, begripligt=4, summary="", decision="approve", minutes=10)
    services.archive(author, text)
    approved = text.revision().body
    staff = login(make_user("kommunikator"))
    assert f'action="/texter/{text.id}/aterstall"' in staff.get("/alla-texter").text
    response = staff.post(f"/texter/{text.id}/aterstall")
    assert response.status_code == 302 and response.headers["Location"].endswith("/alla-texter")
    db.session.refresh(text)
    assert text.state == "utkast" and text.current_version == 2
    assert text.revision(1).review_body is not None and text.revision(1).body == approved  # as reviewed
    assert text.revision().body == approved and text.revision().review_body is None
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "unarchive" and event.user_id != author.id


def test_others_cannot_restore(login, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author)
    login(author).post(f"/texter/{text.id}/arkivera")
    for role in ("skribent", "granskare"):
        assert login(make_user(role)).post(f"/texter/{text.id}/aterstall").status_code == 403
    db.session.refresh(text)
    assert text.state == "arkiverad"


def test_the_rendered_dismiss_form_posts_one_rule_and_works(login, make_user, make_text):
    """The page's own form, posted as a browser would (every field in order): it used to send an
    empty rule before the real one, so every dismissal was refused."""
    import re as regex

    from werkzeug.datastructures import MultiDict

    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Du ska inkomma med intyg.")
    page = client.get(f"/texter/{text.id}").text
    form = regex.search(r'<form method="post" action="/texter/\d+/avfarda">(.*?)</form>', page, regex.DOTALL).group(1)
    fields = regex.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form)
    assert [name for name, _ in fields].count("rule") == 1
    data = [(name, value) for name, value in fields if name != "reason"] + [("reason", "fackterm")]
    response = client.post(f"/texter/{text.id}/avfarda", data=MultiDict(data), follow_redirects=True)
    assert "Markeringen är borttagen" in response.text
    assert db.session.scalar(select(Dismissal)).rule == "jargon.svarta-listan"


def dismiss_item(page: str) -> str:
    """The list item of the page's first dismiss form."""
    return page.split('<ol class="findings">')[1].split("</li>")[0]


def test_a_refused_dismissal_looks_like_an_error_and_stays_open(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Du ska inkomma med intyg.")
    response = client.post(f"/texter/{text.id}/avfarda", data={"rule": "jargon.svarta-listan", "quote": "inkomma",
                                                               "note": "Ett ord vi måste använda"})
    assert response.status_code == 400
    here = dismiss_item(response.text)
    assert '<p class="error" role="alert"' in here and "Markeringen togs inte bort." in here
    assert "Välj ett skäl." in here and 'class="flash"' not in response.text
    assert "<details open>" in here and 'value="Ett ord vi måste använda"' in here
    assert db.session.scalar(select(Dismissal)) is None


def test_a_refused_dismissal_keeps_the_chosen_reason(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Du ska inkomma med intyg.")
    response = client.post(f"/texter/{text.id}/avfarda", data={"rule": "jargon.svarta-listan", "quote": "inkomma",
                                                               "reason": "annat", "note": "x" * 501})
    assert response.status_code == 400
    here = dismiss_item(response.text)
    assert "Kommentaren är för lång: 501 tecken. Gränsen är 500 tecken." in here
    assert re.search(r'value="annat" required checked', here) and 'value="' + "x" * 501 + '"' in here


def test_a_long_paste_is_refused_with_its_length_never_cut(login, make_user):
    client = login(make_user("skribent"))
    assert "maxlength" not in client.get("/texter/ny").text  # a browser would cut a longer paste silently
    body = "Vi har fått din ansökan och ska läsa den. " * 2871  # 120,582 characters
    response = new_text(client, title="Långt beslut", audience="Sökande", body=body)
    assert response.status_code == 400
    assert f"Texten är för lång: {len(body):,} tecken. Gränsen är 100 000 tecken.".replace(",", " ") in response.text
    assert 'value="Långt beslut"' in response.text and 'value="Sökande"' in response.text
    assert body.strip() in response.text  # what was pasted is still in the box
    assert db.session.scalar(select(Text)) is None


def test_a_long_title_is_refused_not_cut(login, make_user):
    response = new_text(login(make_user("skribent")), title="Beslut " * 40)
    assert response.status_code == 400 and "Rubriken är för lång: 280 tecken. Gränsen är 200 tecken." in response.text
    assert db.session.scalar(select(Text)) is None


def test_an_upload_of_the_wrong_type_keeps_title_and_audience(login, make_user):
    client = login(make_user("skribent"))
    response = new_text(client, title="Brev om hemtjänst", audience="Den som har sökt hemtjänst", body="",
                        document=(io.BytesIO(b"%PDF-1.4 inte word"), "brev.pdf"))
    assert response.status_code == 400 and "Bara Word-dokument (.docx) går att ladda upp." in response.text
    assert 'value="Brev om hemtjänst"' in response.text and 'value="Den som har sökt hemtjänst"' in response.text
    assert "Välj dokumentet igen" in response.text and '<div class="error" role="alert"' in response.text
    assert db.session.scalar(select(Text)) is None


def test_a_refused_save_keeps_title_audience_and_text(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author)
    body = "Du får pengar. " * 7000
    response = client.post(f"/texter/{text.id}/spara", data={"title": "Ny rubrik", "audience": "Föräldrar",
                                                             "body": body, "lock_version": text.lock_version})
    assert response.status_code == 400 and "Texten är för lång: 105 000 tecken." in response.text
    assert 'value="Ny rubrik"' in response.text and 'value="Föräldrar"' in response.text
    assert body.strip() in response.text and "maxlength" not in response.text
    db.session.refresh(text)
    assert text.title == "Beslut om bistånd" and text.audience == "Den som har sökt"


def test_a_refused_submit_shows_the_page_with_the_personal_data_and_the_form(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Anna Svensson har sökt bistånd.")
    response = client.post(f"/texter/{text.id}/skicka", data={"lock_version": text.lock_version})
    assert response.status_code == 409
    assert "<strong>Texten skickades inte.</strong> Texten innehåller 1 personuppgifter" in response.text
    assert 'href="#personuppgifter"' in response.text and ">Maskera<" in response.text
    assert "Anna Svensson har sökt bistånd." in response.text.split('id="redigera"')[1]  # the form, with the text
    db.session.refresh(text)
    assert text.state == "utkast"


def test_a_refused_reply_keeps_what_was_typed(login, make_user, make_text):
    from klarsprak.review import services

    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    comment, _ = services.add_comment(reviewer, text, "Vad betyder bistånd?", None, None)
    client = login(author)
    long_answer = "Det betyder hjälp från kommunen. " * 160
    response = client.post(f"/texter/{text.id}/kommentarer/{comment.id}/svar", data={"body": long_answer})
    assert response.status_code == 400
    here = response.text.split(f'id="k{comment.id}"')[1].split("</article>")[0]
    assert "Svaret sparades inte." in here
    assert f"Svaret är för långt: {len(long_answer):,} tecken.".replace(",", " ") in here
    assert long_answer.strip() in here and '<p class="error" role="alert"' in here
    empty = client.post(f"/texter/{text.id}/kommentarer/{comment.id}/svar", data={"body": "  "})
    assert empty.status_code == 400 and "Skriv ett svar." in empty.text


def test_tips_are_hidden_until_the_writer_asks(login, make_user, make_text):
    """An agentless passive in a text that addresses nobody is a tip: not in the list by default."""
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Ansökan ska skickas in senast den 1 maj.")
    page = client.get(f"/texter/{text.id}").text
    assert "1 tips är dolt" in page and "skickas" not in page.split('id="analys"')[1].split("</ol>")[0].split(
        "Anmärkningar")[1]
    with_tips = client.get(f"/texter/{text.id}?tips=1").text
    assert "<em>(tips)</em>" in with_tips and "Dölj tipsen" in with_tips


def test_advice_that_cannot_be_put_in_grammatically_has_no_one_click_button(login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    text = make_text(author, body="Du ska skicka in ansökan. Den ska skickas senast den 1 maj.")
    page = client.get(f"/texter/{text.id}").text
    passive = page.split("Passiv form")[1].split("</li>")[0] if "Passiv form" in page else ""
    assert passive and "Använd förslaget" not in passive


EXPLAINED = ("Vi visar hela ord som har ändrats. <del>Överstruket</del> är borttaget, <ins>understruket</ins> "
             "är nytt.")


def test_both_comparison_pages_explain_the_marks_in_one_line(login, make_user, make_text):
    from klarsprak.review import services

    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body="Vi har erhållit din ansökan.", reviewer=reviewer)
    services.decide(reviewer, text, vardat=3, enkelt=3, begripligt=3, summary="", decision="changes")
    services.new_version(author, text, "Vi har fått din ansökan.", text.lock_version)
    services.submit(author, text)
    for who, address in ((author, f"/texter/{text.id}/jamfor"), (reviewer, f"/granska/{text.id}/andringar")):
        page = login(who).get(address).text
        assert EXPLAINED in page, address
        assert 'href="/static/diff.css"' in page  # the strike-through, underline and spacing the line describes
        assert '<div class="diff">' in page and "Borttaget: </span>erhållit</del>" in page
    same = login(author).get(f"/texter/{text.id}/jamfor?fran=2&till=2").text
    assert "Version 2 och version 2 är likadana." in same and EXPLAINED not in same


def test_a_communicator_restores_from_the_texts_timeline_and_comes_back_to_it(login, make_user, make_text):
    from klarsprak.review import services

    author, communicator = make_user("skribent"), make_user("kommunikator")
    text = make_text(author)
    services.archive(author, text)
    staff = login(communicator)
    timeline = staff.get(f"/oversikt/texter/{text.id}").text
    assert f'action="/texter/{text.id}/aterstall"' in timeline and 'name="tillbaka" value="tidslinje"' in timeline
    response = staff.post(f"/texter/{text.id}/aterstall", data={"tillbaka": "tidslinje"})
    assert response.status_code == 302 and response.headers["Location"] == f"/oversikt/texter/{text.id}"
    db.session.refresh(text)
    assert text.state == "utkast"
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.user_id) == ("unarchive", communicator.id)  # audited, with its actor
    after = staff.get(response.headers["Location"]).text
    assert "Texten är återställd från arkivet" in after and f"/texter/{text.id}/aterstall" not in after
    # Any other value of the field is no address to go to.
    services.archive(author, text)
    elsewhere = staff.post(f"/texter/{text.id}/aterstall", data={"tillbaka": "https://evil.example/"})
    assert elsewhere.headers["Location"] == "/alla-texter"


def test_the_timeline_offers_no_restore_that_the_server_would_refuse(login, make_user, make_text):
    from klarsprak.review import services

    author = make_user("skribent")
    draft, erased = make_text(author), make_text(author, title="Gallrad")
    services.archive(author, erased)
    services.erase_originals(erased, author)
    db.session.commit()
    staff = login(make_user("kommunikator"))
    for text in (draft, erased):  # not archived; archived with its originals gone
        assert "/aterstall" not in staff.get(f"/oversikt/texter/{text.id}").text
    assert staff.post(f"/texter/{erased.id}/aterstall", data={"tillbaka": "tidslinje"}).status_code == 409
    reviewer = login(make_user("granskare"))
    services.archive(author, draft)
    assert reviewer.get(f"/oversikt/texter/{draft.id}").status_code == 403
    assert reviewer.post(f"/texter/{draft.id}/aterstall", data={"tillbaka": "tidslinje"}).status_code == 403
    db.session.refresh(draft)
    assert draft.state == "arkiverad"

"""The rule pages: local changes stored as rows, applied to the next analysis, checked with the
real engine when saved, exported and imported; only kommunikatör and admin reach them."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import create_engine, func, insert, select

from klarsprak.extensions import db
from klarsprak.review import rule_changes
from klarsprak.review.analysis import report_for
from klarsprak.review.models import RuleChange, utcnow

STIFF = "Du får bibehålla ditt bistånd under hela året."  # "bibehålla" is in no shipped list


def rows() -> int:
    return db.session.scalar(select(func.count(RuleChange.id)))


@pytest.fixture
def editor(login, make_user):
    return login(make_user("kommunikator"))


def test_a_new_word_list_entry_is_used_by_the_next_analysis(editor, make_user, make_text, login):
    """The issue's done-when: the kommunikatör changes a word list; the writer's next analysis uses it."""
    writer = make_user("skribent")
    text = make_text(writer, body=STIFF)
    assert not [f for f in report_for(STIFF).findings if f.text == "bibehålla"]
    response = editor.post("/regler/regel/jargon.svarta-listan/ord", data={
        "phrase": "bibehålla", "suggestions": "behålla", "note": "", "example": "Ni kan bibehålla rätten till stöd."})
    assert response.status_code == 302, response.text
    assert "Skriv hellre ”behålla”" in login(writer).get(f"/texter/{text.id}").text
    found = [f for f in report_for(STIFF).findings if f.rule == "jargon.svarta-listan"]
    assert [(f.text, f.suggestions[0]) for f in found] == [("bibehålla", "behålla")]
    change = db.session.scalars(select(RuleChange)).one()
    assert change.action == "entry_save" and change.detail["hit"] == "bibehålla" and change.user_id is not None


def test_an_example_that_does_not_fire_is_refused_in_swedish_and_nothing_is_saved(editor):
    response = editor.post("/regler/regel/jargon.svarta-listan/ord", data={
        "phrase": "bibehålla", "suggestions": "behålla", "example": "Du får behålla ditt bistånd."})
    assert response.status_code == 400
    assert "Exempelmeningen ger ingen markering för ”bibehålla”" in response.text
    assert 'value="bibehålla"' in response.text and "Du får behålla ditt bistånd." in response.text  # kept
    assert rows() == 0


@pytest.mark.parametrize(("data", "message"), [
    ({"phrase": "", "example": "En mening."}, "Skriv ordet eller uttrycket."),
    ({"phrase": "bibehålla", "example": ""}, "Skriv en exempelmening."),
    ({"phrase": "erhålla", "example": "Du erhåller pengar."}, "”erhålla” finns redan i ordlistan"),
])
def test_entry_form_errors_are_swedish(editor, data, message):
    response = editor.post("/regler/regel/jargon.svarta-listan/ord", data=data)
    assert response.status_code == 400 and message in response.text
    assert rows() == 0


def test_editing_and_removing_an_entry(editor):
    page = editor.get("/regler/ord?id=jargon.svarta-listan&fras=erhålla")
    assert page.status_code == 200 and 'value="erhålla"' in page.text
    response = editor.post("/regler/ord?id=jargon.svarta-listan&fras=erhålla", data={
        "phrase": "erhålla", "suggestions": "få\nta emot", "example": "Du erhåller ett brev."})
    assert response.status_code == 302, response.text
    found = [f for f in report_for("Du erhåller ett brev i morgon.").findings if f.rule == "jargon.svarta-listan"]
    assert found and found[0].suggestions[:2] == ("får", "tar emot")
    assert editor.post("/regler/regel/jargon.svarta-listan/ta-bort-ord", data={"value": "erhålla"}).status_code == 302
    assert not [f for f in report_for("Du erhåller ett brev i morgon.").findings if f.rule == "jargon.svarta-listan"]
    assert editor.get("/regler/ord?id=jargon.svarta-listan&fras=erhålla").status_code == 404
    history = editor.get("/regler/historik").text
    assert "Tog bort ”erhålla”." in history and "Ändrade ”erhålla” → få, ta emot" in history


def test_an_edit_keeps_the_settings_the_form_does_not_show(editor):
    """"delge" is advice only in a letter to a person (audience: reader): an edit keeps that."""
    response = editor.post("/regler/ord?id=jargon.svarta-listan&fras=delge", data={
        "phrase": "delge", "suggestions": "meddela", "example": "Vi delger dig beslutet i dag."})
    assert response.status_code == 302, response.text
    rule = rule_changes.rule_by_id("jargon.svarta-listan")
    edited = next(e for e in rule.parameters["entries"] if e["phrase"] == "delge")
    assert edited == {"phrase": "delge", "audience": "reader", "suggestions": ["meddela"]}


def test_switching_a_rule_off_and_on(editor):
    body = "Ansökan ska skickas in senast den första maj."
    assert any(f.rule == "passive.s-passive" for f in report_for(body).findings)
    assert editor.post("/regler/regel/passive.s-passive/pa-av", data={"on": "0"}).status_code == 302
    assert not any(f.rule == "passive.s-passive" for f in report_for(body).findings)
    assert "Av" in editor.get("/regler/regel?id=passive.s-passive").text
    editor.post("/regler/regel/passive.s-passive/pa-av", data={"on": "1"})
    assert any(f.rule == "passive.s-passive" for f in report_for(body).findings)
    assert [c.detail["on"] for c in db.session.scalars(select(RuleChange).order_by(RuleChange.id))] == [False, True]


def test_personal_data_rules_cannot_be_switched_off(editor):
    response = editor.post("/regler/regel/personal-data.namn/pa-av", data={"on": "0"}, follow_redirects=True)
    assert "går inte att ändra eller stänga av" in response.text
    assert rows() == 0


def test_thresholds_are_validated_and_applied(editor):
    body = "Vi har fått ditt brev om stöd i hemmet nu."  # nine words
    assert not any(f.rule == "sentence-length.long" for f in report_for(body).findings)
    bad = editor.post("/regler/regel/sentence-length.long/granser", data={"suggestion_above": "-3",
                                                                           "warning_above": "30", "tips_up_to": "25"})
    assert bad.status_code == 400 and "0 eller större" in bad.text
    text = editor.post("/regler/regel/sentence-length.long/granser", data={"suggestion_above": "åtta",
                                                                            "warning_above": "30", "tips_up_to": "25"})
    assert text.status_code == 400 and "heltal" in text.text.lower()
    assert rows() == 0
    ok = editor.post("/regler/regel/sentence-length.long/granser", data={"suggestion_above": "8",
                                                                          "warning_above": "30", "tips_up_to": "25"})
    assert ok.status_code == 302, ok.text
    assert any(f.rule == "sentence-length.long" for f in report_for(body).findings)
    assert db.session.scalars(select(RuleChange)).one().detail == {"parameters": {"suggestion_above": 8}}


def test_accepted_words_never_hide_personal_data(editor):
    body = "Tolvansson har erhållit beslutet."
    assert any(f.text == "erhållit" for f in report_for(body).findings)
    for word in ("erhållit", "tolvansson"):
        response = editor.post("/regler/godkanda-ord", data={"word": word,
                                                             "example": "Tolvansson har erhållit beslutet."})
        assert response.status_code == 302, response.text
    findings = report_for(body).findings
    assert not any(f.text == "erhållit" for f in findings)
    assert [f.text for f in findings if f.category == "personal-data"] == ["Tolvansson"]
    stored = " ".join(c.detail_json for c in db.session.scalars(select(RuleChange)))
    assert "Tolvansson" not in stored  # the example sentence was masked before it was stored
    missing = editor.post("/regler/godkanda-ord", data={"word": "insats", "example": "Det är bra."})
    assert missing.status_code == 400 and "ska innehålla ordet ”insats”" in missing.text
    editor.post("/regler/godkanda-ord/ta-bort", data={"value": "erhållit"})
    assert any(f.text == "erhållit" for f in report_for(body).findings)


def test_a_change_made_by_another_worker_applies_without_a_restart(app, editor):
    """Another process writes the row (its own connection); this process sees it at the next analysis."""
    body = "Ansökan ska skickas in senast den första maj."
    assert any(f.rule == "passive.s-passive" for f in report_for(body).findings)
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with other.begin() as connection:
        connection.execute(insert(RuleChange.__table__).values(
            at=utcnow(), user_id=None, rule_id="passive.s-passive", action="switch",
            detail_json='{"on": false}'))
    other.dispose()
    db.session.commit()  # end this request's transaction, as a new request would
    assert not any(f.rule == "passive.s-passive" for f in report_for(body).findings)


def test_rule_changes_are_append_only(editor):
    editor.post("/regler/regel/passive.s-passive/pa-av", data={"on": "0"})
    change = db.session.scalars(select(RuleChange)).one()
    change.rule_id = "något annat"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()


def test_export_and_import_round_trip(editor, make_user, login):
    editor.post("/regler/regel/jargon.svarta-listan/ord", data={
        "phrase": "bibehålla", "suggestions": "behålla", "example": STIFF})
    editor.post("/regler/regel/passive.s-passive/pa-av", data={"on": "0"})
    editor.post("/regler/godkanda-ord", data={"word": "erhållit", "example": "Vi har erhållit beslutet."})
    exported = editor.get("/regler/export.yaml")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    before = [r.parameters for r in rule_changes.effective_rules(rule_changes.local_rules())]
    # Another change, then the file back: the file's state wins, as one row.
    editor.post("/regler/regel/passive.s-passive/pa-av", data={"on": "1"})
    response = editor.post("/regler/importera", data={"file": (io.BytesIO(exported.data), "regler.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    state = rule_changes.local_rules()
    assert [r.parameters for r in rule_changes.effective_rules(state)] == before
    assert state.disabled == {"passive.s-passive"} and "erhållit" in rule_changes.effective_accepted(state)
    assert [f.suggestions[0] for f in report_for(STIFF).findings if f.text == "bibehålla"] == ["behålla"]
    assert db.session.scalars(select(RuleChange).order_by(RuleChange.id.desc())).first().action == "import"


@pytest.mark.parametrize(("content", "message"), [
    (b"id: [oj", "Filen går inte att läsa"),
    (b"- bara en lista", "Filen ska börja med en del som heter local_settings"),
    (b"local_settings:\n  disabled: [finns.inte]\n", "det finns ingen regel ”finns.inte”"),
    (b"local_settings:\n  disabled: [personal-data.namn]\n", "går inte att stänga av"),
    (b"local_settings:\n  disabeld: []\n", "okänd nyckel (menar du ”disabled”?)"),
    (b"local_settings: {}\n---\nid: sentence-length.long\n", "del 2: "),
    (b"\xff\xfe", "UTF-8"),
])
def test_a_bad_import_file_changes_nothing_and_says_why_in_swedish(editor, content, message):
    editor.post("/regler/regel/passive.s-passive/pa-av", data={"on": "0"})
    response = editor.post("/regler/importera", data={"file": (io.BytesIO(content), "regler.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and message in response.text, response.text
    assert rows() == 1 and rule_changes.local_rules().disabled == {"passive.s-passive"}


def test_an_imported_threshold_of_the_wrong_type_is_refused(editor):
    exported = rule_changes.export_yaml(rule_changes.LocalRules(parameters={"sentence-length.long": {
        "suggestion_above": 12}}))
    broken = exported.replace("suggestion_above: 12", "suggestion_above: tolv")
    response = editor.post("/regler/importera", data={"file": (io.BytesIO(broken.encode()), "regler.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "parameters.suggestion_above: ska vara ett heltal" in response.text
    assert rows() == 0


def test_pages_show_every_rule_with_its_message_level_and_thresholds(editor):
    page = editor.get("/regler").text
    for rule in rule_changes.default_rules():
        assert rule.id in page
    assert "Förslag när det finns fler ord än (suggestion_above): 20" in page and "personal-data.namn" in page
    rule_page = editor.get("/regler/regel?id=sentence-length.long").text
    assert 'name="suggestion_above"' in rule_page and 'value="20"' in rule_page
    assert editor.get("/regler/regel?id=finns.inte").status_code == 404
    assert editor.get("/regler/regel").status_code == 404


GETS = ["/regler", "/regler/regel?id=jargon.svarta-listan", "/regler/ord?id=jargon.svarta-listan&fras=erhålla",
        "/regler/godkanda-ord", "/regler/historik", "/regler/export.yaml", "/regler/importera"]
POSTS = ["/regler/regel/passive.s-passive/pa-av", "/regler/regel/sentence-length.long/granser",
         "/regler/regel/jargon.svarta-listan/ord", "/regler/ord?id=jargon.svarta-listan&fras=erhålla",
         "/regler/regel/jargon.svarta-listan/ta-bort-ord", "/regler/godkanda-ord", "/regler/godkanda-ord/ta-bort",
         "/regler/importera"]


def test_every_rule_route_is_listed_here(app):
    """A route added later must join the authorisation tests below."""
    listed = {path.split("?")[0] for path in GETS + POSTS}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("rules_admin."):
            path = rule.rule.replace("<rule_id>", "passive.s-passive")
            assert path in listed or rule.rule.replace("<rule_id>", "jargon.svarta-listan") in listed or \
                rule.rule.replace("<rule_id>", "sentence-length.long") in listed, rule.rule


@pytest.mark.parametrize("role", ["skribent", "granskare"])
def test_only_kommunikator_and_admin_reach_the_rule_pages(login, make_user, role):
    client = login(make_user(role))
    for path in GETS:
        assert client.get(path).status_code == 403, path
    for path in POSTS:
        assert client.post(path, data={"on": "0", "value": "erhålla"}).status_code == 403, path
    assert rows() == 0


@pytest.mark.parametrize("role", ["kommunikator", "admin"])
def test_kommunikator_and_admin_open_every_rule_page(login, make_user, role):
    client = login(make_user(role))
    for path in GETS:
        assert client.get(path).status_code == 200, path
    assert "Regler" in client.get("/regler").text


def test_anonymous_visitors_are_sent_to_log_in(client):
    for path in GETS:
        response = client.get(path)
        assert response.status_code == 302 and "/logga-in" in response.headers["Location"], path
    for path in POSTS:
        assert client.post(path).status_code in (302, 400), path

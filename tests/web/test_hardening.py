"""The web hardened the way OWASP ASVS level 2 asks: redirects, ids, headers, sessions that can
be revoked, throttled logins, password rules and an audit log the database keeps append-only."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy import text as sql

from klarsprak.extensions import db
from klarsprak.review import accounts
from klarsprak.review.errors import WorkflowError
from klarsprak.review.models import AuditEvent
from klarsprak.review.passwords import check_password
from klarsprak.web.auth import safe_next

PASSWORD = "rätt-lösenord-123"  # the web fixtures' password (tests/web/conftest.py)


@pytest.mark.parametrize("target", ["//evil.example/x", "/\t/evil.example/x", "/\n", "/\n/evil.example",
                                    "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "evil.example"])
def test_redirects_after_login_go_only_to_paths_of_this_app(target):
    assert safe_next(target) is None


def test_a_local_path_is_kept_after_login(client, make_user):
    user = make_user("skribent")
    response = client.post("/logga-in?next=/texter/ny", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == "/texter/ny"
    for target in ("/%09/evil.example/x", "/%0A"):  # a tab browsers drop; a newline that used to give 500
        client.post("/logga-ut")
        response = client.post(f"/logga-in?next={target}", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("path", ["/texter/99999999999999999999999", "/granska/99999999999999999999999",
                                  "/texter/2147483648/jamfor"])
def test_out_of_range_ids_are_404_not_500(login, make_user, path):
    assert login(make_user("kommunikator")).get(path).status_code == 404


def test_every_page_carries_the_security_headers(login, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author)
    response = login(author).get(f"/texter/{text.id}")
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in response.text  # the page's own style carries this response's nonce
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in response.headers  # only over HTTPS
    other = login(author).get(f"/texter/{text.id}").headers["Content-Security-Policy"]
    assert other != csp  # a fresh nonce for every response


def test_a_copied_cookie_stops_working_at_logout(app, make_user):
    user = make_user("skribent")
    thief, owner = app.test_client(), app.test_client()
    owner.post("/logga-in", data={"username": user.username, "password": PASSWORD})
    thief.set_cookie("session", owner.get_cookie("session").value)
    assert thief.get("/texter").status_code == 200
    owner.post("/logga-ut")
    assert thief.get("/texter").status_code == 302  # back to the login page


@pytest.mark.parametrize("change", ["password", "role", "deactivate"])
def test_password_role_and_deactivation_end_old_sessions(app, make_user, change):
    user, admin = make_user("skribent"), make_user("admin")
    client = app.test_client()
    client.post("/logga-in", data={"username": user.username, "password": PASSWORD})
    assert client.get("/texter").status_code == 200
    if change == "password":
        accounts.change_password(user, PASSWORD, "en helt annan fras 77")
    elif change == "role":
        accounts.update_user(admin, user, "granskare", True)
    else:
        accounts.update_user(admin, user, "skribent", False)
    assert client.get("/texter").status_code == 302


def test_the_sixth_failed_login_in_a_minute_is_refused_even_with_the_right_password(client, make_user):
    user = make_user("skribent")
    for _ in range(5):
        assert client.post("/logga-in", data={"username": user.username, "password": "fel lösenord"}).status_code == 400
    response = client.post("/logga-in", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 429 and "För många försök" in response.text
    failed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
    assert len(failed) == 5 and all(user.username not in e.detail_json for e in failed)


def test_unknown_user_names_are_throttled_by_address(client):
    for i in range(5):
        client.post("/logga-in", data={"username": f"finns-inte-{i}", "password": "vad som helst"})
    assert client.post("/logga-in", data={"username": "finns-inte", "password": "x"}).status_code == 429


def test_logins_are_audited_with_the_account(client, make_user):
    user = make_user("skribent")
    client.post("/logga-in", data={"username": user.username, "password": PASSWORD})
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login")).one()
    assert event.user_id == user.id and PASSWORD not in event.detail_json


@pytest.mark.parametrize(("password", "reason"), [
    ("kort", "minst 12"), (" " * 12, "fler olika tecken"), ("aaaaaaaaaaaaaaa", "fler olika tecken"),
    ("password1234", "för vanligt"), ("Lösenord2024!", "för vanligt"), ("x" * 129, "högst 128"),
    ("anna.exempel-2024", "användarnamnet"),
])
def test_weak_passwords_are_refused_in_swedish(password, reason, analyzer):
    with pytest.raises(WorkflowError, match=reason):
        check_password(password, "anna.exempel")


@pytest.mark.parametrize("password", ["blå cykel vid ån", "Tre ord som inte hör ihop!", "rätt-lösenord-123"])
def test_passphrases_are_welcome(password, analyzer):
    check_password(password, "anna.exempel")


def test_users_made_on_the_admin_page_are_audited_with_their_actor(login, make_user):
    admin = make_user("admin")
    login(admin).post("/admin/anvandare", data={"username": "ny", "display_name": "Ny", "role": "granskare",
                                                "password": "ett-långt-lösenord"})
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user_created")).all()[-1]
    assert event.user_id == admin.id


@pytest.mark.parametrize("statement", ["update audit_events set action = 'x'", "delete from audit_events"])
def test_the_database_keeps_the_audit_log_append_only(make_user, statement):
    make_user("skribent")  # writes an audit event
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(sql(statement))
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.action)) == "user_created"


def test_a_user_changes_their_password_and_other_sessions_end(app, login, make_user):
    user = make_user("skribent")
    elsewhere = app.test_client()
    elsewhere.post("/logga-in", data={"username": user.username, "password": PASSWORD})
    client = login(user)
    new = "tre nya ord vid sjön"
    refused = client.post("/losenord", data={"current": PASSWORD, "new": new, "repeat": "något annat här"})
    assert refused.status_code == 400 and "Lösenorden är inte lika" in refused.text
    weak = client.post("/losenord", data={"current": PASSWORD, "new": "password1234", "repeat": "password1234"})
    assert weak.status_code == 400 and "för vanligt" in weak.text
    wrong = client.post("/losenord", data={"current": "fel fel fel fel", "new": new, "repeat": new})
    assert wrong.status_code == 400 and "nuvarande lösenordet stämmer inte" in wrong.text
    done = client.post("/losenord", data={"current": PASSWORD, "new": new, "repeat": new}, follow_redirects=True)
    assert "Ditt lösenord är bytt" in done.text
    assert client.get("/texter").status_code == 200  # this browser goes on
    assert elsewhere.get("/texter").status_code == 302  # the other session has ended
    assert user.check_password(new)


def test_an_admin_resets_a_password(login, make_user):
    admin, user = make_user("admin"), make_user("granskare")
    client = login(admin)
    page = client.get(f"/admin/anvandare/{user.id}/losenord")
    assert page.status_code == 200 and user.display_name in page.text
    response = client.post(f"/admin/anvandare/{user.id}/losenord", data={"new": "en ny fras för dig"},
                           follow_redirects=True)
    assert "har fått ett nytt lösenord" in response.text and user.check_password("en ny fras för dig")
    assert login(make_user("kommunikator")).post(f"/admin/anvandare/{user.id}/losenord",
                                                  data={"new": "x y z w v u t"}).status_code == 403
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "password_reset")).one()
    assert event.user_id == admin.id


def test_the_audit_log_page_filters_and_is_for_admins_only(login, make_user, make_text):
    admin, author = make_user("admin"), make_user("skribent")
    text = make_text(author)
    client = login(admin)
    page = client.get(f"/admin/logg?text={text.id}").text
    assert '<td data-label="Händelse">Ny text</td>' in page and '<td data-label="Händelse">Ny användare</td>' not in page
    page = client.get("/admin/logg?handelse=user_created").text
    assert '<td data-label="Händelse">Ny användare</td>' in page and '<td data-label="Händelse">Ny text</td>' not in page
    assert "användare: " in page and "user_id" not in page.split("<table")[1]  # the details in Swedish too
    assert login(make_user("kommunikator")).get("/admin/logg").status_code == 403

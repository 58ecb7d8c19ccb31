"""Logging in, and the role check of every route."""

from __future__ import annotations

import pytest

from klarsprak.extensions import db


def test_login_page(client):
    response = client.get("/logga-in")
    assert response.status_code == 200 and "Logga in" in response.text


def test_wrong_password_is_refused_in_swedish(client, make_user):
    user = make_user("skribent")
    response = client.post("/logga-in", data={"username": user.username, "password": "fel"})
    assert response.status_code == 400 and "Fel användarnamn eller lösenord" in response.text


def test_passwords_are_hashed_with_scrypt(make_user):
    user = make_user("skribent")
    assert user.password_hash.startswith("scrypt:") and "rätt" not in user.password_hash


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user("skribent")
    user.active = False
    db.session.commit()
    response = client.post("/logga-in", data={"username": user.username, "password": "rätt-lösenord-123"})
    assert response.status_code == 400


def test_login_redirects_only_to_local_paths(client, make_user):
    user = make_user("skribent")
    data = {"username": user.username, "password": "rätt-lösenord-123"}
    assert client.post("/logga-in?next=//evil.example/x", data=data).headers["Location"] == "/"
    client.post("/logga-ut")
    assert client.post("/logga-in?next=/texter/ny", data=data).headers["Location"] == "/texter/ny"


@pytest.mark.parametrize("path", ["/", "/texter", "/texter/ny", "/alla-texter", "/granska/", "/admin/anvandare",
                                  "/texter/1", "/granska/1", "/texter/1/annotations.jsonld"])
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


@pytest.mark.parametrize(("role", "path", "status"), [
    ("skribent", "/texter", 200), ("skribent", "/texter/ny", 200), ("skribent", "/alla-texter", 403),
    ("skribent", "/granska/", 403), ("skribent", "/admin/anvandare", 403),
    ("granskare", "/texter/ny", 403), ("granskare", "/granska/", 200), ("granskare", "/alla-texter", 403),
    ("granskare", "/admin/anvandare", 403),
    ("kommunikator", "/alla-texter", 200), ("kommunikator", "/granska/", 200), ("kommunikator", "/admin/anvandare", 403),
    ("admin", "/admin/anvandare", 200), ("admin", "/alla-texter", 200),
])
def test_role_checks_route_by_route(login, make_user, role, path, status):
    client = login(make_user(role))
    assert client.get(path).status_code == status


@pytest.mark.parametrize(("role", "start"), [("skribent", "/texter"), ("granskare", "/granska/"),
                                              ("kommunikator", "/alla-texter"), ("admin", "/alla-texter")])
def test_home_sends_each_role_to_its_start_page(login, make_user, role, start):
    assert login(make_user(role)).get("/").headers["Location"] == start


def test_text_access_by_role_and_state(login, make_user, make_text):
    author, other_writer, reviewer, staff = (make_user("skribent"), make_user("skribent"),
                                             make_user("granskare"), make_user("kommunikator"))
    draft = make_text(author)
    waiting = make_text(author, submit=True)
    assert login(author).get(f"/texter/{draft.id}").status_code == 200
    assert login(other_writer).get(f"/texter/{draft.id}").status_code == 403
    assert login(reviewer).get(f"/granska/{draft.id}").status_code == 403  # drafts are private
    assert login(reviewer).get(f"/granska/{waiting.id}").status_code == 200
    # Staff follow every text, but a draft never sent shows them only its kind, state and dates.
    response = login(staff).get(f"/texter/{draft.id}", follow_redirects=True)
    assert response.status_code == 200 and "inte skickats till granskning" in response.text
    assert draft.title not in response.text and "Beslut nr" in response.text
    page = login(staff).get(f"/texter/{waiting.id}", follow_redirects=True).text
    assert waiting.title in page and "erhållit din ansökan" in page  # the reviewers' copy
    assert login(author).get("/texter/999").status_code == 404


def test_csrf_is_enforced(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/logga-in", data={"username": make_user("skribent").username,
                                              "password": "rätt-lösenord-123"})
    assert response.status_code == 400 and "Formuläret hade gått ut" in response.text

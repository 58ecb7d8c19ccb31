"""The minimal check page: analysis shown, errors in Swedish, HTML rendered inert; logged-in
users only (an analysis costs CPU)."""

from __future__ import annotations

import pytest


@pytest.fixture
def client(login, make_user):
    return login(make_user("skribent"))


def test_the_check_page_needs_a_login(app):
    response = app.test_client().post("/snabbkoll", data={"text": "Vi har erhållit Er ansökan."})
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


def test_page_renders(client):
    response = client.get("/snabbkoll")
    assert response.status_code == 200
    assert 'lang="sv"' in response.text and "Granska en text" in response.text


def test_post_shows_findings(client):
    response = client.post("/snabbkoll", data={"text": "Vi har erhållit Er ansökan. Bistånd beviljas."})
    assert response.status_code == 200
    assert '<mark class="finding suggestion"' in response.text
    assert "fått" in response.text and "LIX" in response.text


def test_empty_text_gives_swedish_error(client):
    response = client.post("/snabbkoll", data={"text": "  "})
    assert response.status_code == 400 and "Texten är tom" in response.text


def test_html_in_text_is_inert(client):
    response = client.post("/snabbkoll", data={"text": "Vi har erhållit <script>alert(1)</script> din ansökan."})
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_too_long_text_is_refused_and_kept(client):
    text = "Vi har fått din ansökan. " * 5000
    response = client.post("/snabbkoll", data={"text": text})
    assert response.status_code == 400 and "för lång" in response.text
    assert "Vi har fått din ansökan." in response.text  # the text stays in the box


def test_unknown_page_is_swedish(client):
    response = client.get("/finns-inte")
    assert response.status_code == 404 and "Sidan finns inte" in response.text

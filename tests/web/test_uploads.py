"""Uploads over the .docx limit without JavaScript (issue 11): the upload route takes a request
far larger than the app's MAX_CONTENT_LENGTH, so that a file over 2 MB is refused on the form
with what was typed kept; only beyond the route's own cap comes the 413 page, in Swedish and
with a link back to the form."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from klarsprak.extensions import db
from klarsprak.review.models import Text
from klarsprak.web import texts
from klarsprak.web.forms import MAX_UPLOAD_BYTES

MB = 1024 * 1024


def upload(client, size: int, csrf_token: str | None = None, **fields):
    """Post a new text with a .docx of ``size`` bytes (not a real document: the size decides
    first), closing the spooled request body afterwards."""
    data = {"title": "Beslut om hemtjänst", "kind": "beslut", "audience": "Den som har sökt", "body": "",
            "document": (io.BytesIO(b"x" * size), "stor.docx"), **fields}
    if csrf_token:
        data["csrf_token"] = csrf_token
    builder = EnvironBuilder(path="/texter/ny", method="POST", data=data, content_type="multipart/form-data")
    environ = builder.get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


def refused_on_the_form(response) -> None:
    assert response.status_code == 400
    page = response.text
    assert "Filen är för stor. Gränsen är 2 MB." in page and "Texten sparades inte." in page
    assert 'value="Beslut om hemtjänst"' in page and 'value="Den som har sökt"' in page  # kept
    assert "Välj dokumentet igen" in page  # a browser cannot be given the file back
    assert 'aria-describedby="fil-storlek document-error"' in page  # the message is the field's
    assert db.session.scalar(select(Text)) is None


@pytest.mark.parametrize("size", [MAX_UPLOAD_BYTES + 1, 5 * MB, 30 * MB])
def test_a_file_over_the_limit_is_refused_on_the_form_with_the_title_and_audience_kept(login, make_user, size):
    refused_on_the_form(upload(login(make_user("skribent")), size))


def test_a_file_at_the_limit_gets_past_the_size_check(login, make_user):
    response = upload(login(make_user("skribent")), MAX_UPLOAD_BYTES)
    assert response.status_code == 400
    alert = response.text.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert "för stor" not in alert and "går inte att öppna" in alert, alert  # not a real .docx: read, not sized


def test_the_larger_request_is_let_in_before_csrf_protection_reads_the_form(app, login, make_user):
    client = login(make_user("skribent"))
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        form = client.get("/texter/ny").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        refused_on_the_form(upload(client, 5 * MB, csrf_token=token))
        assert upload(client, 5 * MB, csrf_token="fel").status_code == 400  # CSRF still checked
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def too_large_page(response, back: str) -> None:
    assert response.status_code == 413
    page = response.text
    assert "större än" in page and "Inget är sparat" in page
    assert f'<a href="{back}">' in page  # a way back, not a dead end
    assert "Traceback" not in page and "Request Entity Too Large" not in page


def test_beyond_the_routes_own_cap_the_413_page_is_swedish_and_links_back_to_the_form(login, make_user):
    response = upload(login(make_user("skribent")), texts.UPLOAD_REQUEST_BYTES + 1)
    too_large_page(response, "/texter/ny")
    assert "större än 50 MB" in response.text and "Gränsen är 2 MB" in response.text
    assert "Tillbaka till Ny text" in response.text
    assert db.session.scalar(select(Text)) is None


def test_someone_not_logged_in_gets_only_the_apps_smaller_limit(app, client):
    app.config["WTF_CSRF_ENABLED"] = True  # as in production: CSRF protection reads the form first
    try:
        response = upload(client, 5 * MB)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    too_large_page(response, "/texter/ny")
    assert "större än 4 MB" in response.text


def test_other_forms_keep_the_apps_limit_and_link_back_to_themselves(login, make_user):
    client = login(make_user("skribent"))
    response = client.post("/snabbkoll", data={"text": "x" * (5 * MB)})
    too_large_page(response, "/snabbkoll")
    assert "Tillbaka till formuläret" in response.text


def test_an_upload_over_two_megabytes_is_refused_and_the_title_kept(login, make_user):
    response = upload(login(make_user("skribent")), 2 * MB + 10, title="Beslut om hemtjänst")
    assert response.status_code == 400 and "Filen är för stor. Gränsen är 2 MB." in response.text
    assert 'value="Beslut om hemtjänst"' in response.text
    assert db.session.scalar(select(Text)) is None


def test_an_upload_over_the_apps_request_limit_is_still_refused_on_the_form(login, make_user):
    # Over MAX_CONTENT_LENGTH (4 MB), which once ended on the 413 page: the upload route takes more.
    response = upload(login(make_user("skribent")), 4 * MB + 10, title="Stor")
    assert response.status_code == 400 and "Filen är för stor. Gränsen är 2 MB." in response.text
    assert 'value="Stor"' in response.text

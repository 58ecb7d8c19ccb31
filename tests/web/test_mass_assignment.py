"""Extra fields in a post change nothing: forms read only their own fields, so a crafted post
with state, author_id, role, lock_version or claimed_by_id cannot set them (OWASP mass assignment)."""

from __future__ import annotations

from conftest import PASSWORD
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review.models import Text, User

EXTRA = {"state": "godkand", "author_id": "999", "claimed_by_id": "999", "role": "admin", "version": "7",
         "id": "999", "purged_at": "2020-01-01", "session_version": "0", "active": "0"}


def test_a_new_text_takes_only_its_own_fields(login, make_user):
    author, other = make_user("skribent"), make_user("skribent")
    client = login(author)
    response = client.post("/texter/ny", data={"title": "Brev om hyra", "kind": "brev", "audience": "",
                                               "body": "Vi har fått din ansökan.", **EXTRA, "author_id": str(other.id)})
    assert response.status_code == 302
    text = db.session.scalars(select(Text).order_by(Text.id.desc())).first()
    assert (text.author_id, text.state, text.claimed_by_id) == (author.id, "utkast", None)
    assert text.purged_at is None


def test_saving_a_draft_takes_only_its_own_fields(login, make_user, make_text):
    author, other = make_user("skribent"), make_user("skribent")
    text = make_text(author)
    client = login(author)
    response = client.post(f"/texter/{text.id}/spara", data={
        "title": "Ny rubrik", "audience": "", "body": "Vi har fått din ansökan.", "lock_version": text.lock_version,
        **EXTRA, "author_id": str(other.id)})
    assert response.status_code in (200, 302)
    db.session.refresh(text)
    assert (text.author_id, text.state, text.title) == (author.id, "utkast", "Ny rubrik")


def test_changing_ones_password_cannot_change_ones_role(login, make_user):
    writer = make_user("skribent")
    client = login(writer)
    new = "en lång och ovanlig lösenfras 2026"
    response = client.post("/losenord", data={"current": PASSWORD, "new": new, "repeat": new, **EXTRA})
    assert response.status_code in (200, 302)
    db.session.expire_all()
    user = db.session.get(User, writer.id)
    assert (user.role, user.active) == ("skribent", True)
    assert user.check_password(new)  # the post itself did what it is for


def test_an_admin_changing_a_role_cannot_rename_or_rehash(login, make_user):
    admin, writer = make_user("admin"), make_user("skribent")
    before = (writer.username, writer.password_hash)
    client = login(admin)
    prefix = f"u{writer.id}-"
    response = client.post(f"/admin/anvandare/{writer.id}", data={
        prefix + "role": "granskare", prefix + "active": "1", prefix + "unit": "Vuxenenheten",
        "username": "admin", prefix + "username": "admin", "password_hash": "x", prefix + "password_hash": "x"})
    assert response.status_code in (200, 302)
    db.session.expire_all()
    user = db.session.get(User, writer.id)
    assert user.role == "granskare"  # what the form is for
    assert (user.username, user.password_hash) == before

"""User administration and the flask commands."""

from __future__ import annotations

from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review.models import Text, User


def test_admin_creates_and_deactivates_a_user(login, make_user, client):
    admin = make_user("admin")
    login(admin)
    response = client.post("/admin/anvandare", data={"username": "nyperson", "display_name": "Ny Person",
                                                     "role": "granskare", "password": "ett-långt-lösenord"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "nyperson"))
    assert user.role == "granskare" and user.check_password("ett-långt-lösenord")
    client.post(f"/admin/anvandare/{user.id}", data={f"u{user.id}-role": "skribent", f"u{user.id}-active": "0"})
    db.session.refresh(user)
    assert user.role == "skribent" and not user.active


def test_admin_cannot_lock_themselves_out(login, make_user, client):
    admin = make_user("admin")
    login(admin)
    client.post(f"/admin/anvandare/{admin.id}", data={f"u{admin.id}-role": "skribent", f"u{admin.id}-active": "1"})
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_duplicate_username_is_a_form_error(login, make_user, client):
    login(make_user("admin"))
    data = {"username": "dubbel", "display_name": "D", "role": "skribent", "password": "ett-långt-lösenord"}
    client.post("/admin/anvandare", data=data)
    response = client.post("/admin/anvandare", data=data)
    assert response.status_code == 400 and "finns redan" in response.text


def test_create_user_command(app):
    result = app.test_cli_runner().invoke(args=["create-user", "kalle", "--role", "granskare", "--name", "Kalle"],
                                          input="hemligt-lösen-1\nhemligt-lösen-1\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "kalle")).role == "granskare"


def test_create_user_command_refuses_short_password(app):
    result = app.test_cli_runner().invoke(args=["create-user", "kalle"], input="kort\nkort\n")
    assert result.exit_code != 0 and "minst 12 tecken" in result.output


def test_seed_demo_creates_every_role_and_texts_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    roles = {u.role for u in db.session.scalars(select(User))}
    assert roles == {"skribent", "granskare", "kommunikator", "admin"}
    assert "lösenord:" in first.output
    texts = db.session.scalars(select(Text)).all()
    assert texts and any(t.state == "vantar" for t in texts)
    second = runner.invoke(args=["seed-demo"])
    assert "redan" in second.output and len(db.session.scalars(select(Text)).all()) == len(texts)


def test_form_errors_are_in_swedish(login, make_user, client):
    login(make_user("admin"))
    response = client.post("/admin/anvandare", data={"username": "x", "display_name": "", "role": "påhittad",
                                                     "password": "kort"})
    assert response.status_code == 400
    page = response.text
    assert "Det här fältet är obligatoriskt" in page and "Inte ett giltigt val" in page
    assert not any(english in page for english in ("This field is required", "Not a valid choice",
                                                   "Field must be", "characters long"))

"""Web fixtures: an app on a fresh SQLite file built by the migrations, users, a login helper."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from secrecy_world import world  # noqa: F401  (a fixture: one text through review, a draft)

from klarsprak import create_app
from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.accounts import create_user

PASSWORD = "rätt-lösenord-123"


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path, analyzer, fresh_database):
    """Every web test runs on both supported databases: the embedded SQLite and PostgreSQL."""
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": fresh_database(request.param),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test",
        "RATELIMIT_ENABLED": False,  # tests/web/test_production.py proves the limits
    })
    with app.app_context():
        upgrade()  # the real migrations, so a model change without a migration fails here
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """Factory: make_user("skribent") -> a User with that role (username = role + counter)."""
    counter = {"n": 0}

    def make(role: str = "skribent", username: str | None = None):
        counter["n"] += 1
        name = username or f"{role}{counter['n']}"
        return create_user(name, name.capitalize(), role, PASSWORD)

    return make


@pytest.fixture
def login(client):
    def log_in(user):
        client.post("/logga-ut")
        response = client.post("/logga-in", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.text
        return client

    return log_in


@pytest.fixture
def make_text(app):
    """Factory: a text by ``author``, optionally submitted (and claimed by ``reviewer``)."""

    def make(author, body="Vi har erhållit din ansökan. Bistånd beviljas.", submit=False, reviewer=None,
             title="Beslut om bistånd", kind="beslut"):
        text = services.create_text(author, title, kind, "Den som har sökt", body)
        if submit or reviewer:
            services.submit(author, text)
        if reviewer:
            services.claim(reviewer, text)
        return text

    return make

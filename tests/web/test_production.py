"""Production mode: refused starts, Secure cookies, HSTS, the proxy in front, and rate limits."""

from __future__ import annotations

import pytest
from flask import request
from flask_migrate import upgrade

from klarsprak import create_app
from klarsprak.extensions import db
from klarsprak.review.accounts import create_user
from klarsprak.web.production import UnsafeStart

HSTS = "Strict-Transport-Security"
PASSWORD = "rätt-lösenord-123"


@pytest.fixture
def make_app(tmp_path, analyzer, fresh_database, made_apps):
    """Factory: a migrated app on ``engine`` with ``config`` over the test defaults."""
    made = made_apps

    def make(engine: str = "sqlite", database: str | None = None, **config):
        app = create_app({
            "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": database or fresh_database(engine),
            "INSTANCE_PATH": str(tmp_path / "instance"), **config,
        })
        with app.app_context():
            upgrade()
        made.append(app)
        return app

    return make


@pytest.fixture
def production(monkeypatch):
    """Production mode with both keys set in the environment."""
    monkeypatch.setenv("KLARSPRAK_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret-for-the-tests")
    monkeypatch.setenv("PERSONAL_DATA_KEY", "another-long-random-secret")


@pytest.mark.parametrize("missing", ["SECRET_KEY", "PERSONAL_DATA_KEY"])
def test_production_refuses_to_start_without_a_key_in_the_environment(production, monkeypatch, tmp_path,
                                                                       missing):
    monkeypatch.delenv(missing)
    with pytest.raises(UnsafeStart, match=f"{missing} saknas i miljön"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
                    "INSTANCE_PATH": str(tmp_path / "instance")})
    # No key was generated into instance/ either: production never invents one.
    assert not (tmp_path / "instance" / "secret_key").exists()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_production_refuses_to_start_while_demo_accounts_can_log_in(production, make_app, monkeypatch,
                                                                     fresh_database, tmp_path, engine):
    database = fresh_database(engine)
    monkeypatch.setenv("KLARSPRAK_ENV", "development")
    with make_app(database=database).app_context():
        create_user("granskare", "Gunnar Granskare", "granskare", PASSWORD)
    monkeypatch.setenv("KLARSPRAK_ENV", "production")
    with pytest.raises(UnsafeStart, match=r"demokontona finns i databasen \(granskare\)"):
        create_app({"SQLALCHEMY_DATABASE_URI": database, "INSTANCE_PATH": str(tmp_path / "instance")})


def test_close_demo_users_lets_production_start(production, make_app, monkeypatch, tmp_path):
    monkeypatch.setenv("KLARSPRAK_ENV", "development")
    app = make_app()
    with app.app_context():
        create_user("admin", "Alva Admin", "admin", PASSWORD)
        create_user("handlaggare", "Hanna", "skribent", PASSWORD)
    result = app.test_cli_runner().invoke(args=["close-demo-users"])
    assert result.exit_code == 0 and "1 demokonton är stängda" in result.output
    monkeypatch.setenv("KLARSPRAK_ENV", "production")
    started = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                          "INSTANCE_PATH": str(tmp_path / "instance")})
    assert started.config["PRODUCTION"] is True


def _login_response(app):
    with app.app_context():
        create_user("handlaggare", "Hanna", "skribent", PASSWORD)
    return app.test_client().post("/logga-in", data={"username": "handlaggare", "password": PASSWORD})


def test_production_sends_hsts_and_secure_cookies(production, make_app):
    response = _login_response(make_app())
    assert response.headers[HSTS].startswith("max-age=31536000")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_development_sends_neither_over_plain_http(make_app):
    response = _login_response(make_app())
    assert HSTS not in response.headers
    assert "HttpOnly" in response.headers["Set-Cookie"] and "Secure" not in response.headers["Set-Cookie"]


def _with_echo_route(app):
    @app.route("/_echo")
    def echo():
        return {"scheme": request.scheme, "address": request.remote_addr, "host": request.host}

    return app


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "klarsprak.example"}


def test_forwarded_headers_are_ignored_without_a_configured_proxy(make_app):
    client = _with_echo_route(make_app()).test_client()
    response = client.get("/_echo", headers=FORWARDED)
    assert response.json == {"scheme": "http", "address": "127.0.0.1", "host": "localhost"}
    assert HSTS not in response.headers


def test_one_trusted_proxy_gives_the_client_scheme_address_and_host(make_app):
    client = _with_echo_route(make_app(PROXY_COUNT=1)).test_client()
    response = client.get("/_echo", headers=FORWARDED)
    assert response.json == {"scheme": "https", "address": "203.0.113.9", "host": "klarsprak.example"}
    assert HSTS in response.headers  # HTTPS as the browser saw it
    # Only the last proxy's entry is believed: a client cannot prepend its own address.
    spoofed = client.get("/_echo", headers={**FORWARDED, "X-Forwarded-For": "10.0.0.1, 203.0.113.9"})
    assert spoofed.json["address"] == "203.0.113.9"


def _logged_in(app, role="skribent"):
    with app.app_context():
        create_user(f"{role}1", "Test", role, PASSWORD)
    client = app.test_client()
    assert client.post("/logga-in", data={"username": f"{role}1", "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_quick_checks_are_limited_per_address_with_a_swedish_429(make_app, engine):
    client = _logged_in(make_app(engine, RATELIMIT_ENABLED=True, RATELIMIT_CHECK="2/minute"))
    for _ in range(2):
        assert client.post("/snabbkoll", data={"text": "Vi har erhållit din ansökan."}).status_code == 200
    refused = client.post("/snabbkoll", data={"text": "Vi har erhållit din ansökan, skrev jag."})
    assert refused.status_code == 429
    assert "många kontroller på kort tid" in refused.text and "Traceback" not in refused.text
    # The form comes back with the text in it: nothing typed is lost.
    assert '<textarea id="text" name="text" aria-describedby="fel">Vi har erhållit din ansökan, skrev jag.</textarea>' \
        in refused.text
    assert client.get("/snabbkoll").status_code == 200  # reading the page is not limited
    # Another address has its own budget.
    other = client.post("/snabbkoll", data={"text": "Hej."}, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200


def test_new_texts_are_limited(make_app):
    client = _logged_in(make_app(RATELIMIT_ENABLED=True, RATELIMIT_NEW_TEXT="1/minute"))
    data = {"title": "Beslut", "kind": "beslut", "audience": "Den som har sökt", "body": "Vi har fattat ett beslut."}
    assert client.post("/texter/ny", data=data, content_type="multipart/form-data").status_code == 302
    refused = client.post("/texter/ny", data=data, content_type="multipart/form-data")
    assert refused.status_code == 429 and "För många försök på kort tid" in refused.text  # the Swedish 429 page


def test_comments_are_limited(make_app):
    from sqlalchemy import func, select

    from klarsprak.review import services
    from klarsprak.review.models import Comment, User

    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_COMMENT="1/minute")
    reviewer = _logged_in(app, "granskare")
    with app.app_context():
        author = create_user("skribent9", "Skribent", "skribent", PASSWORD)
        text = services.create_text(author, "Beslut", "beslut", "Den som har sökt", "Vi har fattat ett beslut.")
        services.submit(author, text)
        services.claim(db.session.scalar(select(User).where(User.username == "granskare1")), text)
        text_id = text.id
    data = {"body": "Tydligt.", "start": "0", "end": "2"}
    assert reviewer.post(f"/granska/{text_id}/kommentar", data=data).status_code == 302
    assert reviewer.post(f"/granska/{text_id}/kommentar", data=data).status_code == 429
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 1


def test_limits_are_off_when_disabled(make_app):
    client = _logged_in(make_app(RATELIMIT_ENABLED=False, RATELIMIT_CHECK="1/minute"))
    statuses = {client.post("/snabbkoll", data={"text": "Hej."}).status_code for _ in range(3)}
    assert statuses == {200}


def test_forms_work_over_https_without_a_referer(production, make_app):
    """Browsers send no Referer (Referrer-Policy: no-referrer): the CSRF check must not need one."""
    import re

    app = make_app(PROXY_COUNT=1, WTF_CSRF_ENABLED=True)
    with app.app_context():
        create_user("handlaggare", "Hanna", "skribent", PASSWORD)
    client = app.test_client()
    https = {"X-Forwarded-Proto": "https"}
    page = client.get("/logga-in", headers=https)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    response = client.post("/logga-in", headers=https,
                           data={"csrf_token": token, "username": "handlaggare", "password": PASSWORD})
    assert response.status_code == 302, response.text
    assert client.post("/logga-in", headers=https, data={"username": "handlaggare", "password": PASSWORD}
                       ).status_code == 400  # without the token it is still refused


def test_redis_url_shares_the_limits_and_says_what_is_missing(monkeypatch, tmp_path):
    import click

    from klarsprak.config import settings
    from klarsprak.web import limits

    monkeypatch.setenv("REDIS_URL", "redis://redis.example:6379/0")
    assert settings(tmp_path)["RATELIMIT_STORAGE_URI"] == "redis://redis.example:6379/0"
    monkeypatch.delenv("REDIS_URL")
    assert settings(tmp_path)["RATELIMIT_STORAGE_URI"] == "memory://"

    monkeypatch.setattr(limits, "find_spec", lambda name: None)  # as on a host without the package
    with pytest.raises(click.ClickException, match="pip install 'klarsprak\\[redis\\]'"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}", "SECRET_KEY": "test",
                    "INSTANCE_PATH": str(tmp_path / "instance"), "RATELIMIT_STORAGE_URI": "redis://redis.example/0"})


def _gunicorn(tmp_path, **env):
    """gunicorn as `make serve` starts it, on a free loopback port, with ``env`` over a clean environment."""
    import os
    import socket
    import subprocess
    import sys
    from pathlib import Path

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("KLARSPRAK_") and k not in ("SECRET_KEY", "PERSONAL_DATA_KEY", "DATABASE_URL")}
    root = Path(__file__).resolve().parent.parent.parent
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=root,
        env={**clean, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2",
             "KLARSPRAK_INSTANCE": str(tmp_path / "instance"), **env},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, port


def test_gunicorn_refuses_to_start_without_keys_with_one_clear_line(tmp_path):
    process, _port = _gunicorn(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite'}")
    _out, err = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "Klarspråk startar inte i produktion: SECRET_KEY och PERSONAL_DATA_KEY saknas i miljön" in err
    assert "Traceback" not in err


def test_gunicorn_serves_with_keys_hsts_and_the_migrated_database(make_app, tmp_path):
    import time
    import urllib.request

    database = make_app().config["SQLALCHEMY_DATABASE_URI"]  # migrated, no demo accounts
    process, port = _gunicorn(tmp_path, DATABASE_URL=database, SECRET_KEY="s" * 64, PERSONAL_DATA_KEY="p" * 64)
    try:
        for _attempt in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/logga-in", timeout=5) as response:
                    status, headers, page = response.status, response.headers, response.read().decode()
                break
            except OSError:
                assert process.poll() is None, process.communicate()[1]
                time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not answer")
        assert status == 200 and "Logga in" in page
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        assert headers["Server"].startswith("gunicorn")
    finally:
        process.terminate()
        process.communicate(timeout=60)

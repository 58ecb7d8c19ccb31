"""Issue 10's requirements that had no test of their own, found by the audit against its "Done
when" (/tmp/h6/audit10.md): session timeouts, a fresh session and CSRF token at login, the dummy
hash for unknown user names, login throttling shared by workers and per account across
addresses, what the audit log records for failed logins and role changes, a Swedish 500 page
after a failed transaction, the whole CSP and no third-party resources. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from klarsprak import create_app
from klarsprak.extensions import db
from klarsprak.review import accounts
from klarsprak.review.accounts import create_user
from klarsprak.review.models import AuditEvent, LoginAttempt, User, utcnow

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "rätt-lösenord-123"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _make_app(database: str, instance: Path, **config):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database, "INSTANCE_PATH": str(instance),
                       "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test", "RATELIMIT_ENABLED": False, **config})


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, fresh_database) -> str:
    """A migrated, empty database on each engine."""
    url = fresh_database(request.param)
    app = _make_app(url, Path("/nonexistent-instance"))
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()
    return url


@pytest.fixture
def make_app(database, tmp_path, made_apps):
    """Factory: an app (a worker) on the shared test database; several may run side by side."""

    def make(**config):
        app = _make_app(database, tmp_path / "instance", **config)
        made_apps.append(app)
        return app

    return make


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


def _user(role: str = "skribent", name: str | None = None) -> User:
    return create_user(name or role, (name or role).capitalize(), role, PASSWORD)


def _log_in(client, username: str, password: str = PASSWORD, address: str = "127.0.0.1"):
    return client.post("/logga-in", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


# --- Revocable sessions: idle and absolute timeouts, a fresh session at login ----------------

@pytest.mark.parametrize(("idle_minutes", "since_login_hours", "kept"), [
    (5, 1, True),  # in use and recent: the session goes on
    (121, 3, False),  # idle longer than SESSION_IDLE_MINUTES (120)
    (5, 13, False),  # in use, but logged in longer ago than SESSION_MAX_HOURS (12)
])
def test_sessions_end_after_the_idle_and_the_absolute_timeout(app, idle_minutes, since_login_hours, kept):
    user = _user()
    client = app.test_client()
    assert _log_in(client, user.username).status_code == 302
    now = time.time()
    with client.session_transaction() as session:
        session["seen_at"] = now - idle_minutes * 60
        session["login_at"] = now - since_login_hours * 3600
    response = client.get("/texter")
    if kept:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/logga-in" in response.headers["Location"]
        assert client.get("/texter").status_code == 302  # ended, not just refused once


def test_login_gives_a_fresh_session_and_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        username = _user().username
    client = app.test_client()
    before = CSRF.search(client.get("/logga-in").text).group(1)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"  # what a fixated session would carry in
        raw_before = session["csrf_token"]
    assert client.post("/logga-in", data={"csrf_token": before, "username": username,
                                          "password": PASSWORD}).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("csrf_token") != raw_before
    # The form token from before the login no longer works; the one the new session gives does.
    stale = client.post("/logga-ut", data={"csrf_token": before})
    assert stale.status_code == 400 and "Formuläret hade gått ut" in stale.text
    after = CSRF.search(client.get("/snabbkoll").text).group(1)
    assert after != before
    assert client.post("/logga-ut", data={"csrf_token": after}).status_code == 302
    assert client.get("/texter").status_code == 302  # logged out


# --- No timing oracle: an unknown user name costs one scrypt check like a known one ------------

def test_an_unknown_user_name_costs_the_same_password_check_as_a_known_one(app, monkeypatch):
    known = _user()
    checked: list[str] = []
    real = accounts.check_password_hash

    def counting(hash_: str, password: str) -> bool:
        checked.append(hash_)
        return real(hash_, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    assert accounts.authenticate("finns-inte", "fel lösenord här", "10.0.0.1") is None
    assert len(checked) == 1
    # The same algorithm and cost as a real account's hash (scrypt:N:r:p), so the same work.
    assert checked[0].split("$")[0] == known.password_hash.split("$")[0]
    assert checked[0].startswith("scrypt:")


# --- Login throttling held in the database: across workers, per account, within a minute -------

def test_the_throttle_holds_across_workers_on_one_database(make_app):
    workers = [make_app(), make_app()]  # two processes (or hosts) on the same database
    with workers[0].app_context():
        username = _user().username
    clients = [worker.test_client() for worker in workers]
    for i in range(5):
        assert _log_in(clients[i % 2], username, "fel lösenord").status_code == 400
    refused = _log_in(clients[1], username)  # the right password, the sixth try
    assert refused.status_code == 429 and "För många försök" in refused.text


def test_the_throttle_counts_per_account_whatever_the_address(app):
    user = _user()
    client = app.test_client()
    for i in range(5):
        _log_in(client, user.username, "fel lösenord", address=f"198.51.100.{i + 1}")
    assert _log_in(client, user.username, address="198.51.100.99").status_code == 429
    # Another account from a fresh address is not held up by this one's failures.
    other = _user("granskare")
    assert _log_in(app.test_client(), other.username, address="198.51.100.100").status_code == 302


def test_failures_older_than_a_minute_no_longer_count(app):
    user = _user()
    for _ in range(5):
        accounts.authenticate(user.username, "fel lösenord", "203.0.113.5")
    assert accounts.throttled(user, "203.0.113.5")
    later = utcnow() + dt.timedelta(seconds=61)
    assert not accounts.throttled(user, "203.0.113.5", now=later)
    assert db.session.scalar(select(LoginAttempt.address).limit(1)) == "203.0.113.5"


# --- The audit log: failed logins with the account, never the typed name; role changes' actor --

def test_a_failed_login_records_the_account_if_there_is_one_and_never_the_typed_name(app):
    user = _user()
    client = app.test_client()
    _log_in(client, user.username, "fel lösenord 1")
    _log_in(client, "ingen-sadan-person", "fel lösenord 2")
    failed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")
                                .order_by(AuditEvent.id)).all()
    assert [json.loads(e.detail_json).get("user_id") for e in failed] == [user.id, None]
    assert all(e.user_id is None for e in failed)  # nobody acted: the account is the detail
    logged = " ".join(e.detail_json for e in db.session.scalars(select(AuditEvent)))
    assert "ingen-sadan-person" not in logged and "fel lösenord" not in logged
    attempts = db.session.scalars(select(LoginAttempt).order_by(LoginAttempt.id)).all()
    assert [(a.user_id, a.success) for a in attempts] == [(user.id, False), (None, False)]


def test_a_role_change_on_the_admin_page_is_audited_with_its_actor(app):
    admin, writer = _user("admin"), _user("skribent")
    client = app.test_client()
    assert _log_in(client, admin.username).status_code == 302
    prefix = f"u{writer.id}-"
    client.post(f"/admin/anvandare/{writer.id}", data={prefix + "role": "granskare", prefix + "active": "1",
                                                        prefix + "unit": ""})
    db.session.expire_all()
    assert db.session.get(User, writer.id).role == "granskare"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user_updated")
                               .order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.user_id == admin.id
    detail = json.loads(event.detail_json)
    assert detail["user_id"] == writer.id and detail["role"] == "granskare"


# --- Error pages: the session rolled back first, always Swedish -------------------------------

def test_a_failed_transaction_gives_the_swedish_500_page_and_the_next_request_works(make_app):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.route("/_audit_fails_mid_transaction")
    def fails():
        db.session.add(User(username="skribent", display_name="Tvilling", role="skribent", password_hash="x"))
        db.session.flush()  # a duplicate user name: the session now needs a rollback
        return "unreachable"

    with app.app_context():
        username = _user().username
    client = app.test_client()
    assert _log_in(client, username).status_code == 302
    response = client.get("/_audit_fails_mid_transaction")
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.text and "Internal Server Error" not in response.text
    assert 'lang="sv"' in response.text
    assert client.get("/texter").status_code == 200  # the worker goes on


# --- Headers: the whole CSP; no third-party resources -----------------------------------------

def test_the_csp_allows_only_this_site(app):
    user = _user()
    client = app.test_client()
    _log_in(client, user.username)
    for path in ("/logga-in", "/texter", "/snabbkoll"):
        csp = client.get(path).headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
        assert directives["default-src"] == "'self'" and directives["base-uri"] == "'none'"
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert directives["form-action"] == "'self'"
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp and "*" not in csp


def test_no_page_or_stylesheet_loads_anything_from_another_site():
    """No CDN, web font or analytics: every resource a template or static file loads is ours (a
    plain link to another site is not a load, so <a href> may point anywhere)."""
    external = re.compile(r"""(?:\bsrc|<link\b[^>]*\bhref|\baction)\s*=\s*["']?\s*(?:https?:)?//"""
                          r"""|@import\s+(?:url\()?\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.IGNORECASE)
    files = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "klarsprak" / "web" / "static").rglob("*.*")]
    assert len(files) > 10
    found = [f"{path.relative_to(ROOT)}: {match.group(0)}" for path in files if path.suffix in (".html", ".css", ".js")
             for match in external.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def test_password_fields_let_a_passphrase_be_pasted(app):
    user = _user()
    client = app.test_client()
    pages = [client.get("/logga-in").text]
    _log_in(client, user.username)
    pages.append(client.get("/losenord").text)
    fields = [field for page in pages for field in re.findall(r"<input[^>]*type=\"password\"[^>]*>", page)]
    assert len(fields) == 4  # the login's, and the change form's three
    for field in fields:
        assert "onpaste" not in field and "readonly" not in field
        length = re.search(r'maxlength="(\d+)"', field)
        assert length is None or int(length.group(1)) >= 128


# --- Nothing shared in a worker's memory: a logout on one worker ends the cookie on another ----

def test_a_logout_on_one_worker_ends_the_copied_cookie_on_another(make_app):
    first, second = make_app(), make_app()
    with first.app_context():
        username = _user().username
    owner, thief = first.test_client(), second.test_client()
    assert _log_in(owner, username).status_code == 302
    thief.set_cookie("session", owner.get_cookie("session").value)
    assert thief.get("/texter").status_code == 200  # the signed cookie is good on every worker
    owner.post("/logga-ut")
    assert thief.get("/texter").status_code == 302  # and revoked on every worker at once


# --- Memory bounded by accepting less: the CLI refuses one character over the limit ------------

def test_the_cli_refuses_a_text_one_character_over_the_limit_in_one_swedish_line(capsys, tmp_path, analyzer):
    from klarsprak import cli
    from klarsprak.analysis.document import MAX_CHARS

    path = tmp_path / "lang.txt"
    path.write_text(("Vi har fått din ansökan. " * (MAX_CHARS // 25 + 1))[:MAX_CHARS + 1], encoding="utf-8")
    code = cli.main(["check", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "för lång" in err and f"{MAX_CHARS + 1:,}".replace(",", " ") in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


# --- MAIL_CLAIM_TIMEOUT: when a "sending" claim counts as left by a sender that died -----------

def test_the_mail_claim_timeout_is_a_setting_in_minutes(app, monkeypatch, tmp_path):
    import click

    from klarsprak.config import settings
    from klarsprak.review import notifications
    from klarsprak.review.models import Notification

    user = _user()
    notice = Notification(user_id=user.id, kind="approved", mail_state="sending", mail_tries=1,
                          mail_claimed_at=utcnow() - dt.timedelta(minutes=6))
    db.session.add(notice)
    db.session.commit()
    assert app.config["MAIL_CLAIM_TIMEOUT"] == 10 and notifications.unsent_mail() == []  # its sender may be sending
    app.config["MAIL_CLAIM_TIMEOUT"] = 5
    assert notifications.unsent_mail() == [notice.id]  # older than 5 minutes: its sender is gone
    monkeypatch.setenv("MAIL_CLAIM_TIMEOUT", "30")
    assert settings(tmp_path)["MAIL_CLAIM_TIMEOUT"] == 30
    for wrong in ("0", "tio", "-5", "1441"):
        monkeypatch.setenv("MAIL_CLAIM_TIMEOUT", wrong)
        with pytest.raises(click.ClickException, match=f"ska vara ett antal minuter från 1 till 1440, inte ”{wrong}”"):
            settings(tmp_path)

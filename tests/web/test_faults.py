"""Faults: the database going away (mid-request, between requests, for a while) gives a Swedish
503 page with what was typed, never a traceback, and the app recovers by itself when the
database is back; a process killed in the middle of writing loses nothing it acknowledged."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from klarsprak import create_app
from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.accounts import create_user
from klarsprak.review.models import AuditEvent, Revision, Text

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "rätt-lösenord-123"
LETTER = "Du har fått bistånd till hemtjänst. Ring oss om du undrar något."


class Relay:
    """A TCP relay between the app and PostgreSQL that a test can cut (every open connection
    dropped, new ones closed at once, as when the server is gone) and restore."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                end.close()

    def cut(self) -> None:
        self.up = False
        with self.lock:
            for end in self.sockets:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def database(fresh_database, postgres_url):
    """A fresh PostgreSQL database: its URL, and a function that ends every connection to it."""
    url = fresh_database("postgresql")
    name = make_url(url).database

    def terminate_connections() -> int:
        server = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            ended = connection.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name}).scalar()
        server.dispose()
        return ended

    return url, terminate_connections


def make_app(url: str, tmp_path: Path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test", "RATELIMIT_ENABLED": False})
    return app


def logged_in_writer(app):
    """Migrate, add a writer and log in. No app context is left pushed: each request has its own,
    and gives its connection back to the pool at the end, as in production."""
    with app.app_context():
        upgrade()
        create_user("skribent1", "Skribent", "skribent", PASSWORD)
    client = app.test_client()
    assert client.post("/logga-in", data={"username": "skribent1", "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def writer_client(database, tmp_path):
    """A PostgreSQL app with a writer logged in."""
    url, _terminate = database
    app = make_app(url, tmp_path)
    yield app, logged_in_writer(app)
    with app.app_context():
        db.engine.dispose()


def new_text(title: str) -> dict[str, str]:
    return {"title": title, "kind": "brev", "audience": "", "body": LETTER}


def titles(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(Text.title).order_by(Text.id)).all()


def assert_swedish_503(response, typed: str | None = None) -> None:
    assert response.status_code == 503
    assert "Vi kommer inte åt databasen just nu" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    assert response.headers["Retry-After"].isdigit()
    if typed is not None:
        assert "Det här skrev du" in response.text and typed in response.text


def test_connection_killed_mid_request(writer_client, database, monkeypatch):
    """The server ends the connection after the text's first row is written and before the
    commit: 503 with the letter on the page to copy, nothing half-stored, and the same post
    works right after."""
    app, client = writer_client
    _url, terminate_connections = database
    real_check_body = services._check_body

    def check_body_then_lose_the_database(body: str) -> str:
        assert terminate_connections() >= 1
        return real_check_body(body)

    monkeypatch.setattr(services, "_check_body", check_body_then_lose_the_database)
    response = client.post("/texter/ny", data=new_text("Beslut om hemtjänst"))
    assert_swedish_503(response, LETTER)
    monkeypatch.undo()
    assert titles(app) == []
    assert client.post("/texter/ny", data=new_text("Beslut om hemtjänst")).status_code == 302
    assert titles(app) == ["Beslut om hemtjänst"]


def test_database_restart_between_requests_costs_no_request(writer_client, database):
    """Every pooled connection is ended (a restart, a failover): the next request still works,
    because a pooled connection is tested before it is used."""
    app, client = writer_client
    _url, terminate_connections = database
    assert client.get("/texter").status_code == 200
    assert terminate_connections() >= 1
    assert client.get("/texter").status_code == 200
    assert client.post("/texter/ny", data=new_text("Efter omstarten")).status_code == 302
    assert titles(app) == ["Efter omstarten"]


def test_database_away_for_a_while(database, tmp_path):
    """While the database cannot be reached, every page is a Swedish 503 (also for a logged-in
    user whose account cannot be read); when it is back, the same session goes on."""
    url, _terminate = database
    relay = Relay(make_url(url).port)
    try:
        app = make_app(make_url(url).set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False),
                       tmp_path)
        client = logged_in_writer(app)
        relay.cut()
        for path in ("/texter", "/texter/ny", "/granska/"):
            assert_swedish_503(client.get(path))
        assert_swedish_503(client.post("/texter/ny", data=new_text("Under avbrottet")), LETTER)
        assert_swedish_503(client.post("/logga-in", data={"username": "skribent1", "password": PASSWORD}))
        relay.restore()
        assert client.get("/texter").status_code == 200  # still logged in
        assert client.post("/texter/ny", data=new_text("Efter avbrottet")).status_code == 302
        assert titles(app) == ["Efter avbrottet"]
        with app.app_context():
            db.engine.dispose()
    finally:
        relay.close()


WRITER = """
import sys
from klarsprak import create_app
from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import User

url, instance, author_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": instance, "SECRET_KEY": "test"})
with app.app_context():
    author = db.session.get(User, author_id)
    for i in range(1_000_000):
        services.create_text(author, f"Skrivning {i}", "brev", "", f"Text nummer {i}.")
        print(i, flush=True)  # acknowledged: the commit has returned
"""


def test_a_process_killed_mid_write_loses_nothing_acknowledged(app, make_user, tmp_path):
    """A writer process is killed (SIGKILL, no clean-up) after 40 acknowledged texts: each of
    them is in the database, whole (its version and its audit event), and nothing is half-written."""
    author = make_user("skribent")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path / "writer"), str(author.id)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    acknowledged: list[int] = []
    try:
        for line in writer.stdout:
            acknowledged.append(int(line))
            if len(acknowledged) == 40:
                writer.send_signal(signal.SIGKILL)  # in the middle of the 41st write
                break
    finally:
        writer.kill()
        writer.wait(timeout=30)
        writer.stdout.close()
    assert len(acknowledged) == 40
    db.session.rollback()
    stored = set(db.session.scalars(select(Text.title)))
    assert {f"Skrivning {i}" for i in acknowledged} <= stored
    texts = db.session.scalar(select(func.count()).select_from(Text))
    with_version = db.session.scalar(select(func.count(func.distinct(Revision.text_id))))
    created = db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "create"))
    assert texts == with_version == created  # every stored text whole, none half-written

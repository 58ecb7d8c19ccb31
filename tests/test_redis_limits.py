"""The coarse rate limits against a real Redis server (REDIS_URL), as several gunicorn workers or
hosts use them: one count for all, a new count each window, and a Redis outage that stops nobody
and, when Redis is silent, holds at most one request a back-off period.

The server is KLARSPRAK_TEST_REDIS (``make test`` sets it), or a throwaway one on loopback that
scripts/test-redis.sh starts, installing Debian's redis-server if needed, as for PostgreSQL."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from flask_migrate import upgrade

from klarsprak import create_app
from klarsprak.review.accounts import create_user

PASSWORD = "rätt-lösenord-123"
CHECK = {"text": "Vi har erhållit din ansökan."}


@pytest.fixture
def prefix() -> str:
    """A key prefix of this test's own: other test runs may share the server at the same time."""
    return f"klarsprak-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def workers(tmp_path, analyzer, prefix, made_apps):
    """Factory: ``count`` apps on one database and one limit storage, as gunicorn workers (or
    hosts) are, each with a quick-check client logged in."""
    made = made_apps

    def make(count: int, storage: str, **config):
        clients = []
        for number in range(count):
            app = create_app({
                "TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.sqlite'}",
                "INSTANCE_PATH": str(tmp_path / "instance"),
                "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage, "RATELIMIT_KEY_PREFIX": prefix,
                **config,
            })
            made.append(app)
            if number == 0:
                with app.app_context():
                    upgrade()
                    create_user("skribent1", "Skribent", "skribent", PASSWORD)
            client = app.test_client()
            assert client.post("/logga-in", data={"username": "skribent1", "password": PASSWORD}).status_code == 302
            clients.append(client)
        return clients

    return make


@pytest.fixture
def server(redis_url, prefix):
    """A client of the test server; this test's keys are removed afterwards."""
    connection = redis.Redis.from_url(redis_url)
    yield connection
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)
    connection.close()


class Gate:
    """A TCP relay in front of the test Redis that can go silent, as a Redis host that hangs:
    while silent it takes connections and reads what is sent, counting each piece it swallows
    (one per command tried), but forwards and answers nothing. A connection that swallowed
    anything stays silent (its replies would no longer match); new ones speak again."""

    def __init__(self, redis_url: str) -> None:
        upstream = urlsplit(redis_url)
        self.upstream = (upstream.hostname, upstream.port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self.listener.getsockname()[1]}/0"
        self.silent = False
        self.swallowed = 0
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream = None if self.silent else socket.create_connection(self.upstream)
        with self._lock:
            self._sockets += [client] + ([upstream] if upstream else [])
        if upstream is not None:
            threading.Thread(target=self._answer, args=(upstream, client), daemon=True).start()
        swallowing = upstream is None
        try:
            while data := client.recv(65536):
                if swallowing or self.silent:
                    swallowing = True
                    with self._lock:
                        self.swallowed += 1
                    continue
                upstream.sendall(data)
        except OSError:
            pass

    def _answer(self, upstream: socket.socket, client: socket.socket) -> None:
        try:
            while data := upstream.recv(65536):
                if not self.silent:
                    client.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        self.listener.close()
        with self._lock:
            for sock in self._sockets:
                sock.close()


@pytest.fixture
def gate(redis_url):
    relay = Gate(redis_url)
    yield relay
    relay.close()


def keys_of(server: redis.Redis, prefix: str) -> list[bytes]:
    return list(server.scan_iter(f"*{prefix}*"))


def test_two_workers_on_one_redis_share_one_count(workers, redis_url, server, prefix):
    first, second = workers(2, redis_url, RATELIMIT_CHECK="4/minute")
    assert first.post("/snabbkoll", data=CHECK).status_code == 200
    [key] = keys_of(server, prefix)  # the count lives in Redis, not in the worker
    assert int(server.get(key)) == 1
    statuses = [(second, first)[turn % 2].post("/snabbkoll", data=CHECK).status_code for turn in range(5)]
    # Requests split across both workers are refused at the same total as on one: the fifth.
    assert statuses == [200, 200, 200, 429, 429]
    refused = second.post("/snabbkoll", data=CHECK)
    assert refused.status_code == 429 and "många kontroller på kort tid" in refused.text
    # Another address has its own budget, in either worker.
    assert first.post("/snabbkoll", data=CHECK, environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200


def test_without_redis_each_worker_counts_alone(workers):
    first, second = workers(2, "memory://", RATELIMIT_CHECK="4/minute")
    statuses = [(first, second)[turn % 2].post("/snabbkoll", data=CHECK).status_code for turn in range(8)]
    assert statuses == [200] * 8  # twice the limit: why several workers need REDIS_URL


def test_the_shared_count_starts_again_each_window(workers, redis_url, server, prefix):
    first, second = workers(2, redis_url, RATELIMIT_CHECK="2 per 3 seconds")
    assert [first.post("/snabbkoll", data=CHECK).status_code, second.post("/snabbkoll", data=CHECK).status_code,
            first.post("/snabbkoll", data=CHECK).status_code] == [200, 200, 429]
    # The window ends when Redis expires its count (a fixed window from the first request).
    ttl = max(server.pttl(key) for key in keys_of(server, prefix))
    assert 0 < ttl <= 3000
    deadline = time.monotonic() + 10
    while keys_of(server, prefix) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert keys_of(server, prefix) == []
    assert [second.post("/snabbkoll", data=CHECK).status_code, first.post("/snabbkoll", data=CHECK).status_code,
            second.post("/snabbkoll", data=CHECK).status_code] == [200, 200, 429]


def test_new_texts_share_the_count_too(workers, redis_url, server):
    first, second = workers(2, redis_url, RATELIMIT_NEW_TEXT="1/minute")
    data = {"title": "Beslut", "kind": "beslut", "audience": "Den som har sökt", "body": "Vi har fattat ett beslut."}
    assert first.post("/texter/ny", data=data, content_type="multipart/form-data").status_code == 302
    refused = second.post("/texter/ny", data=data, content_type="multipart/form-data")
    assert refused.status_code == 429 and "För många försök på kort tid" in refused.text


def test_a_redis_that_is_down_stops_nobody(workers):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    [client] = workers(1, f"redis://127.0.0.1:{port}/0", RATELIMIT_CHECK="2/minute")
    statuses = [client.post("/snabbkoll", data=CHECK).status_code for _ in range(3)]
    # The worker counts alone until Redis is back: the limit still holds, and nobody gets a 500.
    assert statuses == [200, 200, 429]


def test_a_silent_redis_holds_one_request_a_back_off(workers, gate, server, prefix):
    [client] = workers(1, gate.url, RATELIMIT_CHECK="3/minute;100/hour", RATELIMIT_REDIS_BACKOFF=30)
    storage = client.application.extensions["klarsprak.limiter"].storage
    now = [1000.0]
    storage.clock = lambda: now[0]  # the breaker's clock: the test moves it, no one waits for it

    def post() -> int:
        return client.post("/snabbkoll", data=CHECK).status_code

    def counts_in_redis() -> list[int]:
        return sorted(int(server.get(key)) for key in keys_of(server, prefix))

    assert post() == 200 and counts_in_redis() == [1, 1]  # both limits counted in Redis
    gate.silent = True
    assert post() == 200  # this one waited for Redis (one try: the second limit was not asked)
    assert gate.swallowed == 1
    # The back-off: the worker counts alone in memory, and not one call reaches Redis.
    assert [post() for _ in range(3)] == [200, 200, 429]  # memory: 1, 2, 3, then over 3/minute
    assert gate.swallowed == 1 and counts_in_redis() == [1, 1]
    now[0] += 31  # the back-off is over: the next request alone asks Redis, still silent
    assert post() == 429  # the memory count holds meanwhile
    assert gate.swallowed == 2
    assert [post() for _ in range(3)] == [429] * 3 and gate.swallowed == 2  # a new back-off
    gate.silent = False
    now[0] += 31
    # Redis answers again: the counts are Redis' once more, from where they were.
    assert post() == 200 and counts_in_redis() == [2, 2]
    # The refused one counts only against the minute (the first limit it breaks stops the rest).
    assert [post() for _ in range(2)] == [200, 429] and counts_in_redis() == [3, 4]
    assert gate.swallowed == 2


def test_a_redis_that_is_down_is_asked_once_a_back_off(workers, monkeypatch):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    [client] = workers(1, f"redis://127.0.0.1:{port}/0", RATELIMIT_CHECK="20/minute", RATELIMIT_REDIS_BACKOFF=30)
    storage = client.application.extensions["klarsprak.limiter"].storage
    now = [1000.0]
    storage.clock = lambda: now[0]
    asked = []
    real_incr = storage.redis.incr
    monkeypatch.setattr(storage.redis, "incr", lambda *args, **kwargs: asked.append(1) or real_incr(*args, **kwargs))
    statuses = [client.post("/snabbkoll", data=CHECK).status_code for _ in range(4)]
    assert statuses == [200] * 4 and len(asked) == 1
    now[0] += 31
    assert client.post("/snabbkoll", data=CHECK).status_code == 200 and len(asked) == 2


@pytest.mark.parametrize("value", ["soon", "-1", "86400"])
def test_a_wrong_back_off_is_refused_in_swedish(tmp_path, value):
    import click

    with pytest.raises(click.ClickException, match="RATELIMIT_REDIS_BACKOFF ska vara ett antal sekunder"):
        create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "INSTANCE_PATH": str(tmp_path / "instance"), "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",
                    "RATELIMIT_REDIS_BACKOFF": value})

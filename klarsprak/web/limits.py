"""Coarse rate limits per client address (Flask-Limiter) on the costly posts: a quick check
(the analysis costs seconds of CPU), new texts and comments. The finer login throttle lives in
the database (``review.accounts``) so that it holds across workers and hosts.

With ``REDIS_URL`` every worker and host shares one count in Redis, through
:class:`RedisWithBreaker`: when Redis does not answer, the worker counts alone in memory for a
back-off period and then asks Redis once, so a silent Redis holds at most one request a period."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from importlib.util import find_spec
from typing import Any, ClassVar

import click
from flask import Flask, Response, make_response, render_template, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits.errors import StorageError
from limits.storage import (
    MemoryStorage,
    MovingWindowSupport,
    RedisStorage,
    SlidingWindowCounterSupport,
    Storage,
)

log = logging.getLogger(__name__)

# Seconds a request waits for Redis before the worker counts alone (redis-py waits for ever by
# default, so a Redis host that stops answering would hang every limited post).
REDIS_TIMEOUT_SECONDS = 1.0
# After Redis failed, a worker counts in memory this long before it asks Redis again
# (RATELIMIT_REDIS_BACKOFF): without it every request of an outage could wait the timeout.
REDIS_BACKOFF_SECONDS = 30.0
_SCHEME = "klarsprak+"  # our storage's URI scheme is this before Redis' own ("klarsprak+redis://")


class RedisWithBreaker(Storage, MovingWindowSupport, SlidingWindowCounterSupport):
    """The limits' storage in Redis, behind a circuit breaker of this worker's own.

    While Redis answers, every count is in Redis. When a call fails (down, timed out), the
    breaker opens: for ``backoff_seconds`` every call goes to a count in this worker's memory
    and none to Redis. Then one call (one request, even with several threads) tries Redis: if it
    answers the breaker closes and the counts are Redis' again, else a new back-off starts. So
    an outage makes at most one request a back-off wait the timeout, and no request fails for
    it; the limits still hold, per worker. ``clock`` (monotonic seconds) can be replaced in
    tests."""

    STORAGE_SCHEME: ClassVar[list[str]] = [_SCHEME + "redis", _SCHEME + "rediss"]

    def __init__(self, uri: str, backoff_seconds: float = REDIS_BACKOFF_SECONDS, wrap_exceptions: bool = False,
                 **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.redis = RedisStorage(uri.removeprefix(_SCHEME), **options)  # connects at its first call
        self.memory = MemoryStorage()
        self.backoff_seconds = float(backoff_seconds)
        self.clock: Callable[[], float] = time.monotonic
        base = self.redis.base_exceptions
        self._failures = (*(base if isinstance(base, tuple) else (base,)), StorageError, OSError)
        self._lock = threading.Lock()
        self._open_until: float | None = None  # None: closed, Redis is asked
        self._trying = False  # one call is asking Redis after a back-off

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return self.redis.base_exceptions

    def _may_ask(self) -> bool:
        with self._lock:
            if self._open_until is None:
                return True
            if self._trying or self.clock() < self._open_until:
                return False
            self._trying = True  # this call alone asks; the others count in memory meanwhile
            return True

    def _failed(self, exc: BaseException | None) -> None:
        with self._lock:
            first = self._open_until is None
            self._open_until = self.clock() + self.backoff_seconds
            self._trying = False
        # Only the kind: a key holds the client's address.
        (log.warning if first else log.info)(
            "rate limits: Redis did not answer (%s); this worker counts alone for %g s",
            type(exc).__name__ if exc is not None else "check failed", self.backoff_seconds)

    def _answered(self) -> None:
        with self._lock:
            was_open = self._open_until is not None
            self._open_until, self._trying = None, False
        if was_open:
            log.warning("rate limits: Redis answers again; the workers share one count")

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self._may_ask():
            return getattr(self.memory, name)(*args, **kwargs)
        try:
            result = getattr(self.redis, name)(*args, **kwargs)
        except self._failures as exc:
            self._failed(exc)
            return getattr(self.memory, name)(*args, **kwargs)
        self._answered()
        return result

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self._call("incr", key, expiry, amount)

    def get(self, key: str) -> int:
        return self._call("get", key)

    def get_expiry(self, key: str) -> float:
        return self._call("get_expiry", key)

    def check(self) -> bool:
        """Whether Redis answers; False without asking it during a back-off."""
        if not self._may_ask():
            return False
        if self.redis.check():
            self._answered()
            return True
        self._failed(None)
        return False

    def reset(self) -> int | None:
        return self._call("reset")

    def clear(self, key: str) -> None:
        return self._call("clear", key)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        return self._call("acquire_entry", key, limit, expiry, amount)

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        return self._call("get_moving_window", key, limit, expiry)

    def acquire_sliding_window_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        return self._call("acquire_sliding_window_entry", key, limit, expiry, amount)

    def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        return self._call("get_sliding_window", key, expiry)

    def clear_sliding_window(self, key: str, expiry: int) -> None:
        return self._call("clear_sliding_window", key, expiry)


# Endpoint -> the config key holding its limit ("20/minute;200/hour"; see limits' notation).
LIMITED_POSTS: dict[str, str] = {
    "check.check_page": "RATELIMIT_CHECK",
    "texts.new": "RATELIMIT_NEW_TEXT",
    "review.comment": "RATELIMIT_COMMENT",
    "texts.reply": "RATELIMIT_COMMENT",
}


def _check_page_again() -> Response:
    """A refused quick check shows the form again with the text in it: nothing typed is lost."""
    return make_response(render_template(
        "check/page.html", text=request.form.get("text", ""), report=None, marked=None, band=None,
        error="Du har gjort många kontroller på kort tid. Vänta en minut och försök igen. Din text finns kvar.",
        hidden_tips=0, with_tips=request.form.get("tips") == "1"), 429)


# Answers that keep what was typed; the other limited posts get the Swedish 429 page.
BREACH_PAGES: dict[str, Callable[[], Response]] = {"check.check_page": _check_page_again}


def _answering_with(page: Callable[[], Response], view: Callable) -> Callable:
    """``view`` (already limited), answering a breach with ``page`` instead of the 429 page."""

    @wraps(view)  # the limiter knows the view by its name
    def answered(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except RateLimitExceeded:
            return page()

    return answered


def register(app: Flask) -> Limiter:
    """Limit the posts in ``LIMITED_POSTS`` on ``app`` (after its blueprints are registered).

    A limiter per app: the storage (memory per worker, or ``REDIS_URL``) and the limits follow
    that app's config. A breach answers 429: the quick check's own form with the text kept,
    elsewhere the Swedish error page. While Redis cannot be reached, each worker counts alone in
    memory (the limits still hold, per worker) and asks Redis again after
    ``RATELIMIT_REDIS_BACKOFF`` seconds (:class:`RedisWithBreaker`): an outage of the limits'
    storage must not stop anyone saving a text."""
    storage = app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    overrides: dict[str, Any] = {}
    if storage.startswith(("redis://", "rediss://")):
        if find_spec("redis") is None:
            raise click.ClickException(  # a clear line on stderr, from flask and gunicorn alike
                "REDIS_URL är satt, men Python-paketet redis saknas. Installera det: pip install 'klarsprak[redis]'")
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS})
        overrides = {"storage_uri": _SCHEME + storage,
                     "storage_options": {"backoff_seconds": _backoff_seconds(app)}}
    limiter = Limiter(get_remote_address, app=app, in_memory_fallback_enabled=True, **overrides)
    app.extensions["klarsprak.limiter"] = limiter  # the limits hold it only weakly
    for endpoint, config_key in LIMITED_POSTS.items():
        value = app.config[config_key]
        view = limiter.limit(value, methods=["POST"])(app.view_functions[endpoint])
        if endpoint in BREACH_PAGES:
            view = _answering_with(BREACH_PAGES[endpoint], view)
        app.view_functions[endpoint] = view
    return limiter


def _backoff_seconds(app: Flask) -> float:
    """``RATELIMIT_REDIS_BACKOFF`` from the app's config (config.py reads the environment), in seconds."""
    value = app.config.get("RATELIMIT_REDIS_BACKOFF", REDIS_BACKOFF_SECONDS)
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise click.ClickException(
            f"RATELIMIT_REDIS_BACKOFF ska vara ett antal sekunder mellan 0 och 3600, inte ”{value}”.")
    return seconds

"""Coarse rate limits per client address (Flask-Limiter) on the costly posts: a quick check
(the analysis costs seconds of CPU), new texts and comments. The finer login throttle lives in
the database (``review.accounts``) so that it holds across workers and hosts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from importlib.util import find_spec

import click
from flask import Flask, Response, make_response, render_template, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

# Seconds a request waits for Redis before the worker counts alone (redis-py waits for ever by
# default, so a Redis host that stops answering would hang every limited post).
REDIS_TIMEOUT_SECONDS = 1.0

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
    memory (the limits still hold, per worker) and goes back to Redis when it answers again: an
    outage of the limits' storage must not stop anyone saving a text."""
    storage = app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    if storage.startswith(("redis://", "rediss://")):
        if find_spec("redis") is None:
            raise click.ClickException(  # a clear line on stderr, from flask and gunicorn alike
                "REDIS_URL är satt, men Python-paketet redis saknas. Installera det: pip install 'klarsprak[redis]'")
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS})
    limiter = Limiter(get_remote_address, app=app, in_memory_fallback_enabled=True)
    app.extensions["klarsprak.limiter"] = limiter  # the limits hold it only weakly
    for endpoint, config_key in LIMITED_POSTS.items():
        value = app.config[config_key]
        view = limiter.limit(value, methods=["POST"])(app.view_functions[endpoint])
        if endpoint in BREACH_PAGES:
            view = _answering_with(BREACH_PAGES[endpoint], view)
        app.view_functions[endpoint] = view
    return limiter

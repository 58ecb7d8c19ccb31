"""Coarse rate limits per client address (Flask-Limiter) on the costly posts: a quick check
(the analysis costs seconds of CPU), new texts and comments. The finer login throttle lives in
the database (``review.accounts``) so that it holds across workers and hosts."""

from __future__ import annotations

from importlib.util import find_spec

import click
from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Endpoint -> the config key holding its limit ("20/minute;200/hour"; see limits' notation).
LIMITED_POSTS: dict[str, str] = {
    "check.check_page": "RATELIMIT_CHECK",
    "texts.new": "RATELIMIT_NEW_TEXT",
    "review.comment": "RATELIMIT_COMMENT",
    "texts.reply": "RATELIMIT_COMMENT",
}


def register(app: Flask) -> Limiter:
    """Limit the posts in ``LIMITED_POSTS`` on ``app`` (after its blueprints are registered).

    A limiter per app: the storage (memory per worker, or ``REDIS_URL``) and the limits follow
    that app's config. Breaches raise 429, which the Swedish error page answers."""
    storage = app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    if storage.startswith(("redis://", "rediss://")) and find_spec("redis") is None:
        raise click.ClickException(  # a clear line on stderr, from flask and gunicorn alike
            "REDIS_URL är satt, men Python-paketet redis saknas. Installera det: pip install 'klarsprak[redis]'")
    limiter = Limiter(get_remote_address, app=app)
    app.extensions["klarsprak.limiter"] = limiter  # the limits hold it only weakly
    for endpoint, config_key in LIMITED_POSTS.items():
        value = app.config[config_key]
        app.view_functions[endpoint] = limiter.limit(value, methods=["POST"])(app.view_functions[endpoint])
    return limiter

"""Production mode: what must hold before the app serves anyone, and the proxy in front."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import inspect, select
from werkzeug.middleware.proxy_fix import ProxyFix

from klarsprak.config import PRODUCTION_KEYS
from klarsprak.extensions import db
from klarsprak.web.commands import DEMO_USERS

# The accounts `make run` creates (seed-demo); their passwords sit in a file in instance/.
DEMO_USERNAMES = tuple(username for username, _name, _role in DEMO_USERS)


class UnsafeStart(click.ClickException):
    """Production mode would start in a state that is not safe to serve; the message says why.

    A ClickException so that ``flask …`` prints just the message; gunicorn's start hook prints
    it too, and anything else calling ``create_app`` gets an exception."""


def active_demo_usernames() -> list[str]:
    """Demo accounts that can still log in (none when the tables do not exist yet)."""
    from klarsprak.review.models import User

    if not inspect(db.engine).has_table(User.__tablename__):
        return []
    query = select(User.username).where(User.username.in_(DEMO_USERNAMES), User.active.is_(True))
    return sorted(db.session.scalars(query))


def refuse_unsafe_start(app: Flask) -> None:
    """Raise ``UnsafeStart`` when production mode lacks a key or still has the demo accounts.

    Flask's CLI skips the demo check: ``flask db upgrade`` and ``close-demo-users`` must run to
    put the database right before the server may start."""
    missing = [key for key in PRODUCTION_KEYS if not app.config.get(key)]
    if missing:
        raise UnsafeStart(
            f"Klarspråk startar inte i produktion: {' och '.join(missing)} saknas i miljön. Sätt "
            "var och en till en lång slumpmässig sträng, till exempel från "
            "python3 -c 'import secrets; print(secrets.token_hex(32))', och samma värde på alla servrar.")
    if click.get_current_context(silent=True) is not None:
        return
    with app.app_context():
        demo = active_demo_usernames()
        db.session.remove()
        db.engine.dispose()  # no connection inherited by the forked workers
    if demo:
        raise UnsafeStart(
            f"Klarspråk startar inte i produktion: demokontona finns i databasen ({', '.join(demo)}). "
            "Deras lösenord står i en fil. Stäng dem med: flask --app klarsprak close-demo-users")


def trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto/-Host from ``PROXY_COUNT`` proxies, and from nobody when
    it is 0: a client could otherwise claim any address (and escape the login throttle)."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

"""Route helpers: role checks and loading a text the current user may see."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from klarsprak.extensions import db
from klarsprak.review import permissions
from klarsprak.review.models import Role, Text


def role_required(*roles: Role) -> Callable:
    """Decorator: log in first, then only these roles (403 for others)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any):
            if current_user.role_enum not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def text_for(text_id: int, check: Callable = permissions.can_view) -> Text:
    """The text, if it exists and ``check(user, text)`` allows; else 404 or 403."""
    text = db.session.get(Text, text_id)
    if text is None:
        abort(404)
    if not check(current_user, text):
        abort(403)
    return text

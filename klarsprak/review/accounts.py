"""Accounts: creating and changing users, passwords, logins and their throttling.

Every change that could hand an old cookie more power than it should have (a new password, a
new role, deactivation, logout) bumps the user's session version, so earlier cookies stop
working in every worker at once.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from klarsprak.extensions import db
from klarsprak.review import permissions
from klarsprak.review.audit import audit
from klarsprak.review.errors import NotAllowed, WorkflowError
from klarsprak.review.models import MAX_UNIT, LoginAttempt, Role, User, utcnow

__all__ = ["utcnow"]
from klarsprak.review.passwords import check_password

# The sixth failed try within a minute is refused, per account and per address.
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=1)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked when the typed user name is no account, so both answers take as long (no way to
    find out which user names exist by timing the login). Made on first use, not at import."""
    return generate_password_hash("no account has this password", method="scrypt")


def create_user(username: str, display_name: str, role: str, password: str, actor: User | None = None) -> User:
    """A new account (the admin page, ``flask create-user`` and the demo data all come here)."""
    username = username.strip()
    if role not in {r.value for r in Role}:
        raise WorkflowError(f"Okänd roll: {role}.", 400)
    if not username:
        raise WorkflowError("Skriv ett användarnamn.", 400)
    check_password(password, username)
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise WorkflowError(f"Användarnamnet {username} finns redan.", 400)
    user = User(username=username, display_name=display_name.strip() or username, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit(actor, "user_created", None, user_id=user.id, role=role)
    db.session.commit()
    return user


def update_user(admin: User, user: User, role: str, active: bool) -> None:
    """Set someone's role and whether the account is open; nobody locks themselves out."""
    if not permissions.can_manage_users(admin):
        raise NotAllowed()
    if role not in {r.value for r in Role}:
        raise WorkflowError(f"Okänd roll: {role}.", 400)
    if user.id == admin.id and (role != Role.ADMIN.value or not active):
        raise WorkflowError("Du kan inte ta bort din egen administratörsroll eller stänga av dig själv.", 400)
    if (user.role, user.active) != (role, active):
        user.session_version += 1  # the old role's sessions end now
    user.role, user.active = role, active
    audit(admin, "user_updated", None, user_id=user.id, role=role, active=active)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """The user sets a new password; every other session of theirs ends."""
    if not user.check_password(current):
        raise WorkflowError("Det nuvarande lösenordet stämmer inte.", 400)
    check_password(new, user.username)
    user.set_password(new)
    user.session_version += 1
    audit(user, "password_changed", None, user_id=user.id)
    db.session.commit()


def reset_password(admin: User, user: User, new: str) -> None:
    """An admin gives someone a new password (to hand over in person); their sessions end."""
    if not permissions.can_manage_users(admin):
        raise NotAllowed()
    check_password(new, user.username)
    user.set_password(new)
    user.session_version += 1
    audit(admin, "password_reset", None, user_id=user.id)
    db.session.commit()


def end_sessions(user: User) -> None:
    """Logout: this cookie, and any copy of it, stops working."""
    user.session_version += 1
    audit(user, "logout", None, user_id=user.id)
    db.session.commit()


def throttled(user: User | None, address: str, now: dt.datetime | None = None) -> bool:
    """Too many failed logins lately, for this account or from this address."""
    since = (now or utcnow()) - FAILURE_WINDOW
    failures = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.success.is_(False),
                                                                    LoginAttempt.at >= since)
    if user is not None and db.session.scalar(failures.where(LoginAttempt.user_id == user.id)) >= MAX_FAILURES:
        return True
    return bool(address) and db.session.scalar(failures.where(LoginAttempt.address == address)) >= MAX_FAILURES


def authenticate(username: str, password: str, address: str) -> User | None:
    """The user, when the name and password are right and the account is open; every try is
    recorded (the account if the name is one, the address; never what was typed)."""
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        ok = False
    else:
        ok = user.check_password(password) and user.active
    db.session.add(LoginAttempt(user_id=user.id if user else None, address=address[:64], success=ok))
    audit(user if ok else None, "login" if ok else "login_failed", None, user_id=user.id if user else None)
    db.session.commit()
    return user if ok else None


def set_unit(admin: User, user: User, unit: str) -> None:
    """Set the unit (enhet) someone writes for; the overview shows and filters by it."""
    if not permissions.can_manage_users(admin):
        raise NotAllowed()
    unit = " ".join(unit.split())
    if len(unit) > MAX_UNIT:
        raise WorkflowError(f"Enheten får vara högst {MAX_UNIT} tecken.", 400)
    if unit != user.unit:
        user.unit = unit
        audit(admin, "user_updated", None, user_id=user.id, unit=True)
        db.session.commit()

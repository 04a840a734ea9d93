"""Accounts and their sessions: register, log in without giving away who has an account, log out.

A session token is 256 random bits; the cookie holds it, the database only its SHA-256. A
session ends after ``idle`` without a request or ``absolute`` after login, whichever is first.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nabij.store import crypto, keys, passwords, throttle
from nabij.store.tables import Session as SessionRow
from nabij.store.tables import User, new_id

# Writing "last seen" on every request would turn each page view into a write; once a minute
# keeps the idle timeout accurate to a minute.
TOUCH_EVERY = timedelta(minutes=1)
LOGIN_MAX = 64


class LoginTakenError(ValueError):
    """The login name belongs to another account."""


@dataclass(frozen=True)
class Timeouts:
    """How long a session lives without a request, and at most."""

    idle: timedelta
    absolute: timedelta


def normalize_login(login: str) -> str:
    """Return the login name as it is stored and compared: trimmed, lower case."""
    return login.strip().lower()


def token_hash(token: str) -> str:
    """Return the stored form of a session token."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


@dataclass(frozen=True)
class Unlocked:
    """A user whose data key is open: after registration, a login or a recovery."""

    user: User
    data_key: bytes = field(repr=False)


@dataclass(frozen=True)
class Registered(Unlocked):
    """A new account, with the recovery key to show once (it is kept nowhere)."""

    recovery_key: str = field(repr=False, kw_only=True)


def register(db: Session, login: str, password: str, lang: str, now: datetime) -> Registered:
    """Create an account with its keys; the caller has checked the password's rules."""
    user = User(
        id=new_id(),
        login=normalize_login(login),
        password_hash=passwords.hash_password(password),
        lang=lang,
        created_at=now,
    )
    data_key, recovery = keys.create(user, password)
    db.add(user)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise LoginTakenError(login) from None
    return Registered(user, data_key, recovery_key=recovery)


def login_exists(db: Session, login: str) -> bool:
    """Return whether an account has this login name."""
    found = db.scalar(select(User.id).where(User.login == normalize_login(login)))
    return found is not None


def authenticate(
    db: Session, login: str, password: str, address: str, device: str | None, now: datetime
) -> Unlocked | throttle.Blocked | None:
    """Return the user whose login and password these are with their data key, None, or Blocked.

    Unknown names cost one Argon2id verification too, and the answer is the same None, so
    neither the reply nor its timing says whether an account exists. (Only a right password
    costs a second Argon2id run, for the data key: by then the account is no secret.)
    ``device`` is the id of a verified device cookie for this login, if the browser sent one.
    """
    name = normalize_login(login)
    blocked = throttle.blocked(db, name, address, device, now)
    if blocked is not None:
        return blocked
    # No account has a name with a NUL character (registration only takes letters, digits and
    # . _ -), and PostgreSQL could not even compare one: it is unknown without a look.
    user = db.scalar(select(User).where(User.login == name)) if "\x00" not in name else None
    if user is None:
        passwords.verify_unknown(password)
        throttle.failed(db, name, address, device, now)
        return None
    if not passwords.verify(user.password_hash, password):
        throttle.failed(db, name, address, device, now)
        return None
    data_key = keys.unlock(user, password)
    if data_key is None:
        # Keys destroyed while the account is being deleted: it cannot be entered any more.
        return None
    throttle.succeeded(db, name, address, device)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    if user.key_salt is not None and not crypto.salt_is_current(user.key_salt):
        keys.rewrap(user, data_key, password)  # raised Argon2id parameters, like the hash
    return Unlocked(user, data_key)


def confirm_password(
    db: Session, user: User, password: str, address: str, now: datetime
) -> bool | throttle.Blocked:
    """Return whether ``password`` is ``user``'s, asked again before a weighty step.

    Export, account deletion, a password change and ending sessions ask for it, so that a
    phone left unlocked is not enough. Wrong tries count against the same throttle as logins.
    """
    blocked = throttle.blocked(db, user.login, address, None, now)
    if blocked is not None:
        return blocked
    if not passwords.verify(user.password_hash, password):
        throttle.failed(db, user.login, address, None, now)
        return False
    throttle.succeeded(db, user.login, address, None)
    return True


def start_session(
    db: Session,
    unlocked: Unlocked,
    now: datetime,
    *,
    address: str | None = None,
    user_agent: str | None = None,
) -> str:
    """Return the token of a new session (a new token at every login).

    The session holds the user's data key wrapped by a key derived from the token, which only
    the browser keeps: the database alone cannot open it. ``address`` and ``user_agent`` are
    shown to the owner in their session list only, and cleared after at most 30 days
    (``retention``).
    """
    token = secrets.token_urlsafe(32)
    user = unlocked.user
    db.add(
        SessionRow(
            id=new_id(),
            user_id=user.id,
            token_hash=token_hash(token),
            created_at=now,
            last_seen_at=now,
            wrapped_key=keys.for_session(token, user.id, unlocked.data_key),
            address=address,
            user_agent=user_agent,
        )
    )
    return token


# The session and its user in one query, built once: this runs before every page, and building
# an ORM select costs more than running it.
_SESSION_AND_USER = (
    select(SessionRow, User)
    .join(User, User.id == SessionRow.user_id)
    .where(SessionRow.token_hash == bindparam("token_hash"))
)


@dataclass(frozen=True)
class LiveSession(Unlocked):
    """A request's session: its user, the data key it holds, and its row."""

    row: SessionRow = field(kw_only=True)


def session_user(db: Session, token: str, now: datetime, timeouts: Timeouts) -> LiveSession | None:
    """Return the live session for ``token`` with its user and data key; an expired one is ended."""
    found = db.execute(_SESSION_AND_USER, {"token_hash": token_hash(token)}).first()
    if found is None:
        return None
    row, user = found
    if now - row.last_seen_at > timeouts.idle or now - row.created_at > timeouts.absolute:
        db.delete(row)
        return None
    data_key = keys.from_session(token, row)
    if data_key is None:  # pragma: no cover - the hash matched, so the token opens its key
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return LiveSession(user, data_key, row=row)


def end_session(db: Session, token: str) -> None:
    """End the session of ``token`` on the server."""
    db.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash(token)))


def end_all_sessions(db: Session, user_id: str) -> None:
    """End every session of a user."""
    db.execute(delete(SessionRow).where(SessionRow.user_id == user_id))

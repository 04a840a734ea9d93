"""Registering, logging in and consent, as one step each for the web app."""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from nabij.model.notice import current_version
from nabij.store import accounts, passwords
from nabij.store.passwords import PasswordProblem
from nabij.store.tables import User
from nabij.store.throttle import Blocked

# Login names: 3–64 letters, digits, dots, dashes or underscores; no e-mail address is needed
# (nabij never sends e-mail), and a name that is not one's usual one is more discreet.
LOGIN_PATTERN = re.compile(r"[a-z0-9._-]{3,64}")


class RegisterProblem(StrEnum):
    """Why a registration cannot go ahead, per field."""

    LOGIN_FORM = "login_form"
    LOGIN_TAKEN = "login_taken"
    PASSWORDS_DIFFER = "passwords_differ"


@dataclass(frozen=True)
class Registration:
    """The outcome of a registration: the new user, or the problems per field."""

    user: User | None
    problems: dict[str, RegisterProblem | PasswordProblem]


def register(
    db: Session, login: str, password: str, again: str, lang: str, now: datetime
) -> Registration:
    """Create an account when the login name is free and the password can be used."""
    problems: dict[str, RegisterProblem | PasswordProblem] = {}
    name = accounts.normalize_login(login)
    if not LOGIN_PATTERN.fullmatch(name):
        problems["login"] = RegisterProblem.LOGIN_FORM
    password_problem = passwords.check(password, context=(name,))
    if password_problem is not None:
        problems["password"] = password_problem
    elif password != again:
        problems["password_again"] = RegisterProblem.PASSWORDS_DIFFER
    if "login" not in problems and accounts.login_exists(db, name):
        problems["login"] = RegisterProblem.LOGIN_TAKEN
    if problems:
        return Registration(None, problems)
    try:
        user = accounts.register(db, name, password, lang, now)
    except accounts.LoginTakenError:
        return Registration(None, {"login": RegisterProblem.LOGIN_TAKEN})
    return Registration(user, {})


def log_in(
    db: Session,
    login: str,
    password: str,
    address: str,
    device: str | None,
    now: datetime,
    *,
    user_agent: str | None = None,
) -> tuple[User, str] | Blocked | None:
    """Return the user and a new session token, Blocked, or None for a wrong name or password.

    The session keeps ``address`` and ``user_agent`` for the owner's session list.
    """
    found = accounts.authenticate(db, login, password, address, device, now)
    if not isinstance(found, User):
        return found
    token = accounts.start_session(db, found, now, address=address, user_agent=user_agent)
    return found, token


def accept_consent(user: User, now: datetime) -> None:
    """Record that ``user`` accepted today's notice (its version and date) and is 16 or older."""
    version, dated = current_version()
    user.consent_version = version
    user.consent_notice_date = dated
    user.consent_at = now

"""Registering, logging in and consent, as one step each for the web app."""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from nabij.model.notice import current_version
from nabij.services import couple_keys, people
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

    account: accounts.Registered | None
    problems: dict[str, RegisterProblem | PasswordProblem]


def new_password_problems(
    login: str, password: str, again: str
) -> dict[str, RegisterProblem | PasswordProblem]:
    """Return what is wrong with a new password and its repetition, per field (``password``,
    ``password_again``): the same rules at registration, a change, a recovery and a reset."""
    problem = passwords.check(password, context=(accounts.normalize_login(login),))
    if problem is not None:
        return {"password": problem}
    if password != again:
        return {"password_again": RegisterProblem.PASSWORDS_DIFFER}
    return {}


def register(
    db: Session, login: str, password: str, again: str, lang: str, now: datetime
) -> Registration:
    """Create an account when the login name is free and the password can be used."""
    problems: dict[str, RegisterProblem | PasswordProblem] = {}
    name = accounts.normalize_login(login)
    if not LOGIN_PATTERN.fullmatch(name):
        problems["login"] = RegisterProblem.LOGIN_FORM
    problems |= new_password_problems(name, password, again)
    if "login" not in problems and accounts.login_exists(db, name):
        problems["login"] = RegisterProblem.LOGIN_TAKEN
    if problems:
        return Registration(None, problems)
    try:
        account = accounts.register(db, name, password, lang, now)
    except accounts.LoginTakenError:
        return Registration(None, {"login": RegisterProblem.LOGIN_TAKEN})
    return Registration(account, {})


def log_in(
    db: Session,
    login: str,
    password: str,
    address: str,
    device: str | None,
    now: datetime,
    *,
    user_agent: str | None = None,
) -> tuple[accounts.Unlocked, str] | Blocked | None:
    """Return the unlocked user and a new session token, Blocked, or None for a wrong name or
    password. A couple key waiting to be passed on is passed on now (``couple_keys.settle``).

    The session keeps ``address`` and ``user_agent`` for the owner's session list.
    """
    found = accounts.authenticate(db, login, password, address, device, now)
    if not isinstance(found, accounts.Unlocked):
        return found
    token = accounts.start_session(db, found, now, address=address, user_agent=user_agent)
    couple_keys.settle(db, people.viewer(db, found.user, found.data_key))
    return found, token


def accept_consent(user: User, now: datetime) -> None:
    """Record that ``user`` accepted today's notice (its version and date) and is 16 or older."""
    version, dated = current_version()
    user.consent_version = version
    user.consent_notice_date = dated
    user.consent_at = now

"""Where I am logged in, and ending those sessions after typing my password again.

Ending sessions asks for the password (``accounts.confirm_password``): someone who picks up an
unlocked phone must not be able to log its owner out of their other devices, or make sure
the owner's own session on another device ends so that theirs goes unnoticed.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from nabij.store import accounts, sessions
from nabij.store.tables import Session as SessionRow
from nabij.store.tables import User, is_id
from nabij.store.throttle import Blocked

# The form's value for "log out everywhere else"; any other value names one session.
OTHERS = "others"


class Refusal(StrEnum):
    """Why nothing was ended."""

    NO_PASSWORD = "no_password"
    WRONG_PASSWORD = "wrong_password"


@dataclass(frozen=True)
class Ended:
    """What was ended: how many sessions, and whether it was "everywhere else"."""

    count: int
    others: bool


def listed(db: Session, user: User, now: datetime, timeouts: accounts.Timeouts) -> list[SessionRow]:
    """Return the user's live sessions, the most recently used first."""
    return sessions.live(db, user.id, now, timeouts)


def end(
    db: Session,
    user: User,
    current_id: str,
    which: str,
    password: str,
    address: str,
    now: datetime,
) -> Ended | Refusal | Blocked:
    """End session ``which`` of ``user`` (or all but ``current_id``) once the password is right.

    The current session is never ended here (logging out does that). An id that is not one of
    the user's own sessions ends nothing, with the same answer as one that already ended. The
    caller commits in every case, so that a wrong password counts.
    """
    if not password:
        return Refusal.NO_PASSWORD
    confirmed = accounts.confirm_password(db, user, password, address, now)
    if isinstance(confirmed, Blocked):
        return confirmed
    if not confirmed:
        return Refusal.WRONG_PASSWORD
    if which == OTHERS:
        return Ended(sessions.end_others(db, user.id, current_id), others=True)
    if not is_id(which) or which == current_id:
        return Ended(0, others=False)
    return Ended(int(sessions.end_one(db, user.id, which)), others=False)

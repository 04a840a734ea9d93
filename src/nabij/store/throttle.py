"""Slow down password guessing without letting anyone lock the owner out.

Failures are counted per address and login name together, and per address. A browser that has
logged in to this account before carries a device cookie (OWASP's "device cookies"); its
attempts are counted on their own, so a stranger guessing at the login — even from the same
home network — slows only themselves, never the owner's own device. The counts live in the
database, so every web process sees them.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from nabij.store.tables import Throttle

# Five mistakes in a row are normal for a tired person; after that each further failure
# doubles the wait, from one minute up to fifteen.
FREE_FAILURES = 5
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(minutes=15)
# One address trying many names is guessing, not forgetting: 50 failures in an hour.
ADDRESS_FAILURES = 50
WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Blocked:
    """Logins from here are paused until ``until``."""

    until: datetime


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _keys(login: str, address: str, device: str | None) -> list[tuple[str, int]]:
    if device is not None:
        return [(_key("device", f"{login}\n{device}"), FREE_FAILURES)]
    return [
        (_key("pair", f"{login}\n{address}"), FREE_FAILURES),
        (_key("address", address), ADDRESS_FAILURES),
    ]


def blocked(
    db: Session, login: str, address: str, device: str | None, now: datetime
) -> Blocked | None:
    """Return whether a login from ``address`` for ``login`` must wait, and until when."""
    for key, _limit in _keys(login, address, device):
        row = db.get(Throttle, key)
        if row is not None and row.blocked_until is not None and row.blocked_until > now:
            return Blocked(row.blocked_until)
    return None


def _wait(failures: int, limit: int) -> timedelta | None:
    if failures < limit:
        return None
    wait: timedelta = min(FIRST_WAIT * 2 ** (failures - limit), LONGEST_WAIT)
    return wait


def failed(db: Session, login: str, address: str, device: str | None, now: datetime) -> None:
    """Count a failed login."""
    for key, limit in _keys(login, address, device):
        row = db.get(Throttle, key)
        if row is None or now - row.first_at > WINDOW:
            if row is not None:
                db.delete(row)
                db.flush()
            row = Throttle(key=key, failures=0, first_at=now)
            db.add(row)
        row.failures += 1
        wait = _wait(row.failures, limit)
        row.blocked_until = now + wait if wait is not None else None


def succeeded(db: Session, login: str, address: str, device: str | None) -> None:
    """Forget the failures of this login from this address or device."""
    row = db.get(Throttle, _keys(login, address, device)[0][0])
    if row is not None:
        db.delete(row)

"""Remove what nabij no longer needs: ended sessions, old device details, spent codes and links.

Sessions end after their idle or absolute timeout, but a row that ran out was only removed
when its cookie came back; ``purge`` removes the rest. The policy it carries out is written
down in ``docs/retention.md``: change the two together.
"""

from datetime import datetime, timedelta

from sqlalchemy import CursorResult, delete, or_, update
from sqlalchemy.orm import Session

from nabij.store import couples, throttle
from nabij.store.accounts import Timeouts
from nabij.store.tables import Invite, ResetToken, Throttle
from nabij.store.tables import Session as SessionRow

# A session's network address and browser description are kept at most this long after
# login. With the default timeouts a session ends long before (12 hours at most); this bounds
# them even when an operator allows very long sessions.
DEVICE_DETAILS_KEPT = timedelta(days=30)
# A throttle row counts failures within its window (logins and couple codes alike: an hour);
# after that window and any wait it set, the next failure starts a fresh row anyway.
THROTTLE_WINDOW = max(throttle.WINDOW, couples.USER_WINDOW)
# What ``purge`` counts, in the order it works (``docs/retention.md`` names each).
KINDS = ("sessions", "session_details", "invites", "throttle", "reset_tokens")


def _count(result: object) -> int:
    assert isinstance(result, CursorResult)
    return result.rowcount


def purge(db: Session, now: datetime, timeouts: Timeouts) -> dict[str, int]:
    """Delete or clear every row past its keeping time; return how many of each kind.

    The caller commits. Each statement is one indexed or small-table sweep, so running this
    once an hour costs the database next to nothing.
    """
    sessions = db.execute(
        delete(SessionRow)
        .where(
            or_(
                SessionRow.last_seen_at < now - timeouts.idle,
                SessionRow.created_at < now - timeouts.absolute,
            )
        )
        .execution_options(synchronize_session=False)
    )
    details = db.execute(
        update(SessionRow)
        .where(
            SessionRow.created_at < now - DEVICE_DETAILS_KEPT,
            or_(SessionRow.address.is_not(None), SessionRow.user_agent.is_not(None)),
        )
        .values(address=None, user_agent=None)
        .execution_options(synchronize_session=False)
    )
    # ``couples.invite`` treats a code as spent from its expiry time on: the same boundary.
    invites = db.execute(
        delete(Invite).where(Invite.expires_at <= now).execution_options(synchronize_session=False)
    )
    throttled = db.execute(
        delete(Throttle)
        .where(
            Throttle.first_at < now - THROTTLE_WINDOW,
            or_(Throttle.blocked_until.is_(None), Throttle.blocked_until <= now),
        )
        .execution_options(synchronize_session=False)
    )
    # A reset link is removed only once strictly past its expiry, whichever way it is checked.
    resets = db.execute(
        delete(ResetToken)
        .where(ResetToken.expires_at < now)
        .execution_options(synchronize_session=False)
    )
    done = (sessions, details, invites, throttled, resets)
    return dict(zip(KINDS, map(_count, done), strict=True))

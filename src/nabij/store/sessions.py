"""A user's own sessions: the list of where they are logged in, and ending some of them.

Every query here is bound to one user id, so a session of someone else is never listed or
ended, whatever id a form sends.
"""

from datetime import datetime

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from nabij.store.accounts import Timeouts
from nabij.store.tables import Session as SessionRow


def live(db: Session, user_id: str, now: datetime, timeouts: Timeouts) -> list[SessionRow]:
    """Return ``user_id``'s sessions that have not run out, the most recently used first.

    A session that ran out is still in the table until it is next used or purged; it is no
    longer a place where the user is logged in, so it is left out.
    """
    rows = db.scalars(
        select(SessionRow)
        .where(
            SessionRow.user_id == user_id,
            SessionRow.last_seen_at >= now - timeouts.idle,
            SessionRow.created_at >= now - timeouts.absolute,
        )
        .order_by(SessionRow.last_seen_at.desc(), SessionRow.created_at.desc())
    )
    return list(rows)


def _count(result: object) -> int:
    assert isinstance(result, CursorResult)
    return result.rowcount


def end_one(db: Session, user_id: str, session_id: str) -> bool:
    """End ``user_id``'s session ``session_id``; return whether there was one to end."""
    ended = db.execute(
        delete(SessionRow)
        .where(SessionRow.user_id == user_id, SessionRow.id == session_id)
        .execution_options(synchronize_session=False)
    )
    return _count(ended) > 0


def end_others(db: Session, user_id: str, keep_id: str) -> int:
    """End every session of ``user_id`` but ``keep_id`` (this device); return how many."""
    ended = db.execute(
        delete(SessionRow)
        .where(SessionRow.user_id == user_id, SessionRow.id != keep_id)
        .execution_options(synchronize_session=False)
    )
    return _count(ended)

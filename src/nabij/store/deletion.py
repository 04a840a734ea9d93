"""Deleting an account: its keys first (crypto-shredding), then every row it has.

The keys go in a transaction of their own, committed before any row is touched: from that
moment the user's sealed text cannot be opened by anyone, in this database, in a PostgreSQL
dump or in any backup made earlier — which is the whole guarantee where deleted rows linger
(PostgreSQL's dead tuples, old backups). Then the rows go. On SQLite, ``secure_delete`` (set on
every connection, ``database``) overwrites what a delete frees, and a truncating WAL checkpoint
afterwards removes the old page images from the write-ahead log, so the text is gone from the
files themselves.

The couple space ends as when one leaves (``couples.leave``): the partner keeps all of their
own data. The couple's key and every couple copy go too, for both of them, and the partner
gets a fresh key for whoever they may link with next.
"""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nabij.store import couples, database, keys
from nabij.store.tables import (
    CheckinRow,
    Draft,
    IntakeRow,
    Member,
    ResetToken,
    Share,
    User,
)


def shred_keys(db: Session, user_id: str) -> None:
    """Destroy ``user_id``'s wrapped keys, their copies of couple keys, and their sessions
    (``keys.shred``): from then on nothing sealed under their data key opens anywhere."""
    keys.shred(db, user_id)


def erase_rows(db: Session, user_id: str) -> None:
    """Delete every row of ``user_id`` and end their couple space; the partner keeps theirs.

    Each table is named, rather than left to the foreign keys' cascade, so that reading this
    function says what an account is made of.
    """
    couple_id = db.scalar(select(Member.couple_id).where(Member.user_id == user_id))
    db.execute(delete(IntakeRow).where(IntakeRow.user_id == user_id))
    db.execute(delete(CheckinRow).where(CheckinRow.user_id == user_id))
    db.execute(delete(Draft).where(Draft.user_id == user_id))
    db.execute(delete(Share).where(Share.user_id == user_id))
    db.execute(delete(ResetToken).where(ResetToken.user_id == user_id))
    if couple_id is not None:
        # Destroys the couple key and both partners' couple copies; the partner gets a new key.
        couples.leave(db, user_id)
    db.execute(delete(User).where(User.id == user_id))


def delete_account(db: Session, user_id: str) -> None:
    """Delete ``user_id``'s account for good: keys first and committed, then the rows.

    This commits (twice, in that order) and then, on SQLite, checkpoints the write-ahead log;
    the caller has nothing left to commit.
    """
    shred_keys(db, user_id)
    db.commit()
    erase_rows(db, user_id)
    db.commit()
    database.truncate_wal(db)

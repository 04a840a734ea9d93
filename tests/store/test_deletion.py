"""Deleting an account in the store: the keys go first, in a commit of their own.

If deleting the rows then fails halfway, the text is already unreadable: that order is what
makes crypto-shredding the guarantee on PostgreSQL and in backups.
"""

from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from nabij.store import accounts, deletion, keys
from nabij.store.database import session_factory
from nabij.store.tables import Couple, CoupleKey, Draft, Member, User, new_id
from nabij.store.tables import Session as SessionRow

NOW = datetime(2026, 9, 1, 20, 0)
PASSWORD = "zeven zonnige zondagen aan zee"


def _user(db: Session, login: str) -> str:
    user = accounts.register(db, login, PASSWORD, "nl", NOW).user
    db.add(
        SessionRow(
            id=new_id(),
            user_id=user.id,
            token_hash=new_id() * 2,
            created_at=NOW,
            last_seen_at=NOW,
            wrapped_key=b"wrapped by the token",
        )
    )
    db.add(Draft(id=new_id(), user_id=user.id, text=b"sealed draft", created_at=NOW))
    db.flush()
    return user.id


@pytest.fixture
def couple(clean_engine: Engine) -> tuple[str, str]:
    """Return the ids of Sanne and Mark, a couple, each with keys, a session and a draft."""
    with session_factory(clean_engine)() as db:
        sanne, mark = _user(db, "sanne"), _user(db, "mark")
        couple_id = new_id()
        db.add(Couple(id=couple_id, created_at=NOW))
        db.flush()
        for slot, user_id in (("a", sanne), ("b", mark)):
            db.add(Member(user_id=user_id, couple_id=couple_id, slot=slot, joined_at=NOW))
            db.add(CoupleKey(couple_id=couple_id, user_id=user_id, sealed=b"couple key"))
        db.commit()
    return sanne, mark


def _count(db: Session, table: type[SessionRow | Draft | CoupleKey], user_id: str) -> int:
    return db.scalar(select(func.count()).where(table.user_id == user_id)) or 0


def test_the_keys_are_gone_for_good_even_when_deleting_the_rows_fails(
    clean_engine: Engine, couple: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sanne, mark = couple

    def fail(db: Session, user_id: str) -> None:
        raise RuntimeError("the disk gave up halfway")

    monkeypatch.setattr(deletion, "erase_rows", fail)
    with session_factory(clean_engine)() as db, pytest.raises(RuntimeError):
        deletion.delete_account(db, sanne)

    with session_factory(clean_engine)() as db:
        user = db.get(User, sanne)
        assert user is not None  # the rows were not deleted ...
        assert _count(db, Draft, sanne) == 1
        # ... but the keys, every session (each wraps the data key) and Sanne's copy of the
        # couple key are, so the draft can never be opened again.
        wrapped = (user.key_salt, user.key_by_password, user.key_by_recovery, user.private_key)
        assert wrapped == (None, None, None, None)
        assert _count(db, SessionRow, sanne) == 0
        assert _count(db, CoupleKey, sanne) == 0
        # Mark's keys and sessions are his own.
        partner = db.get(User, mark)
        assert partner is not None
        assert keys.unlock(partner, PASSWORD) is not None
        assert _count(db, SessionRow, mark) == 1
        assert _count(db, CoupleKey, mark) == 1


def test_deleting_takes_every_row_and_renews_the_partners_couple_key(
    clean_engine: Engine, couple: tuple[str, str]
) -> None:
    sanne, mark = couple
    with session_factory(clean_engine)() as db:
        deletion.delete_account(db, sanne)
    with session_factory(clean_engine)() as db:
        assert db.get(User, sanne) is None
        assert _count(db, Draft, sanne) == 0
        assert _count(db, SessionRow, sanne) == 0
        # The old couple key is gone for both; Mark, alone in the space, has a fresh one.
        (renewed,) = db.scalars(select(CoupleKey)).all()
        assert renewed.user_id == mark
        assert renewed.sealed != b"couple key"
        assert db.scalars(select(Member.user_id)).all() == [mark]
        assert _count(db, Draft, mark) == 1
        assert _count(db, SessionRow, mark) == 1

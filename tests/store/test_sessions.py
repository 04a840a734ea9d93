"""A user's own sessions: listed and ended only for that user (both databases)."""

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nabij.store import accounts, sessions
from nabij.store.tables import Session as SessionRow
from nabij.store.tables import User
from tests import unlock

PASSWORD = "zeven zonnige zondagen aan zee"
NOW = datetime(2026, 11, 25, 9, 0)
TIMEOUTS = accounts.Timeouts(idle=timedelta(minutes=30), absolute=timedelta(hours=12))


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    with Session(clean_engine) as session:
        yield session


def _user(db: Session, login: str) -> User:
    user = accounts.register(db, login, PASSWORD, "nl", NOW).user
    db.commit()
    return user


def _unlocked(user: User) -> accounts.Unlocked:
    return accounts.Unlocked(user, unlock.data_key(user, PASSWORD))


def _session(db: Session, user: User, started: datetime, last_seen: datetime) -> str:
    token = accounts.start_session(
        db, _unlocked(user), started, address="192.0.2.9", user_agent="UA"
    )
    row = db.scalar(select(SessionRow).where(SessionRow.token_hash == accounts.token_hash(token)))
    assert row is not None
    row.last_seen_at = last_seen
    db.commit()
    return row.id


def test_a_session_keeps_the_address_and_user_agent_it_started_with(db: Session) -> None:
    sanne = _user(db, "sanne")
    _session(db, sanne, NOW, NOW)
    row = db.scalars(select(SessionRow)).one()
    assert (row.address, row.user_agent) == ("192.0.2.9", "UA")


def test_without_device_details_a_session_keeps_none(db: Session) -> None:
    accounts.start_session(db, _unlocked(_user(db, "sanne")), NOW)
    db.commit()
    row = db.scalars(select(SessionRow)).one()
    assert (row.address, row.user_agent) == (None, None)


def test_only_the_users_own_live_sessions_are_listed_most_recent_first(db: Session) -> None:
    sanne, mark = _user(db, "sanne"), _user(db, "mark")
    earlier = _session(db, sanne, NOW - timedelta(hours=3), NOW - timedelta(minutes=20))
    latest = _session(db, sanne, NOW - timedelta(hours=1), NOW - timedelta(minutes=2))
    _session(db, sanne, NOW - timedelta(hours=2), NOW - timedelta(minutes=31))  # ran out
    _session(db, sanne, NOW - timedelta(hours=13), NOW - timedelta(minutes=1))  # too old
    _session(db, mark, NOW - timedelta(hours=1), NOW - timedelta(minutes=1))
    listed = sessions.live(db, sanne.id, NOW, TIMEOUTS)
    assert [row.id for row in listed] == [latest, earlier]


def test_ending_one_session_ends_only_that_one_and_only_for_its_owner(db: Session) -> None:
    sanne, mark = _user(db, "sanne"), _user(db, "mark")
    hers = _session(db, sanne, NOW, NOW)
    his = _session(db, mark, NOW, NOW)
    assert not sessions.end_one(db, sanne.id, his)
    assert sessions.end_one(db, sanne.id, hers)
    db.commit()
    assert set(db.scalars(select(SessionRow.id))) == {his}
    assert not sessions.end_one(db, sanne.id, hers)  # already ended


def test_ending_the_others_keeps_this_device_and_everyone_elses(db: Session) -> None:
    sanne, mark = _user(db, "sanne"), _user(db, "mark")
    here = _session(db, sanne, NOW, NOW)
    for _ in range(2):
        _session(db, sanne, NOW, NOW)
    his = _session(db, mark, NOW, NOW)
    assert sessions.end_others(db, sanne.id, here) == 2
    db.commit()
    assert set(db.scalars(select(SessionRow.id))) == {here, his}

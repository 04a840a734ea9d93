"""The retention purge removes each kind of row past its time, and nothing else (both databases)."""

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nabij.store import accounts, couples, retention, throttle
from nabij.store.tables import Invite, ResetToken, Throttle, User, new_id
from nabij.store.tables import Session as SessionRow
from tests import unlock

PASSWORD = "zeven zonnige zondagen aan zee"
NOW = datetime(2026, 11, 25, 9, 0)
TIMEOUTS = accounts.Timeouts(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
# An operator may allow long sessions; device details still go after 30 days.
LONG = accounts.Timeouts(idle=timedelta(days=60), absolute=timedelta(days=90))


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    with Session(clean_engine) as session:
        yield session


def _user(db: Session, login: str = "sanne") -> User:
    user = accounts.register(db, login, PASSWORD, "nl", NOW - timedelta(days=100)).user
    db.commit()
    return user


def _unlocked(user: User) -> accounts.Unlocked:
    return accounts.Unlocked(user, unlock.data_key(user, PASSWORD))


def _session(db: Session, user: User, started: datetime, last_seen: datetime | None = None) -> str:
    token = accounts.start_session(
        db, _unlocked(user), started, address="192.0.2.7", user_agent="Mozilla/5.0 Firefox/128.0"
    )
    row = db.scalar(select(SessionRow).where(SessionRow.token_hash == accounts.token_hash(token)))
    assert row is not None
    row.last_seen_at = last_seen or started
    db.commit()
    return row.id


def _ids(db: Session, table: type[SessionRow] | type[Invite] | type[ResetToken]) -> set[str]:
    return set(db.scalars(select(table.id)))


def test_sessions_past_the_idle_or_the_absolute_time_are_deleted(db: Session) -> None:
    user = _user(db)
    idle = _session(db, user, NOW - timedelta(hours=2), NOW - timedelta(minutes=31))
    too_old = _session(db, user, NOW - timedelta(hours=12, minutes=1), NOW - timedelta(minutes=1))
    live = _session(db, user, NOW - timedelta(hours=11), NOW - timedelta(minutes=29))
    counts = retention.purge(db, NOW, TIMEOUTS)
    db.commit()
    assert counts["sessions"] == 2
    assert _ids(db, SessionRow) == {live}
    assert {idle, too_old}.isdisjoint(_ids(db, SessionRow))


def test_a_sessions_address_and_browser_are_cleared_after_30_days_and_the_session_kept(
    db: Session,
) -> None:
    user = _user(db)
    old = _session(db, user, NOW - timedelta(days=30, minutes=1), NOW - timedelta(minutes=5))
    young = _session(db, user, NOW - timedelta(days=29, hours=23), NOW - timedelta(minutes=5))
    counts = retention.purge(db, NOW, LONG)
    db.commit()
    assert counts["session_details"] == 1
    assert counts["sessions"] == 0
    rows = {row.id: row for row in db.scalars(select(SessionRow))}
    assert (rows[old].address, rows[old].user_agent) == (None, None)
    assert (rows[young].address, rows[young].user_agent) == (
        "192.0.2.7",
        "Mozilla/5.0 Firefox/128.0",
    )
    # Cleared details are not counted again on the next run.
    assert retention.purge(db, NOW, LONG)["session_details"] == 0


def test_expired_invitations_are_deleted_and_open_ones_kept(db: Session) -> None:
    sanne, eva = _user(db), _user(db, "eva")
    fresh = couples.create(db, eva.id, NOW)
    code = couples.invite(db, fresh.couple_id, NOW - timedelta(hours=1))
    # Made after the fresh one (making a code also removes the codes expired by then).
    old = couples.create(db, sanne.id, NOW - timedelta(days=3))
    couples.invite(db, old.couple_id, NOW - timedelta(days=3))  # 48 hours valid: expired
    db.commit()
    assert len(_ids(db, Invite)) == 2
    counts = retention.purge(db, NOW, TIMEOUTS)
    db.commit()
    assert counts["invites"] == 1
    assert [i.couple_id for i in db.scalars(select(Invite))] == [fresh.couple_id]
    # The open code still works after the purge.
    joined = couples.join(db, _user(db, "mark").id, code, NOW)
    assert isinstance(joined, couples.Membership)


def test_throttle_rows_past_their_window_and_wait_are_deleted(db: Session) -> None:
    old = NOW - throttle.WINDOW - timedelta(minutes=1)
    for _ in range(3):
        throttle.failed(db, "sanne", "192.0.2.1", None, old)
    for _ in range(throttle.FREE_FAILURES + 5):  # blocked for 15 minutes from its last failure
        throttle.failed(db, "mark", "192.0.2.2", None, NOW - timedelta(minutes=10))
    throttle.failed(db, "eva", "192.0.2.3", None, NOW - timedelta(minutes=10))
    db.commit()
    before = set(db.scalars(select(Throttle.key)))
    assert len(before) == 6  # per pair and per address, for each of the three
    counts = retention.purge(db, NOW, TIMEOUTS)
    db.commit()
    assert counts["throttle"] == 2
    assert throttle.blocked(db, "mark", "192.0.2.2", None, NOW) is not None
    assert len(set(db.scalars(select(Throttle.key)))) == 4


def test_a_throttle_row_still_blocking_is_kept_even_past_its_window(db: Session) -> None:
    db.add(
        Throttle(
            key="k" * 64,
            failures=9,
            first_at=NOW - timedelta(hours=2),
            blocked_until=NOW + timedelta(minutes=1),
        )
    )
    db.commit()
    assert retention.purge(db, NOW, TIMEOUTS)["throttle"] == 0
    db.get_one(Throttle, "k" * 64)


def test_expired_reset_links_are_deleted_and_valid_ones_kept(db: Session) -> None:
    user = _user(db)
    expired, valid = new_id(), new_id()
    for row_id, expires in (
        (expired, NOW - timedelta(seconds=1)),
        (valid, NOW + timedelta(minutes=20)),
    ):
        db.add(ResetToken(id=row_id, user_id=user.id, token_hash=row_id * 2, expires_at=expires))
    db.commit()
    counts = retention.purge(db, NOW, TIMEOUTS)
    db.commit()
    assert counts["reset_tokens"] == 1
    assert _ids(db, ResetToken) == {valid}


def test_a_purge_with_nothing_to_do_changes_nothing(db: Session) -> None:
    user = _user(db)
    live = _session(db, user, NOW - timedelta(minutes=5))
    assert retention.purge(db, NOW, TIMEOUTS) == dict.fromkeys(
        ("sessions", "session_details", "invites", "throttle", "reset_tokens"), 0
    )
    db.commit()
    assert _ids(db, SessionRow) == {live}

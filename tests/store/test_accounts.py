"""Accounts, sessions and the login throttle on a real database."""

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nabij.store import accounts, keys, throttle
from nabij.store.tables import Session as SessionRow

PASSWORD = "zeven zonnige zondagen aan zee"
NOW = datetime(2026, 11, 25, 9, 0)
TIMEOUTS = accounts.Timeouts(idle=timedelta(minutes=30), absolute=timedelta(hours=12))


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    with Session(clean_engine) as session:
        yield session


def _sanne(db: Session) -> accounts.Registered:
    account = accounts.register(db, "Sanne", PASSWORD, "nl", NOW)
    db.commit()
    return account


def test_login_names_are_stored_trimmed_and_in_lower_case(db: Session) -> None:
    assert _sanne(db).user.login == "sanne"
    with pytest.raises(accounts.LoginTakenError):
        accounts.register(db, " SANNE ", PASSWORD, "nl", NOW)


def test_the_right_password_logs_in_and_a_wrong_one_does_not(db: Session) -> None:
    account = _sanne(db)
    found = accounts.authenticate(db, "sanne", PASSWORD, "10.0.0.1", None, NOW)
    assert isinstance(found, accounts.Unlocked)
    assert found.user == account.user
    assert found.data_key == account.data_key
    assert accounts.authenticate(db, "sanne", PASSWORD + "!", "10.0.0.1", None, NOW) is None


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(db: Session) -> None:
    _sanne(db)
    assert accounts.authenticate(db, "nobody", PASSWORD, "10.0.0.1", None, NOW) is None


def test_only_the_hash_of_a_session_token_is_stored(db: Session) -> None:
    token = accounts.start_session(db, _sanne(db), NOW)
    db.commit()
    rows = db.scalars(select(SessionRow)).all()
    assert len(token) >= 43  # 32 random bytes, url-safe base64
    assert [row.token_hash for row in rows] == [accounts.token_hash(token)]
    assert all(token not in row.token_hash for row in rows)


def test_each_login_gets_a_new_token(db: Session) -> None:
    account = _sanne(db)
    assert accounts.start_session(db, account, NOW) != accounts.start_session(db, account, NOW)


def test_a_session_ends_after_the_idle_time(db: Session) -> None:
    token = accounts.start_session(db, _sanne(db), NOW)
    db.commit()
    live = accounts.session_user(db, token, NOW + timedelta(minutes=29), TIMEOUTS)
    assert live is not None
    assert live.data_key == keys.unlock(live.user, PASSWORD)
    later = NOW + timedelta(minutes=29) + timedelta(minutes=31)
    assert accounts.session_user(db, token, later, TIMEOUTS) is None
    assert db.scalars(select(SessionRow)).all() == []


def test_a_session_ends_after_the_absolute_time_even_when_in_use(db: Session) -> None:
    token = accounts.start_session(db, _sanne(db), NOW)
    db.commit()
    moment = NOW
    while moment < NOW + timedelta(hours=12):
        assert accounts.session_user(db, token, moment, TIMEOUTS) is not None
        moment += timedelta(minutes=20)
    assert accounts.session_user(db, token, NOW + timedelta(hours=12, minutes=1), TIMEOUTS) is None


def test_logging_out_ends_the_session_on_the_server(db: Session) -> None:
    token = accounts.start_session(db, _sanne(db), NOW)
    accounts.end_session(db, token)
    db.commit()
    assert accounts.session_user(db, token, NOW, TIMEOUTS) is None


def test_guessing_from_one_address_is_slowed_down_after_five_failures(db: Session) -> None:
    _sanne(db)
    for _ in range(throttle.FREE_FAILURES):
        assert accounts.authenticate(db, "sanne", "wrong", "10.0.0.9", None, NOW) is None
    blocked = accounts.authenticate(db, "sanne", PASSWORD, "10.0.0.9", None, NOW)
    assert isinstance(blocked, throttle.Blocked)
    assert blocked.until == NOW + throttle.FIRST_WAIT
    # After the wait the right password works again, and success resets the count.
    after = NOW + throttle.FIRST_WAIT + timedelta(seconds=1)
    assert isinstance(
        accounts.authenticate(db, "sanne", PASSWORD, "10.0.0.9", None, after), accounts.Unlocked
    )
    assert accounts.authenticate(db, "sanne", "wrong", "10.0.0.9", None, after) is None
    assert isinstance(
        accounts.authenticate(db, "sanne", PASSWORD, "10.0.0.9", None, after), accounts.Unlocked
    )


def test_a_stranger_guessing_cannot_lock_the_owner_out(db: Session) -> None:
    _sanne(db)
    for _ in range(30):
        accounts.authenticate(db, "sanne", "wrong", "10.0.0.66", None, NOW)
    # From her own address, or from the same address on her own known device, she gets in.
    assert isinstance(
        accounts.authenticate(db, "sanne", PASSWORD, "10.0.0.1", None, NOW), accounts.Unlocked
    )
    owned = accounts.authenticate(db, "sanne", PASSWORD, "10.0.0.66", "her-phone", NOW)
    assert isinstance(owned, accounts.Unlocked)


def test_an_address_trying_many_names_is_slowed_down(db: Session) -> None:
    for n in range(throttle.ADDRESS_FAILURES):
        accounts.authenticate(db, f"name{n}", "wrong", "10.0.0.7", None, NOW)
    assert isinstance(throttle.blocked(db, "someone", "10.0.0.7", None, NOW), throttle.Blocked)


def test_confirm_password_is_throttled_like_a_login(db: Session) -> None:
    """A weighty step asks for the password again; guessing it runs into the login throttle."""
    user = accounts.register(db, "sanne", PASSWORD, "nl", NOW).user
    assert accounts.confirm_password(db, user, PASSWORD, "10.0.0.1", NOW) is True
    for _ in range(throttle.FREE_FAILURES):
        assert accounts.confirm_password(db, user, "not it at all", "10.0.0.1", NOW) is False
    assert isinstance(
        accounts.confirm_password(db, user, PASSWORD, "10.0.0.1", NOW), throttle.Blocked
    )

"""The key flows (docs/privacy.md): wrapped data keys, sessions, bindings, password change,
recovery and an operator's reset."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nabij.instruments.checkin import CheckIn
from nabij.instruments.record import intake_from_json
from nabij.model.ids import Wants
from nabij.store import accounts, crypto, keys, passwords, records, recovery
from nabij.store.sealing import KeyContext, LockedError, Ref, open_sealed, seal
from nabij.store.tables import CheckinRow, Draft, IntakeRow, ResetToken, User
from nabij.store.tables import Session as SessionRow
from tests import personas
from tests.databases import stored_text

PASSWORD = "zeven zonnige zondagen aan zee"
NEW_PASSWORD = "een nieuw wachtwoord voor de winter"
NOW = datetime(2026, 12, 4, 9, 0)
NOTE = "KANARIE-sleutelnotitie-7c1d"


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    with Session(clean_engine, expire_on_commit=False) as session:
        yield session


def _checkin(day: date, note: str | None = NOTE) -> CheckIn:
    return CheckIn(
        date=day, closeness=5, safety=6, stress=4, teamwork=5, own_space=5, wants=Wants.NEITHER,
        reached_out=False, pulled_back=False, conflict=False, connection=True,
        talked_about_it=False, note=note,
    )  # fmt: skip


def _sanne(db: Session) -> accounts.Registered:
    account = accounts.register(db, "sanne", PASSWORD, "nl", NOW)
    db.commit()
    return account


def _keys(account: accounts.Unlocked) -> KeyContext:
    return KeyContext(account.user.id, data_key=account.data_key)


def test_the_database_holds_the_data_key_only_wrapped(db: Session) -> None:
    account = _sanne(db)
    user = account.user
    for column in (user.key_by_password, user.key_by_recovery, user.private_key):
        assert column is not None
        assert account.data_key not in column
    assert keys.unlock(user, PASSWORD) == account.data_key
    assert keys.unlock(user, PASSWORD + " ") is None
    assert keys.unlock_by_recovery(user, account.recovery_key) == account.data_key
    assert account.recovery_key.replace("-", "") not in stored_text(db.get_bind())


def test_a_session_opens_the_data_key_with_its_token_only(db: Session) -> None:
    account = _sanne(db)
    token = accounts.start_session(db, account, NOW)
    db.commit()
    row = db.scalars(select(SessionRow)).one()
    assert token.encode() not in row.wrapped_key
    assert account.data_key not in row.wrapped_key
    assert keys.from_session(token, row) == account.data_key
    assert keys.from_session(row.token_hash, row) is None
    assert keys.from_session(accounts.start_session(db, account, NOW), row) is None


def test_a_sealed_value_moved_to_another_row_column_or_owner_does_not_open(db: Session) -> None:
    ctx = _keys(_sanne(db))
    blob = seal(ctx, Ref("checkins", "note", "row-1", ctx.user_id), NOTE)
    assert open_sealed(ctx, Ref("checkins", "note", "row-1", ctx.user_id), blob) == NOTE
    for elsewhere in (
        Ref("checkins", "note", "row-2", ctx.user_id),
        Ref("drafts", "text", "row-1", ctx.user_id),
    ):
        with pytest.raises(crypto.OpenError):
            open_sealed(ctx, elsewhere, blob)
    with pytest.raises(LockedError):
        open_sealed(ctx, Ref("checkins", "note", "row-1", "someone-else"), blob)


def test_two_check_ins_with_their_notes_swapped_do_not_open(db: Session) -> None:
    account = _sanne(db)
    ctx = _keys(account)
    first = records.save_checkin(db, ctx, _checkin(date(2026, 12, 1), "één"), backfilled=False,
                                 note_shared=False, now=NOW)  # fmt: skip
    second = records.save_checkin(db, ctx, _checkin(date(2026, 12, 2), "twee"), backfilled=False,
                                  note_shared=False, now=NOW)  # fmt: skip
    db.commit()
    a, b = db.get_one(CheckinRow, first), db.get_one(CheckinRow, second)
    a.note, b.note = b.note, a.note
    db.commit()
    with pytest.raises(crypto.OpenError):
        records.checkins(db, ctx, account.user.id, notes=True)


def test_a_password_change_rewraps_the_key_and_leaves_sealed_text_as_it_is(db: Session) -> None:
    account = _sanne(db)
    ctx = _keys(account)
    records.keep_draft(db, ctx, NOTE, NOW)
    db.commit()
    before = db.scalars(select(Draft.text)).one()
    recovery.change_password(account.user, account.data_key, NEW_PASSWORD)
    db.commit()
    assert db.scalars(select(Draft.text)).one() == before
    assert keys.unlock(account.user, PASSWORD) is None
    assert keys.unlock(account.user, NEW_PASSWORD) == account.data_key
    # The recovery key still opens the same data key.
    assert keys.unlock_by_recovery(account.user, account.recovery_key) == account.data_key


def test_the_recovery_key_opens_the_account_and_is_then_replaced(db: Session) -> None:
    account = _sanne(db)
    records.keep_draft(db, _keys(account), NOTE, NOW)
    opened = recovery.open_by_recovery_key(db, "Sanne", account.recovery_key, "10.0.0.1", NOW)
    assert isinstance(opened, accounts.Unlocked)
    assert opened.data_key == account.data_key
    renewed = recovery.recovered(db, opened, NEW_PASSWORD)
    db.commit()
    assert renewed.recovery_key != account.recovery_key
    assert keys.unlock_by_recovery(account.user, account.recovery_key) is None
    assert keys.unlock_by_recovery(account.user, renewed.recovery_key) == account.data_key
    assert records.drafts(db, _keys(renewed))[0][1] == NOTE


def test_a_wrong_recovery_key_and_an_unknown_name_get_the_same_answer(db: Session) -> None:
    account = _sanne(db)
    wrong, _ = crypto.new_recovery_key()
    assert recovery.open_by_recovery_key(db, "sanne", wrong, "10.0.0.1", NOW) is None
    assert (
        recovery.open_by_recovery_key(db, "nobody", account.recovery_key, "10.0.0.1", NOW) is None
    )


def test_a_reset_link_works_once_for_thirty_minutes(db: Session) -> None:
    account = _sanne(db)
    token = recovery.new_reset_link(db, account.user, NOW)
    db.commit()
    assert token not in stored_text(db.get_bind())
    assert recovery.reset_user(db, token, NOW + timedelta(minutes=29)) == account.user
    assert recovery.reset_user(db, token, NOW + timedelta(minutes=31)) is None
    assert recovery.reset_user(db, token + "x", NOW) is None
    recovery.reset(db, account.user, NEW_PASSWORD)
    db.commit()
    assert recovery.reset_user(db, token, NOW) is None
    assert db.scalars(select(ResetToken)).all() == []


def test_a_reset_keeps_the_scores_and_leaves_old_private_text_unreadable(db: Session) -> None:
    account = _sanne(db)
    ctx = _keys(account)
    records.save_intake(db, ctx, intake_from_json(personas.intake()), NOW)
    records.save_checkin(db, ctx, _checkin(date(2026, 12, 1)), backfilled=False, note_shared=False,
                         now=NOW)  # fmt: skip
    records.keep_draft(db, ctx, NOTE, NOW)
    accounts.start_session(db, account, NOW)
    db.commit()
    old_key_blob = account.user.key_by_password
    reset = recovery.reset(db, account.user, NEW_PASSWORD)
    db.commit()
    assert reset.data_key != account.data_key
    assert keys.unlock(account.user, NEW_PASSWORD) == reset.data_key
    assert account.user.key_by_password != old_key_blob
    assert db.scalars(select(SessionRow)).all() == []
    assert db.scalars(select(IntakeRow)).all() == []
    assert db.scalars(select(Draft)).all() == []
    (kept,) = records.checkins(db, _keys(reset), account.user.id, notes=True)
    assert kept.checkin.closeness == 5
    assert kept.checkin.note is None


def test_shredded_keys_open_nothing_and_the_account_cannot_log_in(db: Session) -> None:
    account = _sanne(db)
    accounts.start_session(db, account, NOW)
    keys.shred(db, account.user.id)
    db.commit()
    db.refresh(account.user)
    assert keys.unlock(account.user, PASSWORD) is None
    assert keys.unlock_by_recovery(account.user, account.recovery_key) is None
    assert accounts.authenticate(db, "sanne", PASSWORD, "10.0.0.1", None, NOW) is None
    assert db.scalars(select(SessionRow)).all() == []
    assert db.get_one(User, account.user.id).private_key is None


def test_a_key_wrapped_under_weaker_argon2_parameters_opens_and_is_rewrapped_at_login(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passwords, "TIME_COST", 1)
    monkeypatch.setattr(passwords, "MEMORY_COST", 8 * 1024)
    account = _sanne(db)
    old = account.user.key_salt
    assert old is not None
    monkeypatch.undo()
    assert not crypto.salt_is_current(old)
    found = accounts.authenticate(db, "sanne", PASSWORD, "10.0.0.1", None, NOW)
    assert isinstance(found, accounts.Unlocked)
    assert found.data_key == account.data_key
    assert account.user.key_salt is not None
    assert crypto.salt_is_current(account.user.key_salt)
    assert keys.unlock(account.user, PASSWORD) == account.data_key

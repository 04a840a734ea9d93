"""Check-ins in the store: read as plain rows, written by one statement, and still consistent."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from nabij.instruments.checkin import CheckIn
from nabij.model.ids import ConflictTopic, Wants
from nabij.store import crypto, records
from nabij.store.sealing import KeyContext
from nabij.store.tables import User, new_id

NOW = datetime(2026, 11, 25, 9, 0)
DAY = date(2026, 11, 24)
CHECKIN = CheckIn(
    date=DAY,
    closeness=6,
    safety=7,
    stress=4,
    teamwork=5,
    own_space=3,
    wants=Wants.SPACE,
    reached_out=True,
    pulled_back=False,
    conflict=True,
    connection=False,
    talked_about_it=True,
    conflict_topic=ConflictTopic.MONEY,
    rituals=("samen ontbijten",),
    note="Een zware dag.",
)


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    with Session(clean_engine, expire_on_commit=False) as session:
        yield session


def _sanne(db: Session) -> KeyContext:
    user = User(id=new_id(), login="sanne", password_hash="-", lang="nl", created_at=NOW)
    db.add(user)
    return KeyContext(user.id, data_key=crypto.new_key())


def test_a_saved_check_in_reads_back_whole_and_its_answers_without_note_or_rituals(
    db: Session,
) -> None:
    sanne = _sanne(db)  # not flushed yet: saving flushes the new account first
    records.save_checkin(db, sanne, CHECKIN, backfilled=True, note_shared=True, now=NOW)
    db.commit()
    (stored,) = records.checkins(db, sanne, sanne.user_id, notes=True)
    assert stored.checkin == CHECKIN
    assert (stored.backfilled, stored.note_shared, stored.created_at) == (True, True, NOW)
    assert records.checkin_on(db, sanne, DAY) == stored
    assert records.checkin_id_on(db, sanne.user_id, DAY) == stored.id
    assert records.checkin_id_on(db, sanne.user_id, date(2026, 11, 25)) is None
    assert records.day_answers(db, sanne.user_id) == [replace(CHECKIN, rituals=(), note=None)]


def test_saving_a_day_again_changes_the_row_and_a_copy_the_session_holds(db: Session) -> None:
    sanne = _sanne(db)
    first = records.save_checkin(db, sanne, CHECKIN, backfilled=True, note_shared=True, now=NOW)
    db.commit()
    held = records.checkin_row(db, sanne.user_id, first)
    assert held is not None
    assert held.closeness == 6
    calmer = replace(CHECKIN, closeness=9, conflict_topic=None, rituals=(), note=None)
    later = datetime(2026, 11, 25, 20, 0)
    again = records.save_checkin(db, sanne, calmer, backfilled=False, note_shared=True, now=later)
    assert again == first
    assert (held.closeness, held.conflict_topic, held.note, held.note_shared) == (
        9,
        None,
        None,
        False,
    )
    db.commit()
    (stored,) = records.checkins(db, sanne, sanne.user_id, notes=True)
    assert stored.checkin == calmer
    # The day keeps when it was first written and whether it was filled in afterwards.
    assert (stored.backfilled, stored.created_at) == (True, NOW)


def test_a_check_in_deleted_since_it_was_looked_up_is_written_anew(db: Session) -> None:
    sanne = _sanne(db)
    first = records.save_checkin(db, sanne, CHECKIN, backfilled=False, note_shared=False, now=NOW)
    db.commit()
    assert records.delete_checkin(db, sanne.user_id, first)  # meanwhile, in another tab
    db.commit()
    calmer = replace(CHECKIN, closeness=9)
    again = records.save_checkin(
        db, sanne, calmer, backfilled=False, note_shared=False, now=NOW, known_id=first
    )
    db.commit()
    (stored,) = records.checkins(db, sanne, sanne.user_id, notes=True)
    assert (stored.id, stored.checkin) == (again, calmer)
    assert again != first

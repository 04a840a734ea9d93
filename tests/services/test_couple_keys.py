"""The couple key: created with the space, passed on by whoever holds it, renewed when someone
leaves; and the couple copies that let a partner open exactly what is shared."""

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nabij.instruments.checkin import CheckIn
from nabij.instruments.record import intake_from_json
from nabij.model.ids import ShareCategory, Wants
from nabij.services import couple_keys, sharing
from nabij.services.people import Viewer, viewer
from nabij.store import accounts, couples, records
from nabij.store.tables import CheckinRow, CoupleKey, IntakeRow
from tests import personas

PASSWORD = "zeven zonnige zondagen aan zee"
NOW = datetime(2026, 12, 4, 9, 0)
SHARED = "KANARIE-gedeeld-41aa"
PRIVATE = "KANARIE-prive-93bc"
ALL = frozenset({ShareCategory.NOTES, ShareCategory.TENDENCIES, ShareCategory.DAILY_SCORES})


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    with Session(clean_engine, expire_on_commit=False) as session:
        yield session


class People:
    """Accounts with their data keys, and a fresh view of each as their next request has it."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.keys: dict[str, accounts.Registered] = {}

    def new(self, login: str) -> Viewer:
        self.keys[login] = accounts.register(self.db, login, PASSWORD, "nl", NOW)
        self.db.flush()
        return self.view(login)

    def view(self, login: str) -> Viewer:
        account = self.keys[login]
        return viewer(self.db, account.user, account.data_key)

    def settle(self, login: str) -> bool:
        changed = couple_keys.settle(self.db, self.view(login))
        self.db.flush()
        return changed


def _checkin(day: date, note: str) -> CheckIn:
    return CheckIn(
        date=day, closeness=5, safety=6, stress=4, teamwork=5, own_space=5, wants=Wants.NEITHER,
        reached_out=False, pulled_back=False, conflict=False, connection=True,
        talked_about_it=False, note=note,
    )  # fmt: skip


def _note_copies(db: Session) -> list[bytes | None]:
    return list(
        db.scalars(select(CheckinRow.note_couple).where(CheckinRow.note_couple.is_not(None)))
    )


def _linked(db: Session) -> People:
    people = People(db)
    sanne = people.new("sanne")
    mark = people.new("mark")
    space = couples.create(db, sanne.user.id, NOW)
    code = couples.invite(db, space.couple_id, NOW)
    assert isinstance(couples.join(db, mark.user.id, code, NOW), couples.Membership)
    db.flush()
    return people


def _sanne_writes(people: People) -> None:
    """Sanne shares everything, with one note shared and one kept private."""
    db = people.db
    sanne = people.view("sanne")
    records.save_intake(db, sanne.keys, intake_from_json(personas.intake()), NOW)
    records.set_shares(db, sanne.user.id, ALL)
    sanne = people.view("sanne")
    for day, note, shared in (
        (date(2026, 12, 1), SHARED, True),
        (date(2026, 12, 2), PRIVATE, False),
    ):
        records.save_checkin(db, sanne.keys, _checkin(day, note), backfilled=False,
                             note_shared=shared, now=NOW)  # fmt: skip
    sharing.save(db, sanne, ALL, None)
    db.flush()


def test_the_joiner_waits_until_the_inviter_passes_the_key_on(db: Session) -> None:
    people = _linked(db)
    mark = people.view("mark")
    assert mark.keys.couple_key is None
    assert mark.waiting
    assert people.view("sanne").keys.couple_key is not None
    assert people.view("sanne").waiting
    assert not people.settle("mark")  # the joiner has nothing to pass on
    assert people.settle("sanne")  # the inviter's next form seals the key to the joiner
    assert people.view("mark").keys.couple_key == people.view("sanne").keys.couple_key
    assert people.view("mark").waiting  # until Mark wrote his couple copies too
    assert people.settle("mark")
    assert not people.view("mark").waiting
    assert not people.view("sanne").waiting
    assert not people.settle("sanne")  # nothing left to do


def test_the_partner_opens_shared_text_and_nothing_private(db: Session) -> None:
    people = _linked(db)
    _sanne_writes(people)
    mark = people.view("mark")
    waiting = sharing.from_partner(db, mark)
    assert waiting is not None
    assert waiting.notes == ()  # no key yet: the shared note cannot be shown
    assert waiting.tendencies is None
    assert len(waiting.scores) == 2  # scores are in the clear
    people.settle("sanne")
    people.settle("mark")
    seen = sharing.from_partner(db, people.view("mark"))
    assert seen is not None
    assert [n.text for n in seen.notes] == [SHARED]
    assert seen.tendencies is not None
    assert len(_note_copies(db)) == 1  # the private note has no couple copy at all
    # Taking the note back removes its copy at once.
    sharing.save(db, people.view("sanne"), ALL - {ShareCategory.NOTES}, None)
    assert (
        db.scalars(select(CheckinRow.note_couple).where(CheckinRow.note_couple.is_not(None))).all()
        == []
    )
    assert sharing.from_partner(db, people.view("mark")).notes == ()  # type: ignore[union-attr]


def test_the_partner_never_opens_the_safety_answers(db: Session) -> None:
    people = _linked(db)
    _sanne_writes(people)
    people.settle("sanne")
    people.settle("mark")
    mark = people.view("mark")
    sanne_id = people.view("sanne").user.id
    states = records.intake_states(db, mark.keys, [sanne_id])
    done, intake = states[sanne_id]
    assert done
    assert intake is not None
    assert intake.safety_screen.concerns() == ()  # neutral: the real answers stay sealed
    copy = db.scalars(select(IntakeRow.answers_couple)).one()
    assert copy is not None


def test_leaving_destroys_the_couple_key_and_copies_and_renews_the_key(db: Session) -> None:
    people = _linked(db)
    _sanne_writes(people)
    people.settle("sanne")
    people.settle("mark")
    old = people.view("sanne").keys.couple_key
    couples.leave(db, people.view("mark").user.id)
    db.flush()
    rows = db.scalars(select(CoupleKey)).all()
    assert [r.user_id for r in rows] == [people.view("sanne").user.id]
    assert people.view("sanne").keys.couple_key not in (None, old)
    assert (
        db.scalars(select(CheckinRow.note_couple).where(CheckinRow.note_couple.is_not(None))).all()
        == []
    )
    assert (
        db.scalars(
            select(IntakeRow.answers_couple).where(IntakeRow.answers_couple.is_not(None))
        ).all()
        == []
    )
    assert people.view("mark").keys.couple_key is None

"""The couple space in the store: codes, their limits, joining and leaving."""

import hashlib
import math
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nabij.store import couples
from nabij.store.couples import JoinProblem, JoinRefused, Membership
from nabij.store.database import session_factory
from nabij.store.tables import Couple, Invite, Member, User, new_id

NOW = datetime(2026, 9, 1, 20, 0)
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    """Yield a database session on a clean database."""
    with session_factory(clean_engine)() as session:
        yield session


def _user(db: Session, login: str) -> str:
    user = User(id=new_id(), login=login, password_hash="-", created_at=NOW)
    db.add(user)
    db.flush()
    return user.id


@pytest.fixture
def people(db: Session) -> dict[str, str]:
    """Return the ids of Sanne, Mark, Eva and Charlie."""
    return {name: _user(db, name) for name in ("sanne", "mark", "eva", "charlie")}


def _space(db: Session, owner: str) -> tuple[str, str]:
    """Create ``owner``'s couple space; return its id and a fresh code."""
    couple_id = couples.create(db, owner, NOW).couple_id
    return couple_id, couples.invite(db, couple_id, NOW)


def _wrong(code: str) -> str:
    """Return ``code`` with its last character changed (same lookup, wrong secret)."""
    last = couples.ALPHABET[(couples.ALPHABET.index(code[-1]) + 1) % len(couples.ALPHABET)]
    return code[:-1] + last


def test_a_code_has_the_published_shape_and_at_least_40_secret_bits(
    db: Session, people: dict[str, str]
) -> None:
    couple_id, code = _space(db, people["sanne"])
    assert CODE.match(code), code
    assert len(set(couples.ALPHABET)) == 32
    assert couples.SECRET_CHARS * math.log2(len(couples.ALPHABET)) >= 40
    secrets = {couples.invite(db, couple_id, NOW)[5:] for _ in range(40)}
    assert len(secrets) == 40  # random, not counted up


def test_only_a_hash_of_the_secret_is_stored(db: Session, people: dict[str, str]) -> None:
    _couple, code = _space(db, people["sanne"])
    row = db.scalars(select(Invite)).one()
    secret = code.replace("-", "")[4:]
    assert row.lookup == code[:4]
    assert secret not in (row.secret_hash, row.lookup, row.id)
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()


def test_a_partner_joins_with_the_code_in_the_second_slot(
    db: Session, people: dict[str, str]
) -> None:
    couple_id, code = _space(db, people["sanne"])
    joined = couples.join(db, people["mark"], code, NOW + timedelta(hours=1))
    assert joined == Membership(couple_id, "b", people["sanne"])
    assert couples.membership(db, people["sanne"]) == Membership(couple_id, "a", people["mark"])
    assert db.scalars(select(Invite)).all() == []  # a code works once


def test_a_typed_code_survives_case_spaces_and_lookalikes(
    db: Session, people: dict[str, str]
) -> None:
    _couple, code = _space(db, people["sanne"])
    typed = " " + code.lower().replace("-", " ").replace("0", "o").replace("1", "l") + " "
    assert isinstance(couples.join(db, people["mark"], typed, NOW), Membership)


@pytest.mark.parametrize("typed", ["", "K7QM", "K7QM-4TXB-9FHD-XXXX", "K7QM-4TXB-9FHÉ", "ＫＫＫＫ"])
def test_a_malformed_code_is_simply_not_valid(
    db: Session, people: dict[str, str], typed: str
) -> None:
    _space(db, people["sanne"])
    assert couples.join(db, people["mark"], typed, NOW) == JoinRefused(JoinProblem.NOT_VALID)


def test_a_code_with_a_character_outside_the_alphabet_spends_no_try_of_the_invitation(
    db: Session, people: dict[str, str]
) -> None:
    _couple, code = _space(db, people["sanne"])
    # Before the fix this raised UnicodeEncodeError: the secret was hashed as ASCII.
    refused = couples.join(db, people["charlie"], code[:-1] + "é", NOW)
    assert refused == JoinRefused(JoinProblem.NOT_VALID)
    assert db.scalars(select(Invite.attempts)).one() == 0


def test_a_code_stops_working_after_48_hours(db: Session, people: dict[str, str]) -> None:
    couple_id, code = _space(db, people["sanne"])
    assert couples.open_invite(db, couple_id, NOW + timedelta(hours=47)) is not None
    assert couples.open_invite(db, couple_id, NOW + timedelta(hours=49)) is None
    late = couples.join(db, people["mark"], code, NOW + timedelta(hours=49))
    assert late == JoinRefused(JoinProblem.NOT_VALID)
    on_time = couples.join(db, people["mark"], code, NOW + timedelta(hours=47, minutes=59))
    assert isinstance(on_time, Membership)


def test_five_wrong_tries_spend_the_code(db: Session, people: dict[str, str]) -> None:
    couple_id, code = _space(db, people["sanne"])
    for _ in range(couples.MAX_ATTEMPTS):
        assert couples.join(db, people["charlie"], _wrong(code), NOW) == JoinRefused(
            JoinProblem.NOT_VALID
        )
    assert couples.open_invite(db, couple_id, NOW) is None
    assert couples.join(db, people["mark"], code, NOW) == JoinRefused(JoinProblem.NOT_VALID)
    assert couples.membership(db, people["mark"]) is None


def test_four_wrong_tries_leave_the_right_code_working(db: Session, people: dict[str, str]) -> None:
    _couple, code = _space(db, people["sanne"])
    for _ in range(couples.MAX_ATTEMPTS - 1):
        couples.join(db, people["charlie"], _wrong(code), NOW)
    assert isinstance(couples.join(db, people["mark"], code, NOW), Membership)


def test_one_person_gets_ten_tries_an_hour_over_all_invitations(
    db: Session, people: dict[str, str]
) -> None:
    codes = []
    for index in range(4):
        owner = _user(db, f"owner{index}")
        codes.append(_space(db, owner)[1])
    for attempt in range(couples.USER_ATTEMPTS):
        refused = couples.join(db, people["charlie"], _wrong(codes[attempt % 4]), NOW)
        assert refused == JoinRefused(JoinProblem.NOT_VALID)
    blocked = couples.join(db, people["charlie"], codes[0], NOW + timedelta(minutes=5))
    assert blocked == JoinRefused(JoinProblem.TOO_MANY_TRIES, NOW + couples.USER_WINDOW)
    # The blocked try did not count against the invitation either (3 wrong tries hit it).
    first = select(Invite.attempts).where(Invite.lookup == codes[0][:4])
    assert db.scalars(first).one() == 3
    # Someone else is not slowed down by Charlie's guessing.
    assert isinstance(couples.join(db, people["mark"], codes[0], NOW), Membership)
    later = couples.join(db, people["charlie"], codes[1], NOW + timedelta(minutes=61))
    assert isinstance(later, Membership)


def test_a_stranger_cannot_join_a_couple_of_two(db: Session, people: dict[str, str]) -> None:
    couple_id, code = _space(db, people["sanne"])
    assert isinstance(couples.join(db, people["mark"], code, NOW), Membership)
    assert couples.join(db, people["charlie"], code, NOW) == JoinRefused(JoinProblem.NOT_VALID)
    with pytest.raises(ValueError, match="couple of two"):
        couples.invite(db, couple_id, NOW)
    # Even a code that exists for the full couple (made before the fix) links no third person.
    db.add(
        Invite(
            id=new_id(),
            couple_id=couple_id,
            lookup="ZZZZ",
            secret_hash=hashlib.sha256(b"ZZZZZZZZ").hexdigest(),
            expires_at=NOW + timedelta(hours=1),
            attempts=0,
        )
    )
    db.flush()
    refused = couples.join(db, people["charlie"], "ZZZZ-ZZZZ-ZZZZ", NOW)
    assert refused == JoinRefused(JoinProblem.NOT_VALID)
    members = db.scalars(select(Member.user_id).where(Member.couple_id == couple_id)).all()
    assert sorted(members) == sorted([people["sanne"], people["mark"]])


def test_someone_linked_cannot_join_another_couple(db: Session, people: dict[str, str]) -> None:
    _couple, code = _space(db, people["sanne"])
    couples.join(db, people["mark"], code, NOW)
    _other, other_code = _space(db, people["eva"])
    refused = couples.join(db, people["mark"], other_code, NOW)
    assert refused == JoinRefused(JoinProblem.ALREADY_IN_COUPLE)


def test_someone_alone_in_their_own_space_can_join_the_partners_code(
    db: Session, people: dict[str, str]
) -> None:
    sanne_space, code = _space(db, people["sanne"])
    mark_space, _mark_code = _space(db, people["mark"])
    joined = couples.join(db, people["mark"], code, NOW)
    assert joined == Membership(sanne_space, "b", people["sanne"])
    assert db.get(Couple, mark_space) is None
    assert db.scalars(select(Invite).where(Invite.couple_id == mark_space)).all() == []


def test_ones_own_code_does_not_link(db: Session, people: dict[str, str]) -> None:
    couple_id, code = _space(db, people["sanne"])
    assert couples.join(db, people["sanne"], code, NOW) == JoinRefused(JoinProblem.NOT_VALID)
    assert couples.membership(db, people["sanne"]) == Membership(couple_id, "a", None)


def test_a_new_code_replaces_the_old_one(db: Session, people: dict[str, str]) -> None:
    couple_id, old = _space(db, people["sanne"])
    new = couples.invite(db, couple_id, NOW)
    assert couples.join(db, people["mark"], old, NOW) == JoinRefused(JoinProblem.NOT_VALID)
    assert isinstance(couples.join(db, people["mark"], new, NOW), Membership)


def test_leaving_keeps_the_one_who_stays_and_an_empty_space_is_removed(
    db: Session, people: dict[str, str]
) -> None:
    couple_id, code = _space(db, people["sanne"])
    couples.join(db, people["mark"], code, NOW)
    couples.leave(db, people["sanne"])
    assert couples.membership(db, people["sanne"]) is None
    assert couples.membership(db, people["mark"]) == Membership(couple_id, "b", None)
    again = couples.invite(db, couple_id, NOW)
    assert couples.join(db, people["eva"], again, NOW) == Membership(couple_id, "a", people["mark"])
    couples.leave(db, people["mark"])
    couples.leave(db, people["eva"])
    assert db.get(Couple, couple_id) is None


@given(st.text(max_size=30))
def test_normalizing_a_code_twice_changes_nothing(typed: str) -> None:
    once = couples.normalize_code(typed)
    assert couples.normalize_code(once) == once
    assert "-" not in once
    assert " " not in once

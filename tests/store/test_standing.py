"""Where a user stands, read in one query before every page: couple, partner, both shares."""

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from nabij.model.ids import ShareCategory
from nabij.store import couples, records
from nabij.store.couples import Membership
from nabij.store.database import session_factory
from nabij.store.tables import User, new_id

NOW = datetime(2026, 9, 1, 20, 0)
SCORES, TENDENCIES, NOTES = ShareCategory


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    with session_factory(clean_engine)() as session:
        yield session


def _user(db: Session, login: str) -> str:
    user = User(id=new_id(), login=login, password_hash="-", created_at=NOW)
    db.add(user)
    db.flush()
    return user.id


def test_someone_alone_stands_alone_with_their_own_shares(db: Session) -> None:
    eva = _user(db, "eva")
    assert couples.standing(db, eva) == couples.Standing(None, None, frozenset(), frozenset())
    records.set_shares(db, eva, frozenset({SCORES, NOTES}))
    found = couples.standing(db, eva)
    assert (found.membership, found.partner) == (None, None)
    assert found.own_shares == {SCORES, NOTES}
    assert found.partner_shares == frozenset()


def test_a_couple_space_before_the_partner_joins_has_no_partner(db: Session) -> None:
    sanne = _user(db, "sanne")
    space = couples.create(db, sanne, NOW)
    records.set_shares(db, sanne, frozenset({TENDENCIES}))
    assert couples.standing(db, sanne) == couples.Standing(
        Membership(space.couple_id, "a", None), None, frozenset({TENDENCIES}), frozenset()
    )


def test_each_partner_sees_the_other_and_what_each_shares(db: Session) -> None:
    sanne, mark, charlie = _user(db, "sanne"), _user(db, "mark"), _user(db, "charlie")
    space = couples.create(db, sanne, NOW)
    couples.join(db, mark, couples.invite(db, space.couple_id, NOW), NOW)
    records.set_shares(db, sanne, frozenset({SCORES, TENDENCIES}))
    records.set_shares(db, mark, frozenset({SCORES}))
    records.set_shares(db, charlie, frozenset(ShareCategory))  # someone else's count for nothing
    for me, other, slot, mine, theirs in (
        (sanne, mark, "a", frozenset({SCORES, TENDENCIES}), frozenset({SCORES})),
        (mark, sanne, "b", frozenset({SCORES}), frozenset({SCORES, TENDENCIES})),
    ):
        found = couples.standing(db, me)
        assert found.membership == Membership(space.couple_id, slot, other)
        assert found.partner is not None
        assert found.partner.id == other
        assert (found.own_shares, found.partner_shares) == (mine, theirs)
        assert couples.membership(db, me) == found.membership

"""The same check-in sent twice at once (a double tap): one row for the day, the last answers."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import Insert

from nabij.services import checkins
from nabij.store import accounts, records
from nabij.store.tables import User
from tests import unlock
from tests.services.test_checkins import NOW, PASSWORD, RITUALS, TODAY, answers


@pytest.fixture
def sanne_id(clean_engine: Engine) -> Iterator[str]:
    with Session(clean_engine) as db:
        user = accounts.register(db, "sanne", PASSWORD, "nl", NOW).user
        db.commit()
        yield user.id


def test_a_check_in_saved_by_another_request_in_between_is_changed_not_doubled(
    clean_engine: Engine, sanne_id: str
) -> None:
    other_saved: list[str] = []

    with Session(clean_engine, expire_on_commit=False) as db:
        who = unlock.viewer(db, db.get_one(User, sanne_id), PASSWORD)

        @event.listens_for(db, "do_orm_execute")
        def other_tap_first(state: ORMExecuteState) -> None:
            # Just before this request inserts the day's row, the other request (the first
            # tap) saves and commits the same day: both had seen no check-in for it.
            if other_saved or not isinstance(state.statement, Insert):
                return
            with Session(clean_engine, expire_on_commit=False) as other:
                them = unlock.viewer(other, other.get_one(User, sanne_id), PASSWORD)
                first = checkins.submit(other, them, answers(closeness="2"), RITUALS, TODAY, NOW)
                assert first.saved_id is not None
                other.commit()
                other_saved.append(first.saved_id)

        result = checkins.submit(db, who, answers(closeness="9"), RITUALS, TODAY, NOW)
        db.commit()

        assert result.problems == {}
        assert other_saved, "the other request did not run in between"
        stored = records.checkins(db, who.keys, sanne_id, notes=True)
        assert [(s.id, s.checkin.closeness) for s in stored] == [(other_saved[0], 9)]
        assert result.saved_id == other_saved[0]

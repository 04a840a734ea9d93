"""The check-in use case: which days can be written, reading the form, saving and deleting."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from nabij.model.ids import ConflictTopic, ShareCategory, Wants
from nabij.services import checkins
from nabij.services.checkins import CheckinProblem, DayState, day_state, read_day, read_form
from nabij.services.people import Viewer, viewer
from nabij.store import accounts, records
from tests import unlock

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0)
PASSWORD = "zeven zonnige zondagen aan zee"
RITUALS = ("morning_hello", "short_walk")


def day(n: int) -> date:
    """Return the date ``n`` days before TODAY (negative: after it)."""
    return TODAY - timedelta(days=n)


def answers(**changes: str | list[str]) -> dict[str, list[str]]:
    """Return a complete posted check-in form, changed by ``changes``."""
    form: dict[str, list[str]] = {
        "date": [TODAY.isoformat()],
        "closeness": ["6"],
        "safety": ["7"],
        "stress": ["4"],
        "teamwork": ["5"],
        "own_space": ["6"],
        "wants": ["closer"],
        "reached_out": ["yes"],
        "conflict": ["yes"],
        "conflict_topic": ["household"],
        "rituals": ["short_walk"],
        "ritual_other": [""],
        "note": [""],
    }
    for name, value in changes.items():
        form[name] = value if isinstance(value, list) else [value]
    return form


# --- the date rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_ago", "exists", "state"),
    [
        (0, False, DayState.NEW),
        (0, True, DayState.EDIT),
        (1, True, DayState.EDIT),
        (2, True, DayState.READ_ONLY),
        (30, True, DayState.READ_ONLY),
        (1, False, DayState.BACKFILL),
        (3, False, DayState.BACKFILL),
        (4, False, DayState.TOO_OLD),
        (-1, False, DayState.FUTURE),
        (-1, True, DayState.FUTURE),
    ],
)
def test_it_decides_what_can_be_done_with_a_day(
    days_ago: int, exists: bool, state: DayState
) -> None:
    assert day_state(day(days_ago), TODAY, exists) is state


def test_only_new_edit_and_backfill_days_can_be_written() -> None:
    assert {s for s in DayState if s.writable} == {DayState.NEW, DayState.EDIT, DayState.BACKFILL}


def test_it_reads_only_iso_dates_and_takes_an_empty_one_as_today() -> None:
    assert read_day("", TODAY) == TODAY
    assert read_day("2026-11-24", TODAY) == date(2026, 11, 24)
    assert read_day("20261124", TODAY) is None
    assert read_day("2026-02-30", TODAY) is None
    assert read_day("gisteren", TODAY) is None


# --- reading the form --------------------------------------------------------------------------


def test_it_reads_a_complete_form_into_a_check_in() -> None:
    parsed = read_form(answers(note="  Rustige dag  "), TODAY, RITUALS)
    assert parsed.problems == {}
    checkin = parsed.checkin
    assert checkin is not None
    assert (checkin.closeness, checkin.safety, checkin.stress) == (6, 7, 4)
    assert checkin.wants is Wants.CLOSER
    assert checkin.reached_out
    assert checkin.conflict
    assert not checkin.pulled_back
    assert checkin.conflict_topic is ConflictTopic.HOUSEHOLD
    assert checkin.rituals == ("short_walk",)
    assert checkin.note == "  Rustige dag  "


def test_it_names_every_missing_or_wrong_answer_by_its_field() -> None:
    form = answers(closeness="", safety="11", stress="-1", teamwork="vijf", wants="both")
    del form["own_space"]
    parsed = read_form(form, TODAY, RITUALS)
    assert parsed.checkin is None
    assert parsed.problems == {
        "closeness": CheckinProblem.MISSING,
        "safety": CheckinProblem.NOT_ALLOWED,
        "stress": CheckinProblem.NOT_ALLOWED,
        "teamwork": CheckinProblem.NOT_ALLOWED,
        "own_space": CheckinProblem.MISSING,
        "wants": CheckinProblem.NOT_ALLOWED,
    }


@given(st.integers(min_value=-1000, max_value=1000))
def test_a_rating_is_accepted_exactly_when_it_is_from_0_to_10(rating: int) -> None:
    parsed = read_form(answers(stress=str(rating)), TODAY, RITUALS)
    assert (parsed.checkin is not None) == (0 <= rating <= 10)


def test_an_unticked_flag_is_no_and_anything_but_yes_or_no_is_refused() -> None:
    parsed = read_form(answers(pulled_back="no", connection="maybe"), TODAY, RITUALS)
    assert parsed.problems == {"connection": CheckinProblem.NOT_ALLOWED}


def test_a_topic_counts_only_on_a_day_with_a_conflict() -> None:
    form = answers(conflict_topic="money")
    del form["conflict"]
    checkin = read_form(form, TODAY, RITUALS).checkin
    assert checkin is not None
    assert checkin.conflict_topic is None
    refused = read_form(answers(conflict_topic="weather"), TODAY, RITUALS)
    assert refused.problems == {"conflict_topic": CheckinProblem.NOT_ALLOWED}


def test_rituals_come_from_the_list_plus_what_was_typed_separated_by_commas() -> None:
    form = answers(rituals=["morning_hello", "short_walk"], ritual_other="samen koken, kaarsje")
    checkin = read_form(form, TODAY, RITUALS).checkin
    assert checkin is not None
    assert checkin.rituals == ("morning_hello", "short_walk", "samen koken", "kaarsje")
    unknown = read_form(answers(rituals=["moonwalk"]), TODAY, RITUALS)
    assert unknown.problems == {"rituals": CheckinProblem.NOT_ALLOWED}
    long = read_form(answers(ritual_other="x" * 201), TODAY, RITUALS)
    assert long.problems == {"ritual_other": CheckinProblem.TOO_LONG}
    many = read_form(answers(ritual_other=",".join(f"r{n}" for n in range(20))), TODAY, RITUALS)
    assert many.problems == {"ritual_other": CheckinProblem.TOO_MANY}


def test_an_empty_note_is_no_note_and_a_note_over_the_limit_is_refused() -> None:
    blank = read_form(answers(note="   \n "), TODAY, RITUALS).checkin
    assert blank is not None
    assert blank.note is None
    long = read_form(answers(note="a" * 10_001), TODAY, RITUALS)
    assert long.problems == {"note": CheckinProblem.TOO_LONG}


# --- on a real database ------------------------------------------------------------------------


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    with Session(clean_engine, expire_on_commit=False) as session:
        yield session


def person(db: Session, login: str) -> Viewer:
    """Return a new user, as their requests see them."""
    account = accounts.register(db, login, PASSWORD, "nl", NOW)
    db.commit()
    return viewer(db, account.user, account.data_key)


def submit(db: Session, who: Viewer, today: date = TODAY, **changes: str | list[str]) -> str:
    """Send a check-in and return its id, failing the test on any problem."""
    result = checkins.submit(db, who, answers(**changes), RITUALS, today, NOW)
    assert result.problems == {}
    assert result.saved_id is not None
    db.commit()
    return result.saved_id


def test_one_check_in_per_date_and_sending_again_changes_it(db: Session) -> None:
    sanne = person(db, "sanne")
    first = submit(db, sanne, closeness="3")
    second = submit(db, sanne, closeness="8")
    stored = records.checkins(db, sanne.keys, sanne.user.id, notes=True)
    assert first == second
    assert [s.checkin.closeness for s in stored] == [8]
    assert not stored[0].backfilled


def test_a_missed_day_up_to_three_days_back_is_filled_in_and_marked(db: Session) -> None:
    sanne = person(db, "sanne")
    for n in (1, 3):
        submit(db, sanne, date=day(n).isoformat())
    stored = {s.checkin.date: s for s in records.checkins(db, sanne.keys, sanne.user.id)}
    assert set(stored) == {day(1), day(3)}
    assert all(s.backfilled for s in stored.values())


@pytest.mark.parametrize(
    ("days_ago", "problem"),
    [(4, CheckinProblem.TOO_OLD), (-1, CheckinProblem.FUTURE)],
)
def test_days_outside_the_window_are_refused(
    db: Session, days_ago: int, problem: CheckinProblem
) -> None:
    sanne = person(db, "sanne")
    result = checkins.submit(
        db, sanne, answers(date=day(days_ago).isoformat()), RITUALS, TODAY, NOW
    )
    assert result.problems == {"date": problem}
    assert records.checkins(db, sanne.keys, sanne.user.id) == []


def test_a_check_in_can_be_changed_until_the_end_of_the_next_day_only(db: Session) -> None:
    sanne = person(db, "sanne")
    submit(db, sanne, today=day(1), date=day(1).isoformat(), closeness="2")  # on its own day
    submit(db, sanne, date=day(1).isoformat(), closeness="4")  # changed today: allowed
    later = checkins.submit(
        db,
        sanne,
        answers(date=day(1).isoformat(), closeness="9"),
        RITUALS,
        TODAY + timedelta(1),
        NOW,
    )
    assert later.problems == {"date": CheckinProblem.READ_ONLY}
    stored = records.checkins(db, sanne.keys, sanne.user.id)
    assert [s.checkin.closeness for s in stored] == [4]
    assert not stored[0].backfilled


def test_a_wrong_date_and_wrong_answers_are_named_together(db: Session) -> None:
    sanne = person(db, "sanne")
    result = checkins.submit(
        db, sanne, answers(date=day(9).isoformat(), closeness=""), RITUALS, TODAY, NOW
    )
    assert result.problems == {"date": CheckinProblem.TOO_OLD, "closeness": CheckinProblem.MISSING}
    bad = checkins.submit(db, sanne, answers(date="morgen"), RITUALS, TODAY, NOW)
    assert bad.problems == {"date": CheckinProblem.BAD_DATE}
    assert bad.day is None


def test_a_note_is_shared_only_when_the_notes_category_is_shared_too(db: Session) -> None:
    sanne = person(db, "sanne")
    submit(db, sanne, note="Voor Mark", share_note="yes")
    assert not records.checkin_on(db, sanne.keys, TODAY).note_shared  # type: ignore[union-attr]
    records.set_shares(db, sanne.user.id, frozenset({ShareCategory.NOTES}))
    db.commit()
    sharing = unlock.viewer(db, sanne.user, PASSWORD)
    submit(db, sharing, note="Voor Mark", share_note="yes")
    assert records.checkin_on(db, sanne.keys, TODAY).note_shared  # type: ignore[union-attr]
    submit(db, sharing, note="Voor mij")
    assert not records.checkin_on(db, sanne.keys, TODAY).note_shared  # type: ignore[union-attr]


def test_the_form_opens_again_with_the_saved_answers(db: Session) -> None:
    sanne = person(db, "sanne")
    form = answers(rituals=["short_walk"], ritual_other="samen koken", note="Fijn")
    submit(db, sanne, **form)  # type: ignore[arg-type]
    stored = checkins.on_day(db, sanne, TODAY)
    assert stored is not None
    values = checkins.form_values(stored, RITUALS)
    assert values["rituals"] == ("short_walk",)
    assert values["ritual_other"] == ("samen koken",)
    assert values["note"] == ("Fijn",)
    assert values["closeness"] == ("6",)
    assert values["reached_out"] == ("yes",)
    assert "pulled_back" not in values
    assert checkins.read_form(values, TODAY, RITUALS).checkin == stored.checkin


def test_the_list_is_newest_first_and_says_what_can_still_be_changed(db: Session) -> None:
    sanne = person(db, "sanne")
    for n in (3, 1, 0):
        submit(db, sanne, date=day(n).isoformat())
    listed = checkins.entries(db, sanne, TODAY)
    assert [e.stored.checkin.date for e in listed] == [day(0), day(1), day(3)]
    assert [e.editable for e in listed] == [True, True, False]
    assert checkins.missing_days(db, sanne, TODAY) == [day(2)]


def test_a_check_in_or_only_its_note_can_be_deleted(db: Session) -> None:
    sanne = person(db, "sanne")
    first = submit(db, sanne, date=day(1).isoformat(), note="Eerste")
    second = submit(db, sanne, note="Tweede")
    assert checkins.delete_note(db, sanne, first)
    assert checkins.delete(db, sanne, second)
    db.commit()
    stored = records.checkins(db, sanne.keys, sanne.user.id, notes=True)
    assert [(s.checkin.date, s.checkin.note) for s in stored] == [(day(1), None)]


def test_someone_elses_check_in_cannot_be_found_or_deleted(db: Session) -> None:
    sanne = person(db, "sanne")
    charlie = person(db, "charlie")
    hers = submit(db, sanne, note="Van Sanne")
    assert checkins.find(db, charlie, hers) is None
    assert not checkins.delete(db, charlie, hers)
    assert not checkins.delete_note(db, charlie, hers)
    db.commit()
    assert checkins.find(db, sanne, hers) is not None
    assert records.checkin_on(db, sanne.keys, TODAY).checkin.note == "Van Sanne"  # type: ignore[union-attr]


def test_only_a_low_felt_safety_offers_the_safety_questions_again(db: Session) -> None:
    sanne = person(db, "sanne")
    submit(db, sanne, safety="2")
    submit(db, sanne, date=day(1).isoformat(), safety="3")
    low = checkins.on_day(db, sanne, TODAY)
    higher = checkins.on_day(db, sanne, day(1))
    assert low is not None
    assert checkins.offers_safety_recheck(low)
    assert higher is not None
    assert not checkins.offers_safety_recheck(higher)

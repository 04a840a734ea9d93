"""The check-in pages: the date rules, editing and deleting, privacy, and forms that keep input."""

import html
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from fastapi import FastAPI
from markupsafe import escape
from sqlalchemy import select

from nabij.model.ids import Lang, ShareCategory
from nabij.model.safety import safety_texts
from nabij.services import clock
from nabij.store import records
from nabij.store.tables import CheckinRow, User
from nabij.store.tables import Session as SessionRow
from tests.web.people import PASSWORD, Person

# 10:00 UTC is 11:00 in Amsterdam: the whole test runs on one fixed local day.
NOW = datetime(2026, 11, 25, 10, 0)
TODAY = date(2026, 11, 25)
Maker = Callable[[str], Person]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the clock, so that 'today' and 'yesterday' do not move under a test at midnight."""
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)


def ago(n: int) -> str:
    """Return the ISO date ``n`` days before today."""
    return (TODAY - timedelta(days=n)).isoformat()


def answers(**changes: str | list[str]) -> dict[str, object]:
    """Return a complete check-in as the form posts it, changed by ``changes``."""
    form: dict[str, object] = {
        "date": TODAY.isoformat(),
        "closeness": "6",
        "safety": "7",
        "stress": "4",
        "teamwork": "5",
        "own_space": "6",
        "wants": "closer",
        "reached_out": "yes",
        "conflict_topic": "",
        "rituals": ["short_walk"],
        "ritual_other": "",
        "note": "",
    }
    form.update(changes)
    return form


def check_in(person: Person, **changes: str | list[str]) -> str:
    """Send a check-in that must be accepted; return where it leads."""
    answer = person.post("/checkin", answers(**changes))
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def rows(app: FastAPI, login: str) -> list[CheckinRow]:
    """Return a user's check-in rows straight from the database, oldest first."""
    with app.state.sessions() as db:
        user = db.scalar(select(User).where(User.login == login))
        found = db.scalars(
            select(CheckinRow).where(CheckinRow.user_id == user.id).order_by(CheckinRow.day)
        )
        return list(found)


def checked(page: str, name: str, value: str) -> bool:
    """Return whether the page has the input ``name``=``value`` ticked."""
    pattern = rf'<input[^>]*name="{name}" value="{re.escape(value)}"[^>]*\schecked'
    return re.search(pattern, page) is not None


def field_block(page: str, name: str) -> str:
    """Return the page from the error of ``name`` up to the next field (its neighbourhood)."""
    start = page.index(f'id="{name}-error"')
    return page[start : start + 1500]


def test_the_form_has_exactly_the_check_in_field_names(person: Maker) -> None:
    page = person("sanne").register().get("/checkin").text
    names = set(re.findall(r'name="([a-z_]+)"', page))
    expected = {
        "date",
        "closeness",
        "safety",
        "stress",
        "teamwork",
        "own_space",
        "wants",
        "reached_out",
        "pulled_back",
        "conflict",
        "connection",
        "talked_about_it",
        "conflict_topic",
        "rituals",
        "ritual_other",
        "note",
        "share_note",
    }
    assert expected <= names
    assert f'name="date" value="{TODAY.isoformat()}"' in page


def test_a_check_in_is_saved_and_leads_to_today(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    assert check_in(sanne, note="Een rustige dag") == f"/today?saved={TODAY.isoformat()}"
    (row,) = rows(app, "sanne")
    assert (row.day, row.closeness, row.wants, row.backfilled) == (TODAY, 6, "closer", False)
    today = sanne.get(f"/today?saved={TODAY.isoformat()}").text
    assert 'id="saved-note"' in today
    form = sanne.get("/checkin").text
    assert checked(form, "closeness", "6")
    assert checked(form, "rituals", "short_walk")
    assert "Een rustige dag</textarea>" in form


def test_todays_check_in_can_be_changed_and_stays_one(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    check_in(sanne, closeness="3")
    check_in(sanne, closeness="8")
    assert [r.closeness for r in rows(app, "sanne")] == [8]


def test_yesterday_can_still_be_filled_in_and_changed(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    check_in(sanne, date=ago(1), closeness="2")
    page = sanne.get(f"/checkin?date={ago(1)}")
    assert page.status_code == 200
    assert checked(page.text, "closeness", "2")
    check_in(sanne, date=ago(1), closeness="5")
    (row,) = rows(app, "sanne")
    assert (row.closeness, row.backfilled) == (5, True)


def test_a_missed_day_is_back_filled_and_marked_in_the_list(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    listing = sanne.get("/checkins").text
    for n in (1, 2, 3):
        assert f'href="/checkin?date={ago(n)}"' in listing
    check_in(sanne, date=ago(3))
    check_in(sanne)
    listing = sanne.get("/checkins").text
    assert listing.count('class="tag"') == 1
    assert f'href="/checkin?date={ago(3)}"' not in listing
    assert [r.backfilled for r in rows(app, "sanne")] == [True, False]


def test_an_older_check_in_can_be_read_but_not_changed(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    check_in(sanne, date=ago(2), closeness="4", note="Twee dagen terug")
    page = sanne.get(f"/checkin?date={ago(2)}")
    assert page.status_code == 200
    assert 'action="/checkin"' not in page.text
    assert "Twee dagen terug" in page.text
    assert 'id="date-error"' in page.text
    refused = sanne.post("/checkin", answers(date=ago(2), closeness="9"), page="/checkin")
    assert refused.status_code == 400
    assert 'id="date-error"' in refused.text
    assert [r.closeness for r in rows(app, "sanne")] == [4]
    listing = sanne.get("/checkins").text
    assert f'href="/checkin?date={ago(2)}"' not in listing


@pytest.mark.parametrize("days_ago", [4, 30, -1])
def test_days_outside_the_window_answer_with_a_clear_error(
    person: Maker, app: FastAPI, days_ago: int
) -> None:
    sanne = person("sanne").register()
    page = sanne.get(f"/checkin?date={ago(days_ago)}")
    assert page.status_code == 400
    assert 'id="date-error"' in page.text
    assert 'action="/checkin"' not in page.text
    refused = sanne.post("/checkin", answers(date=ago(days_ago)), page="/checkin")
    assert refused.status_code == 400
    assert 'id="date-error"' in refused.text
    assert rows(app, "sanne") == []


def test_a_date_that_is_no_date_is_refused(person: Maker) -> None:
    sanne = person("sanne").register()
    assert sanne.get("/checkin?date=gisteren").status_code == 400
    refused = sanne.post("/checkin", answers(date="2026-13-01"), page="/checkin")
    assert refused.status_code == 400
    assert 'id="date-error"' in refused.text


def test_invalid_input_keeps_every_typed_value_and_names_the_field(
    person: Maker, app: FastAPI
) -> None:
    sanne = person("sanne").register()
    note = 'Vandaag was zwaar <b>"echt"</b>\nmaar we liepen samen.'
    sent = answers(
        closeness="",
        stress="12",
        wants="space",
        conflict="yes",
        conflict_topic="money",
        rituals=["short_walk", "morning_hello"],
        ritual_other="samen koken",
        note=note,
        share_note="yes",
    )
    page = sanne.post("/checkin", sent)
    assert page.status_code == 400
    text = page.text
    assert str(escape(note)) in text
    assert note not in text  # escaped, never as markup
    for name, value in [
        ("safety", "7"),
        ("teamwork", "5"),
        ("wants", "space"),
        ("reached_out", "yes"),
        ("conflict", "yes"),
        ("rituals", "short_walk"),
        ("rituals", "morning_hello"),
        ("share_note", "yes"),
    ]:
        assert checked(text, name, value), name
    assert '<option value="money" selected>' in text
    assert 'value="samen koken"' in text
    # Each problem sits inside its own question, before the next one starts.
    assert 'name="closeness"' in field_block(text, "closeness")
    assert 'name="safety"' not in field_block(text, "closeness")
    assert 'name="stress"' in field_block(text, "stress")
    assert rows(app, "sanne") == []


def test_a_check_in_can_be_deleted_after_a_confirmation(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    check_in(sanne, note="Weg ermee")
    (row,) = rows(app, "sanne")
    listing = sanne.get("/checkins").text
    assert f'href="/checkins/{row.id}/delete"' in listing
    confirm = sanne.get(f"/checkins/{row.id}/delete")
    assert confirm.status_code == 200
    assert f'action="/checkins/{row.id}/delete"' in confirm.text
    assert rows(app, "sanne") != []  # asking is not deleting
    done = sanne.post(f"/checkins/{row.id}/delete", page=f"/checkins/{row.id}/delete")
    assert done.status_code == 303
    assert done.headers["location"] == "/checkins"
    assert rows(app, "sanne") == []
    assert "Weg ermee" not in sanne.get("/checkins").text


def test_only_the_note_can_be_deleted_and_the_answers_stay(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    check_in(sanne, note="Alleen dit weg", closeness="7")
    (row,) = rows(app, "sanne")
    assert f'href="/checkins/{row.id}/note/delete"' in sanne.get("/checkins").text
    path = f"/checkins/{row.id}/note/delete"
    assert sanne.post(path, page=path).status_code == 303
    (kept,) = rows(app, "sanne")
    assert (kept.closeness, kept.note) == (7, None)
    listing = sanne.get("/checkins").text
    assert "Alleen dit weg" not in listing
    assert path not in listing


def test_someone_elses_check_in_is_not_found(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    check_in(sanne, note="Van Sanne")
    (row,) = rows(app, "sanne")
    charlie = person("charlie").register()
    for path in (f"/checkins/{row.id}/delete", f"/checkins/{row.id}/note/delete"):
        assert charlie.get(path).status_code == 404
        assert charlie.post(path, page="/checkins").status_code == 404
    assert charlie.get("/checkins/0123456789abcdef0123456789abcdef/delete").status_code == 404
    assert "Van Sanne" not in charlie.get("/checkins").text
    assert "Van Sanne" not in charlie.get(f"/checkin?date={TODAY.isoformat()}").text
    (kept,) = rows(app, "sanne")
    assert kept.note is not None


def test_sharing_a_note_works_only_while_notes_are_shared(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    form = sanne.get("/checkin").text
    assert 'id="share_note-hint"' in form
    check_in(sanne, note="Voor Mark", share_note="yes")
    assert [r.note_shared for r in rows(app, "sanne")] == [False]
    with app.state.sessions() as db:
        user = db.scalar(select(User).where(User.login == "sanne"))
        records.set_shares(db, user.id, frozenset({ShareCategory.NOTES}))
        db.commit()
    assert sanne.get("/checkin").text != form  # the hint says the note will be seen
    check_in(sanne, note="Voor Mark", share_note="yes")
    assert [r.note_shared for r in rows(app, "sanne")] == [True]


def test_a_low_felt_safety_privately_offers_the_safety_questions(
    person: Maker, app: FastAPI
) -> None:
    sanne = person("sanne").register()
    mark = person("mark").register()
    target = check_in(sanne, safety="2")
    assert "safety" not in target.split("?")[1]  # the address says nothing about the day
    page = sanne.get(target).text
    assert 'href="/safety/screen"' in page
    # Mark, opening the very same address, reads only his own (missing) check-in.
    assert 'href="/safety/screen"' not in mark.get(target).text
    check_in(mark, safety="8")
    assert 'href="/safety/screen"' not in mark.get(target).text
    # A safe enough day does not ask.
    check_in(sanne, safety="3")
    assert 'href="/safety/screen"' not in sanne.get(target).text


def test_not_now_keeps_the_way_back_to_the_questions_clear(person: Maker) -> None:
    sanne = person("sanne").register()
    target = check_in(sanne, safety="1")
    page = sanne.get(target).text
    later = re.search(r'href="(/today\?saved=[^"]*later=1)"', page)
    assert later is not None
    after = sanne.get(html.unescape(later.group(1))).text
    assert 'href="/safety/screen"' not in after
    assert safety_texts(Lang.NL).recheck.later in after


def test_an_expired_session_keeps_the_form_through_the_login(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    token = sanne.token("/checkin")
    with app.state.sessions() as db:
        for session in db.scalars(select(SessionRow)):
            session.last_seen_at = NOW - timedelta(hours=2)
        db.commit()
    sent = answers(closeness="3", note="Bijna vergeten", wants="space")
    headers = {"sec-fetch-site": "same-origin"}
    login = sanne.client.post("/checkin", data={"csrf_token": token, **sent}, headers=headers)
    assert login.status_code == 401
    assert 'name="carry:note" value="Bijna vergeten"' in login.text
    assert rows(app, "sanne") == []
    carried = dict(re.findall(r'name="(carry:[a-z_]+)" value="([^"]*)"', login.text))
    again = sanne.post(
        "/login",
        {"login": "sanne", "password": PASSWORD, "next": "/checkin", **carried},
        page="/login",
    )
    assert again.status_code == 200
    assert "Bijna vergeten</textarea>" in again.text
    assert checked(again.text, "closeness", "3")
    assert checked(again.text, "wants", "space")
    assert 'action="/checkin"' in again.text
    assert rows(app, "sanne") == []  # nothing is saved until the user sends it again

"""The today page: greeting, the check-in of the day, the intake reminder, next step and pause."""

from collections.abc import Callable
from datetime import datetime

import pytest
from fastapi import FastAPI
from markupsafe import escape
from sqlalchemy import select

from nabij.instruments.attachment import item_ids
from nabij.instruments.intake import SAFETY_QUESTIONS
from nabij.model.ids import Lang, Reaction
from nabij.model.safety import pause_message
from nabij.model.texts import model_text
from nabij.services import clock
from nabij.store.tables import User
from tests.web.people import Person

CHANGE = str(escape("Change today's check-in"))

# 10:00 UTC is 11:00 in Amsterdam, a morning.
NOW = datetime(2026, 11, 25, 10, 0)
Maker = Callable[[str], Person]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the clock at a known local morning."""
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)


def english(person: Person) -> Person:
    """Register ``person`` and switch them to English, so the interface words are known."""
    person.register()
    assert person.post("/lang", {"lang": "en", "next": "/today"}).status_code == 303
    return person


def intake(person: Person) -> None:
    """Send a complete intake without a safety concern."""
    form: dict[str, object] = {
        "crisis": ["illness"],
        "crisis_began": "2026-07-15",
        "old_pain": "no",
        "distrust": "3",
        "fear_for_future": "4",
        "fear_when_apart": "2",
    }
    form.update({r.value: "4" for r in Reaction})
    form.update(dict.fromkeys(item_ids(), "4"))
    form.update(dict.fromkeys(SAFETY_QUESTIONS, "no"))
    assert person.post("/intake", form).status_code == 303


def check_in(person: Person, stress: str = "4") -> None:
    """Send today's check-in."""
    form = {
        "closeness": "6",
        "safety": "7",
        "stress": stress,
        "teamwork": "5",
        "own_space": "6",
        "wants": "neither",
    }
    assert person.post("/checkin", form).status_code == 303


def test_it_greets_by_the_local_time_of_day(person: Maker, monkeypatch: pytest.MonkeyPatch) -> None:
    eva = english(person("eva"))
    assert "Good morning, eva" in eva.get("/today").text
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 11, 25, 19, 0))
    assert eva.log_in().status_code == 303  # the morning's session has long run out
    assert "Good evening, eva" in eva.get("/today").text


def test_a_new_user_is_reminded_of_the_intake_and_asked_to_check_in(person: Maker) -> None:
    eva = english(person("eva"))
    page = eva.get("/today").text
    assert 'href="/intake"' in page
    assert "Check in" in page
    assert CHANGE not in page
    assert "Your next step" not in page  # nothing to go on before the intake


def test_after_intake_and_check_in_it_shows_the_day_as_done_and_the_next_step(
    person: Maker,
) -> None:
    eva = english(person("eva"))
    intake(eva)
    check_in(eva)
    page = eva.get("/today").text
    assert 'href="/intake"' not in page
    assert CHANGE in page
    # With only a day of check-ins, every path starts with step 1.
    assert 'href="/steps/restore_safety"' in page
    assert model_text(Lang.EN, "step", "restore_safety", "name") in page


def test_the_pause_shows_the_same_neutral_message_whatever_the_reason(
    person: Maker, app: FastAPI
) -> None:
    eva = english(person("eva"))
    title = pause_message(Lang.EN).title
    assert title not in eva.get("/today").text
    check_in(eva, stress="9")  # high stress right now pauses joint exercises
    by_stress = eva.get("/today").text
    check_in(eva, stress="3")
    assert title not in eva.get("/today").text
    with app.state.sessions() as db:
        user = db.scalar(select(User).where(User.login == "eva"))
        user.joint_paused = True  # a pause chosen without a reason
        db.commit()
    by_choice = eva.get("/today").text
    for page in (by_stress, by_choice):
        assert title in page
        for line in pause_message(Lang.EN).body:
            assert line in page


def test_today_needs_a_login(person: Maker) -> None:
    answer = person("nobody").get("/today")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")

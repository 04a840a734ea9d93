"""The intake page: every question asked, answers kept, and a safety concern that stays private."""

import re
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from nabij.instruments.attachment import item_ids
from nabij.instruments.intake import SAFETY_QUESTIONS, Intake
from nabij.model.ids import CrisisKind, Lang, Reaction
from nabij.model.safety import pause_message
from nabij.model.texts import text
from nabij.services import clock
from nabij.store import couples, records
from nabij.store.tables import Session as SessionRow
from nabij.store.tables import User
from tests import unlock
from tests.web.people import PASSWORD, Person

NOW = datetime(2026, 11, 25, 10, 0)
Maker = Callable[[str], Person]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the clock, so that a page shown twice reads the same."""
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)


def answers(**changes: str | list[str]) -> dict[str, object]:
    """Return a complete intake as the form posts it, changed by ``changes``."""
    form: dict[str, object] = {
        "crisis": ["illness", "loss"],
        "crisis_began": "2026-07-15",
        "old_pain": "no",
        "distrust": "3",
        "fear_for_future": "6",
        "fear_when_apart": "2",
    }
    form.update({r.value: str(n + 3) for n, r in enumerate(Reaction)})
    form.update({item: str(n % 7 + 1) for n, item in enumerate(item_ids())})
    form.update(dict.fromkeys(SAFETY_QUESTIONS, "no"))
    form.update(changes)
    return form


def user(app: FastAPI, login: str) -> User:
    """Return a user as the database holds them now."""
    with app.state.sessions() as db:
        found = db.scalar(select(User).where(User.login == login))
        assert found is not None
        return found


def stored_intake(app: FastAPI, login: str) -> Intake | None:
    """Return a user's intake as the database holds it."""
    with app.state.sessions() as db:
        found = db.scalar(select(User).where(User.login == login))
        assert found is not None
        return records.load_intake(db, unlock.own_keys(found, PASSWORD), found.id)


def checked(page: str, name: str, value: str) -> bool:
    """Return whether the page has the input ``name``=``value`` ticked."""
    pattern = rf'<input[^>]*name="{name}" value="{re.escape(value)}"[^>]*\schecked'
    return re.search(pattern, page) is not None


def link(app: FastAPI, first: str, second: str) -> None:
    """Make two users a couple, as the couple pages would."""
    with app.state.sessions() as db:
        a = db.scalar(select(User).where(User.login == first))
        b = db.scalar(select(User).where(User.login == second))
        space = couples.create(db, a.id, NOW)
        code = couples.invite(db, space.couple_id, NOW)
        assert isinstance(couples.join(db, b.id, code, NOW), couples.Membership)
        db.commit()


def test_the_page_asks_every_question_in_the_clis_words(person: Maker) -> None:
    page = person("sanne").register().get("/intake").text
    for key in ("crisis", "crisis_began", "reactions_intro", "old_pain", "safety_intro"):
        assert text("nabij.instruments", Lang.NL, "intake", key) in page
    for item in item_ids():
        assert text("nabij.instruments", Lang.NL, "attachment", "items", item) in page
        assert len(re.findall(rf'name="{item}" value="[1-7]"', page)) == 7
    for question in SAFETY_QUESTIONS:
        assert text("nabij.instruments", Lang.NL, "intake", "safety", question) in page
    for kind in CrisisKind:
        assert f'name="crisis" value="{kind.value}"' in page
    assert page.count("<h2") >= 5  # in sections with headings
    assert 'class="private-questions"' in page


def test_a_complete_intake_is_saved_and_shown_again(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    sent = answers()
    saved = sanne.post("/intake", sent)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/today"
    intake = stored_intake(app, "sanne")
    assert intake is not None
    assert [k.value for k in intake.crisis] == ["illness", "loss"]
    assert intake.reactions[Reaction.STRESS_RESPONSE] == 3
    assert intake.fear_for_future == 6
    assert not intake.safety_screen.concerns()
    assert not user(app, "sanne").joint_paused
    page = sanne.get("/intake").text
    assert 'value="2026-07-15"' in page
    for name, value in sent.items():
        if name == "crisis_began":
            continue
        for one in value if isinstance(value, list) else [value]:
            assert checked(page, name, str(one)), name


def test_missing_answers_are_named_next_to_their_question_and_the_rest_stays(
    person: Maker, app: FastAPI
) -> None:
    sanne = person("sanne").register()
    sent = answers(distrust="11", crisis_began="2999-01-01")
    for name in ("anx3", "hurt", "identity_stress"):
        del sent[name]
    page = sanne.post("/intake", sent)
    assert page.status_code == 400
    body = page.text
    for name in ("crisis_began", "anx3", "hurt", "identity_stress", "distrust"):
        assert f'id="{name}-error"' in body, name
    assert body.count('class="field-error"') == 5
    assert 'value="2999-01-01"' in body
    for name, value in [("crisis", "illness"), ("crisis", "loss"), ("anx1", "1"), ("avo7", "7")]:
        assert checked(body, name, value), name
    assert checked(body, "threatened", "no")
    assert checked(body, "stress_response", "3")
    assert stored_intake(app, "sanne") is None


def test_no_crisis_kind_chosen_is_named_too(person: Maker) -> None:
    sanne = person("sanne").register()
    sent = answers()
    del sent["crisis"]
    page = sanne.post("/intake", sent)
    assert page.status_code == 400
    assert 'id="crisis-error"' in page.text


def test_a_safety_concern_pauses_joint_exercises_and_leads_to_the_safety_page(
    person: Maker, app: FastAPI
) -> None:
    sanne = person("sanne").register()
    saved = sanne.post("/intake", answers(afraid_of_partner="yes"))
    assert saved.status_code == 303
    assert saved.headers["location"] == "/safety"
    assert user(app, "sanne").joint_paused
    # Answering the questions again without a concern does not lift a pause by itself.
    assert sanne.post("/intake", answers()).headers["location"] == "/today"
    assert user(app, "sanne").joint_paused
    assert checked(sanne.get("/intake").text, "afraid_of_partner", "no")


def _without_pause(page: str) -> str:
    """Return the page without the pause message, whitespace evened out."""
    cut = re.sub(r'<section class="pause".*?</section>', "", page, flags=re.S)
    return " ".join(cut.split())


def test_the_partner_sees_only_the_pause_that_any_other_pause_shows_too(
    person: Maker, app: FastAPI
) -> None:
    sanne = person("sanne").register()
    mark = person("mark").register()
    link(app, "sanne", "mark")
    assert mark.post("/intake", answers()).status_code == 303
    assert sanne.post("/intake", answers()).status_code == 303
    before = mark.get("/today").text
    title = pause_message(Lang.NL).title
    assert title not in before

    assert sanne.post("/intake", answers(hurt="yes")).headers["location"] == "/safety"
    after_concern = mark.get("/today").text
    # The same neutral pause, now with no concern left: only a chosen pause remains.
    sanne.post("/intake", answers())
    after_plain_pause = mark.get("/today").text

    assert title in after_concern
    assert after_concern == after_plain_pause
    assert _without_pause(after_concern) == _without_pause(before)


def test_an_expired_session_keeps_the_intake_through_the_login(person: Maker, app: FastAPI) -> None:
    sanne = person("sanne").register()
    token = sanne.token("/intake")
    with app.state.sessions() as db:
        for session in db.scalars(select(SessionRow)):
            session.last_seen_at = NOW - timedelta(hours=2)
        db.commit()
    sent = answers(crisis="addiction", crisis_began="2026-05-01", hurt="yes")
    headers = {"sec-fetch-site": "same-origin"}
    login = sanne.client.post("/intake", data={"csrf_token": token, **sent}, headers=headers)
    assert login.status_code == 401
    carried = dict(re.findall(r'name="(carry:[a-z_0-9]+)" value="([^"]*)"', login.text))
    again = sanne.post(
        "/login",
        {"login": "sanne", "password": PASSWORD, "next": "/intake", **carried},
        page="/login",
    )
    assert again.status_code == 200
    assert 'value="2026-05-01"' in again.text
    assert checked(again.text, "crisis", "addiction")
    assert checked(again.text, "hurt", "yes")
    assert checked(again.text, "anx2", "2")
    assert not user(app, "sanne").joint_paused  # nothing is saved until it is sent again

"""The safety questions again, the private safety page, and a pause that never shows its reason."""

from collections.abc import Callable

from fastapi import FastAPI

from nabij.i18n import translator
from nabij.instruments.intake import SAFETY_QUESTIONS
from nabij.model.crisis_lines import crisis_lines
from nabij.model.ids import Lang, SafetyConcern, ShareCategory
from nabij.model.safety import pause_message, safety_texts
from nabij.model.texts import model_text, text
from nabij.store import records
from tests import personas, unlock
from tests.web import worlds
from tests.web.people import PASSWORD, Person
from tests.web.worlds import shows

_ = translator(Lang.NL)
CLEAR = dict.fromkeys(SAFETY_QUESTIONS, "no")
SELF_HARM = {**CLEAR, "self_harm_thoughts": "yes"}
AFRAID = {**CLEAR, "afraid_of_partner": "yes"}
# Mark's pages that do not depend on the day's check-in form.
PARTNER_PAGES = ("/insight", "/steps", "/steps/attune")


def paused_flag(app: FastAPI, person: Person) -> bool:
    with worlds.database(app) as db:
        return worlds.user(db, person.login).joint_paused


def test_it_asks_the_five_safety_questions_of_the_intake(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = person("eva").register()
    worlds.seed(app, eva)
    page = eva.get("/safety/screen").text
    for name in SAFETY_QUESTIONS:
        assert shows(page, text("nabij.instruments", Lang.NL, "intake", "safety", name))
        assert page.count(f'name="{name}"') == 2  # yes and no, nothing ticked in advance
    assert " checked" not in page


def test_without_an_intake_it_explains_and_keeps_nothing(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = person("eva").register()
    page = eva.get("/safety/screen").text
    assert 'href="/intake"' in page
    assert 'name="hurt"' not in page
    answer = eva.post("/safety/screen", SELF_HARM, page="/support")
    assert answer.status_code == 409
    assert 'href="/intake"' in answer.text
    assert not paused_flag(app, eva)


def test_a_question_left_open_is_asked_again_with_the_other_answers_kept(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = person("eva").register()
    worlds.seed(app, eva)
    sent = {**CLEAR, "hurt": "yes"}
    del sent["controlled"]
    answer = eva.post("/safety/screen", sent)
    assert answer.status_code == 400
    assert 'id="controlled-error"' in answer.text
    assert 'id="hurt-error"' not in answer.text
    assert 'name="hurt" value="yes" checked' in answer.text
    assert not paused_flag(app, eva)


def test_clear_answers_are_saved_and_lead_to_no_safety_page(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = person("eva").register()
    worlds.seed(app, eva)
    answer = eva.post("/safety/screen", CLEAR)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/safety/saved"
    assert eva.get("/safety/saved").status_code == 200
    assert not paused_flag(app, eva)
    assert eva.get("/safety").headers["location"] == "/support"


def test_a_positive_screen_pauses_joint_exercises_and_opens_the_safety_page(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = person("eva").register()
    worlds.seed(app, eva)
    answer = eva.post("/safety/screen", SELF_HARM)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/safety"
    assert paused_flag(app, eva)
    with worlds.database(app) as db:
        account = worlds.user(db, "eva")
        stored = records.load_intake(db, unlock.own_keys(account, PASSWORD), account.id)
        assert stored is not None
        assert stored.safety_screen.concerns() == (SafetyConcern.SELF_HARM,)

    page = eva.get("/safety").text
    texts = safety_texts(Lang.NL)
    assert shows(page, texts.title)
    assert shows(page, texts.browsing.heading)
    assert shows(page, texts.changes.items[1])
    assert shows(page, model_text(Lang.NL, "concern", "self_harm", "explanation"))
    assert 'href="/safety/screen"' in page
    lines = crisis_lines(Lang.NL)
    for line in lines.for_concerns([SafetyConcern.SELF_HARM]):
        assert f'href="tel:{line.number.replace("-", "")}"' in page
    assert 'href="tel:08002000"' not in page  # Veilig Thuis is for violence, not asked here


def test_answering_again_without_a_concern_closes_the_safety_page_but_not_the_pause(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = person("eva").register()
    worlds.seed(app, eva)
    eva.post("/safety/screen", AFRAID)
    assert eva.get("/safety").status_code == 200
    eva.post("/safety/screen", CLEAR)
    assert eva.get("/safety").headers["location"] == "/support"
    # Resuming stays the person's own choice.
    assert paused_flag(app, eva)
    assert 'href="/steps#joint"' in eva.get("/safety/saved").text


def test_the_partners_pages_are_identical_whatever_paused_joint_exercises(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, mark = worlds.sanne_and_mark(app, person)
    worlds.share(app, sanne, ShareCategory.TENDENCIES)
    worlds.share(app, mark, ShareCategory.TENDENCIES, ShareCategory.DAILY_SCORES)

    def marks_pages() -> list[str]:
        return [worlds.page_without_tokens(mark.get(path).text) for path in PARTNER_PAGES]

    calm = marks_pages()
    seen_safety = []

    # 1. Sanne chooses to pause, and resumes again.
    assert sanne.post("/joint/pause", page="/steps").status_code == 303
    chose = marks_pages()
    seen_safety.append(sanne.get("/safety").status_code)
    assert sanne.post("/joint/resume", page="/steps").status_code == 303
    assert marks_pages() == calm

    # 2. Sanne's check-in of today says her stress is high.
    today = worlds.today(app)
    days = worlds.four_weeks(app, **personas.PURSUER)
    days[-1]["stress"] = 9
    worlds.seed(app, sanne, personas.intake(attachment={"anxiety": 5.5, "avoidance": 2.0}), days)
    stressed = marks_pages()
    seen_safety.append(sanne.get("/safety").status_code)
    days[-1]["stress"] = 6
    worlds.seed(app, sanne, personas.intake(attachment={"anxiety": 5.5, "avoidance": 2.0}), days)
    assert days[-1]["date"] == today.isoformat()
    assert marks_pages() == calm

    # 3. Sanne's safety answers raise a concern.
    assert sanne.post("/safety/screen", AFRAID).headers["location"] == "/safety"
    screened = marks_pages()
    seen_safety.append(sanne.get("/safety").status_code)

    assert chose == stressed == screened
    assert chose != calm  # the pause itself does show, in the same neutral words
    assert shows(chose[1], pause_message(Lang.NL).title)
    # Sanne sees her own safety page only when her own answers call for it.
    assert seen_safety == [303, 303, 200]
    # Mark is never sent to a safety page, nor shown one of Sanne's concerns.
    assert mark.get("/safety").headers["location"] == "/support"
    assert 'href="/safety"' not in mark.get("/support").text


def test_the_safety_page_needs_a_login(person: Callable[[str], Person]) -> None:
    charlie = person("charlie")
    assert charlie.get("/safety").headers["location"].startswith("/login")
    assert charlie.get("/safety/screen").headers["location"].startswith("/login")

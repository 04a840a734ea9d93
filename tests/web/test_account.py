"""The account page and the session list: devices in plain words, ended with the password."""

from collections.abc import Callable

from fastapi import FastAPI
from markupsafe import escape
from sqlalchemy import select

from nabij.i18n import translator
from nabij.model.ids import Lang
from nabij.store import throttle
from nabij.store.tables import Session as SessionRow
from tests.web.people import PASSWORD, Person
from tests.web.test_auth import field_error
from tests.web.worlds import database, shows, user

MakePerson = Callable[[str], Person]
# The personas use the default language, Dutch.
NL = translator(Lang.NL)
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _on(person: MakePerson, login: str, user_agent: str) -> Person:
    """Return ``login`` logged in from another browser with ``user_agent``."""
    browser = person(login)
    browser.client.headers["user-agent"] = user_agent
    assert browser.log_in().status_code == 303
    return browser


def _session_ids(app: FastAPI, login: str) -> dict[str | None, str]:
    """Return the ids of ``login``'s sessions by their user agent."""
    with database(app) as db:
        rows = db.scalars(select(SessionRow).where(SessionRow.user_id == user(db, login).id))
        return {row.user_agent: row.id for row in rows}


def _logged_in(browser: Person) -> bool:
    return browser.get("/today").status_code == 200


def test_the_account_page_is_in_the_main_navigation_and_leads_everywhere(
    person: MakePerson,
) -> None:
    sanne = person("sanne").register()
    nav = sanne.get("/today").text.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
    assert 'href="/account"' in nav
    page = sanne.get("/account")
    assert page.status_code == 200
    for target in ("/account/sessions", "/account/password", "/export", "/account/delete"):
        assert f'href="{target}"' in page.text, target
    assert 'action="/account/discreet"' in page.text


def test_the_account_pages_need_a_login(person: MakePerson) -> None:
    anon = person("anon")
    for path in ("/account", "/account/sessions"):
        answer = anon.get(path)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/login?next={path}"


def test_registering_and_logging_in_keep_the_address_and_the_browser_of_the_session(
    app: FastAPI, person: MakePerson
) -> None:
    sanne = person("sanne")
    sanne.client.headers["user-agent"] = FIREFOX_ANDROID
    sanne.register()
    _on(person, "sanne", "x" * 500)
    with database(app) as db:
        rows = db.scalars(select(SessionRow)).all()
        details = sorted((row.address, row.user_agent) for row in rows)
    # The test client's address is "testclient"; a long user agent is cut to its column.
    assert details == [("testclient", FIREFOX_ANDROID), ("testclient", "x" * 200)]


def test_the_session_list_names_each_device_and_marks_this_one(
    app: FastAPI, person: MakePerson
) -> None:
    sanne = person("sanne")
    sanne.client.headers["user-agent"] = FIREFOX_ANDROID
    sanne.register()
    _on(person, "sanne", SAFARI_IPHONE)
    _on(person, "sanne", "curl/8.5.0")
    page = sanne.get("/account/sessions").text
    on = NL("%(browser)s on %(system)s")
    assert on % {"browser": "Firefox", "system": "Android"} in page
    assert on % {"browser": "Safari", "system": "iPhone"} in page
    assert NL("Unknown device") in page
    assert page.count("testclient") == 3  # the address of each
    # This device comes first, is marked, and has no button to end it (logging out does that).
    first = page.split('<li class="card">')[1]
    assert on % {"browser": "Firefox", "system": "Android"} in first
    assert NL("this device") in first
    assert 'name="session"' not in first
    assert page.count('name="session" value="') == 3  # two others, and everywhere else


def test_ending_another_session_asks_the_password_and_logs_that_device_out(
    app: FastAPI, person: MakePerson
) -> None:
    sanne = person("sanne").register()
    phone = _on(person, "sanne", SAFARI_IPHONE)
    laptop = _on(person, "sanne", FIREFOX_ANDROID)
    ids = _session_ids(app, "sanne")
    answer = sanne.post(
        "/account/sessions/end",
        {"password": PASSWORD, "session": ids[SAFARI_IPHONE]},
        page="/account/sessions",
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account/sessions?ended=one"
    assert not _logged_in(phone)
    assert _logged_in(laptop)
    assert _logged_in(sanne)
    assert shows(
        sanne.get(answer.headers["location"]).text,
        NL("That session is ended: that device is logged out."),
    )


def test_a_wrong_or_missing_password_ends_nothing_and_says_so_next_to_the_field(
    app: FastAPI, person: MakePerson
) -> None:
    sanne = person("sanne").register()
    phone = _on(person, "sanne", SAFARI_IPHONE)
    target = _session_ids(app, "sanne")[SAFARI_IPHONE]
    for password, status in ((PASSWORD + "!", 400), ("", 400)):
        answer = sanne.post(
            "/account/sessions/end",
            {"password": password, "session": target},
            page="/account/sessions",
        )
        assert answer.status_code == status
        assert field_error(answer.text, "password")
        assert 'aria-invalid="true"' in answer.text
        assert PASSWORD not in answer.text
        assert _logged_in(phone)


def test_too_many_wrong_passwords_pause_ending_sessions_with_a_clear_message(
    app: FastAPI, person: MakePerson
) -> None:
    sanne = person("sanne").register()
    phone = _on(person, "sanne", SAFARI_IPHONE)
    target = _session_ids(app, "sanne")[SAFARI_IPHONE]
    for _ in range(throttle.FREE_FAILURES):
        wrong = sanne.post(
            "/account/sessions/end",
            {"password": "not it at all", "session": target},
            page="/account/sessions",
        )
        assert wrong.status_code == 400
    # Paused now, even with the right password.
    paused = sanne.post(
        "/account/sessions/end",
        {"password": PASSWORD, "session": target},
        page="/account/sessions",
    )
    assert paused.status_code == 429
    assert field_error(paused.text, "password") == str(
        escape(
            NL(
                "There were too many tries with a wrong password. Nothing was ended. Please "
                "wait a few minutes and try again."
            )
        )
    )
    assert _logged_in(phone)


def test_logging_out_everywhere_else_keeps_only_this_device(
    app: FastAPI, person: MakePerson
) -> None:
    sanne = person("sanne").register()
    others = [_on(person, "sanne", agent) for agent in (SAFARI_IPHONE, FIREFOX_ANDROID)]
    mark = person("mark").register()
    answer = sanne.post(
        "/account/sessions/end",
        {"password": PASSWORD, "session": "others"},
        page="/account/sessions",
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account/sessions?ended=others"
    assert not any(_logged_in(other) for other in others)
    assert _logged_in(sanne)
    assert _logged_in(mark)
    page = sanne.get("/account/sessions").text
    assert page.count('<li class="card">') == 1
    assert 'name="password"' not in page  # nothing left to end


def test_someone_elses_session_or_this_one_cannot_be_ended_from_the_list(
    app: FastAPI, person: MakePerson
) -> None:
    sanne = person("sanne").register()
    mark = person("mark").register()
    mark_phone = _on(person, "mark", SAFARI_IPHONE)
    theirs = _session_ids(app, "mark")[SAFARI_IPHONE]
    _on(person, "sanne", FIREFOX_ANDROID)  # so that Sanne's list has a form
    mine = _session_ids(app, "sanne")
    this_one = next(sid for agent, sid in mine.items() if agent != FIREFOX_ANDROID)
    for target in (theirs, this_one, "not-an-id"):
        answer = sanne.post(
            "/account/sessions/end",
            {"password": PASSWORD, "session": target},
            page="/account/sessions",
        )
        assert answer.status_code == 200
        assert shows(answer.text, NL("That session had already ended."))
    assert _logged_in(mark_phone)
    assert _logged_in(mark)
    assert _logged_in(sanne)

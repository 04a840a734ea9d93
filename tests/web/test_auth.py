"""Registering, consent, logging in and out, sessions and CSRF, through real requests."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from nabij.model.notice import current_version
from nabij.store.tables import Session as SessionRow
from nabij.store.tables import User
from nabij.web import security
from tests.web.people import PASSWORD, Person

MakePerson = Callable[[str], Person]


def field_error(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-error">([^<]*)<', page)
    assert found is not None, f"no error next to {field}"
    return found.group(1)


def test_a_new_user_registers_accepts_the_notice_and_reaches_today(person: MakePerson) -> None:
    sanne = person("sanne")
    answer = sanne.post(
        "/register", {"login": "sanne", "password": PASSWORD, "password_again": PASSWORD}
    )
    # The answer shows the recovery key, once, and leads on to the notice.
    assert answer.status_code == 200
    assert re.search(r'id="recovery-key">(\w{4}-){7}\w{4}<', answer.text)
    assert 'href="/consent"' in answer.text
    # Before consent, sensitive pages send the user to the notice first.
    assert sanne.get("/checkin").headers["location"] == "/consent"
    notice = sanne.get("/consent")
    assert 'type="checkbox"' in notice.text
    assert " checked" not in notice.text  # both boxes start unticked
    assert sanne.post("/consent", {"special_category": "yes", "age": "yes"}).status_code == 303


def test_consent_needs_both_boxes_and_says_which_is_missing(
    person: MakePerson, app: FastAPI
) -> None:
    sanne = person("sanne")
    sanne.post("/register", {"login": "sanne", "password": PASSWORD, "password_again": PASSWORD})
    refused = sanne.post("/consent", {"special_category": "yes"})
    assert refused.status_code == 400
    assert field_error(refused.text, "age")
    assert 'name="special_category" value="yes" checked' in refused.text
    with Session(app.state.engine) as db:
        user = db.scalar(select(User).where(User.login == "sanne"))
        assert user is not None
        assert user.consent_version is None
    sanne.post("/consent", {"special_category": "yes", "age": "yes"})
    with Session(app.state.engine) as db:
        user = db.scalar(select(User).where(User.login == "sanne"))
        assert user is not None
        assert user.consent_version == "1"
        assert user.consent_at is not None
        assert user.consent_notice_date == current_version()[1]


def test_a_short_password_is_refused_next_to_its_field_and_the_login_name_stays(
    person: MakePerson,
) -> None:
    sanne = person("sanne")
    answer = sanne.post(
        "/register", {"login": "sanne", "password": "te kort", "password_again": "te kort"}
    )
    assert answer.status_code == 400
    assert "15" in field_error(answer.text, "password")
    assert 'value="sanne"' in answer.text
    assert "te kort" not in answer.text  # a password is never echoed


def test_a_login_name_that_is_taken_cannot_be_registered_again(person: MakePerson) -> None:
    person("sanne").register()
    again = person("sanne").post(
        "/register", {"login": "Sanne", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert again.status_code == 400
    assert field_error(again.text, "login")


def test_login_answers_the_same_for_an_unknown_name_and_a_wrong_password(
    person: MakePerson,
) -> None:
    person("sanne").register()
    wrong = person("x").post("/login", {"login": "sanne", "password": PASSWORD + "?"})
    unknown = person("y").post("/login", {"login": "niemand", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 400
    assert field_error(wrong.text, "password") == field_error(unknown.text, "password")


def test_logging_in_sets_a_new_host_only_secure_session_cookie(person: MakePerson) -> None:
    sanne = person("sanne").register()
    before = sanne.client.cookies.get(security.SESSION_COOKIE)
    sanne.post("/logout", page="/consent")
    answer = sanne.log_in()
    assert answer.status_code == 303
    cookie = answer.headers.get_list("set-cookie")
    session = next(c for c in cookie if c.startswith(security.SESSION_COOKIE + "="))
    assert "Secure" in session
    assert "HttpOnly" in session
    assert "SameSite=lax" in session
    assert "Domain" not in session
    assert "Path=/" in session
    assert sanne.client.cookies.get(security.SESSION_COOKIE) != before


def test_a_session_token_planted_before_login_is_not_kept(person: MakePerson) -> None:
    person("sanne").register()
    sanne = person("sanne")
    sanne.client.cookies.set(security.SESSION_COOKIE, "planted-by-someone")
    answer = sanne.log_in()
    assert answer.status_code == 303
    given = [c for c in answer.headers.get_list("set-cookie") if "nabij_session=" in c]
    assert len(given) == 1
    assert "planted-by-someone" not in given[0]


def test_logging_out_ends_the_session_on_the_server(person: MakePerson, app: FastAPI) -> None:
    sanne = person("sanne").register()
    token = sanne.client.cookies.get(security.SESSION_COOKIE)
    answer = sanne.post("/logout", page="/consent")
    assert answer.status_code == 303
    assert "cache" in answer.headers["clear-site-data"]
    with Session(app.state.engine) as db:
        assert db.scalars(select(SessionRow)).all() == []
    # The old token no longer opens anything, even if a copy of the cookie survived.
    thief = person("thief")
    thief.client.cookies.set(security.SESSION_COOKIE, token or "")
    assert thief.get("/consent").status_code == 303


@pytest.mark.parametrize("sent_by", ["form", "beacon"])
def test_the_quick_exit_ends_the_session_and_leaves_for_the_neutral_site(
    person: MakePerson, app: FastAPI, sent_by: str
) -> None:
    sanne = person("sanne").register()
    # The form navigates the page; the script's beacon leaves the page itself and must not
    # be sent across origins (the page's CSP would block that hop).
    headers = {"sec-fetch-dest": "document" if sent_by == "form" else "empty"}
    answer = sanne.post("/exit", page="/consent", headers=headers)
    if sent_by == "form":
        assert answer.status_code == 303
        assert answer.headers["location"] == app.state.settings.exit_url
    else:
        assert answer.status_code == 204
        assert "location" not in answer.headers
    assert "storage" in answer.headers["clear-site-data"]
    with Session(app.state.engine) as db:
        assert db.scalars(select(SessionRow)).all() == []
    assert sanne.get("/consent").status_code == 303


def test_an_idle_session_ends_and_a_form_sent_then_comes_back_after_login(
    person: MakePerson, app: FastAPI
) -> None:
    sanne = person("sanne")
    sanne.post("/register", {"login": "sanne", "password": PASSWORD, "password_again": PASSWORD})
    token = sanne.token("/consent")
    with Session(app.state.engine) as db:
        for row in db.scalars(select(SessionRow)):
            row.last_seen_at -= timedelta(minutes=31)
            row.created_at -= timedelta(minutes=31)
        db.commit()
    sent = sanne.client.post(
        "/consent",
        data={"csrf_token": token, "special_category": "yes"},
        headers={"sec-fetch-site": "same-origin"},
    )
    assert sent.status_code == 401
    assert 'name="carry:special_category" value="yes"' in sent.text
    login_token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', sent.text)
    assert login_token is not None
    back = sanne.client.post(
        "/login",
        data={
            "csrf_token": login_token.group(1),
            "login": "sanne",
            "password": PASSWORD,
            "next": "/consent",
            "carry:special_category": "yes",
        },
        headers={"sec-fetch-site": "same-origin"},
    )
    assert back.status_code == 200
    assert 'name="special_category" value="yes" checked' in back.text


def test_a_post_without_the_csrf_token_is_refused(person: MakePerson) -> None:
    sanne = person("sanne").register()
    answer = sanne.client.post(
        "/lang", data={"lang": "en", "next": "/"}, headers={"sec-fetch-site": "same-origin"}
    )
    assert answer.status_code == 403


def test_a_cross_site_post_is_refused_even_with_a_valid_token(person: MakePerson) -> None:
    sanne = person("sanne").register()
    token = sanne.token("/consent")
    answer = sanne.client.post(
        "/lang",
        data={"csrf_token": token, "lang": "en", "next": "/"},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert answer.status_code == 403


def test_a_csrf_token_of_another_browser_does_not_fit(person: MakePerson) -> None:
    other = person("other").token("/login")
    sanne = person("sanne").register()
    answer = sanne.client.post(
        "/lang",
        data={"csrf_token": other, "lang": "en", "next": "/"},
        headers={"sec-fetch-site": "same-origin"},
    )
    assert answer.status_code == 403


@pytest.mark.parametrize("path", ["/lang", "/checkin", "/import", "/today"])
def test_a_refused_or_redirected_request_gives_its_database_connection_back(
    person: MakePerson, app: FastAPI, path: str
) -> None:
    sanne = person("sanne").register()
    pool = app.state.engine.pool
    before = pool.checkedout()
    for _ in range(3):
        sanne.client.post(
            path, data={"csrf_token": "stale"}, headers={"sec-fetch-site": "same-origin"}
        )
    sanne.client.post("/logout", data={"csrf_token": sanne.token("/today")})
    sanne.client.get(path)  # logged out: sent to the login
    sanne.client.post(path, data={"csrf_token": "stale"}, headers={"sec-fetch-site": "same-origin"})
    assert pool.checkedout() == before


def test_a_refused_registration_form_is_shown_again_with_what_was_typed(
    person: MakePerson,
) -> None:
    eva = person("eva")
    eva.get("/register")
    answer = eva.client.post(
        "/register",
        data={"csrf_token": "stale", "login": "eva", "password": PASSWORD},
        headers={"sec-fetch-site": "same-origin"},
    )
    assert answer.status_code == 403
    assert 'value="eva"' in answer.text
    assert PASSWORD not in answer.text


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/support", "/nope"])
def test_every_response_carries_the_security_headers(person: MakePerson, path: str) -> None:
    answer = person("anon").get(path)
    headers = answer.headers
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"


def test_pages_of_a_logged_in_user_are_never_stored(person: MakePerson) -> None:
    sanne = person("sanne").register()
    assert sanne.get("/consent").headers["cache-control"] == "no-store"


def test_healthz_answers_ok_without_a_cookie(person: MakePerson) -> None:
    answer = person("anon").get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert "set-cookie" not in answer.headers


def test_there_are_no_interactive_api_docs(person: MakePerson) -> None:
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert person("anon").get(path).status_code == 404


def test_the_language_switch_changes_the_page_and_is_remembered(person: MakePerson) -> None:
    eva = person("eva")
    assert 'lang="nl"' in eva.get("/login").text
    switched = eva.post("/lang", {"lang": "en", "next": "/login"}, page="/login")
    assert switched.headers["location"] == "/login"
    page = eva.get("/login").text
    assert 'lang="en"' in page
    assert "Log in" in page


def test_the_language_switch_on_a_page_keeps_its_address_with_the_query(
    person: MakePerson,
) -> None:
    eva = person("eva")
    page = eva.get("/login?next=/checkin").text
    assert '<input type="hidden" name="next" value="/login?next=/checkin">' in page


def test_a_next_address_on_another_site_is_not_followed(person: MakePerson) -> None:
    eva = person("eva")
    answer = eva.post("/lang", {"lang": "en", "next": "//evil.example/x"}, page="/login")
    assert answer.headers["location"] == "/"


def test_errors_never_echo_what_was_sent(person: MakePerson) -> None:
    eva = person("eva")
    answer = eva.client.get("/steps/%3Cscript%3Ecanary-7731")
    assert "canary-7731" not in answer.text

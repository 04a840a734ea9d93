"""No password, token, note or message text in any log or error page (requirement 17).

The app runs in uvicorn in this process, as ``nabij serve`` runs it, with every logger at
DEBUG: nabij's, uvicorn's, Starlette's, SQLAlchemy's, the multipart parser's. A person
registers, logs in (once with a wrong password), checks in with a note, uses the coach, keeps
a draft, and meets a 404, a refused form, a malformed request and two server errors (routes
added to this test's app only). Then every log record and every error page is searched for the
canaries, both passwords and every token the browser held.
"""

import logging
import re

import httpx2
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, insert

from nabij.services import clock
from nabij.store.tables import User, new_id
from tests.databases import stored_text
from tests.web.serving import CLIENT_LOGGERS, LOGGERS, Browser, record_text, served

LOGIN = "kanarielogin"
PASSWORD = "KANARIE wachtwoord bij de oude vuurtoren"
WRONG = "KANARIE verkeerd wachtwoord op de dijk"
NOTE = "KANARIE-notitie-1f2e"
MESSAGE = "Jij luistert nooit naar me. KANARIE-bericht-8a3c"
ASKED = "KANARIE-adres-5b7d"
FAILED = "KANARIE-fout-c0d4"
CANARIES = (LOGIN, NOTE, MESSAGE.split()[-1], ASKED, FAILED)


@pytest.fixture
def failing_app(app: FastAPI) -> FastAPI:
    """Return the test's app with routes that fail; the product has none of these."""

    @app.get("/test-only/failure")
    def failure() -> None:
        raise RuntimeError(f"{FAILED} {PASSWORD}")

    @app.get("/test-only/database-failure")
    def database_failure() -> None:
        # The database's own message names the value that broke the rule (PostgreSQL:
        # "Key (login)=(…) already exists").
        engine: Engine = app.state.engine
        with engine.begin() as connection:
            row = {"password_hash": PASSWORD, "lang": "nl", "created_at": clock.utcnow()}
            connection.execute(insert(User).values(id=new_id(), login=LOGIN, **row))

    @app.get("/test-only/number")
    def number(n: int) -> dict[str, int]:
        return {"n": n}

    return app


def test_nothing_typed_no_password_and_no_token_reaches_a_log_or_an_error_page(
    failing_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    with served(failing_app) as url, httpx2.Client(base_url=url) as client:
        browser = Browser(client, failing_app.state.key)
        registered = browser.post(
            "/register", {"login": LOGIN, "password": PASSWORD, "password_again": PASSWORD}
        )
        assert registered.status_code == 200
        shown_key = re.search(r'id="recovery-key">([^<]+)<', registered.text)
        assert shown_key is not None
        recovery_key = shown_key.group(1)
        assert (
            browser.post("/consent", {"special_category": "yes", "age": "yes"}).status_code == 303
        )
        assert browser.post("/logout").status_code == 303
        wrong = browser.post("/login", {"login": LOGIN, "password": WRONG})
        assert wrong.status_code == 400
        assert WRONG not in wrong.text
        assert browser.post("/login", {"login": LOGIN, "password": PASSWORD}).status_code == 303
        day = {"closeness": "6", "safety": "7", "stress": "4", "teamwork": "5", "own_space": "6"}
        refused = browser.post("/checkin", {**day, "wants": "closer", "stress": "11", "note": NOTE})
        assert refused.status_code == 400  # the form again, with the note kept in its box
        saved = browser.post("/checkin", {**day, "wants": "closer", "note": NOTE})
        assert saved.status_code == 303
        assert MESSAGE.split()[-1] in browser.post("/coach/analyse", {"text": MESSAGE}).text
        assert browser.post("/coach", {"text": MESSAGE}).status_code == 200
        assert browser.post("/coach/keep", {"text": MESSAGE}).status_code == 303
        errors = [
            (404, browser.send("GET", f"/nope?wat={ASKED}")),
            (400, browser.send("GET", f"/test-only/number?n={ASKED}")),
            (500, browser.send("GET", "/test-only/failure")),
            (500, browser.send("GET", "/test-only/database-failure")),
        ]
        assert browser.post("/logout").status_code == 303

    records = list(caplog.records)
    secrets = (*CANARIES, PASSWORD, WRONG, recovery_key, *browser.seen)
    for status, answer in errors:
        assert answer.status_code == status, answer.request.url
        shown = [s for s in secrets if s in answer.text]
        assert shown == [], f"{answer.request.url.path} shows {shown}"

    # The database holds notes and kept drafts sealed, so even SQLAlchemy's DEBUG level, which
    # prints the rows it reads, shows none of them. (The login name is stored as it is: the
    # database may print it, and the check below allows nothing else.)
    stored = stored_text(failing_app.state.engine)
    assert [c for c in CANARIES if c in stored] == [LOGIN]
    leaks = []
    for record in records:
        if record.name.split(".")[0] in CLIENT_LOGGERS:
            continue
        shown = record_text(record)
        rows = record.name.startswith("sqlalchemy.engine") and record.levelno == logging.DEBUG
        for secret in secrets:
            if secret in shown and not (rows and secret == LOGIN):
                leaks.append(f"{record.name} {record.levelname}: {secret!r} in {shown[:200]!r}")
        if record.exc_info:
            leaks.append(f"{record.name}: a traceback")
    assert leaks == []
    # The logs were there to be searched: the app's access log, and the two failures.
    messages = [r.getMessage() for r in records]
    assert any(m.startswith("POST /checkin 303") for m in messages)
    assert any(m.startswith("RuntimeError at GET /test-only/failure") for m in messages)
    assert any("Error at GET /test-only/database-failure" in m for m in messages)

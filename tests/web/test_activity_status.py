"""No "last seen", online status or activity of the partner, anywhere (requirement 20).

Sanne's sessions are given distinct times — recently active, active hours ago, logged out —
and Mark's pages must come out the same in all three: then they cannot show, in any wording
or format, when Sanne last used nabij or logged in. Her device details are canaries that must
not reach Mark's own session list either.
"""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select

from nabij.model.ids import ShareCategory
from nabij.services import clock
from nabij.store.tables import Session as SessionRow
from tests.web.people import PASSWORD, Person
from tests.web.worlds import database, page_without_tokens, sanne_and_mark, share, user

MakePerson = Callable[[str], Person]
PARTNER_PAGES = ("/couple", "/shared", "/insight", "/today", "/sharing", "/steps", "/account")
ADDRESS_CANARY = "203.0.113.77"
AGENT_CANARY = "KANARIE-apparaat-7f2a Firefox/128.0"
ACTIVITY_WORDS = re.compile(
    r"last (seen|active|online|used|login|logged)|(is|now) (online|active)|online now"
    r"|laatst (gezien|actief|online|gebruikt|ingelogd)|(is|nu) (online|actief)",
    re.IGNORECASE,
)


def _plant(app: FastAPI, login: str, started: datetime | None, last_seen: datetime | None) -> None:
    """Give all of ``login``'s sessions these times and device canaries, or end them (None)."""
    with database(app) as db:
        owner = user(db, login).id
        if started is None or last_seen is None:
            db.execute(delete(SessionRow).where(SessionRow.user_id == owner))
            return
        for row in db.scalars(select(SessionRow).where(SessionRow.user_id == owner)):
            row.created_at, row.last_seen_at = started, last_seen
            row.address, row.user_agent = ADDRESS_CANARY, AGENT_CANARY


def _clock_texts(moment: datetime, app: FastAPI) -> list[str]:
    """Return the ways a page could write ``moment``'s time of day."""
    local = moment.replace(tzinfo=UTC).astimezone(app.state.settings.timezone)
    return [local.strftime("%H:%M"), f"{local.hour}:{local.minute:02d}", moment.isoformat()]


@pytest.fixture
def couple(app: FastAPI, person: MakePerson) -> tuple[Person, Person]:
    sanne, mark = sanne_and_mark(app, person)
    share(app, sanne, *ShareCategory)
    share(app, mark, *ShareCategory)
    return sanne, mark


def test_the_partners_pages_are_the_same_whenever_the_other_was_last_active(
    app: FastAPI, couple: tuple[Person, Person]
) -> None:
    _sanne, mark = couple
    now = clock.utcnow().replace(microsecond=0)
    moments = {
        "active minutes ago": (now - timedelta(hours=5, minutes=47), now - timedelta(minutes=3)),
        "active long ago": (now - timedelta(hours=11, minutes=13), now - timedelta(minutes=26)),
        "logged out": (None, None),
    }
    seen: dict[str, dict[str, str]] = {}
    for state, (started, last_seen) in moments.items():
        _plant(app, "sanne", started, last_seen)
        seen[state] = {}
        for path in PARTNER_PAGES:
            answer = mark.get(path)
            assert answer.status_code == 200, (state, path)
            seen[state][path] = page_without_tokens(answer.text)
    first, *others = seen.values()
    for other in others:
        assert other == first
    # The same pages hold none of the planted times, no activity wording, no device canary.
    planted = [
        t for pair in list(moments.values())[:2] for m in pair if m for t in _clock_texts(m, app)
    ]
    for path, page in first.items():
        assert ACTIVITY_WORDS.search(page) is None, (path, ACTIVITY_WORDS.search(page))
        for text in [*planted, ADDRESS_CANARY, "KANARIE"]:
            assert text not in page, (path, text)
    # The pages did show Sanne's shared picture: the comparison was not of empty pages.
    assert "sanne" in first["/couple"]


def test_the_session_list_shows_each_partner_only_their_own_sessions(
    app: FastAPI, couple: tuple[Person, Person]
) -> None:
    sanne, mark = couple
    now = clock.utcnow()
    _plant(app, "sanne", now - timedelta(hours=1), now - timedelta(minutes=2))
    page = mark.get("/account/sessions")
    assert page.status_code == 200
    assert page.text.count('<li class="card">') == 1  # Mark's one session, this browser
    assert ADDRESS_CANARY not in page.text
    assert "KANARIE" not in page.text
    assert "Firefox" not in page.text
    # Sanne sees her own, with its details.
    own = sanne.get("/account/sessions").text
    assert ADDRESS_CANARY in own
    assert "Firefox" in own
    # Mark cannot end Sanne's session, even knowing its id and with his own password.
    with database(app) as db:
        hers = db.scalars(select(SessionRow.id).where(SessionRow.user_id == user(db, "sanne").id))
        target = hers.one()
    answer = mark.client.post(
        "/account/sessions/end",
        data={"csrf_token": mark.token("/account"), "password": PASSWORD, "session": target},
        headers={"sec-fetch-site": "same-origin"},
    )
    assert answer.status_code == 200
    assert sanne.get("/today").status_code == 200

"""The route-complete access matrix (issue 5, point 2; requirements 9 and 10).

Every route of the app (read from the app itself) × every actor: nobody logged in, the owner
(Sanne), her partner (Daan), a member of another couple (Eva, with Noor) and her ex-partner
(Mark, who was linked with her, saw what she shared, and left). Each cell asserts the exact
status, and that no canary of Sanne's private items is in the answer's body or headers; her
shared note may reach the owner and the current partner only. A route without a row in
``EXPECTED`` fails the suite by name.

One world is built per actor (per database), and that actor's cells run in it in a fixed
order: pages first, then forms, and those that end a session or a couple last, so that no cell
changes what a later one sees. A world per cell would take minutes per database.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi import FastAPI
from httpx2 import Response

from nabij.model.ids import ShareCategory
from tests.web.people import Person
from tests.web.routes import (
    CHECKIN_FORM,
    DRAFT_CANARY,
    NOTE_CANARY,
    Route,
    csrf,
    every_route,
    fill,
    lived_in,
)
from tests.web.test_couple import link
from tests.web.test_sharing import note_ids
from tests.web.worlds import today

MakePerson = Callable[[str], Person]
ACTORS = ("anonymous", "owner", "partner", "other", "ex")

# Per route, the status for: anonymous, owner, partner, other couple's member, ex-partner.
# Forms are sent empty but for a valid CSRF token of the actor's own session: the cells test
# who may do what, not the forms' checks. 404 where the route names one of Sanne's own items.
_LOGIN = 303  # a page behind the login sends a visitor to it
_REFUSED = 401  # a form behind the login, sent without one, shows the login form instead
EXPECTED: dict[str, tuple[int, int, int, int, int]] = {
    "GET /": (200, 303, 303, 303, 303),
    "GET /account": (_LOGIN, 200, 200, 200, 200),
    "GET /account/delete": (_LOGIN, 200, 200, 200, 200),
    "GET /account/password": (_LOGIN, 200, 200, 200, 200),
    "GET /account/sessions": (_LOGIN, 200, 200, 200, 200),
    "GET /chat": (_LOGIN, 200, 200, 200, 200),
    "GET /checkin": (_LOGIN, 200, 200, 200, 200),
    "GET /checkins": (_LOGIN, 200, 200, 200, 200),
    "GET /checkins/{checkin_id}/delete": (_LOGIN, 200, 404, 404, 404),
    "GET /checkins/{checkin_id}/note/delete": (_LOGIN, 200, 404, 404, 404),
    "GET /coach": (_LOGIN, 200, 200, 200, 200),
    "GET /coach/drafts": (_LOGIN, 200, 200, 200, 200),
    "GET /consent": (_LOGIN, 200, 200, 200, 200),
    "GET /couple": (_LOGIN, 200, 200, 200, 200),
    "GET /couple/leave": (_LOGIN, 200, 200, 200, 303),
    "GET /export": (_LOGIN, 200, 200, 200, 200),
    "GET /healthz": (200, 200, 200, 200, 200),
    "GET /help": (200, 200, 200, 200, 200),
    "GET /import": (_LOGIN, 200, 200, 200, 200),
    "GET /insight": (_LOGIN, 200, 200, 200, 200),
    "GET /intake": (_LOGIN, 200, 200, 200, 200),
    "GET /login": (200, 303, 303, 303, 303),
    "GET /manifest.webmanifest": (200, 200, 200, 200, 200),
    "GET /recover": (200, 200, 200, 200, 200),
    "GET /register": (200, 200, 200, 200, 200),
    "GET /reset/{token}": (200, 200, 200, 200, 200),
    "GET /safety": (_LOGIN, 303, 303, 303, 303),
    "GET /safety/saved": (_LOGIN, 200, 200, 200, 200),
    "GET /safety/screen": (_LOGIN, 200, 200, 200, 200),
    "GET /shared": (_LOGIN, 200, 200, 200, 200),
    "GET /sharing": (_LOGIN, 200, 200, 200, 200),
    "GET /sharing/preview": (_LOGIN, 200, 200, 200, 200),
    "GET /static": (200, 200, 200, 200, 200),
    "GET /steps": (_LOGIN, 200, 200, 200, 200),
    "GET /steps/{step_id}": (_LOGIN, 200, 200, 200, 200),
    "GET /support": (200, 200, 200, 200, 200),
    "GET /support/safe-browsing": (200, 200, 200, 200, 200),
    "GET /today": (_LOGIN, 200, 200, 200, 200),
    "POST /account/delete": (_REFUSED, 400, 400, 400, 400),
    "POST /account/discreet": (_REFUSED, 303, 303, 303, 303),
    "POST /account/password": (_REFUSED, 400, 400, 400, 400),
    "POST /account/sessions/end": (_REFUSED, 400, 400, 400, 400),
    "POST /chat": (_REFUSED, 400, 400, 400, 400),
    "POST /checkin": (_REFUSED, 400, 400, 400, 400),
    "POST /checkins/{checkin_id}/delete": (_REFUSED, 303, 404, 404, 404),
    "POST /checkins/{checkin_id}/note/delete": (_REFUSED, 303, 404, 404, 404),
    "POST /coach": (_REFUSED, 400, 400, 400, 400),
    "POST /coach/analyse": (_REFUSED, 200, 200, 200, 200),
    "POST /coach/drafts/{draft_id}/delete": (_REFUSED, 303, 404, 404, 404),
    "POST /coach/keep": (_REFUSED, 400, 400, 400, 400),
    "POST /consent": (_REFUSED, 400, 400, 400, 400),
    "POST /couple/create": (_REFUSED, 303, 303, 303, 303),
    "POST /couple/invite": (_REFUSED, 303, 303, 303, 200),
    "POST /couple/join": (_REFUSED, 400, 400, 400, 400),
    "POST /couple/joint": (_REFUSED, 303, 303, 303, 303),
    "POST /couple/leave": (_REFUSED, 303, 303, 303, 303),
    "POST /exit": (303, 303, 303, 303, 303),
    "POST /export": (_REFUSED, 400, 400, 400, 400),
    "POST /import": (_REFUSED, 400, 400, 400, 400),
    "POST /intake": (_REFUSED, 400, 400, 400, 400),
    "POST /joint/pause": (_REFUSED, 303, 303, 303, 303),
    "POST /joint/resume": (_REFUSED, 303, 303, 303, 303),
    "POST /lang": (303, 303, 303, 303, 303),
    "POST /login": (400, 400, 400, 400, 400),
    "POST /logout": (303, 303, 303, 303, 303),
    "POST /recover": (400, 400, 400, 400, 400),
    "POST /register": (400, 400, 400, 400, 400),
    "POST /reset/{token}": (400, 400, 400, 400, 400),
    "POST /safety/screen": (_REFUSED, 400, 400, 400, 400),
    "POST /session/alive": (_REFUSED, 204, 204, 204, 204),
    "POST /sharing": (_REFUSED, 303, 303, 303, 303),
}
# Sent last, in this order: each deletes an item, ends a couple or a session, or changes what
# follows.
_LAST = (
    "/checkins/{checkin_id}/delete",
    "/couple/create",
    "/couple/join",
    "/couple/leave",
    "/logout",
    "/exit",
)


_UPLOADS = ("/chat", "/import")


@dataclass
class Cast:
    """Sanne's world: her canaries, and each actor's browser."""

    ids: dict[str, str]
    private: tuple[str, ...]  # Sanne's own: for nobody else's eyes
    shared: str  # the note Sanne shares: for her current partner too
    people: dict[str, Person]


def _cast(app: FastAPI, person: MakePerson) -> Cast:
    """Build Sanne's world through the real forms: Mark, her partner first, sees her shared
    note, then leaves; Daan joins her in his place; Eva and Noor are a couple of their own."""
    world = lived_in(app, person)
    sanne, mark = world.sanne, world.mark
    private = (_own_canary(), _own_canary())
    shared = _own_canary()
    # Yesterday's check-in (still open for changes) gets a note to share and a ritual typed in
    # by hand, which is never shared.
    day = (today(app) - timedelta(days=1)).isoformat()
    answer = sanne.post(
        "/checkin", {**CHECKIN_FORM, "date": day, "note": shared, "ritual_other": private[0]}
    )
    assert answer.status_code == 303, answer.text
    kept = sanne.post("/coach/keep", {"text": f"Ik mis je. {private[1]}"}, page="/coach")
    assert kept.status_code == 303
    sharing = {"notes_listed": "1", "share": [c.value for c in ShareCategory]}
    sharing["note"] = [note_ids(sanne)[shared]]
    assert sanne.post("/sharing", sharing).status_code == 303
    assert shared in mark.get("/shared").text  # the positive control: Mark could read it
    # Leaving resets both partners' sharing; Sanne shares the same again with Daan.
    assert mark.post("/couple/leave", page="/couple/leave").status_code == 303
    daan = person("daan").register()
    link(sanne, daan)
    assert sanne.post("/sharing", sharing).status_code == 303  # also passes the couple key on
    daan.post("/session/alive", page="/today")  # Daan's next form writes his couple copies
    assert shared in daan.get("/shared").text
    eva, noor = person("eva").register(), person("noor").register()
    link(eva, noor)
    eva.post("/session/alive", page="/today")
    noor.post("/session/alive", page="/today")
    return Cast(
        ids=world.ids,
        private=(*private, NOTE_CANARY, DRAFT_CANARY),
        shared=shared,
        people={
            "anonymous": person("visitor"),
            "owner": sanne,
            "partner": daan,
            "other": eva,
            "ex": mark,
        },
    )


def _own_canary() -> str:
    return f"KANARIE-{secrets.token_hex(6)}"


def _send(person: Person, route: Route, ids: dict[str, str]) -> Response:
    address = fill(route, ids)
    if not route.changes_state:
        return person.client.get(address)
    # The upload forms are read as multipart only, as a browser sends them.
    files = {"file": ("empty.txt", b"", "text/plain")} if route.path in _UPLOADS else None
    return person.client.request(
        route.method,
        address,
        data={"csrf_token": csrf(person)},
        files=files,
        headers={"sec-fetch-site": "same-origin"},
    )


def _order(routes: list[Route]) -> list[Route]:
    last = {path: i for i, path in enumerate(_LAST)}
    return sorted(routes, key=lambda r: (r.changes_state, last.get(r.path, -1), r))


def test_every_route_has_a_row_in_the_matrix(app: FastAPI) -> None:
    routes = {str(r) for r in every_route(app)}
    assert sorted(routes - set(EXPECTED)) == [], "add these routes to EXPECTED in test_access.py"
    assert sorted(set(EXPECTED) - routes) == [], "these rows of EXPECTED are no route any more"


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_gets_exactly_its_status_and_nothing_private_on_every_route(
    app: FastAPI, person: MakePerson, actor: str
) -> None:
    cast = _cast(app, person)
    who = cast.people[actor]
    column = ACTORS.index(actor)
    hidden = cast.private if actor in ("owner", "partner") else (*cast.private, cast.shared)
    wrong = []
    for route in _order(every_route(app)):
        row = EXPECTED.get(str(route))
        assert row is not None, f"{route} has no row in EXPECTED (test_access.py)"
        answer = _send(who, route, cast.ids)
        if answer.status_code != row[column]:
            wrong.append(f"{route} × {actor}: {answer.status_code}, expected {row[column]}")
        if actor == "owner":
            continue  # her own items are hers to see
        seen = answer.text + "".join(f"{k}: {v}" for k, v in answer.headers.items())
        wrong += [f"{route} × {actor}: shows {c}" for c in hidden if c in seen]
    assert wrong == [], "\n".join(wrong)

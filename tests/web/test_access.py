"""Every route × every actor, each answer exactly as the access table says (requirements 9, 10, 21).

The actors are those of ``tests/web/planted.py``: the anonymous visitor, Sanne (the owner),
Mark (her partner), Charlie (of another couple) and Daan (her ex-partner), every item planted
through the real forms of the app running in uvicorn, on SQLite and on PostgreSQL. Each cell
sends one route as one actor with Sanne's ids in the path and asserts the status of
``tests/web/access.py``, that no canary the actor may not see is in the answer's body or
headers, nor the id of anything Sanne keeps, and that only Sanne changed her own items.

Every cell starts from the same known state, without planting a world per cell (some two
seconds each, for some three hundred cells): the world is planted once per database for this
module, and a snapshot of every row is taken. A GET changes nothing stored
(``test_every_route.py`` proves it); a POST may (Sanne deleting her check-in, anyone logging
out), so each cell first compares the database with the snapshot and, when it differs, puts
the snapshot's rows back (every table emptied and refilled in the order of its foreign keys),
and the actor's cookies are put back after its request. Only the few cells that changed
something pay for a refill. Unlike running Sanne's own POSTs last, this keeps every cell
independent of the order the cells run in, so one cell can be run on its own.
"""

from collections.abc import Iterator

import httpx2
import pytest

from tests.snapshots import Snapshot
from tests.web.access import ACCESS, route_of, send
from tests.web.planted import (
    AFRAID,
    CANARIES,
    RITUAL,
    SHARED_NOTE,
    STORED,
    Kept,
    Role,
    World,
    planted,
    taken_from_owner,
)
from tests.web.routes import CHECKIN_FORM, every_route, parameters
from tests.web.worlds import page_without_tokens

CELLS = [pytest.param(route, role, id=f"{route} {role}") for route in ACCESS for role in Role]
GETS = [route for route in ACCESS if route.startswith("GET ")]
# A line to copy for a new route, in the failure message.
EXAMPLE = '    "GET /new/page":                         Entry(303, 200, 200, 200, 200),'


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Plant the world once per database for the whole module."""
    kind = request.param
    with planted(kind, tmp_path_factory.mktemp(f"access-{kind}") / "world") as made:
        yield made


@pytest.fixture(scope="module")
def snapshot(world: World) -> Snapshot:
    """Return every row of the world as planted."""
    return Snapshot.of(world.engine)


@pytest.fixture
def known(world: World, snapshot: Snapshot) -> Iterator[World]:
    """Return the world as planted; put the actors' cookies back after the test."""
    if snapshot.changed():
        snapshot.put_back()
    cookies = {role: dict(browser.cookies) for role, browser in world.browsers.items()}
    yield world
    for role, browser in world.browsers.items():
        browser.cookies = cookies[role]


def may_see(role: Role, kept: Kept) -> bool:
    """Return whether ``role`` may ever be shown a canary kept as ``kept``."""
    return role is Role.OWNER or (role is Role.PARTNER and kept is Kept.SHARED)


def shown(answer: httpx2.Response) -> str:
    """Return all an answer shows: its headers and its body."""
    headers = "\n".join(f"{name}: {value}" for name, value in answer.headers.multi_items())
    return f"{headers}\n{answer.text}"


def sent(answer: httpx2.Response) -> str:
    """Return all the request of ``answer`` carried: its address and its body."""
    request = answer.request
    return f"{request.url}\n{request.read().decode('utf-8', 'replace')}"


def test_every_route_has_a_line_in_the_access_table(world: World) -> None:
    routes = {str(route) for route in every_route(world.app)}
    missing = sorted(routes - ACCESS.keys())
    assert missing == [], (
        f"no line in ACCESS (tests/web/access.py) for {', '.join(missing)}: add one each, "
        f"with the status for anon, owner, partner, other couple, ex-partner:\n{EXAMPLE}"
    )
    assert sorted(ACCESS.keys() - routes) == [], "ACCESS has lines for routes the app lacks"
    unfilled = sorted(
        f"{{{name}}} of {route}"
        for route in every_route(world.app)
        for name in parameters(route)
        if name not in world.ids
    )
    assert unfilled == [], f"give World.ids (tests/web/planted.py, _ids) a value for {unfilled}"


@pytest.mark.parametrize(("route", "role"), CELLS)
def test_each_actor_gets_exactly_what_the_access_table_says(
    known: World, snapshot: Snapshot, route: str, role: Role
) -> None:
    entry = ACCESS[route]
    answer = send(known, role, route_of(route), entry)
    assert answer.status_code == entry.status(role), f"{route} as {role}: {answer.status_code}"
    if role is Role.OWNER:
        return
    # What the request carried itself may come back (the login carries a form along).
    page, request = shown(answer), sent(answer)
    hidden = {str(c): c.value for c in CANARIES if not may_see(role, c.kept)}
    hidden.update(known.private_ids)
    leaked = [name for name, value in hidden.items() if value in page and value not in request]
    assert leaked == [], f"{route} shows {role} Sanne's {leaked}"
    assert taken_from_owner(known, snapshot.rows, snapshot.now()) == []


def test_the_canaries_are_there_to_be_found_by_whom_may_see_them(known: World) -> None:
    # The owner's pages show everything she keeps, her partner's the note she shares: the
    # search of every answer above looks where the canaries would be.
    sanne = known.sanne
    own = "\n".join(sanne.get(path).text for path in ("/checkins", "/coach/drafts"))
    assert [str(c) for c in STORED if c.value not in own] == []
    assert known.ids["checkin_id"] in own
    assert known.ids["draft_id"] in own
    partner = known.browsers[Role.PARTNER]
    assert SHARED_NOTE.value in partner.get("/shared").text


def views(world: World) -> dict[tuple[Role, str], str]:
    """Return every page each actor but Sanne opens: status, redirect and body, tokens blanked."""
    seen: dict[tuple[Role, str], str] = {}
    for role in Role:
        if role is Role.OWNER:
            continue
        for route in GETS:
            answer = send(world, role, route_of(route), ACCESS[route])
            where = answer.headers.get("location", "")
            seen[role, route] = f"{answer.status_code} {where}\n{page_without_tokens(answer.text)}"
    return seen


def differ(first: dict[tuple[Role, str], str], second: dict[tuple[Role, str], str]) -> list[str]:
    """Return the pages (actor and route) that ``first`` and ``second`` show differently."""
    return [
        f"{role} {route}" for (role, route), page in first.items() if second[role, route] != page
    ]


def test_a_safety_concern_of_sannes_changes_nothing_anyone_else_can_observe(known: World) -> None:
    sanne = known.sanne
    calm = views(known)
    # She pauses joint exercises herself, without a reason; then her answers raise a concern,
    # which pauses them too. No other actor may tell the two apart on any page.
    assert sanne.post("/joint/pause").status_code == 303
    paused = views(known)
    concern = sanne.post("/safety/screen", AFRAID)
    assert concern.headers["location"] == "/safety"
    assert sanne.get("/safety").status_code == 200
    assert differ(paused, views(known)) == []
    # Only her partner sees the pause at all (in neutral words): the comparison is not blind.
    changed = differ(calm, paused)
    assert changed != []
    assert [page for page in changed if not page.startswith(Role.PARTNER)] == []


def test_what_sanne_keeps_to_herself_changes_nothing_anyone_else_can_observe(
    known: World,
) -> None:
    # Not even how many private items she has, or when she added them (requirement 10).
    sanne = known.sanne
    before = views(known)
    own = sanne.get("/coach/drafts").text
    assert sanne.post("/coach/keep", {"text": "Ik mis je, nog een keer."}).status_code == 303
    today = known.today.isoformat()
    again = {**CHECKIN_FORM, "date": today, "note": "Toch anders.", "ritual_other": RITUAL.value}
    assert sanne.post("/checkin", again).status_code == 303
    private = sanne.post(f"/checkins/{known.ids['ex_shared_checkin_id']}/note/delete")
    assert private.status_code == 303
    assert sanne.post("/coach/analyse", {"text": "Waarom doe je dit?"}).status_code == 200
    assert differ(before, views(known)) == []
    assert sanne.get("/coach/drafts").text != own

"""Who may open what: the expected answer of every route to every actor (requirement 9).

One line per route of the app: the status each actor gets, in the order of ``Role`` —
anonymous, owner, partner, member of another couple, ex-partner. A new route fails
``test_every_route_has_a_line_in_the_access_table`` with its name until it has a line here.

Each request is sent with Sanne's own ids in its path (``World.ids``). A POST carries a valid
CSRF token of the actor's own session, so that a refusal is the route's authorization and
never the CSRF check; its form is empty unless ``send`` gives fields (query-string syntax,
with ``{checkin_id}`` and the like filled in from ``World.ids``). For a GET, ``send`` is the
query string. Statuses: 200 a page; 204 nothing to show; 303 a redirect (for the anonymous
visitor, to the login); 400 an incomplete form shown again; 401 the login, with a form sent
after the session ended; 404 not there, or someone else's.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs

import httpx2

from tests.snapshots import Snapshot
from tests.web.planted import Role, World
from tests.web.routes import Route, fill


@dataclass(frozen=True)
class Entry:
    """The status of one route for each actor, and what its request sends."""

    anonymous: int
    owner: int
    partner: int
    other_couple: int
    ex_partner: int
    send: str = ""

    def status(self, role: Role) -> int:
        """Return the status ``role`` must get."""
        found: int = getattr(self, role.value)
        return found


# The file field of a form sent without choosing a file.
NO_FILE = {"file": ("", b"", "application/octet-stream")}
# Share notes, Sanne's private one among them: only her own notes can be shared by anyone.
SHARE_HERS = "share=notes&notes_listed=1&note={checkin_id}"
# fmt: off
ACCESS: dict[str, Entry] = {
    # route                                        anon owner partner other  ex
    "GET /":                                  Entry(200, 303, 303, 303, 303),
    "GET /account":                           Entry(303, 200, 200, 200, 200),
    "GET /account/delete":                    Entry(303, 200, 200, 200, 200),
    "GET /account/password":                  Entry(303, 200, 200, 200, 200),
    "GET /account/sessions":                  Entry(303, 200, 200, 200, 200),
    "GET /manifest.webmanifest":              Entry(200, 200, 200, 200, 200),
    "GET /recover":                           Entry(200, 200, 200, 200, 200),
    "GET /reset/{token}":                     Entry(200, 200, 200, 200, 200),
    "GET /support/safe-browsing":             Entry(200, 200, 200, 200, 200),
    "POST /account/delete":                   Entry(401, 400, 400, 400, 400),
    "POST /account/discreet":                 Entry(401, 303, 303, 303, 303),
    "POST /account/password":                 Entry(401, 400, 400, 400, 400),
    "POST /account/sessions/end":             Entry(401, 400, 400, 400, 400),
    "POST /recover":                          Entry(400, 400, 400, 400, 400),
    "POST /reset/{token}":                    Entry(400, 400, 400, 400, 400),
    "GET /chat":                              Entry(303, 200, 200, 200, 200),
    "GET /checkin":                           Entry(303, 200, 200, 200, 200, "date={private_day}"),
    "GET /checkins":                          Entry(303, 200, 200, 200, 200),
    "GET /checkins/{checkin_id}/delete":      Entry(303, 200, 404, 404, 404),
    "GET /checkins/{checkin_id}/note/delete": Entry(303, 200, 404, 404, 404),
    "GET /coach":                             Entry(303, 200, 404, 404, 404, "draft={draft_id}"),
    "GET /coach/drafts":                      Entry(303, 200, 200, 200, 200),
    "GET /consent":                           Entry(303, 200, 200, 200, 200),
    "GET /couple":                            Entry(303, 200, 200, 200, 200),
    "GET /couple/leave":                      Entry(303, 200, 200, 200, 303),
    "GET /export":                            Entry(303, 200, 200, 200, 200),
    "GET /healthz":                           Entry(200, 200, 200, 200, 200),
    "GET /help":                              Entry(200, 200, 200, 200, 200),
    "GET /import":                            Entry(303, 200, 200, 200, 200),
    "GET /insight":                           Entry(303, 200, 200, 200, 200),
    "GET /intake":                            Entry(303, 200, 200, 200, 200),
    "GET /login":                             Entry(200, 303, 303, 303, 303),
    "GET /register":                          Entry(200, 200, 200, 200, 200),
    "GET /safety":                            Entry(303, 303, 303, 303, 303),
    "GET /safety/saved":                      Entry(303, 200, 200, 200, 200),
    "GET /safety/screen":                     Entry(303, 200, 200, 200, 200),
    "GET /shared":                            Entry(303, 200, 200, 200, 200),
    "GET /sharing":                           Entry(303, 200, 200, 200, 200),
    "GET /sharing/preview":                   Entry(303, 200, 200, 200, 200),
    "GET /static":                            Entry(200, 200, 200, 200, 200),
    "GET /steps":                             Entry(303, 200, 200, 200, 200),
    "GET /steps/{step_id}":                   Entry(303, 200, 200, 200, 200),
    "GET /support":                           Entry(200, 200, 200, 200, 200),
    "GET /today":                             Entry(303, 200, 200, 200, 200, "saved={private_day}"),
    "POST /chat":                             Entry(401, 400, 400, 400, 400),
    "POST /checkin":                          Entry(401, 400, 400, 400, 400),
    "POST /checkins/{checkin_id}/delete":     Entry(401, 303, 404, 404, 404),
    "POST /checkins/{checkin_id}/note/delete": Entry(401, 303, 404, 404, 404),
    "POST /coach":                            Entry(401, 400, 400, 400, 400),
    "POST /coach/analyse":                    Entry(401, 200, 200, 200, 200),
    "POST /coach/drafts/{draft_id}/delete":   Entry(401, 303, 404, 404, 404),
    "POST /coach/keep":                       Entry(401, 400, 400, 400, 400),
    "POST /consent":                          Entry(401, 400, 400, 400, 400),
    "POST /couple/create":                    Entry(401, 303, 303, 303, 303),
    "POST /couple/invite":                    Entry(401, 303, 303, 303, 200),
    "POST /couple/join":                      Entry(401, 400, 400, 400, 400),
    "POST /couple/joint":                     Entry(401, 303, 303, 303, 303),
    "POST /couple/leave":                     Entry(401, 303, 303, 303, 303),
    "POST /exit":                             Entry(303, 303, 303, 303, 303),
    "POST /export":                           Entry(401, 400, 400, 400, 400),
    "POST /import":                           Entry(401, 400, 400, 400, 400),
    "POST /intake":                           Entry(401, 400, 400, 400, 400),
    "POST /joint/pause":                      Entry(401, 303, 303, 303, 303),
    "POST /joint/resume":                     Entry(401, 303, 303, 303, 303),
    "POST /lang":                             Entry(303, 303, 303, 303, 303),
    "POST /login":                            Entry(400, 400, 400, 400, 400),
    "POST /logout":                           Entry(303, 303, 303, 303, 303),
    "POST /register":                         Entry(400, 400, 400, 400, 400),
    "POST /safety/screen":                    Entry(401, 400, 400, 400, 400),
    "POST /session/alive":                    Entry(401, 204, 204, 204, 204),
    "POST /sharing":                          Entry(401, 303, 303, 303, 303, SHARE_HERS),
}
# fmt: on


def route_of(line: str) -> Route:
    """Return the route a line of the table is for (``"GET /today"``)."""
    method, path = line.split(" ", 1)
    return Route(method, path)


def send(world: World, role: Role, route: Route, entry: Entry) -> httpx2.Response:
    """Send ``route``'s request as ``role`` from the actor's own browser."""
    browser = world.browsers[role]
    address = fill(route, world.ids)
    given = entry.send.format(**world.ids)
    if not route.changes_state:
        return browser.get(f"{address}?{given}" if given else address)
    # As multipart, the way a form with a file is sent: the upload routes read only that, and
    # every other route reads it as well as a plain form.
    return browser.post(address, parse_qs(given), files=NO_FILE)


def send_every_line(world: World) -> None:
    """Send every line of the table as every actor, each from the state the world was in."""
    snapshot = Snapshot.of(world.engine)
    for line, entry in ACCESS.items():
        for role in Role:
            browser = world.browsers[role]
            cookies = dict(browser.cookies)
            send(world, role, route_of(line), entry)
            browser.cookies = cookies
            if snapshot.changed():
                snapshot.put_back()

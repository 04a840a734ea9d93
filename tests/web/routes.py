"""Every route of the app, read from ``app.routes``, filled in with a persona's own ids.

Tests that must hold for every route take the list from here, so a new route is checked the
day it is added; a route with a path parameter this module cannot fill fails loudly until
``World.ids`` names a real value for it.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import Mount

from nabij.instruments.intake import SAFETY_QUESTIONS
from nabij.model.ids import ShareCategory, Step
from nabij.services import clock
from nabij.store import recovery
from nabij.web import security
from tests.web.people import Person
from tests.web.worlds import database, sanne_and_mark, share, today, user

# A static file stands for the whole /static mount.
STATIC_FILE = "/static/app.css"
# These end the session they are sent in: tests send them last, or log in again after them.
ENDS_SESSION = frozenset({"/logout", "/exit"})
# Canaries planted through the real forms; tests search for them where they must not be.
NOTE_CANARY = "KANARIE-notitie-5e1d"
DRAFT_CANARY = "KANARIE-concept-93b0"
_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
_CHECKIN_LINK = re.compile(r'href="/checkins/([0-9a-f]{32})/note/delete"')


@dataclass(frozen=True, order=True)
class Route:
    """One method on one path of the app (``/static`` is the static-file mount)."""

    method: str
    path: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def changes_state(self) -> bool:
        """Return whether the method may change anything (everything but GET and HEAD)."""
        return self.method not in ("GET", "HEAD")


def every_route(app: FastAPI) -> list[Route]:
    """Return every method of every route of ``app``, in a stable order."""
    found: set[Route] = set()
    for context in iter_route_contexts(app.routes):
        original = context.original_route
        if isinstance(original, Mount):
            found.add(Route("GET", original.path))
            continue
        # Anything else (a websocket, a plain Starlette route) needs its own look first.
        assert isinstance(original, APIRoute), f"unknown kind of route: {original!r}"
        assert context.path is not None
        for method in context.methods or ():
            if method != "HEAD":  # HEAD is GET without the body
                found.add(Route(method, context.path))
    routes = sorted(found)
    # The route list must never quietly come out empty, as it once did when FastAPI began to
    # keep included routers whole in ``app.routes``.
    assert len(routes) > 40, routes
    return routes


def parameters(route: Route) -> list[str]:
    """Return the names of the path parameters of ``route``."""
    return _PARAM.findall(route.path)


def fill(route: Route, ids: Mapping[str, str]) -> str:
    """Return the address of ``route`` with its path parameters set from ``ids``."""
    if route.path == "/static":
        return STATIC_FILE
    names = parameters(route)
    missing = [name for name in names if name not in ids]
    assert not missing, (
        f"{route}: add a real value for {missing} to World.ids (tests/web/routes.py)"
    )
    return _PARAM.sub(lambda m: ids[m.group(1)], route.path)


@dataclass
class World:
    """Sanne and Mark, linked, with weeks of check-ins, a note, a kept draft and safety answers.

    ``ids`` fills the path parameters of every route with Sanne's own items.
    """

    app: FastAPI
    sanne: Person
    mark: Person
    ids: dict[str, str] = field(default_factory=dict)


def lived_in(app: FastAPI, person: Callable[[str], Person]) -> World:
    """Return the world, its private items planted through the real forms."""
    sanne, mark = sanne_and_mark(app, person)
    share(app, mark, *ShareCategory)
    day = today(app).isoformat()
    checkin = sanne.post("/checkin", {**CHECKIN_FORM, "date": day, "note": NOTE_CANARY})
    assert checkin.status_code == 303, checkin.text
    kept = sanne.post("/coach/keep", {"text": f"Jij luistert nooit. {DRAFT_CANARY}"}, page="/coach")
    assert kept.status_code == 303, kept.text
    draft = parse_qs(urlsplit(kept.headers["location"]).query)["draft"][0]
    screen = sanne.post("/safety/screen", dict.fromkeys(SAFETY_QUESTIONS, "no"))
    assert screen.status_code == 303, screen.text
    with_note = _CHECKIN_LINK.search(sanne.get("/checkins").text)
    assert with_note is not None, "no check-in with a note in Sanne's list"
    with database(app) as db:
        # An operator's reset link for Sanne (``nabij user reset``), live for 30 minutes.
        reset = recovery.new_reset_link(db, user(db, "sanne"), clock.utcnow())
    ids = {
        "checkin_id": with_note.group(1),
        "draft_id": draft,
        "step_id": Step.ATTUNE.value,
        "token": reset,
    }
    return World(app, sanne, mark, ids)


# The answers of a check-in form, as a person fills it in.
CHECKIN_FORM: dict[str, object] = {
    "closeness": "6",
    "safety": "7",
    "stress": "4",
    "teamwork": "5",
    "own_space": "6",
    "wants": "closer",
    "reached_out": "yes",
    "conflict_topic": "",
    "rituals": ["short_walk"],
    "ritual_other": "",
}


@contextmanager
def same_browser(person: Person) -> Iterator[None]:
    """Put ``person``'s cookies back as they were afterwards, whatever the answers set."""
    jar = person.client.cookies.jar
    saved = list(jar)
    try:
        yield
    finally:
        jar.clear()
        for cookie in saved:
            jar.set_cookie(cookie)


def cookies(person: Person) -> dict[str, str]:
    """Return the cookies of ``person``'s browser by name."""
    return {c.name: c.value or "" for c in person.client.cookies.jar}


def csrf(person: Person) -> str:
    """Return the form token of ``person``'s browser, as each of its pages carries it."""
    cookies = person.client.cookies
    cookie = cookies.get(security.CSRF_COOKIE)
    if cookie is None:
        person.get("/")  # a first visit sets the CSRF cookie
        cookie = cookies.get(security.CSRF_COOKIE)
    assert cookie is not None
    key: bytes = person.app.state.key
    return security.csrf_token(key, cookie, cookies.get(security.SESSION_COOKIE))


@dataclass
class Form:
    """One form of a page: where it posts, how it is encoded, and its fields' offered values."""

    action: str
    multipart: bool = False
    fields: dict[str, set[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    # Buttons with ``formaction`` and htmx ``hx-post`` inside the form send it elsewhere too.
    also: set[str] = field(default_factory=set)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            multipart = a.get("enctype", "") == "multipart/form-data"
            self._form = Form(a.get("action", ""), multipart)
            self.forms.append(self._form)
        form = self._form
        if form is None:
            return
        form.also.update(a[k] for k in ("formaction", "hx-post") if a.get(k))
        if "name" not in a and tag != "option":
            return
        if tag in ("input", "button", "textarea", "select"):
            name = a["name"]
            values = form.fields.setdefault(name, set())
            form.kinds.setdefault(name, a.get("type", tag))
            if a.get("value"):
                values.add(a["value"])
            self._select = name if tag == "select" else None
        elif tag == "option" and self._select is not None:
            form.fields[self._select].add(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms(page: str) -> Iterator[Form]:
    """Yield the POST forms of an HTML page with their fields and the values they offer."""
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        yield form
        for action in sorted(form.also - {form.action}):
            yield Form(action, form.multipart, form.fields, form.kinds)

"""Rules that hold on every route, read from ``app.routes`` (requirements 8, 15 and 16).

Each test walks the whole route list as an anonymous visitor and as Sanne, logged in with
weeks of data, a note, a kept draft and safety answers (``tests/web/routes.py``). A new route
is covered the day it is added; one with a path parameter nobody can fill fails until
``World.ids`` has a value for it.
"""

from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine, MetaData

from nabij.settings import load
from nabij.web import security
from nabij.web.app import create_app
from tests.databases import canonical_dump
from tests.web.people import Person
from tests.web.routes import (
    ENDS_SESSION,
    STATIC_FILE,
    Route,
    World,
    csrf,
    every_route,
    fill,
    lived_in,
)

MakePerson = Callable[[str], Person]
HSTS = "max-age=63072000"
# The one column a GET may change: a request moves its session's idle clock on (at most once a
# minute), which is how the server enforces the idle timeout (requirement 6). It is no change
# the user makes, and nothing of it is shown to anyone.
TOUCHED = frozenset({("sessions", "last_seen_at")})
# Elements and the attribute through which each loads something into the page.
LOADS = {
    "script": "src",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "frame": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "track": "src",
    "embed": "src",
    "object": "data",
    "image": "href",
    "use": "href",
    "input": "src",
}


@pytest.fixture
def world(app: FastAPI, person: MakePerson) -> World:
    """Return Sanne and Mark with their data, Sanne's ids filling the routes' parameters."""
    return lived_in(app, person)


def send(person: Person, route: Route, world: World, *, proof: bool, site: str) -> Response:
    """Send ``route`` as ``person``: a GET, or an empty form with or without a CSRF token."""
    address = fill(route, world.ids)
    if not route.changes_state:
        return person.client.get(address)
    data = {security.CSRF_FIELD: csrf(person)} if proof else {}
    return person.client.request(route.method, address, data=data, headers={"sec-fetch-site": site})


def in_order(routes: Iterable[Route]) -> list[Route]:
    """Return GETs first, then the others, and those that end the session last."""
    return sorted(routes, key=lambda r: (r.changes_state, r.path in ENDS_SESSION, r))


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = sources
    return parsed


def csp_problems(policy: str | None, exit_url: str) -> list[str]:
    """Return what is wrong with a page's Content-Security-Policy (nothing, if it is ours)."""
    if policy != security.csp(exit_url):
        return [f"CSP is {policy!r}"]
    found = _directives(policy)
    problems = [
        f"{name} {found.get(name)}"
        for name, sources in {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "object-src": ["'none'"],
            "frame-ancestors": ["'none'"],
            "base-uri": ["'none'"],
        }.items()
        if found.get(name) != sources
    ]
    exit_origin = "{0.scheme}://{0.netloc}".format(urlsplit(exit_url))
    for name, sources in found.items():
        allowed = {"'self'", "'none'"} | ({exit_origin} if name == "form-action" else set())
        problems += [f"{name} allows {s}" for s in sources if s not in allowed]
    return problems


def header_problems(answer: Response, static: bool, exit_url: str) -> list[str]:
    """Return which of CONTRACTS §7's headers an answer lacks (HSTS is checked apart)."""
    headers = answer.headers
    problems = csp_problems(headers.get("content-security-policy"), exit_url)
    if headers.get("x-content-type-options") != "nosniff":
        problems.append("no nosniff")
    if headers.get("referrer-policy") != "no-referrer":
        problems.append(f"Referrer-Policy {headers.get('referrer-policy')!r}")
    if headers.get("x-frame-options") != "DENY":
        problems.append("no X-Frame-Options DENY")
    # The static files are the same for everyone and hold nothing private: they may be kept.
    if not static and headers.get("cache-control") != "no-store":
        problems.append(f"Cache-Control {headers.get('cache-control')!r}")
    return problems


def test_the_route_list_is_read_from_the_app(app: FastAPI) -> None:
    routes = every_route(app)
    for expected in ("GET /today", "POST /checkin", "GET /checkins/{checkin_id}/delete"):
        assert expected in {str(r) for r in routes}
    assert Route("GET", "/static") in routes
    assert fill(Route("GET", "/static"), {}) == STATIC_FILE
    with pytest.raises(AssertionError, match="thing_id"):
        fill(Route("GET", "/things/{thing_id}"), {})


def test_every_route_answers_with_the_security_headers(
    app: FastAPI, world: World, person: MakePerson
) -> None:
    exit_url = app.state.settings.exit_url
    wrong = []
    for who in (person("anon"), world.sanne):
        for route in in_order(every_route(app)):
            answer = send(who, route, world, proof=True, site="same-origin")
            assert answer.status_code < 500, f"{route}: {answer.status_code}"
            problems = header_problems(answer, route.path == "/static", exit_url)
            # Not behind TLS here: HSTS would only make a browser insist on an https that
            # this server does not speak.
            if "strict-transport-security" in answer.headers:
                problems.append("HSTS without TLS")
            wrong += [f"{who.login} {route} ({answer.status_code}): {p}" for p in problems]
    assert wrong == []


def test_a_page_that_fails_gets_the_headers_and_the_failure_stays_in_the_app(
    app: FastAPI, person: MakePerson
) -> None:
    secret = "KANARIE-fout-41c7"

    @app.get("/test-only/failure")
    def failure() -> None:
        raise RuntimeError(secret)

    # The client raises whatever the app lets through to the server (uvicorn would log it,
    # message and all): here nothing may get through.
    answer = person("anon").client.get("/test-only/failure")
    assert answer.status_code == 500
    assert header_problems(answer, False, app.state.settings.exit_url) == []
    assert secret not in answer.text


def _app_on(engine: Engine, data_dir: Path, env: dict[str, str], tls: bool) -> FastAPI:
    settings = load(
        {
            "NABIJ_DATA_DIR": str(data_dir),
            "NABIJ_ALLOWED_HOSTS": "testserver",
            "NABIJ_SECRET_KEY_FILE": str(data_dir / "secret.key"),
            **env,
        }
    )
    return create_app(settings, engine=engine, tls=tls)


@pytest.mark.parametrize(
    ("env", "tls", "hsts"),
    [
        ({}, False, False),
        ({"NABIJ_BEHIND_TLS_PROXY": "1"}, False, True),
        ({}, True, True),
    ],
    ids=["plain", "behind-a-tls-proxy", "own-tls"],
)
def test_hsts_is_sent_exactly_when_nabij_runs_behind_tls(
    clean_engine: Engine, data_dir: Path, env: dict[str, str], tls: bool, hsts: bool
) -> None:
    app = _app_on(clean_engine, data_dir, env, tls)
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    wrong = []
    for route in every_route(app):
        unknown = {"checkin_id": "0" * 32, "draft_id": "0" * 32, "step_id": "x", "token": "x"}
        address = fill(route, unknown)
        answer = client.request(route.method, address)
        if answer.headers.get("strict-transport-security") != (HSTS if hsts else None):
            wrong.append(f"{route} ({answer.status_code})")
    assert wrong == []


@pytest.mark.parametrize("path", sorted(ENDS_SESSION))
def test_logging_out_and_the_quick_exit_clear_the_site_data(
    world: World, path: str, person: MakePerson
) -> None:
    answer = world.sanne.client.post(
        path, data={"csrf_token": csrf(world.sanne)}, headers={"sec-fetch-site": "same-origin"}
    )
    assert answer.status_code in (204, 303)
    assert answer.headers["clear-site-data"] == '"cache", "storage"'
    assert answer.headers["cache-control"] == "no-store"
    # Other answers leave the browser's data alone.
    assert "clear-site-data" not in world.mark.get("/today").headers


class _Page(HTMLParser):
    """Collect what a page loads, and any inline script, style or event handler."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.inline: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in LOADS and a.get(LOADS[tag]):
            self.loads.append(a[LOADS[tag]])
        self.loads += [src.split()[0] for src in a.get("srcset", "").split(",") if src.strip()]
        self.inline += [f"{tag} {k}=" for k in a if k == "style" or k.startswith("on")]
        if tag == "style":
            self.inline.append("<style>")
        self._script = tag == "script" and not a.get("src")

    def handle_data(self, data: str) -> None:
        if self._script and data.strip():
            self.inline.append("<script> with a body")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def test_no_page_loads_anything_from_another_origin(
    app: FastAPI, world: World, person: MakePerson
) -> None:
    wrong = []
    for who in (person("anon"), world.sanne, world.mark):
        for route in every_route(app):
            if route.changes_state or route.path == "/static":
                continue
            answer = send(who, route, world, proof=True, site="same-origin")
            if "text/html" not in answer.headers.get("content-type", ""):
                continue
            page = _Page()
            page.feed(answer.text)
            foreign = [u for u in page.loads if urlsplit(u).netloc not in ("", "testserver")]
            wrong += [f"{who.login} {route}: loads {u}" for u in foreign]
            wrong += [f"{who.login} {route}: inline {what}" for what in page.inline]
    assert wrong == []
    css = world.sanne.get(STATIC_FILE).text
    assert "@import" not in css
    assert "url(http" not in css.replace(" ", "")
    assert "url(//" not in css.replace(" ", "")


def test_no_get_changes_anything_stored(app: FastAPI, world: World, person: MakePerson) -> None:
    engine: Engine = app.state.engine
    found = MetaData()
    found.reflect(engine)
    before = canonical_dump(engine, TOUCHED, found)
    assert before["checkins"], "the world holds check-ins"
    assert before["drafts"], "the world holds a kept draft"
    changed = []
    for who in (person("anon"), world.sanne, world.mark):
        for route in every_route(app):
            if route.changes_state:
                continue
            send(who, route, world, proof=True, site="same-origin")
            after = canonical_dump(engine, TOUCHED, found)
            if after != before:
                tables_changed = [t for t in after if after[t] != before.get(t)]
                changed.append(f"{who.login} {route} changed {tables_changed}")
                before = after
    assert changed == []


@pytest.mark.parametrize(
    ("proof", "site"),
    [(False, "same-origin"), (True, "cross-site"), (True, "same-site")],
    ids=["no-token", "cross-site", "same-site"],
)
def test_every_state_changing_route_refuses_a_request_without_csrf_proof(
    app: FastAPI, world: World, person: MakePerson, proof: bool, site: str
) -> None:
    engine: Engine = app.state.engine
    found = MetaData()
    found.reflect(engine)
    before = canonical_dump(engine, TOUCHED, found)
    accepted = []
    for who in (person("anon"), world.sanne):
        for route in in_order(every_route(app)):
            if not route.changes_state:
                continue
            answer = send(who, route, world, proof=proof, site=site)
            if answer.status_code != 403:
                accepted.append(f"{who.login} {route}: {answer.status_code}")
    assert accepted == []
    assert canonical_dump(engine, TOUCHED, found) == before

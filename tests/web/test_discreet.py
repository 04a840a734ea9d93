"""Discreet mode: what a phone shows of nabij (tabs, history, icon, shortcut, downloads) is neutral.

What is checked on every page, and why exactly that:

- the ``<title>`` (tabs, history, the app switcher) is the neutral name;
- the page frame — everything outside ``<main>``: the header with its brand, the navigation,
  the idle warning, the footer — has no "nabij" in its visible text or in the attributes a
  person reads or hears (``aria-label``, ``title``, ``alt``, ``placeholder``, ``value`` of a
  button). The page's own content in ``<main>`` is what the user opened and is unchanged;
  addresses (``href``, ``action``), field names (``csrf_token``) and the static script and
  style files are machinery that nobody sees, so they are not checked;
- the icon is the neutral one, and the manifest (the name under a home-screen shortcut) is
  linked with credentials, so that the browser asks for it with the cookie that says discreet;
- no answer names a download with "nabij" (``Content-Disposition``), and the manifest itself
  holds no "nabij".
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from httpx2 import Response

from nabij.i18n import translator
from nabij.model.ids import Lang
from nabij.web import security
from tests.web.people import PASSWORD, Person
from tests.web.routes import World, csrf, every_route, fill, lived_in
from tests.web.worlds import today

MakePerson = Callable[[str], Person]
NL = translator(Lang.NL)
BRAND = re.compile("nabij", re.IGNORECASE)
# Attributes whose values a person reads or a screen reader speaks.
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


@dataclass
class Frame:
    """What a page shows of itself outside its content: title, brand, icon, manifest, frame."""

    title: str = ""
    brand: str = ""
    icons: list[str] = field(default_factory=list)
    manifests: list[tuple[str, str]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


class _FrameParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.frame = Frame()
        self._in: list[str] = []
        self._main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "main":
            self._main = True
        if tag == "link" and a.get("rel") == "icon":
            self.frame.icons.append(a.get("href", ""))
        if tag == "link" and a.get("rel") == "manifest":
            self.frame.manifests.append((a.get("href", ""), a.get("crossorigin", "")))
        if tag in ("title", "a") and not self._main:
            self._in.append("brand" if "brand" in a.get("class", "").split() else tag)
        if self._main:
            return
        self.frame.words += [a[name] for name in READ_ATTRIBUTES if a.get(name)]
        if tag == "button" and a.get("value"):
            self.frame.words.append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._main = False
        if tag in ("title", "a") and self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.frame.title += data
        elif self._in and self._in[-1] == "brand":
            self.frame.brand += data
        if not self._main:
            self.frame.words.append(data)


def frame(page: str) -> Frame:
    """Return the frame of an HTML page."""
    parser = _FrameParser()
    parser.feed(page)
    return parser.frame


def branded(answer: Response) -> list[str]:
    """Return every place where an answer names nabij outside a page's own content."""
    found = [
        f"Content-Disposition {value!r}"
        for name, value in answer.headers.items()
        if name == "content-disposition" and BRAND.search(value)
    ]
    kind = answer.headers.get("content-type", "")
    if "manifest+json" in kind and BRAND.search(answer.text):
        found.append(f"manifest {answer.text}")
    if "text/html" not in kind:
        return found
    shown = frame(answer.text)
    if shown.title.strip() != NL("Notes"):
        found.append(f"title {shown.title!r}")
    if shown.brand.strip() != NL("Notes"):
        found.append(f"brand {shown.brand!r}")
    if shown.icons != ["/static/notes.svg"]:
        found.append(f"icons {shown.icons}")
    if shown.manifests != [("/manifest.webmanifest", "use-credentials")]:
        found.append(f"manifest links {shown.manifests}")
    found += [f"frame text {word.strip()!r}" for word in shown.words if BRAND.search(word)]
    return found


def _discreet(person: Person) -> None:
    answer = person.post("/account/discreet", {"discreet": "on"}, page="/account")
    assert answer.status_code == 303


def _cookie(person: Person) -> str | None:
    return person.client.cookies.get(security.DISCREET_COOKIE)


def _every_get(world: World) -> list[str]:
    """Return the address of every GET route but the static files, with Sanne's ids."""
    routes = every_route(world.app)
    return [fill(r, world.ids) for r in routes if not r.changes_state and r.path != "/static"]


@pytest.fixture
def world(app: FastAPI, person: MakePerson) -> World:
    return lived_in(app, person)


def test_discreet_mode_is_off_by_default(app: FastAPI, person: MakePerson) -> None:
    sanne = person("sanne").register()
    anon = person("anon")
    for who, path in ((sanne, "/today"), (sanne, "/account"), (anon, "/login")):
        shown = frame(who.get(path).text)
        assert shown.title.endswith("· nabij"), path
        assert shown.brand.strip() == "nabij"
        assert shown.icons == ["/static/favicon.svg"]
        assert shown.manifests == [("/manifest.webmanifest", "use-credentials")]
    assert NL("Discreet mode is off.") in sanne.get("/account").text
    manifest = json.loads(sanne.get("/manifest.webmanifest").text)
    assert (manifest["name"], manifest["short_name"]) == ("nabij", "nabij")
    assert _cookie(sanne) is None
    # The check of the discreet tests finds the brand where it is shown normally.
    assert branded(sanne.get("/today"))
    assert branded(anon.get("/manifest.webmanifest"))


def test_in_discreet_mode_no_page_names_nabij_in_its_title_frame_icon_or_manifest(
    app: FastAPI, world: World
) -> None:
    sanne = world.sanne
    _discreet(sanne)
    wrong = []
    pages = 0
    for path in _every_get(world):
        answer = sanne.client.get(path)
        assert answer.status_code < 500, path
        pages += "text/html" in answer.headers.get("content-type", "")
        wrong += [f"{path}: {problem}" for problem in branded(answer)]
    assert pages > 25
    assert wrong == []


def test_the_logged_out_pages_of_a_discreet_browser_are_neutral_too(
    app: FastAPI, world: World
) -> None:
    sanne = world.sanne
    _discreet(sanne)
    logout = sanne.client.post(
        "/logout", data={"csrf_token": csrf(sanne)}, headers={"sec-fetch-site": "same-origin"}
    )
    assert logout.status_code == 303
    assert _cookie(sanne) == security.DISCREET_VALUE  # it outlives the session
    wrong = []
    seen = set()
    missing = ["/no-such-page", "/checkins/" + "0" * 32 + "/delete"]
    for path in [*_every_get(world), *missing]:
        answer = sanne.client.get(path)
        if "text/html" in answer.headers.get("content-type", ""):
            seen.add(path)
        wrong += [f"{path}: {problem}" for problem in branded(answer)]
    # The pages a logged-out visitor sees, and an error page, were among them.
    assert {"/login", "/register", "/support", "/help", "/no-such-page"} <= seen
    assert wrong == []
    # The welcome page says what nabij is for: a discreet browser opens on the login instead.
    start = sanne.client.get("/")
    assert (start.status_code, start.headers["location"]) == (303, "/login")
    assert Person(app, "someone").get("/").status_code == 200  # other browsers: the welcome
    # A refused POST (no CSRF proof) answers with a plain error page: neutral too.
    refused = sanne.client.post("/coach/keep", data={}, headers={"sec-fetch-site": "cross-site"})
    assert refused.status_code == 403
    assert branded(refused) == []


def test_the_manifest_and_the_download_are_neutral_in_discreet_mode(
    app: FastAPI, world: World
) -> None:
    sanne = world.sanne
    _discreet(sanne)
    manifest = json.loads(sanne.get("/manifest.webmanifest").text)
    assert manifest["name"] == manifest["short_name"] == NL("Notes")
    assert manifest["icons"][0]["src"] == "/static/notes.svg"
    assert sanne.get("/static/notes.svg").status_code == 200
    name = f"{NL('notes')}-{today(app).isoformat()}.json"
    assert name in sanne.get("/export").text  # the page says where the file lands, and as what
    download = sanne.client.post(
        "/export",
        data={"csrf_token": csrf(sanne), "kind": "record", "password": PASSWORD},
        headers={"sec-fetch-site": "same-origin"},
    )
    assert download.status_code == 200
    assert download.headers["content-disposition"] == f'attachment; filename="{name}"'


def test_turning_discreet_mode_off_clears_the_browsers_cookie(
    app: FastAPI, person: MakePerson
) -> None:
    sanne = person("sanne").register()
    _discreet(sanne)
    assert _cookie(sanne) == security.DISCREET_VALUE
    assert NL("Discreet mode is on.") in sanne.get("/account").text
    off = sanne.post("/account/discreet", {"discreet": "off"}, page="/account")
    assert off.status_code == 303
    assert _cookie(sanne) is None
    assert frame(sanne.get("/today").text).brand.strip() == "nabij"
    anon_again = person("sanne")  # a fresh browser: nothing discreet about it
    assert frame(anon_again.get("/login").text).brand.strip() == "nabij"


def test_a_discreet_user_makes_every_browser_they_use_discreet(
    app: FastAPI, person: MakePerson
) -> None:
    sanne = person("sanne").register()
    already = person("sanne")
    assert already.log_in().status_code == 303
    _discreet(sanne)
    # Logging in on a new browser sets its cookie at once, so its login page stays neutral.
    fresh = person("sanne")
    assert fresh.log_in().status_code == 303
    assert _cookie(fresh) == security.DISCREET_VALUE
    # A browser that was logged in before gets it with its next page.
    assert _cookie(already) is None
    assert branded(already.get("/today")) == []
    assert _cookie(already) == security.DISCREET_VALUE

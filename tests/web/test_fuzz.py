"""Generated input on every form handler (hypothesis) and every route (schemathesis).

Sanne, logged in with her data (``tests/web/routes.py``), sends each state-changing route
forms with generated values: any Unicode (NUL and lone marks included), very long values,
missing fields, repeated fields and a field no form has, each with a valid CSRF token. No
answer may be a server error, no answer may carry a value back as markup, and an error page
that is not the form shown again carries none of it back at all.

The fields of each form are read from the pages the world shows; a form that no page shows in
this world (another state of the couple space, a script's request) is listed in ``UNSEEN``.
"""

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import schemathesis
from fastapi import FastAPI
from httpx2 import Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nabij.web import security
from tests.web.people import Person
from tests.web.routes import (
    ENDS_SESSION,
    Form,
    Route,
    World,
    cookies,
    csrf,
    every_route,
    fill,
    forms,
    lived_in,
    parameters,
    same_browser,
)

MakePerson = Callable[[str], Person]
# Per route; CI runs more. Both stay well under a minute for the whole module on 2 cores.
MAX_EXAMPLES = 25 if os.environ.get("CI") else 8
SCHEMATHESIS_EXAMPLES = 10 if os.environ.get("CI") else 4
# Marks every generated value: seen unescaped, it would be markup made of what was sent.
CANARY = "<x-kanarie>"
# A form field that no form of nabij has.
STRANGER = "x_vreemd_veld"
# Forms that no page shows in the world of these tests, with their fields.
UNSEEN: dict[str, frozenset[str]] = {
    "/session/alive": frozenset(),  # the idle warning's script
    "/couple/create": frozenset(),  # only shown to someone without a couple space
    "/couple/invite": frozenset(),  # only while waiting for the partner
    "/couple/join": frozenset({"code"}),
    "/joint/resume": frozenset(),  # only while paused
    # Only while another device is logged in too.
    "/account/sessions/end": frozenset({"password", "session"}),
}
_MARK = re.compile(r"kn\d\dq")


def _field_forms(app: FastAPI, world: World, person: MakePerson) -> dict[Route, Form]:
    """Return each state-changing route's form, read from every page of the world."""
    by_address = {fill(r, world.ids): r for r in every_route(app) if r.changes_state}
    found: dict[Route, Form] = {}
    for who in (person("anon"), world.sanne):
        for route in every_route(app):
            if route.changes_state or route.path == "/static":
                continue
            for form in forms(who.get(fill(route, world.ids)).text):
                target = by_address.get(form.action)
                if target is None:
                    continue
                merged = found.setdefault(target, Form(target.path, form.multipart))
                for name, values in form.fields.items():
                    merged.fields.setdefault(name, set()).update(values)
                    merged.kinds.setdefault(name, form.kinds[name])
    for path, names in UNSEEN.items():
        route = Route("POST", path)
        assert route not in found, f"{path} is shown on a page now: take it out of UNSEEN"
        found[route] = Form(path, fields={name: set() for name in names})
    missing = [str(r) for r in by_address.values() if r not in found]
    assert not missing, f"no page shows a form for {missing}: add their fields to UNSEEN"
    return found


def test_every_state_changing_route_has_a_form_to_fuzz(app: FastAPI, person: MakePerson) -> None:
    world = lived_in(app, person)
    found = _field_forms(app, world, person)
    assert {str(r) for r in found} == {str(r) for r in every_route(app) if r.changes_state}
    assert {"note", "closeness", "wants", "rituals"} <= set(found[Route("POST", "/checkin")].fields)
    assert found[Route("POST", "/login")].kinds["password"] == "password"


@dataclass(frozen=True)
class Sent:
    """One generated form: its fields, and its file for an upload form."""

    fields: Mapping[str, list[str]]
    file: bytes | None


def _values(offered: set[str], mark: str) -> st.SearchStrategy[str]:
    """Return values for one field: ones its form offers, and marked text of any kind."""
    text = st.text(max_size=30)
    marked = st.builds(lambda a, b: f"{a}{CANARY}{mark}{b}", text, text)
    # Up to a little over the 20,000 characters a field keeps (``nabij.web.forms``).
    huge = st.builds(
        lambda a, n: f"{CANARY}{mark}" + a * n, text.filter(bool), st.integers(600, 800)
    )
    kinds = [marked, huge]
    if offered:
        kinds.insert(0, st.sampled_from(sorted(offered)))
    return st.one_of(*kinds)


def _forms(form: Form) -> st.SearchStrategy[Sent]:
    names = [n for n in sorted(form.fields) if n != security.CSRF_FIELD] + [STRANGER]
    optional = {
        name: st.lists(_values(form.fields.get(name, set()), f"kn{i:02d}q"), min_size=1, max_size=3)
        for i, name in enumerate(names)
    }
    files = st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(str.encode))
    return st.builds(
        Sent,
        st.fixed_dictionaries({}, optional=optional),  # type: ignore[arg-type]
        files if form.multipart else st.none(),
    )


def _problems(answer: Response, address: str, sent: Sent, form: Form) -> list[str]:
    """Return what is wrong with the answer to one generated form."""
    body = answer.text
    problems = []
    if answer.status_code >= 500:
        problems.append(f"server error {answer.status_code}")
    # Sent away to log in, the address says where from; the language switch may well go to
    # the login page itself (its ``next`` offers every page, /login among them).
    sent_away = answer.headers.get("location", "").startswith("/login?")
    if answer.status_code in (401, 403) or sent_away:
        problems.append(f"not let in ({answer.status_code})")
    if CANARY in body:
        problems.append("a value came back as markup")
    names = [n for n in sorted(form.fields) if n != security.CSRF_FIELD] + [STRANGER]
    for i, name in enumerate(names):
        secret = name == STRANGER or form.kinds.get(name) == "password"
        if secret and name in sent.fields and f"kn{i:02d}q" in body:
            problems.append(f"{name} came back")
    form_again = f'action="{address}"' in body
    if answer.status_code >= 400 and not form_again and _MARK.search(body):
        problems.append("an error page carries a value back")
    return problems


def _fuzzer(sanne: Person, route: Route, form: Form, address: str) -> Callable[[], None]:
    """Return the hypothesis test that sends ``route`` generated forms as Sanne."""

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(_forms(form))
    def send(sent: Sent) -> None:
        # The token first, as the pages put it: an upload form reads only its first few fields.
        data: dict[str, Any] = {security.CSRF_FIELD: csrf(sanne), **sent.fields}
        files = {"file": ("upload.txt", sent.file)} if sent.file is not None else None
        # Each example starts from Sanne's own browser, logged in.
        with same_browser(sanne):
            answer = sanne.client.post(
                address, data=data, files=files, headers={"sec-fetch-site": "same-origin"}
            )
        problems = _problems(answer, address, sent, form)
        if route.path in ENDS_SESSION:
            assert sanne.log_in().status_code == 303
        assert not problems, f"{route}: {problems}"

    return send


def test_every_form_handler_takes_any_input_without_a_server_error(
    app: FastAPI, person: MakePerson
) -> None:
    world = lived_in(app, person)
    handlers = _field_forms(app, world, person)
    # The ones that end the session first, before /login warms up the login throttle.
    order = sorted(handlers, key=lambda r: (r.path not in ENDS_SESSION, r))
    failures: list[str] = []
    for route in order:
        try:
            _fuzzer(world.sanne, route, handlers[route], fill(route, world.ids))()
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    assert failures == []


def _id_fuzzer(sanne: Person, route: Route) -> Callable[[], None]:
    """Return the hypothesis test that sends ``route`` with any text for its ids."""

    @settings(max_examples=MAX_EXAMPLES, deadline=None)
    @given(st.text(min_size=1, max_size=40))
    def send(value: str) -> None:
        address = fill(route, dict.fromkeys(parameters(route), quote(value, safe="")))
        if route.changes_state:
            data = {security.CSRF_FIELD: csrf(sanne)}
            answer = sanne.client.post(
                address, data=data, headers={"sec-fetch-site": "same-origin"}
            )
        else:
            answer = sanne.client.get(address)
        # Someone else's item and an id nabij never made both answer as missing.
        assert answer.status_code == 404, f"{route} with {value!r}: {answer.status_code}"

    return send


def test_any_id_in_an_address_is_simply_not_found(app: FastAPI, person: MakePerson) -> None:
    sanne = person("sanne").register()
    with_ids = [r for r in every_route(app) if parameters(r)]
    assert len(with_ids) >= 5
    for route in with_ids:
        _id_fuzzer(sanne, route)()


def _schema(app: FastAPI, handlers: Mapping[Route, Form]) -> dict[str, Any]:
    """Return the app's OpenAPI document with each form's fields as its request body.

    nabij reads its forms itself, so FastAPI's document knows no bodies; without them
    schemathesis would send every POST empty.
    """
    document = app.openapi()
    for route, form in handlers.items():
        properties: dict[str, Any] = {
            # Any text, or now and then one of the values the form offers, to get further in.
            name: {"anyOf": [{"type": "string"}, {"enum": sorted(offered)}]}
            if offered
            else {"type": "string"}
            for name, offered in sorted(form.fields.items())
            if name != security.CSRF_FIELD
        }
        if form.multipart:
            properties["file"] = {"type": "string", "format": "binary"}
        media = "multipart/form-data" if form.multipart else "application/x-www-form-urlencoded"
        operation = document["paths"][route.path][route.method.lower()]
        operation["requestBody"] = {
            "content": {media: {"schema": {"type": "object", "properties": properties}}}
        }
    return document


@dataclass
class Tally:
    """How many generated requests were sent, how many got in, and which failed."""

    sent: int = 0
    let_in: int = 0
    errors: list[str] = field(default_factory=list)


def _caller(
    sanne: Person, operation: Any, ids: Mapping[str, str], tally: Tally
) -> Callable[[], None]:
    """Return the hypothesis test that sends schemathesis's cases of ``operation`` as Sanne."""
    route = Route(operation.method.upper(), operation.path)
    fixed = {name: ids[name] for name in parameters(route)}

    @settings(
        max_examples=SCHEMATHESIS_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy(path_parameters=fixed or None))
    def call(case: Any) -> None:
        headers = {"x-csrf-token": csrf(sanne), "sec-fetch-site": "same-origin"}
        answer = case.call(base_url="https://testserver", headers=headers, cookies=cookies(sanne))
        tally.sent += 1
        location = answer.headers.get("location", "")
        if answer.status_code not in (401, 403) and not location.startswith("/login"):
            tally.let_in += 1
        if answer.status_code >= 500:
            tally.errors.append(f"{route}: {answer.status_code}")

    return call


def test_schemathesis_finds_no_server_error_on_any_route(
    app: FastAPI, person: MakePerson, record_property: Callable[[str, object], None]
) -> None:
    world = lived_in(app, person)
    handlers = _field_forms(app, world, person)
    schema = schemathesis.openapi.from_dict(_schema(app, handlers))
    schema.app = app
    tally = Tally()
    operations = [result.ok() for result in schema.get_all_operations()]
    # The session must live on: logging out and the quick exit are fuzzed above.
    kept = [o for o in operations if o.path not in ENDS_SESSION]
    # Every route but the static files and /healthz, which are not in the OpenAPI document.
    expected = {str(r) for r in every_route(app) if r.path not in ("/static", "/healthz")}
    assert {o.label for o in operations} == expected
    for operation in kept:
        _caller(world.sanne, operation, world.ids, tally)()
    record_property("schemathesis", f"{tally.let_in} of {tally.sent} passed authentication")
    print(f"schemathesis: {tally.let_in} of {tally.sent} requests passed authentication")
    assert tally.errors == []
    assert tally.sent >= len(kept)
    assert tally.let_in == tally.sent

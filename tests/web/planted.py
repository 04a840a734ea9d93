"""A world of five actors around Sanne's private items, planted through the real forms.

Sanne (the owner) is linked with Mark (the partner). Before Mark she was linked with Daan, who
left (the ex-partner): a person is in one couple at a time, and the one who stays may invite
again. Charlie lives in another couple, with Robin. The anonymous visitor has no account.

Every item of Sanne's carries a canary: a unique string, new for every test run, planted the
way a browser plants it (HTTP requests to the app running in uvicorn) and searched for where it
must not be. Some are kept privately, one is shared with Mark, and some she only typed: nabij
must never keep those at all (the coach's look at a message, an uploaded chat, her password).
Her safety answers are yes/no questions, so they have no canary: the tests compare what the
others see with her answers raising a concern and not.
"""

import json
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, MetaData, select
from sqlalchemy.orm import Session

from nabij.instruments.attachment import item_ids
from nabij.instruments.intake import SAFETY_QUESTIONS
from nabij.model.ids import Reaction, ShareCategory, Step
from nabij.services import clock
from nabij.settings import load
from nabij.store import recovery
from nabij.store.tables import CheckinRow, Draft, IntakeRow, User
from nabij.web.app import create_app
from tests import personas
from tests.databases import migrated, postgres_database, sqlite_url
from tests.snapshots import Rows
from tests.web.routes import CHECKIN_FORM
from tests.web.serving import Browser, served


class Role(StrEnum):
    """Who looks at Sanne's things, in the order of the access table's columns."""

    ANONYMOUS = "anonymous"
    OWNER = "owner"
    PARTNER = "partner"
    OTHER_COUPLE = "other_couple"
    EX_PARTNER = "ex_partner"


class Kept(StrEnum):
    """How nabij holds a canary, and so who may ever see it."""

    PRIVATE = "private"  # stored; only Sanne
    SHARED = "shared"  # stored; Sanne and her partner Mark
    NEVER = "never"  # typed or sent by Sanne, never stored; shown back to her at most


@dataclass(frozen=True)
class Canary:
    """One planted string: what it stands for, its value, and how it is kept."""

    label: str
    value: str
    kept: Kept

    def __str__(self) -> str:
        # Failure messages name the canary, never its value: pytest's output may land in a
        # file under the temporary directory, which a test searches for the values.
        return f"{self.label} ({self.kept})"


def _canary(label: str, kept: Kept) -> Canary:
    return Canary(label, f"KANARIE-{label}-{secrets.token_hex(6)}", kept)


# New values on every run, so that no other run's files on this machine can hold them.
PRIVATE_NOTE = _canary("notitie", Kept.PRIVATE)
SHARED_NOTE = _canary("gedeeld", Kept.SHARED)
EX_SHARED_NOTE = _canary("ooit-gedeeld", Kept.PRIVATE)  # shared with Daan, private since
IMPORTED_NOTE = _canary("import", Kept.PRIVATE)
RITUAL = _canary("ritueel", Kept.PRIVATE)
DRAFT = _canary("concept", Kept.PRIVATE)
LOOKED_AT = _canary("bericht", Kept.NEVER)
CHAT = _canary("chat", Kept.NEVER)
PASSWORD = _canary("wachtwoord", Kept.NEVER)
CANARIES = (
    PRIVATE_NOTE,
    SHARED_NOTE,
    EX_SHARED_NOTE,
    IMPORTED_NOTE,
    RITUAL,
    DRAFT,
    LOOKED_AT,
    CHAT,
    PASSWORD,
)
STORED = tuple(c for c in CANARIES if c.kept is not Kept.NEVER)
LOGINS = {
    Role.OWNER: "sanne",
    Role.PARTNER: "mark",
    Role.OTHER_COUPLE: "charlie",
    Role.EX_PARTNER: "daan",
}
# An import file over 1 MB: Starlette's own form parser would spool it to a temporary file.
IMPORT_BYTES = 1_200_000
# Answers with and without a safety concern, as the safety screen posts them.
NO_CONCERN = dict.fromkeys(SAFETY_QUESTIONS, "no")
AFRAID = {**NO_CONCERN, "afraid_of_partner": "yes"}
_CODE = re.compile(r'id="invite-code">([0-9A-Z-]+)<')


@dataclass
class World:
    """The served app, its database, each actor's browser and Sanne's ids.

    ``ids`` fills the path parameters of every route with Sanne's own items: a route with a
    new parameter needs a real value here. ``private_ids`` are the ids of everything Sanne
    keeps, which no one else's answers may name.
    """

    app: FastAPI
    engine: Engine
    folder: Path
    browsers: dict[Role, Browser]  # logged in, except the anonymous visitor's
    ids: dict[str, str] = field(default_factory=dict)
    private_ids: dict[str, str] = field(default_factory=dict)

    @property
    def sanne(self) -> Browser:
        """Return the owner's browser."""
        return self.browsers[Role.OWNER]

    @property
    def today(self) -> date:
        """Return the local date the app's pages use for today."""
        return clock.local_today(self.app.state.settings.timezone)

    @property
    def database_url(self) -> str:
        """Return the URL of the world's database."""
        return self.engine.url.render_as_string(hide_password=False)


def _app(engine: Engine, folder: Path) -> FastAPI:
    settings = load(
        {
            "NABIJ_DATA_DIR": str(folder / "data"),
            "NABIJ_ALLOWED_HOSTS": "testserver",
            "NABIJ_SECRET_KEY_FILE": str(folder / "secret.key"),
        }
    )
    return create_app(settings, engine=engine)


@contextmanager
def database(kind: str, folder: Path) -> Iterator[Engine]:
    """Yield a migrated engine on a database of its own (a PostgreSQL one is dropped after)."""
    if kind == "sqlite":
        engine = migrated(sqlite_url(folder / "data"))
        try:
            yield engine
        finally:
            engine.dispose()
        return
    with postgres_database() as url:
        engine = migrated(url)
        try:
            yield engine
        finally:
            engine.dispose()


@contextmanager
def planted(kind: str, folder: Path) -> Iterator[World]:
    """Yield the world on a fresh database of ``kind``, served by uvicorn, every item planted.

    Uvicorn's own access log is on here (``nabij serve`` has it off), so that a log search
    covers it too, as an operator could switch it on.
    """
    (folder / "data").mkdir(mode=0o700, parents=True)
    now = clock.utcnow()
    with pytest.MonkeyPatch.context() as patch, database(kind, folder) as engine:
        # The clock stands still while the world lives: a page reads the same however long
        # the tests take, and no midnight or change of greeting falls between two looks.
        patch.setattr(clock, "utcnow", lambda: now)
        app = _app(engine, folder)
        with served(app, access_log=True) as url:
            # One more browser than there are roles: Robin's, Charlie's partner.
            clients = [httpx2.Client(base_url=url) for _ in range(len(Role) + 1)]
            try:
                browsers = [Browser(client, app.state.key) for client in clients]
                world = World(
                    app, engine, folder, {role: browsers[n] for n, role in enumerate(Role)}
                )
                _plant(world, robin=browsers[-1])
                yield world
            finally:
                for client in clients:
                    client.close()


def _ok(answer: httpx2.Response, status: int = 303) -> httpx2.Response:
    assert answer.status_code == status, f"{answer.request.url.path}: {answer.status_code}"
    return answer


def _register(browser: Browser, login: str) -> None:
    sent = {"login": login, "password": PASSWORD.value, "password_again": PASSWORD.value}
    shown = _ok(browser.post("/register", sent), 200)  # the page with the recovery key
    assert 'id="recovery-key"' in shown.text
    _ok(browser.post("/consent", {"special_category": "yes", "age": "yes"}))


def intake_answers(today: date, **changes: Any) -> dict[str, Any]:
    """Return a complete intake as its form posts it, changed by ``changes``."""
    form: dict[str, Any] = {
        "crisis": ["infidelity"],
        "crisis_began": (today - timedelta(days=60)).isoformat(),
        "old_pain": "yes",
        "distrust": "7",
        "fear_for_future": "8",
        "fear_when_apart": "6",
    }
    form.update({r.value: str(n + 4) for n, r in enumerate(Reaction)})
    form.update({item: str(n % 7 + 1) for n, item in enumerate(item_ids())})
    form.update(NO_CONCERN)
    form.update(changes)
    return form


def check_in(browser: Browser, day: date, **fields: Any) -> None:
    """Check in for ``day`` through the check-in form."""
    _ok(browser.post("/checkin", {**CHECKIN_FORM, "date": day.isoformat(), **fields}))


def _link(inviter: Browser, login: str, joiner: Browser) -> None:
    """Link two accounts with a code; the inviter then logs in again, as people do.

    That next login is where the couple's key is handed to the one who joined (issue 5).
    """
    page = _ok(inviter.post("/couple/invite"), 200).text
    found = _CODE.search(page)
    assert found is not None, "no invitation code on the page"
    _ok(joiner.post("/couple/join", {"code": found.group(1)}))
    _ok(inviter.post("/logout"))
    _ok(inviter.post("/login", {"login": login, "password": PASSWORD.value}))


def _share(browser: Browser, *categories: ShareCategory) -> None:
    sent = {"share": [c.value for c in categories], "notes_listed": "1"}
    _ok(browser.post("/sharing", sent))


def import_file(today: date) -> bytes:
    """Return Sanne's earlier weeks as a couple record file of over 1 MB, one note a canary."""
    habits: dict[str, Any] = personas.PURSUER
    days = personas.days(25, start=today - timedelta(days=27), **habits)
    days[10]["note"] = f"Het was een zware dag. {IMPORTED_NOTE.value}"
    intake = personas.intake(attachment={"anxiety": 5.5, "avoidance": 2.0})
    record = {"format": "nabij.couple/1", "partners": [personas.partner("a", "S", intake, days)]}
    text = json.dumps(record, indent=1)
    # Whitespace after the JSON value is still the same JSON.
    return (text + " " * (IMPORT_BYTES - len(text))).encode("utf-8")


def _chat_file(today: date) -> bytes:
    day = (today - timedelta(days=5)).strftime("%d-%m-%Y")
    lines = [
        f"{day} 20:15 - Sanne: Ben je al onderweg?",
        f"{day} 20:31 - Mark: Bijna. File bij Utrecht",
        f"{day} 20:41 - Sanne: Ik voel me alleen de laatste tijd. {CHAT.value}",
        f"{day} 20:52 - Mark: Dank je dat je het zegt",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _plant(world: World, robin: Browser) -> None:
    """Plant everything of the world through the real forms, in the order life brings it."""
    people = {role: world.browsers[role] for role in LOGINS}
    sanne, mark = people[Role.OWNER], people[Role.PARTNER]
    charlie, daan = people[Role.OTHER_COUPLE], people[Role.EX_PARTNER]
    today = world.today
    for role, browser in people.items():
        _register(browser, LOGINS[role])
    _register(robin, "robin")

    # Sanne's earlier weeks come in through the import form; then every intake by its form.
    upload = {"file": ("nabij.json", import_file(today), "application/json")}
    _ok(sanne.post("/import", {"keep_safety": "yes"}, files=upload), 200)
    for browser in (*people.values(), robin):
        _ok(browser.post("/intake", intake_answers(today)))

    # Sanne and Daan: she shares a note with him; then he leaves, and sharing starts over.
    _link(sanne, LOGINS[Role.OWNER], daan)
    _share(sanne, *ShareCategory)
    check_in(sanne, today - timedelta(days=2), note=EX_SHARED_NOTE.value, share_note="yes")
    assert EX_SHARED_NOTE.value in _ok(daan.get("/shared"), 200).text
    _ok(daan.post("/couple/leave"))

    # Sanne and Mark: she shares everything, and of the notes only yesterday's.
    _link(sanne, LOGINS[Role.OWNER], mark)
    _share(sanne, *ShareCategory)
    _share(mark, ShareCategory.DAILY_SCORES)
    for browser in (sanne, mark):
        _ok(browser.post("/couple/joint", {"open_to_joint": "yes"}))
    check_in(sanne, today - timedelta(days=1), note=SHARED_NOTE.value, share_note="yes")
    check_in(sanne, today, note=PRIVATE_NOTE.value, ritual_other=RITUAL.value)
    check_in(mark, today)

    # Charlie and Robin, another couple; Daan on his own now.
    _link(charlie, LOGINS[Role.OTHER_COUPLE], robin)
    _share(charlie, *ShareCategory)
    _share(robin, *ShareCategory)
    for browser in (charlie, robin, daan):
        check_in(browser, today, note="Een gewone dag.", share_note="yes")

    # What Sanne keeps, what she only looks at, and her safety answers.
    kept = _ok(sanne.post("/coach/keep", {"text": f"Jij luistert nooit. {DRAFT.value}"}))
    draft_id = parse_qs(urlsplit(kept.headers["location"]).query)["draft"][0]
    looked = _ok(sanne.post("/coach/analyse", {"text": f"Altijd jij. {LOOKED_AT.value}"}), 200)
    assert LOOKED_AT.value in looked.text
    chat = {"file": ("chat.txt", _chat_file(today), "text/plain")}
    _ok(sanne.post("/chat", files=chat), 200)
    _ok(sanne.post("/safety/screen", NO_CONCERN))

    world.ids.update(_ids(world.engine, today, draft_id))
    world.private_ids.update(_private_ids(world.engine))


def _ids(engine: Engine, today: date, draft_id: str) -> dict[str, str]:
    """Return the values of the routes' path parameters: Sanne's private check-in and draft."""
    with engine.connect() as connection:
        owner = select(User.id).where(User.login == LOGINS[Role.OWNER]).scalar_subquery()
        on_day = select(CheckinRow.id).where(CheckinRow.user_id == owner)
        checkin_id = connection.execute(on_day.where(CheckinRow.day == today)).scalar_one()
        ex_shared = on_day.where(CheckinRow.day == today - timedelta(days=2))
        ex_shared_id = connection.execute(ex_shared).scalar_one()
    with Session(engine) as db:
        # An operator's reset link for Sanne (``nabij user reset``), live for 30 minutes.
        sanne = db.scalars(select(User).where(User.login == LOGINS[Role.OWNER])).one()
        reset = recovery.new_reset_link(db, sanne, clock.utcnow())
        db.commit()
    return {
        "checkin_id": checkin_id,
        "ex_shared_checkin_id": ex_shared_id,
        "token": reset,
        "draft_id": draft_id,
        "step_id": Step.ATTUNE.value,
        "private_day": today.isoformat(),  # the day of that check-in, for a query string
    }


def _private_ids(engine: Engine) -> dict[str, str]:
    """Return the ids of Sanne's account and of everything she keeps, named for messages."""
    found: dict[str, str] = {}
    with engine.connect() as connection:
        owner = connection.execute(
            select(User.id).where(User.login == LOGINS[Role.OWNER])
        ).scalar_one()
        found["account id"] = owner
        for table in (CheckinRow, Draft, IntakeRow):
            rows = connection.execute(select(table.id).where(table.user_id == owner)).scalars()
            found.update({f"{table.__tablename__} id {n}": row for n, row in enumerate(rows)})
    return found


def taken_from_owner(world: World, before: Rows, after: Rows) -> list[str]:
    """Return how Sanne's private rows changed in a way only she may change them.

    Her intake, check-ins and kept drafts must stay exactly as they were, with one exception:
    a note may stop being shared and the couple copies may go (when her partner leaves,
    sharing starts over for both, under a new couple key), but nothing may start being shared.
    """
    owner = world.private_ids["account id"]
    # The columns in the database's own order, as the snapshot read them (a migration adds a
    # column at the end of its table, wherever the model declares it).
    stored = MetaData()
    stored.reflect(world.engine)
    wrong = []
    for table in (CheckinRow, Draft, IntakeRow):
        name = table.__tablename__
        columns = [c.name for c in stored.tables[name].columns]
        was, now = (_hers(columns, rows[name], owner) for rows in (before, after))
        for row_id in sorted(was.keys() | now.keys()):
            old, new = was.get(row_id), now.get(row_id)
            if old is None or new is None:
                wrong.append(f"{name} {row_id} {'added' if old is None else 'deleted'}")
                continue
            changed = {k for k in old if old[k] != new[k]}
            if changed <= _UNSHARING and not new.get("note_shared") and _no_copies(new):
                continue
            wrong += [f"{name} {row_id}: {k} changed" for k in sorted(changed)]
    return wrong


# What sharing starting over may change: a note stops being shared, and the couple copies of
# shared text go with the couple's key.
_UNSHARING = frozenset({"note_shared", "note_couple", "answers_couple"})


def _no_copies(row: dict[str, Any]) -> bool:
    return row.get("note_couple") is None and row.get("answers_couple") is None


def _hers(columns: list[str], rows: list[tuple[Any, ...]], owner: str) -> dict[str, dict[str, Any]]:
    found = (dict(zip(columns, row, strict=True)) for row in rows)
    return {row["id"]: row for row in found if row["user_id"] == owner}

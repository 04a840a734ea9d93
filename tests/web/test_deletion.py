"""Deleting my account: every row of mine goes, my partner keeps theirs, and on SQLite the
deleted text is gone from the database file, its write-ahead log and its shared memory file.

Sanne deletes her account; Mark, her partner, stays. Their items are planted through the real
forms (``tests/web/test_export.py``).
"""

import html
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx2 import Response
from sqlalchemy import Engine, MetaData, select

import nabij.store.sealing
from nabij.services import clock
from nabij.settings import load
from nabij.store import recovery
from nabij.store.tables import User
from nabij.web import security
from nabij.web.app import create_app
from tests.databases import canonical_dump, migrated, sqlite_url
from tests.identity_cipher import IdentityCipher
from tests.web import worlds
from tests.web.people import PASSWORD, Person
from tests.web.test_couple import link
from tests.web.test_export import (
    answer_safety,
    check_in,
    do_intake,
    in_english,
    keep_draft,
    note_id,
    share,
)

MakePerson = Callable[[str], Person]
NOTE_CANARY = "KANARIE-weg-notitie-6f2a"
EARLIER_NOTE_CANARY = "KANARIE-weg-eerdere-notitie-c911"
RITUAL_CANARY = "KANARIE-weg-ritueel-0b7e"
DRAFT_CANARY = "KANARIE-weg-concept-d35c"
MARK_NOTE = "Mark zijn eigen notitie blijft."
# Moves on with every request that touches a session; no change anyone makes.
TOUCHED = frozenset({("sessions", "last_seen_at")})


def delete(person: Person, **fields: str | None) -> Response:
    """Send the deletion form, ticked and with the right password unless ``fields`` say else."""
    sent = {"confirm": "yes", "password": PASSWORD} | fields
    return person.post("/account/delete", {k: v for k, v in sent.items() if v is not None})


def field_errors(page: str, name: str) -> list[str]:
    """Return the errors shown next to field ``name``."""
    found = re.findall(rf'<p class="field-error" id="{name}-error">(.*?)</p>', page, re.S)
    return [html.unescape(error) for error in found]


def user_id(app: FastAPI, login: str) -> str:
    """Return the id of ``login``'s account."""
    with worlds.database(app) as db:
        return worlds.user(db, login).id


def rows_of(
    dump: dict[str, list[tuple[object, ...]]], user: str
) -> dict[str, list[tuple[object, ...]]]:
    """Return, per table, the rows that hold ``user``'s id in any column."""
    found = {name: [row for row in rows if user in row] for name, rows in dump.items()}
    return {name: rows for name, rows in found.items() if rows}


def plant(app: FastAPI, sanne: Person, mark: Person) -> None:
    """Give Sanne and Mark a life in nabij through the forms (keys and couple keys included),
    and an operator's reset link for Sanne."""
    link(sanne, mark)
    today = worlds.today(app)
    do_intake(sanne)
    answer_safety(sanne, "afraid_of_partner")
    check_in(sanne, (today - timedelta(days=1)).isoformat(), EARLIER_NOTE_CANARY)
    # The earlier version of a note is replaced: it must not linger either.
    check_in(sanne, (today - timedelta(days=1)).isoformat(), NOTE_CANARY, RITUAL_CANARY)
    keep_draft(sanne, f"Jij luistert nooit. {DRAFT_CANARY}")
    share(sanne, "notes", "tendencies", notes=(note_id(sanne, NOTE_CANARY),))
    do_intake(mark)
    check_in(mark, today.isoformat(), MARK_NOTE)
    share(mark, "daily_scores")
    with worlds.database(app) as db:
        # An operator's reset link, which must go with the account too.
        recovery.new_reset_link(db, worlds.user(db, "sanne"), clock.utcnow())


@pytest.fixture
def couple(app: FastAPI, person: MakePerson) -> tuple[Person, Person]:
    """Return Sanne and Mark, linked, their data planted."""
    sanne, mark = in_english(person("sanne")), in_english(person("mark"))
    plant(app, sanne, mark)
    return sanne, mark


# --- the page ----------------------------------------------------------------------------------


def test_the_page_says_what_goes_and_that_it_cannot_be_undone(
    couple: tuple[Person, Person],
) -> None:
    sanne, _mark = couple
    page = sanne.get("/account/delete")
    assert page.status_code == 200
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())
    for said in (
        "This cannot be undone.",
        "your intake and safety answers, all your check-ins and notes, your kept coach drafts",
        "Your keys are destroyed first",
        "You are logged out everywhere",
        "The couple space with mark ends, for both of you. mark keeps all of their own data",
        "Download your data first.",
    ):
        assert said in text, said
    assert 'name="confirm" value="yes"' in page.text
    assert 'name="confirm" value="yes" checked' not in page.text
    assert '<input id="password" name="password" type="password"' in page.text


def test_the_page_needs_a_login(person: MakePerson) -> None:
    answer = person("visitor").get("/account/delete")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/account/delete"


# --- deleting ----------------------------------------------------------------------------------


def test_every_row_of_mine_goes_and_my_partner_keeps_all_of_theirs(
    app: FastAPI, couple: tuple[Person, Person]
) -> None:
    sanne, mark = couple
    engine: Engine = app.state.engine
    found = MetaData()
    found.reflect(engine)
    sanne_id, mark_id = user_id(app, "sanne"), user_id(app, "mark")
    before = canonical_dump(engine, TOUCHED, found)
    planted = rows_of(before, sanne_id)
    # The positive control: Sanne has rows in every table an account is made of.
    expected = {"users", "sessions", "members", "couple_keys", "reset_tokens", "shares"}
    assert expected | {"intakes", "checkins", "drafts"} <= set(planted)

    answer = delete(sanne)
    assert answer.status_code == 200, answer.text

    after = canonical_dump(engine, TOUCHED, found)
    assert rows_of(after, sanne_id) == {}
    # Mark's rows are all there, unchanged, but for the couple key and the couple copy of
    # what he shared: the couple's key goes for both, so nothing sealed under it can be
    # opened again, and Mark, alone in the space, gets a fresh one.
    theirs_before = rows_of(before, mark_id)
    old_key = theirs_before.pop("couple_keys")
    theirs_after = rows_of(after, mark_id)
    new_key = theirs_after.pop("couple_keys")
    assert len(new_key) == 1
    assert new_key != old_key
    assert theirs_after == theirs_before
    assert len(after["couples"]) == 1  # Mark's, with him alone in it, as after a leave
    # What Mark sees: his own note, and no partner any more.
    assert MARK_NOTE in mark.get("/checkins").text
    together = mark.get("/couple").text
    assert "You are linked with" not in together
    assert "Invite your partner" in together
    assert NOTE_CANARY not in mark.get("/shared").text


def test_after_deleting_i_am_logged_out_with_a_goodbye_and_cannot_log_in(
    couple: tuple[Person, Person],
) -> None:
    sanne, _mark = couple
    answer = delete(sanne)
    assert answer.status_code == 200
    assert "Your account is deleted" in answer.text
    assert answer.headers["clear-site-data"] == '"cache", "storage"'
    assert answer.headers["cache-control"] == "no-store"
    assert 'action="/logout"' not in answer.text  # a visitor's page
    set_cookies = answer.headers.get_list("set-cookie")
    for name in (security.SESSION_COOKIE, security.DEVICE_COOKIE):
        assert any(c.startswith(f'{name}=""') for c in set_cookies), name
    assert sanne.get("/today").headers["location"] == "/login?next=/today"
    assert sanne.log_in().status_code == 400


def test_deleting_alone_removes_my_couple_space_too(app: FastAPI, person: MakePerson) -> None:
    eva = in_english(person("eva"))
    assert eva.post("/couple/create", page="/couple").status_code == 303
    assert delete(eva).status_code == 200
    dump = canonical_dump(app.state.engine)
    assert all(dump[table] == [] for table in ("users", "couples", "members", "sessions"))


# --- refused -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"confirm": None}, {"confirm": ["Tick this box if you are sure."], "password": []}),
        (
            {"password": "niet het goede"},
            {"confirm": [], "password": ["This is not your password."]},
        ),
        (
            {"confirm": None, "password": ""},
            {
                "confirm": ["Tick this box if you are sure."],
                "password": ["This is not your password."],
            },
        ),
    ],
    ids=["not-ticked", "wrong-password", "neither"],
)
def test_without_the_tick_or_the_password_nothing_is_deleted(
    app: FastAPI,
    couple: tuple[Person, Person],
    fields: dict[str, str | None],
    errors: dict[str, list[str]],
) -> None:
    sanne, _mark = couple
    engine: Engine = app.state.engine
    before = canonical_dump(engine, TOUCHED)
    answer = delete(sanne, **fields)
    assert answer.status_code == 400
    assert {name: field_errors(answer.text, name) for name in errors} == errors
    assert 'aria-invalid="true"' in answer.text
    # The tick stays as it was sent; the password never comes back.
    assert ('name="confirm" value="yes" checked' in answer.text) == ("confirm" not in fields)
    assert 'name="password" type="password" value=""' in answer.text
    after = canonical_dump(engine, TOUCHED)
    # A wrong password counts against the login throttle; nothing else changes.
    assert bool(after.pop("throttle")) == (fields.get("password") is not None)
    before.pop("throttle")
    assert after == before
    assert sanne.get("/today").status_code == 200  # still logged in


# --- the files ---------------------------------------------------------------------------------


def _files(database: Path) -> dict[str, bytes]:
    """Return the bytes of the database file, its write-ahead log and its shared memory."""
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = database.with_name(database.name + suffix)
        found[path.name] = path.read_bytes() if path.exists() else b""
    return found


def _holding(files: dict[str, bytes], canary: str) -> list[str]:
    return [name for name, content in files.items() if canary.encode("utf-8") in content]


def test_on_sqlite_the_deleted_text_is_gone_from_the_file_its_log_and_shared_memory(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Text is stored as it is, so that the scan below can find it: without this, encryption
    # alone would keep it out of the files and the scan would prove nothing about deleting.
    monkeypatch.setattr(nabij.store.sealing, "cipher", IdentityCipher())
    engine = migrated(sqlite_url(tmp_path))
    database = Path(str(engine.url.database))
    settings = load(
        {
            "NABIJ_DATA_DIR": str(data_dir),
            "NABIJ_ALLOWED_HOSTS": "testserver",
            "NABIJ_SECRET_KEY_FILE": str(data_dir / "secret.key"),
        }
    )
    app = create_app(settings, engine=engine)
    try:
        sanne, mark = in_english(Person(app, "sanne")), in_english(Person(app, "mark"))
        plant(app, sanne, mark)
        canaries = (NOTE_CANARY, EARLIER_NOTE_CANARY, RITUAL_CANARY, DRAFT_CANARY)
        # The positive control: every canary really is in the files before the deletion.
        before = _files(database)
        assert {c: bool(_holding(before, c)) for c in canaries} == dict.fromkeys(canaries, True)

        assert delete(sanne).status_code == 200

        after = _files(database)
        assert {c: _holding(after, c) for c in canaries} == {c: [] for c in canaries}
        assert after[database.name + "-wal"] == b""  # the log was cut to nothing
        # Mark's own text is still there: the deletion took only Sanne's.
        assert _holding(after, MARK_NOTE)
        with engine.connect() as connection:
            assert connection.scalar(select(User.login)) == "mark"
    finally:
        engine.dispose()

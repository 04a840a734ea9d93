"""Private text never lies anywhere in the clear (issue 5, points 1–2; requirements 12 and 17).

Canaries are planted through the real forms — a note, a typed ritual, a kept draft, a shared
note — and then searched for as raw UTF-8 bytes (and in hex, as a dump writes binary columns)
in: the SQLite file with its ``-wal`` and ``-shm``, a ``nabij backup`` of the database (on
PostgreSQL read back as SQL by ``pg_restore``), a plain ``pg_dump``, every file written to the
temporary folder meanwhile, and every log record of the run at DEBUG level (SQLAlchemy's rows
included).

The positive control runs the same flows with the cipher swapped for one that stores text as
it is (``tests/identity_cipher.py``): then the scan must find the canaries in the database
file, the backup and the dump, or it could not have found a leak either.
"""

import logging
import secrets
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

from nabij.store import backup, sealing
from tests.identity_cipher import IdentityCipher
from tests.web.people import Person
from tests.web.routes import CHECKIN_FORM, lived_in
from tests.web.test_sharing import note_ids
from tests.web.worlds import today

MakePerson = Callable[[str], Person]
# Big files in the temporary folder are other runs' databases and dumps, not ours.
_LARGEST_SCANNED = 50 * 1024 * 1024


def _plant(app: FastAPI, person: MakePerson) -> list[str]:
    """Plant fresh canaries through the forms; return them."""
    note, ritual, draft, shared = (f"KANARIE-{secrets.token_hex(8)}" for _ in range(4))
    world = lived_in(app, person)
    sanne = world.sanne
    day = today(app).isoformat()
    answer = sanne.post("/checkin", {**CHECKIN_FORM, "date": day, "note": note,
                                     "ritual_other": ritual})  # fmt: skip
    assert answer.status_code == 303, answer.text
    yesterday = (today(app) - timedelta(days=1)).isoformat()
    answer = sanne.post("/checkin", {**CHECKIN_FORM, "date": yesterday, "note": shared})
    assert answer.status_code == 303, answer.text
    kept = sanne.post("/coach/keep", {"text": f"Ik mis je. {draft}"}, page="/coach")
    assert kept.status_code == 303
    sharing = {"notes_listed": "1", "share": ["notes"], "note": [note_ids(sanne)[shared]]}
    assert sanne.post("/sharing", sharing).status_code == 303
    world.mark.post("/session/alive", page="/today")  # his copies, and he reads hers
    assert shared in world.mark.get("/shared").text
    return [note, ritual, draft, shared]


def _found(data: bytes, canaries: list[str]) -> list[str]:
    """Return the canaries in ``data``, as UTF-8 bytes or as the hex a dump writes a bytea in."""
    return [c for c in canaries if any(form in data for form in _forms(c))]


def _forms(canary: str) -> tuple[bytes, bytes]:
    raw = canary.encode("utf-8")
    return raw, raw.hex().encode("ascii")


def _stored(engine: Engine, folder: Path) -> dict[str, bytes]:
    """Return each place the database's content lies: its files, a backup, a dump."""
    places: dict[str, bytes] = {}
    copy = folder / "nabij.backup"
    backup.backup(engine, copy)
    if engine.dialect.name == "sqlite":
        database = Path(str(engine.url.database))
        for suffix in ("", "-wal", "-shm"):
            path = database.with_name(database.name + suffix)
            places[f"sqlite{suffix or ' file'}"] = path.read_bytes() if path.exists() else b""
        places["nabij backup"] = copy.read_bytes()
        return places
    tools = backup._tools(engine)  # the same client tools as nabij backup chooses
    places["pg_dump"] = _run([tools.path("pg_dump"), f"--dbname={tools.dbname}"], tools.env)
    places["nabij backup"] = _run([tools.path("pg_restore"), "--file=-", str(copy)], tools.env)
    return places


def _run(command: list[str], env: dict[str, str]) -> bytes:
    done = subprocess.run(command, capture_output=True, env=env, check=True, timeout=120)
    return done.stdout


def _temporary_files_since(start: float) -> list[Path]:
    found = []
    for path in Path(tempfile.gettempdir()).rglob("*"):
        try:
            info = path.stat()
        except OSError:
            continue  # gone meanwhile, or not ours to read
        if path.is_file() and info.st_mtime >= start and info.st_size <= _LARGEST_SCANNED:
            found.append(path)
    return found


def test_no_canary_lies_in_the_files_dumps_backups_temporary_files_or_logs(
    app: FastAPI, person: MakePerson, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    start = time.time() - 1
    canaries = _plant(app, person)
    engine: Engine = app.state.engine
    leaks = {place: _found(data, canaries) for place, data in _stored(engine, tmp_path).items()}
    temporary = _temporary_files_since(start)
    assert tmp_path / "nabij.backup" in temporary  # the scan reaches what the run wrote
    for path in temporary:
        try:
            leaks[str(path)] = _found(path.read_bytes(), canaries)
        except OSError:
            continue
    for record in caplog.records:
        shown = f"{record.getMessage()} {record.args!r}".encode()
        leaks[f"log {record.name}"] = leaks.get(f"log {record.name}", []) + _found(shown, canaries)
    assert {place: found for place, found in leaks.items() if found} == {}


def test_the_scan_finds_every_canary_when_text_is_stored_as_it_is(
    app: FastAPI, person: MakePerson, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The positive control: the identity cipher leaves the text in the database."""
    monkeypatch.setattr(sealing, "cipher", IdentityCipher())
    canaries = _plant(app, person)
    places = _stored(app.state.engine, tmp_path)
    everywhere = b"".join(data for place, data in places.items() if place.startswith("sqlite"))
    if app.state.engine.dialect.name == "sqlite":
        assert _found(everywhere, canaries) == canaries
    else:
        assert _found(places["pg_dump"], canaries) == canaries
    assert _found(places["nabij backup"], canaries) == canaries

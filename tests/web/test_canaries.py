"""Where else Sanne's canaries could end up: logs, temporary files, database files, backups, dumps.

The world of ``tests/web/planted.py`` is planted through the real forms on each database, with
every logger at DEBUG captured (uvicorn's error and access logs included); then every actor
sends every line of the access table, as ``test_access.py`` does. Then ``nabij backup`` is run
as an operator runs it, and on PostgreSQL ``pg_dump`` too. Every canary is searched for in:

- every log record, whole (message, arguments, traceback) — requirement 17;
- every file under the temporary directory written since the world was planted, except the
  test's own databases and copies — uploads must never land there;
- every file of the data directory (on SQLite: the database, its WAL and its shared memory),
  the backup file (on PostgreSQL as ``pg_restore`` reads it back), and the ``pg_dump`` —
  requirement 12. A canary is searched as its UTF-8 bytes, and as those bytes in hex, which is
  how PostgreSQL writes a ``bytea`` into a dump.

The positive control plants the same world with ``IdentityCipher`` in the seal seam and runs
the same scan of the database files, backup and dump: it must find every kept canary in each,
or the scan proves nothing.

Until the private text is encrypted (issue 5, point 1), the seam stores it as it is, so
``test_sannes_kept_text_is_stored_only_sealed`` fails: that is what it is for.
"""

import logging
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nabij.cli.app import app as cli
from nabij.store import sealing
from tests.databases import stored_text
from tests.identity_cipher import IdentityCipher
from tests.web.access import send_every_line
from tests.web.planted import CANARIES, STORED, Canary, Kept, World, planted
from tests.web.serving import CLIENT_LOGGERS, Logged, capturing

KINDS = ["sqlite", "postgresql"]
# Files are read in pieces this large, overlapping by a canary's length (in hex).
CHUNK_BYTES = 1 << 20
PG_TIMEOUT_S = 120


@dataclass(frozen=True)
class Copies:
    """What an operator holds besides the database: a backup file, and a dump on PostgreSQL."""

    backup: Path
    dump: bytes | None = field(repr=False)  # a failure message names places, never contents


@dataclass(frozen=True)
class Scanned:
    """The world after all its flows, its logs, when it began, and its copies."""

    world: World
    logs: list[Logged] = field(repr=False)
    started: float
    copies: Copies


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder that holds every database and copy this module makes on purpose."""
    return tmp_path_factory.mktemp("canaries")


@pytest.fixture(scope="module", params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    """Return the kind of database the module's worlds run on."""
    kind: str = request.param
    return kind


@pytest.fixture(scope="module")
def scanned(kind: str, base: Path) -> Iterator[Scanned]:
    """Plant the world, send every request of every actor, and make the operator's copies."""
    started = time.time()
    with capturing() as logs, planted(kind, base / kind / "world") as world:
        send_every_line(world)
        made = copies(world)
        # The records of these flows only: the control's world logs into the same capture.
        yield Scanned(world, list(logs), started, made)


@pytest.fixture(scope="module")
def control(kind: str, base: Path) -> dict[str, bytes]:
    """Plant the world with the identity cipher in the seal seam; return what rests on disk.

    The world is stopped before the tests run, so that its server's logging never outlives
    the module's capture.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sealing, "cipher", IdentityCipher())
        with planted(kind, base / kind / "control") as world:
            found = places(world, copies(world))
            if not is_sqlite(world):
                return {p: found[p] for p in ("pg_dump", "backup, as pg_restore reads it")}
            # The database is its file with the WAL beside it: a write may rest in either.
            database = b"".join(d for p, d in found.items() if p.startswith("data/"))
            return {"the database": database, "backup": found["backup"]}


def copies(world: World) -> Copies:
    """Run ``nabij backup`` as an operator does; on PostgreSQL also a plain ``pg_dump``."""
    target = world.folder / "nabij.backup"
    env = {
        "NABIJ_DATA_DIR": str(world.folder / "data"),
        "NABIJ_SECRET_KEY_FILE": str(world.folder / "secret.key"),
        "NABIJ_DATABASE_URL": None if is_sqlite(world) else world.database_url,
    }
    umask = os.umask(0o077)  # the command sets a private umask: give the old one back after
    try:
        result = CliRunner().invoke(cli, ["backup", str(target), "--lang", "en"], env=env)
    finally:
        os.umask(umask)
    assert result.exit_code == 0, result.output
    if is_sqlite(world):
        return Copies(target, None)
    server = world.engine.url.set(drivername="postgresql")
    dump = tool("pg_dump", f"--dbname={server.render_as_string(hide_password=False)}")
    return Copies(target, dump)


def is_sqlite(world: World) -> bool:
    """Return whether the world runs on SQLite."""
    return world.engine.dialect.name == "sqlite"


def tool(name: str, *args: str) -> bytes:
    """Return what a PostgreSQL client tool writes to its output."""
    found = shutil.which(name)
    assert found is not None, f"{name} is not installed (make system-deps)"
    done = subprocess.run([found, *args], capture_output=True, timeout=PG_TIMEOUT_S, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


def forms(canary: Canary) -> tuple[bytes, bytes]:
    """Return the bytes a canary is stored as in the clear: UTF-8, and UTF-8 in hex."""
    raw = canary.value.encode("utf-8")
    return raw, raw.hex().encode("ascii")


def found_in(data: bytes, canaries: Iterable[Canary]) -> list[Canary]:
    """Return the canaries whose bytes are in ``data``, in either form."""
    return [c for c in canaries if any(form in data for form in forms(c))]


def places(world: World, made: Copies) -> dict[str, bytes]:
    """Return every place the database's contents rest, by name, with their bytes."""
    data = world.folder / "data"
    found = {f"data/{p.name}": p.read_bytes() for p in sorted(data.iterdir()) if p.is_file()}
    if is_sqlite(world):
        # The database, its WAL and its shared memory: all there while the server runs.
        assert {"data/nabij.db", "data/nabij.db-wal", "data/nabij.db-shm"} <= found.keys()
        found["backup"] = made.backup.read_bytes()
    else:
        found["backup, as pg_restore reads it"] = tool("pg_restore", "--file=-", str(made.backup))
        assert made.dump is not None
        found["pg_dump"] = made.dump
    return found


def tokens(world: World) -> list[str]:
    """Return every cookie value and form token the actors' browsers held."""
    return sorted({t for browser in world.browsers.values() for t in browser.seen})


def test_nothing_sanne_only_typed_is_stored_anywhere(scanned: Scanned) -> None:
    # Her look with the coach, her uploaded chat, her password, the session tokens: none of
    # these is ever kept as it is, encrypted or not.
    typed = [c for c in CANARIES if c.kept is Kept.NEVER]
    held = tokens(scanned.world)
    wrong = []
    for place, data in places(scanned.world, scanned.copies).items():
        wrong += [f"{c} in {place}" for c in found_in(data, typed)]
        wrong += [f"a token in {place}" for t in held if t.encode("ascii") in data]
    assert wrong == [], "\n".join(wrong)


def test_sannes_kept_text_is_stored_only_sealed(scanned: Scanned) -> None:
    # Fails until private text is encrypted at rest (issue 5, point 1): until then the seal
    # seam stores it as it is.
    wrong = []
    for place, data in places(scanned.world, scanned.copies).items():
        wrong += [f"{c} in {place}" for c in found_in(data, STORED)]
    assert wrong == [], "\n".join(wrong)


def test_the_scan_finds_every_kept_canary_when_nothing_is_sealed(
    control: dict[str, bytes],
) -> None:
    assert len(control) == 2
    missed = [
        f"{c} not found in {p}"
        for p, data in control.items()
        for c in STORED
        if c not in found_in(data, STORED)
    ]
    assert missed == [], "\n".join(missed)


def test_no_canary_and_no_token_reaches_a_log(scanned: Scanned) -> None:
    world, logs = scanned.world, scanned.logs
    hidden = {str(c): c.value for c in CANARIES}
    hidden.update({f"token {n}": t for n, t in enumerate(tokens(world))})
    # Until the encryption work lands, the database holds the kept text in the clear, and
    # SQLAlchemy's DEBUG level prints the rows it reads: a canary the database itself holds
    # may appear there, and nowhere else.
    stored = stored_text(world.engine)
    in_the_clear = {c.value for c in STORED if c.value in stored}
    leaks = []
    for record in logs:
        if record.name.split(".")[0] in CLIENT_LOGGERS:
            continue
        rows = record.name.startswith("sqlalchemy.engine") and record.level == logging.DEBUG
        for name, secret in hidden.items():
            if secret in record.text and not (rows and secret in in_the_clear):
                leaks.append(f"{record.name}: {name}")
        if record.traceback:
            leaks.append(f"{record.name}: a traceback")
    assert leaks == [], "\n".join(leaks)
    # The logs were there to be searched: nabij's access log, uvicorn's, and uvicorn's errors.
    names = {record.name for record in logs}
    assert {"nabij.access", "uvicorn.access", "uvicorn.error"} <= names
    assert any(r.text.startswith("POST /checkin 303") for r in logs if r.name == "nabij.access")


def written_since(started: float, leave_out: Path) -> Iterator[Path]:
    """Yield the regular files under the temporary directory written since ``started``."""
    for folder, subfolders, names in os.walk(tempfile.gettempdir()):
        here = Path(folder)
        subfolders[:] = [s for s in subfolders if here / s != leave_out]
        for name in names:
            path = here / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if path.is_file() and not path.is_symlink() and info.st_mtime >= started:
                yield path


def holds(path: Path, canaries: Iterable[Canary]) -> list[Canary]:
    """Return the canaries in a file, read in overlapping pieces; none if it cannot be read."""
    overlap = 2 * max(len(c.value) for c in CANARIES)
    found: set[Canary] = set()
    try:
        with path.open("rb") as file:
            tail = b""
            while piece := file.read(CHUNK_BYTES):
                found.update(found_in(tail + piece, canaries))
                tail = piece[-overlap:]
    except OSError:
        return []
    return sorted(found, key=str)


def test_no_canary_is_left_in_the_temporary_directory(scanned: Scanned, base: Path) -> None:
    # Uploads (a chat, an import file over 1 MB) are read in memory; nothing else of the
    # flows may write a file there either. The test's own databases and copies are left out.
    files = list(written_since(scanned.started, base))
    wrong = [f"{c} in {path}" for path in files for c in holds(path, CANARIES)]
    assert wrong == [], "\n".join(wrong)
    # The scan sees what lands there: a file written now, with a string of its own, is found.
    probe = Canary("proef", f"KANARIE-proef-{secrets.token_hex(6)}", Kept.NEVER)
    with tempfile.NamedTemporaryFile(prefix="nabij-proef-") as file:
        file.write(f"{probe.value}\n".encode())
        file.flush()
        written = [p for p in written_since(scanned.started, base) if holds(p, [probe])]
        assert written == [Path(file.name)]

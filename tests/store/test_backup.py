"""``nabij backup`` and ``nabij restore``: every row back, private text readable, refusals clear.

The world is made through the real flows (registration, a kept coach draft as the canary) on a
database of its own; the backup and the restore run as the command line runs them, configured
only by the environment, into a second database.
"""

import os
import secrets
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from typer.testing import CliRunner, Result

from nabij.cli.app import app as cli
from nabij.settings import load
from nabij.store import backup, database
from nabij.web.app import create_app
from tests.databases import canonical_dump, migrated, postgres_database, sqlite_url
from tests.web import worlds
from tests.web.people import Person

KINDS = ["sqlite", "postgresql"]


@dataclass(frozen=True)
class Place:
    """A database nabij can be pointed at, and the environment that points it there."""

    url: str
    folder: Path

    @property
    def env(self) -> dict[str, str | None]:
        """Return the settings a deployment of this database has (CONTRACTS §6)."""
        data = str(self.folder / "data")
        if self.url.startswith("sqlite"):
            return {
                "NABIJ_DATA_DIR": data,
                "NABIJ_DATABASE_URL": None,
                "NABIJ_SECRET_KEY_FILE": None,
            }
        key = self.folder / "secret.key"
        return {
            "NABIJ_DATA_DIR": data,
            "NABIJ_DATABASE_URL": self.url,
            "NABIJ_SECRET_KEY_FILE": str(key),
        }

    def engine(self) -> Engine:
        """Return an engine on this database, as nabij makes it."""
        return database.make_engine(self.url)

    def app(self, engine: Engine) -> FastAPI:
        """Return the web app on this database."""
        settings = load(
            {
                "NABIJ_DATA_DIR": str(self.folder / "data"),
                "NABIJ_ALLOWED_HOSTS": "testserver",
                "NABIJ_SECRET_KEY_FILE": str(self.folder / "secret.key"),
            }
        )
        return create_app(settings, engine=engine)


@contextmanager
def place(kind: str, folder: Path) -> Iterator[Place]:
    """Yield a database of ``kind`` that nothing has touched yet (a PostgreSQL one is dropped)."""
    folder.mkdir(mode=0o700, parents=True)
    (folder / "data").mkdir(mode=0o700)
    (folder / "secret.key").write_text(secrets.token_hex(32), encoding="ascii")
    if kind == "sqlite":
        yield Place(sqlite_url(folder / "data"), folder)
        return
    with postgres_database() as url:
        yield Place(url, folder)


def run(where: Place, *args: str) -> Result:
    """Run the command line configured for ``where``, in English."""
    return CliRunner().invoke(cli, [*args, "--lang", "en"], env={**where.env, "COLUMNS": "300"})


@pytest.fixture(autouse=True)
def same_umask() -> Iterator[None]:
    """Give back the umask the commands make private (0077) for their own process."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


@dataclass(frozen=True)
class Made:
    """A backup file, the database it was made of, and what must come back from it."""

    kind: str
    source: Place
    file: Path
    rows: dict[str, list[tuple[object, ...]]]
    login: str
    canary: str


@pytest.fixture(scope="module", params=KINDS)
def made(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Made]:
    """Make Sanne and Mark's world, with a kept draft as canary, and back it up once."""
    folder = tmp_path_factory.mktemp(f"backup-{request.param}")
    with place(request.param, folder / "source") as source:
        engine = migrated(source.url)
        app = source.app(engine)
        sanne, _mark = worlds.sanne_and_mark(app, lambda login: Person(app, login))
        canary = f"kanarie {secrets.token_hex(8)}: ik mis je, en ik ben bang"
        kept = sanne.post("/coach/keep", {"text": canary, "text_lang": "auto"}, page="/coach")
        assert kept.status_code == 303, kept.text
        rows = canonical_dump(engine)
        file = folder / "nabij.backup"
        result = run(source, "backup", str(file))
        assert result.exit_code == 0, result.stderr
        engine.dispose()
        yield Made(request.param, source, file, rows, sanne.login, canary)


def _restored_reads_the_canary(where: Place, engine: Engine, made: Made) -> None:
    person = Person(where.app(engine), made.login)
    assert person.log_in().status_code == 303
    assert made.canary in person.get("/coach/drafts").text


def test_the_backup_file_is_private_and_the_database_is_left_as_it_was(made: Made) -> None:
    assert stat.S_IMODE(made.file.stat().st_mode) == 0o600
    assert not list(made.file.parent.glob(".nabij.backup.*"))  # no temporary file left behind
    engine = made.source.engine()
    try:
        assert canonical_dump(engine) == made.rows
    finally:
        engine.dispose()


def test_a_restore_brings_back_every_row_and_the_private_text_reads_back(
    made: Made, tmp_path: Path
) -> None:
    assert made.rows["checkins"]
    assert made.rows["drafts"]
    assert made.rows["members"]
    with place(made.kind, tmp_path / "to") as target:
        result = run(target, "restore", str(made.file))
        assert result.exit_code == 0, result.stderr
        engine = target.engine()
        try:
            assert canonical_dump(engine) == made.rows
            _restored_reads_the_canary(target, engine, made)
        finally:
            engine.dispose()


def test_a_database_with_data_is_replaced_only_with_force(made: Made, tmp_path: Path) -> None:
    with place(made.kind, tmp_path / "to") as target:
        engine = migrated(target.url)
        Person(target.app(engine), "eva").register()
        before = canonical_dump(engine)
        refused = run(target, "restore", str(made.file))
        assert refused.exit_code == 2
        assert "already holds data" in refused.stderr
        assert "Traceback" not in refused.output
        assert canonical_dump(engine) == before
        forced = run(target, "restore", str(made.file), "--force")
        assert forced.exit_code == 0, forced.stderr
        try:
            assert canonical_dump(engine) == made.rows
        finally:
            engine.dispose()


def test_sqlite_is_backed_up_but_never_restored_under_a_running_server(
    tmp_path: Path,
) -> None:
    with place("sqlite", tmp_path / "live") as live:
        engine = migrated(live.url)
        Person(live.app(engine), "eva").register()
        file = tmp_path / "live.backup"
        with database.serving(engine):
            made = run(live, "backup", str(file))
            assert made.exit_code == 0, made.stderr
            refused = run(live, "restore", str(file), "--force")
        assert refused.exit_code == 2
        assert "nabij serve is running" in refused.stderr
        assert run(live, "restore", str(file), "--force").exit_code == 0
        engine.dispose()


# --- bad input: one clear message, exit 2 ----------------------------------------------------


def _refused(result: Result, words: str) -> None:
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def _sqlite_backup(tmp_path: Path) -> Path:
    with place("sqlite", tmp_path / "one") as one:
        engine = migrated(one.url)
        engine.dispose()
        file = tmp_path / "one.backup"
        assert run(one, "backup", str(file)).exit_code == 0
    return file


def test_every_bad_backup_or_restore_is_one_clear_message_and_exit_2(tmp_path: Path) -> None:
    good = _sqlite_backup(tmp_path)
    junk = tmp_path / "junk.txt"
    junk.write_text("not a database", encoding="utf-8")
    cut = tmp_path / "cut.backup"
    cut.write_bytes(good.read_bytes()[:2048])
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text)")
    connection.close()
    newer = tmp_path / "newer.backup"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    connection.close()
    dump = tmp_path / "pg.backup"
    dump.write_bytes(backup.PG_DUMP_MAGIC + b"\x01\x0e\x00")
    with place("sqlite", tmp_path / "empty") as empty:
        _refused(run(empty, "backup", str(tmp_path / "b")), "There is no database at")
        engine = migrated(empty.url)
        engine.dispose()
        database_file = empty.folder / "data" / "nabij.db"
        cases = [
            (("backup", str(good)), "already exists"),
            (("backup", str(tmp_path / "nowhere" / "b")), "the folder for this file does not"),
            (("backup", str(tmp_path)), "this is a folder, not a file"),
            (("restore", str(tmp_path / "missing")), "this file does not exist"),
            (("restore", str(tmp_path)), "this is a folder, not a file"),
            (("restore", str(junk)), "is not a backup made by 'nabij backup'"),
            (("restore", str(cut)), "is not a backup made by 'nabij backup'"),
            (("restore", str(foreign)), "is not a backup made by 'nabij backup'"),
            (("restore", str(newer)), "was made by a newer version of nabij"),
            (("backup", str(database_file), "--force"), "is nabij's own database file"),
            (("backup", f"{database_file}-wal", "--force"), "is nabij's own database file"),
            (("restore", str(database_file)), "is nabij's own database file"),
            (("restore", str(dump)), "is a backup of a PostgreSQL database"),
        ]
        for args, words in cases:
            _refused(run(empty, *args), words)


def test_a_damaged_or_foreign_file_is_refused_on_postgresql_too(tmp_path: Path) -> None:
    good = _sqlite_backup(tmp_path)
    fake = tmp_path / "fake.dump"
    fake.write_bytes(backup.PG_DUMP_MAGIC + secrets.token_bytes(200))
    with place("postgresql", tmp_path / "pg") as pg:
        _refused(run(pg, "restore", str(good)), "is a backup of a SQLite database")
        _refused(run(pg, "restore", str(fake)), "is not a backup made by 'nabij backup'")


def test_pg_dump_must_be_as_new_as_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with place("postgresql", tmp_path / "pg") as pg:
        engine = pg.engine()
        with engine.connect() as connection:
            number = int(connection.exec_driver_sql("SHOW server_version_num").scalar_one())
        engine.dispose()
        server = number // 10000
        monkeypatch.setattr(backup, "_candidates", lambda: [(server - 1, Path("/usr/bin"))])
        _refused(
            run(pg, "backup", str(tmp_path / "b")),
            f"runs PostgreSQL {server}, but the newest pg_dump here is from PostgreSQL "
            f"{server - 1}",
        )
        monkeypatch.setattr(backup, "_candidates", list)
        _refused(run(pg, "backup", str(tmp_path / "b")), "pg_dump was not found")
        assert not (tmp_path / "b").exists()


def test_the_client_tools_match_the_server_or_are_the_oldest_newer_ones() -> None:
    found = [(15, Path("/15")), (17, Path("/17")), (16, Path("/16"))]
    assert backup.pick_tools(found, 16) == Path("/16")
    assert backup.pick_tools(found, 14) == Path("/15")
    with pytest.raises(backup.BackupError) as refused:
        backup.pick_tools(found, 18)
    assert refused.value.details == {"tool": "pg_dump", "server": "18", "newest": "17"}

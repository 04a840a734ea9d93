"""The database: durable settings on a fresh connection, and migrations that match the tables.

``nabij db check`` reports the durability settings; ``nabij serve`` and ``nabij db upgrade``
refuse a database that would not keep an acknowledged write through a crash.
"""

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Engine, MetaData, String, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from nabij.cli import server
from nabij.cli.app import app as cli
from nabij.store import database, durability
from nabij.store.tables import Base
from tests.databases import postgres_database, server_setting


def test_sqlite_runs_with_wal_full_sync_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = database.make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        timeout = connection.execute(text("PRAGMA busy_timeout")).scalar_one()
        assert timeout == database.BUSY_TIMEOUT_MS


def test_every_sqlite_connection_overwrites_what_a_delete_frees(tmp_path: Path) -> None:
    # Debian builds SQLite with secure_delete on already: switch it off first, so that the
    # test shows the connection hook itself turns it on, whatever the build.
    raw = sqlite3.connect(tmp_path / "n.db")
    raw.execute("PRAGMA secure_delete=OFF")
    assert raw.execute("PRAGMA secure_delete").fetchone() == (0,)
    database._sqlite_pragmas(raw, None)
    assert raw.execute("PRAGMA secure_delete").fetchone() == (1,)
    raw.close()


def test_there_is_one_head() -> None:
    config = database._alembic_config(database.make_engine("sqlite://"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrading_an_empty_database_gives_exactly_the_tables_of_the_models(
    engine: Engine,
) -> None:
    # ``engine`` was upgraded from empty by the fixture, on SQLite and on PostgreSQL.
    assert database.current(engine) == database.head()
    assert database.is_ready(engine)
    assert _differences(engine, Base.metadata) == []


def _differences(engine: Engine, metadata: MetaData) -> list[Any]:
    # Types and server defaults too, not only tables, columns, keys and indexes.
    options = {"compare_type": True, "compare_server_default": True}
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=options)
        return list(compare_metadata(context, metadata))


def test_a_model_change_without_its_migration_is_found(engine: Engine) -> None:
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["users"].append_column(Column("nickname", String(20), nullable=True))
    found = _differences(engine, changed)
    # ("add_column", schema, table, column)
    assert [(d[0], d[2], d[3].name) for d in found] == [("add_column", "users", "nickname")]


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    database.upgrade(engine)
    assert database.current(engine) == database.head()


def test_an_empty_database_is_not_ready(tmp_path: Path) -> None:
    assert not database.is_ready(database.make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))


def test_postgresql_keeps_fsync_and_synchronous_commit_on() -> None:
    with postgres_database() as url:
        engine = database.make_engine(url)
        try:
            assert server_setting(engine, "fsync") == "on"
            assert server_setting(engine, "synchronous_commit") == "on"
        finally:
            engine.dispose()


# --- the durability check, and the commands that refuse a database without it ----------------


def test_every_durability_setting_holds_on_a_fresh_connection(engine: Engine) -> None:
    checks = durability.check(engine)
    names = {"sqlite": ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"]}
    assert [c.setting for c in checks] == names.get(
        engine.dialect.name, ["fsync", "synchronous_commit"]
    )
    assert all(c.ok for c in checks), checks
    durability.require(engine)


def run(env: dict[str, str | None], *args: str) -> Result:
    """Run the command line with exactly these NABIJ_ settings, in English."""
    unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NABIJ_")}
    return CliRunner().invoke(cli, [*args, "--lang", "en"], env={**unset, **env, "COLUMNS": "300"})


@pytest.fixture(autouse=True)
def no_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail instead of serving, should a refusal not happen; and keep the test's umask."""
    umask = os.umask(0o022)
    os.umask(umask)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("nabij serve started on a database it should have refused")

    monkeypatch.setattr(server.uvicorn, "run", refused)
    yield
    os.umask(umask)


def test_db_check_lists_each_setting_and_passes_on_sqlite(tmp_path: Path) -> None:
    env = {"NABIJ_DATA_DIR": str(tmp_path / "data")}
    assert run(env, "db", "upgrade").exit_code == 0
    result = run(env, "db", "check")
    assert result.exit_code == 0, result.output
    for line in ("journal_mode = wal: ok", "synchronous = 2: ok", "foreign_keys = 1: ok"):
        assert line in result.stdout
    assert "schema = " + database.head() + ": ok" in result.stdout
    assert "keeps saved answers through a crash" in result.stdout


def _without_wal(dbapi_connection: Any, _record: Any) -> None:
    # A connection as a file system without WAL support, or a careless change, would leave it.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=DELETE")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def test_sqlite_without_wal_and_full_sync_is_refused_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "_sqlite_pragmas", _without_wal)
    failed = {c.setting for c in durability.check(database.make_engine("sqlite://")) if not c.ok}
    assert failed == {"journal_mode", "synchronous", "foreign_keys"}
    env = {"NABIJ_DATA_DIR": str(tmp_path / "data")}
    checked = run(env, "db", "check")
    assert checked.exit_code == 2
    assert "journal_mode = delete: nabij needs wal" in checked.stdout
    assert "synchronous = 1: nabij needs 2 (FULL) or 3 (EXTRA)" in checked.stdout
    for command in (("db", "upgrade"), ("serve",)):
        refused = run(env, *command)
        assert refused.exit_code == 2, refused.output
        assert "not set up to keep saved answers through a crash" in refused.stderr
        assert "journal_mode = delete: nabij needs wal" in refused.stderr


@pytest.fixture
def postgresql_env(tmp_path: Path) -> Iterator[tuple[str, dict[str, str | None]]]:
    """Yield a throwaway PostgreSQL database and the settings that point nabij at it."""
    key = tmp_path / "secret.key"
    key.write_text("ab" * 32, encoding="ascii")
    with postgres_database() as url:
        yield (
            url,
            {
                "NABIJ_DATA_DIR": str(tmp_path / "data"),
                "NABIJ_DATABASE_URL": url,
                "NABIJ_SECRET_KEY_FILE": str(key),
            },
        )


def test_db_check_passes_on_postgresql_with_fsync_and_synchronous_commit_on(
    postgresql_env: tuple[str, dict[str, str | None]],
) -> None:
    _url, env = postgresql_env
    assert run(env, "db", "upgrade").exit_code == 0
    result = run(env, "db", "check")
    assert result.exit_code == 0, result.output
    assert "fsync = on: ok" in result.stdout
    assert "synchronous_commit = on: ok" in result.stdout


def test_postgresql_with_synchronous_commit_off_for_our_database_is_refused(
    postgresql_env: tuple[str, dict[str, str | None]],
) -> None:
    url, env = postgresql_env
    # Set on this throwaway database only (the server's own settings are never touched): a
    # fresh connection gets it, exactly as with a setting per database or role in production.
    name = make_url(url).database
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')  # type: ignore[arg-type]
    checked = run(env, "db", "check")
    assert checked.exit_code == 2
    assert "synchronous_commit = off: nabij needs on" in checked.stdout
    for command in (("db", "upgrade"), ("serve", "--no-migrate")):
        refused = run(env, *command)
        assert refused.exit_code == 2, refused.output
        assert "synchronous_commit = off: nabij needs on" in refused.stderr


def test_postgresql_with_fsync_off_is_refused(
    postgresql_env: tuple[str, dict[str, str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # fsync is the server's alone, and a shared server is never reconfigured: the answer of
    # SHOW is replaced instead.
    real = durability._show

    def fsync_off(connection: Connection, name: str) -> str:
        return "off" if name == "fsync" else real(connection, name)

    monkeypatch.setattr(durability, "_show", fsync_off)
    _url, env = postgresql_env
    refused = run(env, "serve")
    assert refused.exit_code == 2, refused.output
    assert "fsync = off: nabij needs on" in refused.stderr

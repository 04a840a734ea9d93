"""The database: durable settings on a fresh connection, and migrations that match the tables."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from nabij.store import database
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


def test_there_is_one_head() -> None:
    config = database._alembic_config(database.make_engine("sqlite://"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrading_an_empty_database_gives_exactly_the_tables_of_the_models(
    engine: Engine,
) -> None:
    # ``engine`` was upgraded from empty by the fixture, on SQLite and on PostgreSQL.
    assert database.current(engine) == database.head()
    assert database.is_ready(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


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

"""The database connection: SQLite by default, PostgreSQL when configured; and its one upgrade.

SQLite runs with WAL, ``synchronous=FULL``, foreign keys and a busy timeout, set on every new
connection, so an acknowledged write survives a crash and writers wait instead of failing; and
with ``secure_delete``, so that what a delete or an update frees is overwritten, not left behind
in the file's free space.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

# Writers wait this long for one another before SQLite gives up (milliseconds).
BUSY_TIMEOUT_MS = 10_000
# One fixed key for PostgreSQL's advisory lock, so that concurrent upgrades run one at a time.
MIGRATION_LOCK_KEY = 0x6E61_6269_6A00


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # On for every connection, not only the one deleting an account: a note edited or a draft
    # deleted months earlier would otherwise linger in free space. Measured on a file in WAL
    # with synchronous=FULL, 2,000 rows of 600 bytes, one commit each: insert, update and
    # delete cost the same with it as without (about 0.2-0.3 ms a row either way, the fsync
    # dominates). Debian's SQLite is even built with it on; this makes it so everywhere.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    """Return an engine for ``url``, with nabij's durability settings on SQLite.

    ``pooled=False`` opens a new connection for every use: the durability check takes one, so
    that it sees exactly what a connection gets when it is made. ``hide_parameters``: a database
    error's message, and SQLAlchemy's statement log if someone switches it on, never show the
    values sent, which may be user text.
    """
    parsed = make_url(url)
    pool: dict[str, Any] = {} if pooled else {"poolclass": NullPool}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False}, hide_parameters=True, **pool
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if not pooled:
        return create_engine(url, hide_parameters=True, **pool)
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True
    )


def truncate_wal(db: Session) -> None:
    """Copy SQLite's write-ahead log into the file and empty it; nothing on PostgreSQL.

    After a deletion the log still holds the old pages; ``secure_delete`` has already zeroed
    the freed space in the new ones, and the checkpoint puts those into the file and cuts the
    log to nothing. A reader in the middle of a transaction keeps the log from being emptied
    (the next checkpoint does it); nabij's requests are short, so that is rare.
    """
    if db.get_bind().dialect.name == "sqlite":
        db.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return the factory of database sessions bound to ``engine``."""
    return sessionmaker(engine, expire_on_commit=False)


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("nabij.store") / "migrations"))
    config.attributes["engine"] = engine
    return config


def head() -> str:
    """Return the newest migration's revision."""
    script = ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://")))
    revision = script.get_current_head()
    if revision is None:
        raise RuntimeError("the package holds no migrations")
    return revision


def knows(revision: str) -> bool:
    """Return whether ``revision`` is one of this nabij's migrations (a backup's schema)."""
    script = ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://")))
    return revision in {r.revision for r in script.walk_revisions()}


def current(engine: Engine) -> str | None:
    """Return the revision the database is at (None when it is empty)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sqlite_path(engine: Engine) -> Path | None:
    """Return the SQLite file behind ``engine``; None for PostgreSQL or an in-memory database."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


class InUseError(Exception):
    """A ``nabij serve`` holds the SQLite file: it must be stopped first."""


@contextmanager
def serving(engine: Engine) -> Iterator[None]:
    """Mark the SQLite file as in use by a server for the life of the block.

    Servers share the lock; ``exclusive`` (a restore) takes it alone, so that a file is never
    replaced under a running server. The lock is the kernel's: a killed server holds none.
    """
    path = sqlite_path(engine)
    if path is None:
        yield
        return
    with open(f"{path}.serve-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def exclusive(engine: Engine) -> Iterator[None]:
    """Hold the SQLite file against every server; ``InUseError`` when one is running."""
    path = sqlite_path(engine)
    if path is None:
        yield
        return
    with open(f"{path}.serve-lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InUseError(str(path)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; the one place migrations run (STYLE.md)."""
    with _migration_lock(engine):
        command.upgrade(_alembic_config(engine), "head")


def is_ready(engine: Engine) -> bool:
    """Return whether the database answers and its schema is at the newest migration."""
    try:
        return current(engine) == head()
    except Exception:  # any failure to reach the database means "not ready", nothing more
        return False

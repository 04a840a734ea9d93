"""Whether the database keeps an acknowledged write through a crash, seen on a fresh connection.

SQLite: WAL, ``synchronous=FULL``, foreign keys and a busy timeout, which ``database`` sets on
every new connection (a file system without WAL support silently keeps the old journal mode,
so the check is not a formality). PostgreSQL: ``fsync`` on, and ``synchronous_commit`` not
``off`` for nabij's connections — the server may set it per database or per role, and ``SHOW``
on a fresh connection sees what our commits will get.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from nabij.store import database

# synchronous_commit values that wait until the commit is flushed to the local disk (or
# further, to a replica); only "off" answers before that.
_DURABLE_COMMIT = frozenset({"on", "local", "remote_write", "remote_apply"})
# PRAGMA synchronous: 2 is FULL, 3 is EXTRA (FULL and a sync of the folder too).
_FULL = 2


@dataclass(frozen=True)
class Check:
    """One setting as a fresh connection reports it, what nabij needs, and whether it holds."""

    setting: str
    value: str
    wanted: str
    ok: bool


class NotDurableError(Exception):
    """The database would not keep acknowledged writes through a crash."""

    def __init__(self, failed: list[Check]) -> None:
        super().__init__(", ".join(f"{c.setting}={c.value}" for c in failed))
        self.failed = failed


def _pragma(connection: Connection, name: str) -> str:
    return str(connection.execute(text(f"PRAGMA {name}")).scalar_one())


def _show(connection: Connection, name: str) -> str:
    return str(connection.execute(text(f"SHOW {name}")).scalar_one())


def _sqlite(connection: Connection) -> list[Check]:
    mode = _pragma(connection, "journal_mode").lower()
    sync = _pragma(connection, "synchronous")
    keys = _pragma(connection, "foreign_keys")
    timeout = _pragma(connection, "busy_timeout")
    return [
        Check("journal_mode", mode, "wal", mode == "wal"),
        Check("synchronous", sync, "2 (FULL) or 3 (EXTRA)", int(sync) >= _FULL),
        Check("foreign_keys", keys, "1", keys == "1"),
        Check("busy_timeout", timeout, "> 0", int(timeout) > 0),
    ]


def _postgresql(connection: Connection) -> list[Check]:
    fsync = _show(connection, "fsync")
    commit = _show(connection, "synchronous_commit")
    return [
        Check("fsync", fsync, "on", fsync == "on"),
        Check("synchronous_commit", commit, "on", commit in _DURABLE_COMMIT),
    ]


_CHECKS: dict[str, Callable[[Connection], list[Check]]] = {
    "sqlite": _sqlite,
    "postgresql": _postgresql,
}


def check(engine: Engine) -> list[Check]:
    """Return the durability settings of a connection made just now on ``engine``'s database."""
    fresh = database.make_engine(engine.url.render_as_string(hide_password=False), pooled=False)
    try:
        with fresh.connect() as connection:
            return _CHECKS[fresh.dialect.name](connection)
    finally:
        fresh.dispose()


def require(engine: Engine) -> None:
    """Raise ``NotDurableError`` unless every durability setting holds."""
    failed = [c for c in check(engine) if not c.ok]
    if failed:
        raise NotDurableError(failed)

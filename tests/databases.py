"""Real databases for the tests: a SQLite file, and a PostgreSQL database of our own.

Each test session creates ``nabij_test_<random>`` on the server in NABIJ_TEST_POSTGRES_URL,
migrates it once, empties its tables after every test, and drops it at the end (CONTRACTS §9).
It never writes to the server's ``test`` database itself.
"""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, MetaData, select, text
from sqlalchemy.engine import make_url

from nabij.store import database
from nabij.store.tables import Base


def postgres_url() -> str | None:
    """Return the server URL the tests may use, or skip (fail under CI) when there is none."""
    url = os.environ.get("NABIJ_TEST_POSTGRES_URL")
    if url:
        try:
            with psycopg.connect(url, connect_timeout=5):
                return url
        except psycopg.OperationalError as error:
            reason = f"PostgreSQL at NABIJ_TEST_POSTGRES_URL does not answer: {error}"
    else:
        reason = "NABIJ_TEST_POSTGRES_URL is not set"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(f"{reason}: PostgreSQL tests are skipped")
    return None


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create a fresh database on the test server; yield its SQLAlchemy URL; drop it after."""
    server = postgres_url()
    assert server is not None
    name = f"nabij_test_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    url = make_url(server.replace("postgresql://", "postgresql+psycopg://", 1)).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def sqlite_url(folder: Path) -> str:
    """Return the URL of a SQLite file in ``folder``."""
    return f"sqlite:///{folder / 'nabij.db'}"


def empty(engine: Engine) -> None:
    """Delete every row of every nabij table (children first)."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


def migrated(url: str) -> Engine:
    """Return an engine on ``url`` with the schema at head."""
    engine = database.make_engine(url)
    database.upgrade(engine)
    return engine


def server_setting(engine: Engine, name: str) -> str:
    """Return a PostgreSQL server setting (for the durability checks)."""
    with engine.connect() as connection:
        return str(connection.execute(text(f"SHOW {name}")).scalar_one())


def canonical_dump(
    engine: Engine,
    leave_out: frozenset[tuple[str, str]] = frozenset(),
    found: MetaData | None = None,
) -> dict[str, list[tuple[object, ...]]]:
    """Return every row of every table in the database (Alembic's too), all columns, sorted.

    The tables are read from the database itself, so a table that only one side has shows up;
    pass ``found`` to read them once for many dumps. ``leave_out`` names (table, column) pairs
    that are not compared.
    """
    if found is None:
        found = MetaData()
        found.reflect(engine)
    dump = {}
    with engine.connect() as connection:
        for name, table in sorted(found.tables.items()):
            columns = [c for c in table.columns if (name, c.name) not in leave_out]
            rows = connection.execute(select(*columns)).all()
            dump[name] = sorted((tuple(row) for row in rows), key=repr)
    return dump


def row_counts(engine: Engine) -> dict[str, int]:
    """Return how many rows each table holds."""
    return {name: len(rows) for name, rows in canonical_dump(engine).items()}


def stored_text(engine: Engine) -> str:
    """Return every value in the database as one text, to see what it holds in the clear."""
    return "\n".join(
        str(value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
        for rows in canonical_dump(engine).values()
        for row in rows
        for value in row
    )

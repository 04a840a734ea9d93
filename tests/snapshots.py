"""A snapshot of every row of a database: to see whether anything changed, and to put it back.

Tests that send many state-changing requests to one planted world start each from the same
known state without planting it again: they compare the database with the snapshot and, when
it differs, put the snapshot's rows back.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, MetaData, Table, select

# The one column a GET may change: a request moves its session's idle clock on (at most once a
# minute), which is how the server enforces the idle timeout.
TOUCHED = frozenset({("sessions", "last_seen_at")})
# Alembic's own table is the schema's, not the world's: never emptied or refilled.
SCHEMA_TABLES = frozenset({"alembic_version"})
Rows = dict[str, list[tuple[Any, ...]]]


@dataclass
class Snapshot:
    """Every row of the world's database, to compare with and to put back."""

    engine: Engine
    tables: list[Table]
    rows: Rows

    @classmethod
    def of(cls, engine: Engine) -> "Snapshot":
        """Return the database's tables (in the order of their foreign keys) and rows now."""
        found = MetaData()
        found.reflect(engine)
        tables = [t for t in found.sorted_tables if t.name not in SCHEMA_TABLES]
        return cls(engine, tables, _rows(engine, tables))

    def now(self) -> Rows:
        """Return the rows as they are now."""
        return _rows(self.engine, self.tables)

    def changed(self) -> list[str]:
        """Return the tables whose rows differ from the snapshot (the idle clock left out)."""
        rows = self.now()
        return [
            t.name
            for t in self.tables
            if _compared(t, rows[t.name]) != _compared(t, self.rows[t.name])
        ]

    def put_back(self) -> None:
        """Make the database hold exactly the snapshot's rows again."""
        with self.engine.begin() as connection:
            for table in reversed(self.tables):
                connection.execute(table.delete())
            for table in self.tables:
                keys = [c.name for c in table.columns]
                rows = [dict(zip(keys, row, strict=True)) for row in self.rows[table.name]]
                if rows:
                    connection.execute(table.insert(), rows)


def _rows(engine: Engine, tables: list[Table]) -> Rows:
    with engine.connect() as connection:
        return {
            t.name: sorted((tuple(r) for r in connection.execute(select(t))), key=repr)
            for t in tables
        }


def _compared(table: Table, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Return the rows without the columns a GET may touch."""
    keep = [i for i, c in enumerate(table.columns) if (table.name, c.name) not in TOUCHED]
    return sorted((tuple(row[i] for i in keep) for row in rows), key=repr)

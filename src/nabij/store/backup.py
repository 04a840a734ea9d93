"""A backup of the whole database in one file, and its restore (CONTRACTS §5).

SQLite: the online backup API copies a consistent snapshot while the server keeps writing, into
a self-contained file (rollback journal, no WAL beside it). PostgreSQL: ``pg_dump`` in its
custom format, chosen to match the server's major version; the restore feeds ``pg_restore``'s
script to ``psql`` in a single transaction, so it lands whole or not at all.

Either way the file is written beside its final name with mode 0600, flushed to disk and then
renamed, so a crash leaves the old file or the new one, never half of one. Private text stays
sealed in the file exactly as it is in the database.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, inspect, literal, select

from nabij.store import database
from nabij.store.tables import Base

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Where Debian and Ubuntu put each installed PostgreSQL version's client tools.
DEBIAN_BIN_DIRS = "/usr/lib/postgresql/*/bin"
# A tool's complaint is shown in one line; longer ones are cut here.
MESSAGE_MAX_CHARS = 300


class Problem(StrEnum):
    """Why a backup or restore cannot be done as asked (the command line words each one)."""

    NO_DATABASE = "no_database"  # the SQLite file does not exist yet: nothing to back up
    TARGET_EXISTS = "target_exists"
    TARGET_IS_FOLDER = "target_is_folder"
    NO_FOLDER = "no_folder"
    NOT_WRITABLE = "not_writable"
    NO_SOURCE = "no_source"
    SOURCE_IS_FOLDER = "source_is_folder"
    NOT_READABLE = "not_readable"
    NOT_A_BACKUP = "not_a_backup"
    SQLITE_BACKUP = "sqlite_backup"  # a SQLite backup, while nabij runs on PostgreSQL
    POSTGRESQL_BACKUP = "postgresql_backup"  # and the other way round
    NEWER = "newer"  # made by a nabij with migrations this one does not have
    HOLDS_DATA = "holds_data"
    IN_USE = "in_use"  # a server runs on the SQLite file
    IS_DATABASE = "is_database"  # the file named is the SQLite database itself
    NO_TOOL = "no_tool"
    TOOL_TOO_OLD = "tool_too_old"


class BackupError(Exception):
    """A backup or restore refused before anything changed; ``details`` fill in the words."""

    def __init__(self, problem: Problem, **details: str) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.details = details


class ToolFailedError(Exception):
    """``pg_dump``, ``pg_restore`` or ``psql`` failed; ``message`` is its first error line."""

    def __init__(self, tool: str, message: str) -> None:
        super().__init__(f"{tool}: {message}")
        self.tool = tool
        self.message = message


# --- the file --------------------------------------------------------------------------------


def _refuse_the_database(engine: Engine, given: Path) -> None:
    """Refuse the database file itself (or its WAL) as a backup: --force would destroy it."""
    path = database.sqlite_path(engine)
    if path is None:
        return
    own = {Path(f"{path}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")}
    if given.resolve() in own:
        raise BackupError(Problem.IS_DATABASE, path=str(given))


def _check_target(target: Path, replace: bool) -> None:
    if target.is_dir():
        raise BackupError(Problem.TARGET_IS_FOLDER, path=str(target))
    folder = target.absolute().parent
    if not folder.is_dir():
        raise BackupError(Problem.NO_FOLDER, path=str(target))
    if target.exists() and not replace:
        raise BackupError(Problem.TARGET_EXISTS, path=str(target))
    if not os.access(folder, os.W_OK):
        raise BackupError(Problem.NOT_WRITABLE, path=str(target))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _written(target: Path) -> Iterator[Path]:
    """Yield a private temporary file beside ``target``; on success it becomes ``target``."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.fchmod(fd, 0o600)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, target)
        # The rename itself must reach the disk too, or a crash could bring back the old name.
        _fsync(target.absolute().parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _kind_of(source: Path) -> str:
    """Return which database a backup file is of, or refuse a file that is none of ours."""
    if source.is_dir():
        raise BackupError(Problem.SOURCE_IS_FOLDER, path=str(source))
    try:
        with source.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(Problem.NO_SOURCE, path=str(source)) from None
    except PermissionError:
        raise BackupError(Problem.NOT_READABLE, path=str(source)) from None
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(Problem.NOT_A_BACKUP, path=str(source))


def _require_known(revision: str | None, source: Path) -> None:
    if revision is None:
        raise BackupError(Problem.NOT_A_BACKUP, path=str(source))
    if not database.knows(revision):
        raise BackupError(Problem.NEWER, path=str(source))


def holds_data(engine: Engine) -> bool:
    """Return whether any nabij table of the database has a row."""
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name in present:
                found = connection.execute(select(literal(1)).select_from(table).limit(1))
                if found.first() is not None:
                    return True
    return False


def backup(engine: Engine, target: Path, *, replace: bool = False) -> None:
    """Write a backup of ``engine``'s whole database to ``target`` (mode 0600, atomically)."""
    _refuse_the_database(engine, target)
    _check_target(target, replace)
    if engine.dialect.name == "sqlite":
        _sqlite_backup(engine, target)
    else:
        _postgresql_backup(engine, target)


def restore(engine: Engine, source: Path, *, replace: bool = False) -> None:
    """Restore ``engine``'s database from ``source``, then bring its schema to the newest.

    A database that holds data is replaced only with ``replace``; a SQLite file is never
    replaced while a server runs on it.
    """
    _refuse_the_database(engine, source)
    kind = _kind_of(source)
    if kind != engine.dialect.name:
        problem = Problem.SQLITE_BACKUP if kind == "sqlite" else Problem.POSTGRESQL_BACKUP
        raise BackupError(problem, path=str(source))
    if kind == "sqlite":
        try:
            with database.exclusive(engine):
                _sqlite_restore(engine, source, replace)
                database.upgrade(engine)
        except database.InUseError:
            raise BackupError(Problem.IN_USE) from None
        return
    _postgresql_restore(engine, source, replace)
    database.upgrade(engine)


# --- SQLite ----------------------------------------------------------------------------------


def _sqlite_connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=database.BUSY_TIMEOUT_MS / 1000)


def _sqlite_backup(engine: Engine, target: Path) -> None:
    path = database.sqlite_path(engine)
    if path is None or not path.is_file():
        raise BackupError(Problem.NO_DATABASE, path=str(path))
    with _written(target) as temporary:
        source = _sqlite_connect(path)
        try:
            copy = sqlite3.connect(temporary)
            try:
                # One step: the whole database from one read snapshot, writers carry on.
                source.backup(copy)
                # A backup is one file: no WAL beside it that could be left behind.
                copy.execute("PRAGMA journal_mode=DELETE")
                if copy.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise RuntimeError("the backup copy fails SQLite's quick_check")
            finally:
                copy.close()
        finally:
            source.close()


def _sqlite_revision(source: Path) -> str | None:
    """Return the schema revision of a SQLite backup; refuse a damaged or foreign file."""
    try:
        connection = _sqlite_connect(source)
    except sqlite3.Error:
        raise BackupError(Problem.NOT_A_BACKUP, path=str(source)) from None
    try:
        if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupError(Problem.NOT_A_BACKUP, path=str(source))
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        raise BackupError(Problem.NOT_A_BACKUP, path=str(source)) from None
    finally:
        connection.close()
    return None if row is None else str(row[0])


def _sqlite_restore(engine: Engine, source: Path, replace: bool) -> None:
    _require_known(_sqlite_revision(source), source)
    if holds_data(engine) and not replace:
        raise BackupError(Problem.HOLDS_DATA)
    engine.dispose()
    path = database.sqlite_path(engine)
    assert path is not None  # a SQLite backup is only restored into a SQLite file
    copy = _sqlite_connect(source)
    try:
        target = _sqlite_connect(path)
        try:
            target.execute("PRAGMA journal_mode=WAL")
            # The backup API writes into the live file in one transaction, WAL and all: a crash
            # in the middle leaves the old database.
            copy.backup(target)
            if target.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise RuntimeError("the restored database fails SQLite's integrity_check")
        finally:
            target.close()
    finally:
        copy.close()


# --- PostgreSQL ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tools:
    """The PostgreSQL client tools of one version, and how to reach the database with them."""

    folder: Path
    dbname: str
    env: dict[str, str]

    def path(self, name: str) -> str:
        """Return the full path of tool ``name`` in this version's folder."""
        return str(self.folder / name)


def _tool_major(tool: Path) -> int | None:
    try:
        answer = subprocess.run(
            [str(tool), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    found = re.search(r"\)\s+(\d+)", answer.stdout)
    return int(found.group(1)) if answer.returncode == 0 and found else None


def _candidates() -> list[tuple[int, Path]]:
    """Return each folder holding a ``pg_dump`` (first the one on PATH), with its version."""
    folders: list[Path] = []
    on_path = shutil.which("pg_dump")
    if on_path:
        folders.append(Path(on_path).parent)
    folders.extend(sorted(Path("/").glob(DEBIAN_BIN_DIRS.lstrip("/"))))
    found = []
    for folder in dict.fromkeys(folders):
        major = _tool_major(folder / "pg_dump")
        if major is not None:
            found.append((major, folder))
    return found


def pick_tools(candidates: list[tuple[int, Path]], server_major: int) -> Path:
    """Return the folder of the client tools to use with a server of ``server_major``.

    pg_dump reads servers of its own version and older ones, never newer ones: the same
    version is best, else the oldest newer one.

    >>> pick_tools([(15, Path("/a")), (17, Path("/b")), (16, Path("/c"))], 16)
    PosixPath('/c')
    >>> pick_tools([(17, Path("/b")), (18, Path("/d"))], 16)
    PosixPath('/b')
    """
    if not candidates:
        raise BackupError(Problem.NO_TOOL, tool="pg_dump")
    for major, folder in candidates:
        if major == server_major:
            return folder
    newer = sorted((major, str(folder)) for major, folder in candidates if major > server_major)
    if newer:
        return Path(newer[0][1])
    newest = max(major for major, _ in candidates)
    raise BackupError(
        Problem.TOOL_TOO_OLD, tool="pg_dump", server=str(server_major), newest=str(newest)
    )


def _tools(engine: Engine) -> Tools:
    with engine.connect() as connection:
        number = int(connection.exec_driver_sql("SHOW server_version_num").scalar_one())
    folder = pick_tools(_candidates(), number // 10000)
    for name in ("pg_restore", "psql"):
        if not (folder / name).is_file():
            raise BackupError(Problem.NO_TOOL, tool=name)
    url = engine.url
    env = dict(os.environ)
    # The password travels in the environment, never on a command line others can list.
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    dbname = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return Tools(folder, dbname, env)


def _first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower() or "fatal" in line.lower()]
    chosen = (errors or lines or ["no message"])[0]
    return chosen[:MESSAGE_MAX_CHARS]


def _run(tools: Tools, tool: str, *args: str) -> str:
    answer = subprocess.run(
        [tools.path(tool), *args],
        capture_output=True,
        text=True,
        env=tools.env,
        check=False,
    )
    if answer.returncode != 0:
        raise ToolFailedError(tool, _first_error(answer.stderr))
    return answer.stdout


def _postgresql_backup(engine: Engine, target: Path) -> None:
    tools = _tools(engine)
    with _written(target) as temporary:
        _run(
            tools,
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={temporary}",
            f"--dbname={tools.dbname}",
        )
        # Read the file back before it takes the final name: a dump that cannot be listed
        # could not be restored either.
        _run(tools, "pg_restore", "--list", str(temporary))


def _postgresql_revision(tools: Tools, source: Path) -> str | None:
    try:
        # Reading the whole file once finds a cut-off or damaged dump before anything changes.
        _run(tools, "pg_restore", f"--file={os.devnull}", str(source))
        script = _run(
            tools, "pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(source)
        )
    except ToolFailedError:
        raise BackupError(Problem.NOT_A_BACKUP, path=str(source)) from None
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY ") and "alembic_version" in line:
            first = next(lines, "\\.")
            return None if first == "\\." else first.strip()
    return None


def _postgresql_restore(engine: Engine, source: Path, replace: bool) -> None:
    tools = _tools(engine)
    _require_known(_postgresql_revision(tools, source), source)
    if holds_data(engine) and not replace:
        raise BackupError(Problem.HOLDS_DATA)
    engine.dispose()
    # nabij's own tables go first, so that a table the backup does not have cannot stay
    # behind. It all runs in one transaction, committed only when pg_restore has read the
    # whole file without a fault: a failure anywhere changes nothing.
    names = [*(t.name for t in Base.metadata.sorted_tables), "alembic_version"]
    drop = "DROP TABLE IF EXISTS " + ", ".join(f'"{n}"' for n in names) + " CASCADE;\n"
    with tempfile.TemporaryFile() as psql_err, tempfile.TemporaryFile() as restore_err:
        psql = subprocess.Popen(
            [
                tools.path("psql"),
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                f"--dbname={tools.dbname}",
                "--file=-",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_err,
            env=tools.env,
        )
        reader = subprocess.Popen(
            [
                tools.path("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--file=-",
                str(source),
            ],
            stdout=subprocess.PIPE,
            stderr=restore_err,
            env=tools.env,
        )
        assert psql.stdin is not None
        assert reader.stdout is not None
        try:
            psql.stdin.write(b"BEGIN;\n" + drop.encode())
            shutil.copyfileobj(reader.stdout, psql.stdin)
            reader.stdout.close()
            if reader.wait() == 0:
                psql.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            pass  # psql stopped at an error; its message is read below
        finally:
            reader.stdout.close()
            _close(psql.stdin)
        # Without COMMIT, psql's end closes the connection and the server rolls back.
        psql_code = psql.wait()
        reader_code = reader.wait()
        if reader_code != 0:
            raise ToolFailedError("pg_restore", _first_error(_text(restore_err)))
        if psql_code != 0:
            raise ToolFailedError("psql", _first_error(_text(psql_err)))


def _close(stream: IO[bytes]) -> None:
    with suppress(BrokenPipeError):
        stream.close()


def _text(handle: IO[bytes]) -> str:
    handle.seek(0)
    return handle.read().decode("utf-8", errors="replace")

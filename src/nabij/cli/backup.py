"""``nabij backup FILE`` and ``nabij restore FILE``: the whole database in one private file.

A backup can be made while ``nabij serve`` runs. A restore refuses a database that holds data
unless ``--force`` says to replace it, and on SQLite it waits for no server: while one runs on
the file, the restore is refused (docs/deploy.md, "Backups and durability").
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import Engine

from nabij.cli.errors import EXIT_UNEXPECTED, UserError, handling_errors
from nabij.cli.server import prepare_data_dir
from nabij.cli.setup import debug, setup
from nabij.settings import load as load_settings
from nabij.store import backup as backups
from nabij.store import database
from nabij.store.backup import BackupError, Problem, ToolFailedError

LangOption = Annotated[str | None, typer.Option("--lang", help="Interface language.")]


def _message(_: Callable[[str], str], error: BackupError) -> str:
    """Return the one sentence that tells the user what is wrong and what to do."""
    d = error.details
    match error.problem:
        case Problem.NO_DATABASE:
            return _("There is no database at {path} yet: nothing to back up.").format(**d)
        case Problem.TARGET_EXISTS:
            return _(
                "{path} already exists. Choose another name, or give --force to replace it."
            ).format(**d)
        case Problem.TARGET_IS_FOLDER | Problem.SOURCE_IS_FOLDER:
            return _("{path}: this is a folder, not a file.").format(**d)
        case Problem.NO_FOLDER:
            return _("{path}: the folder for this file does not exist.").format(**d)
        case Problem.NOT_WRITABLE:
            return _("{path}: nabij may not write here.").format(**d)
        case Problem.NO_SOURCE:
            return _("{path}: this file does not exist.").format(**d)
        case Problem.NOT_READABLE:
            return _("{path}: nabij may not read this file.").format(**d)
        case Problem.NOT_A_BACKUP:
            return _("{path} is not a backup made by 'nabij backup', or it is damaged.").format(**d)
        case Problem.SQLITE_BACKUP:
            return _(
                "{path} is a backup of a SQLite database, but this nabij uses PostgreSQL "
                "(NABIJ_DATABASE_URL). Restore it where nabij uses its SQLite file."
            ).format(**d)
        case Problem.POSTGRESQL_BACKUP:
            return _(
                "{path} is a backup of a PostgreSQL database, but this nabij uses its SQLite "
                "file. Set NABIJ_DATABASE_URL to the database to restore it into."
            ).format(**d)
        case Problem.NEWER:
            return _(
                "{path} was made by a newer version of nabij. Update nabij first, then restore."
            ).format(**d)
        case Problem.HOLDS_DATA:
            return _(
                "The database already holds data. Restoring replaces all of it: make a backup "
                "of it first, then give --force if that is what you want."
            )
        case Problem.IS_DATABASE:
            return _("{path} is nabij's own database file, not a backup.").format(**d)
        case Problem.IN_USE:
            return _("nabij serve is running on this database. Stop it first, then restore.")
        case Problem.NO_TOOL:
            return _(
                "{tool} was not found. Install the PostgreSQL client tools "
                "(on Debian: apt install postgresql-client)."
            ).format(**d)
        case Problem.TOOL_TOO_OLD:
            return _(
                "The database server runs PostgreSQL {server}, but the newest {tool} here is "
                "from PostgreSQL {newest}. Install the client tools of version {server} or newer "
                "(on Debian: postgresql-client-{server})."
            ).format(**d)


def _failed(err: Console, _: Callable[[str], str], error: ToolFailedError) -> NoReturn:
    """Say which PostgreSQL tool failed and why: not bad input, so exit 1 (CONTRACTS §5)."""
    text = _("{tool} failed: {message}").format(tool=error.tool, message=error.message)
    err.print(escape(text), highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_UNEXPECTED)


@contextmanager
def _database(err: Console, _: Callable[[str], str]) -> Iterator[Engine]:
    """Yield the configured database; its problems become the user's one sentence."""
    engine = database.make_engine(load_settings().database_url)
    try:
        yield engine
    except BackupError as error:
        raise UserError(_message(_, error)) from None
    except ToolFailedError as error:
        _failed(err, _, error)
    finally:
        engine.dispose()


def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The backup file to write (mode 0600).")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    lang: LangOption = None,
) -> None:
    """Write a backup of the whole database to FILE; nabij serve may keep running."""
    _language, _, _out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        with _database(err, _) as engine:
            backups.backup(engine, file, replace=force)
        err.print(escape(_("Backup written to {path}.").format(path=file)), highlight=False)
        err.print(
            _(
                "It holds everything in the database. Keep it somewhere only you can reach, "
                "and keep the secret key file apart from it."
            ),
            highlight=False,
        )


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup made by 'nabij backup'.")],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Restore even when the database holds data: all of it is replaced."
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Restore the database from FILE (stop nabij serve first)."""
    _language, _, _out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        prepare_data_dir(load_settings())
        with _database(err, _) as engine:
            backups.restore(engine, file, replace=force)
        err.print(
            escape(_("Restored from {path}. The database is up to date.").format(path=file)),
            highlight=False,
        )

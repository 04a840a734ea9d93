"""``nabij serve`` and ``nabij db upgrade|check``: run the web app, and look after its database.

Both ``serve`` and ``db upgrade`` refuse a database that would not keep saved answers through a
crash (``store.durability``): a lost check-in is worse than a server that does not start.
"""

import gc
import ipaddress
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from sqlalchemy import Engine

from nabij.cli.errors import UserError, handling_errors
from nabij.cli.setup import debug, setup
from nabij.settings import Settings
from nabij.settings import load as load_settings
from nabij.store import database, durability
from nabij.web.app import create_app

db_app = typer.Typer(no_args_is_help=True, help="The database behind the web app.")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def prepare_data_dir(settings: Settings) -> None:
    """Make the data folder private (0700) and everything in it, now and later, 0600."""
    # Everything this process creates (the database, its WAL, the key) is for its owner only.
    os.umask(0o077)
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(settings.data_dir, 0o700)
    for existing in settings.data_dir.glob("nabij.db*"):
        os.chmod(existing, 0o600)


def _check_line(_: Callable[[str], str], check: durability.Check) -> str:
    if check.ok:
        return _("{setting} = {value}: ok").format(setting=check.setting, value=check.value)
    return _("{setting} = {value}: nabij needs {wanted}").format(
        setting=check.setting, value=check.value, wanted=check.wanted
    )


def require_durable(engine: Engine, _: Callable[[str], str]) -> None:
    """Refuse, as bad configuration, a database that could lose saved answers in a crash."""
    try:
        durability.require(engine)
    except durability.NotDurableError as error:
        raise UserError(
            _(
                "The database is not set up to keep saved answers through a crash ({problems}). "
                "See 'Backups and durability' in docs/deploy.md."
            ).format(problems="; ".join(_check_line(_, c) for c in error.failed))
        ) from None


@contextmanager
def _disposed(engine: Engine) -> Iterator[None]:
    try:
        yield
    finally:
        engine.dispose()


def _logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("nabij")
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    root.propagate = False


def _freeze_startup_objects() -> None:
    """Take what the start loaded (modules, templates, data files) out of garbage collection.

    A full collection walks every object the collector tracks: with the app loaded some
    160,000, and each such pass stopped every request for about 90 ms, the long tail of the
    load test (``make bench``). What the start loaded lives as long as the process anyway.
    """
    gc.collect()
    gc.freeze()


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    no_migrate: Annotated[
        bool,
        typer.Option(
            "--no-migrate",
            help="Do not upgrade the database on start (run 'nabij db upgrade' once instead).",
        ),
    ] = False,
    tls_cert: Annotated[
        Path | None, typer.Option("--tls-cert", help="TLS certificate file (PEM).")
    ] = None,
    tls_key: Annotated[Path | None, typer.Option("--tls-key", help="TLS key file (PEM).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Interface language.")] = None,
) -> None:
    """Start the web app (by default at http://127.0.0.1:8000)."""
    _language, _, _out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        settings = load_settings()
        if (tls_cert is None) != (tls_key is None):
            raise UserError(_("Give both --tls-cert and --tls-key, or neither."))
        for given in (tls_cert, tls_key):
            if given is not None and not given.is_file():
                raise UserError(_("{path} does not exist.").format(path=given))
        tls = tls_cert is not None
        if not _is_loopback(host) and not tls and not settings.behind_tls_proxy:
            raise UserError(
                _(
                    "nabij only listens on {host} with TLS: give --tls-cert and --tls-key, or "
                    "set NABIJ_BEHIND_TLS_PROXY=1 when a TLS proxy sits in front "
                    "(see docs/deploy.md)."
                ).format(host=host)
            )
        if not 1 <= port <= 65535:
            raise UserError(_("--port must be between 1 and 65535."))
        prepare_data_dir(settings)
        engine = database.make_engine(settings.database_url)
        # Held while serving, so that 'nabij restore' never replaces the file under a server.
        with database.serving(engine), _disposed(engine):
            require_durable(engine, _)
            if not no_migrate:
                database.upgrade(engine)
            elif not database.is_ready(engine):
                raise UserError(_("The database is not up to date. Run 'nabij db upgrade' first."))
            _logging(settings)
            app = create_app(settings, engine=engine, tls=tls)
            _freeze_startup_objects()
            scheme = "https" if tls else "http"
            err.print(_("nabij runs at {url}").format(url=f"{scheme}://{host}:{port}"))
            uvicorn.run(
                app,
                host=host,
                port=port,
                access_log=False,
                log_level="warning",
                server_header=False,
                proxy_headers=bool(settings.trusted_proxies),
                forwarded_allow_ips=[str(n) for n in settings.trusted_proxies] or None,
                ssl_certfile=str(tls_cert) if tls_cert else None,
                ssl_keyfile=str(tls_key) if tls_key else None,
            )


@contextmanager
def configured_engine() -> Iterator[Engine]:
    """Yield an engine on the configured database (its data folder made private first)."""
    settings = load_settings()
    prepare_data_dir(settings)
    engine = database.make_engine(settings.database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@db_app.command("upgrade")
def upgrade(
    ctx: typer.Context,
    lang: Annotated[str | None, typer.Option("--lang", help="Interface language.")] = None,
) -> None:
    """Create the database or bring it to the newest schema (safe to run from several hosts)."""
    _language, _, _out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        with configured_engine() as engine:
            require_durable(engine, _)
            database.upgrade(engine)
        err.print(_("The database is up to date."))


@db_app.command("check")
def check(
    ctx: typer.Context,
    lang: Annotated[str | None, typer.Option("--lang", help="Interface language.")] = None,
) -> None:
    """Check that the database keeps saved answers through a crash and is up to date."""
    _language, _, out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        with configured_engine() as engine:
            checks = durability.check(engine)
            at, newest = database.current(engine), database.head()
        for line in checks:
            out.print(_check_line(_, line), highlight=False)
        out.print(
            _check_line(_, durability.Check("schema", at or "-", newest, at == newest)),
            highlight=False,
        )
        if not all(c.ok for c in checks):
            raise UserError(
                _(
                    "The database is not set up to keep saved answers through a crash. "
                    "See 'Backups and durability' in docs/deploy.md."
                )
            )
        if at != newest:
            raise UserError(_("The database is not up to date. Run 'nabij db upgrade' first."))
        out.print(_("The database keeps saved answers through a crash."), highlight=False)

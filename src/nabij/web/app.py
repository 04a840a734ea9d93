"""``create_app(settings)``: the web app, as the CLI serves it and the tests drive it."""

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from importlib.resources import files

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nabij.services import clock
from nabij.settings import Settings
from nabij.store import database
from nabij.store.accounts import Timeouts
from nabij.web import errors, routes, secret
from nabij.web.context import (
    ConsentRequiredError,
    CsrfRefusedError,
    FormTooLargeError,
    LoginRequiredError,
)
from nabij.web.security import SecurityHeaders
from nabij.web.upkeep import Upkeep

log = logging.getLogger("nabij.access")


class AccessLog:
    """Log each request's method, path (never the query string), status and duration.

    Uvicorn's own access log is off: it would write query strings. /healthz is left out.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/healthz":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            took = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1fms", scope["method"], scope["path"], status, took)


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(files("nabij.web") / "templates"))
    # The templates ship with the package and do not change while it runs: without this,
    # Jinja checks each template file's time on disk on every render, a system call (and a
    # release of the interpreter lock to the other requests) for each page and include.
    templates.env.auto_reload = False
    templates.env.globals["static"] = lambda path: f"/static/{path}"
    templates.env.policies["ext.i18n.trimmed"] = True
    return templates


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Purge what is past its keeping time when the server starts (then hourly, ``upkeep``)."""
    upkeep: Upkeep = app.state.upkeep
    await run_in_threadpool(upkeep.run, clock.utcnow())
    yield


def create_app(settings: Settings, engine: Engine | None = None, *, tls: bool = False) -> FastAPI:
    """Return the nabij web app on ``settings``' database (or on ``engine``, in tests).

    ``tls`` says that the server itself speaks HTTPS (``nabij serve --tls-cert``); behind a
    TLS proxy the settings say so. Either way every answer carries HSTS.
    """
    engine = engine or database.make_engine(settings.database_url)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = database.session_factory(engine)
    app.state.key = secret.load_or_create(settings.secret_key_file)
    app.state.templates = _templates()
    app.state.idle = timedelta(minutes=settings.session_idle_minutes)
    app.state.absolute = timedelta(hours=settings.session_max_hours)
    app.state.upkeep = Upkeep(app.state.sessions, Timeouts(app.state.idle, app.state.absolute))

    app.mount("/static", StaticFiles(packages=[("nabij.web", "static")]), name="static")
    routes.include(app)

    app.add_exception_handler(LoginRequiredError, errors.login_required)
    app.add_exception_handler(ConsentRequiredError, errors.consent_required)
    app.add_exception_handler(CsrfRefusedError, errors.csrf_refused)
    app.add_exception_handler(FormTooLargeError, errors.too_large)
    app.add_exception_handler(RequestValidationError, errors.bad_request)
    app.add_exception_handler(StarletteHTTPException, errors.http_error)
    # A failure in the outer middleware itself still gets the plain page from Starlette.
    app.add_exception_handler(Exception, errors.server_error)

    # Added first, so innermost: any other failure is answered inside the security headers.
    app.add_middleware(errors.ServerErrors)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    https = tls or settings.behind_tls_proxy
    app.add_middleware(SecurityHeaders, exit_url=settings.exit_url, tls=https)
    app.add_middleware(AccessLog)
    return app

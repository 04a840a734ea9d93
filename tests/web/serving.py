"""The app in a real uvicorn on a thread of this process, and a browser that talks to it.

Tests that search logs need the server that writes them: uvicorn's own loggers and every
logger of the app, at DEBUG, and requests that pass through uvicorn's HTTP parsing as a real
browser's do. ``served`` runs the app as ``nabij serve`` runs it and puts the loggers back
afterwards; ``Browser`` keeps the ``__Host-`` cookies that a real browser keeps on 127.0.0.1.
"""

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

import httpx2
import uvicorn
from fastapi import FastAPI

from nabij.web import security
from tests.browser.server import free_port

# Everything logs at DEBUG while served; the loggers are put back afterwards.
LOGGERS = (
    "",
    "nabij",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "uvicorn.asgi",
    "starlette",
    "fastapi",
    "sqlalchemy",
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "python_multipart",
    "multipart",
    "asyncio",
)
# The test's own browser logs the addresses it asks for: it is not the server.
CLIENT_LOGGERS = ("httpx", "httpcore", "httpx2", "httpcore2")
START_TIMEOUT_S = 10.0


@contextmanager
def served(app: FastAPI, *, access_log: bool = False) -> Iterator[str]:
    """Run ``app`` in uvicorn, on a thread of this process; yield its address.

    Started inside the test itself: uvicorn then silences its access logger as ``nabij serve``
    has it do, after pytest has attached its capture to every logger that existed. With
    ``access_log`` uvicorn's own access log is on, as an operator could switch it on.
    """
    saved = {name: _state(logging.getLogger(name)) for name in LOGGERS}
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        access_log=access_log,  # ``nabij serve`` has it off: the app keeps its own access log
        log_config=None,
        log_level="debug",
        server_header=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        assert thread.is_alive(), "uvicorn stopped"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(START_TIMEOUT_S)
        for name, state in saved.items():
            logger = logging.getLogger(name)
            logger.setLevel(state[0])
            logger.propagate = state[1]
            logger.handlers[:] = state[2]


def _state(logger: logging.Logger) -> tuple[int, bool, list[logging.Handler]]:
    return logger.level, logger.propagate, list(logger.handlers)


class Browser:
    """A browser over plain HTTP: it keeps the ``__Host-`` cookies a real one keeps on 127.0.0.1."""

    def __init__(self, client: httpx2.Client, key: bytes) -> None:
        self.client = client
        self.key = key
        self.cookies: dict[str, str] = {}
        self.seen: set[str] = set()  # every cookie value, to search the logs for

    def send(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        """Send one request with the cookies and the headers a same-origin page sends."""
        headers = {
            "host": "testserver",
            "sec-fetch-site": "same-origin",
            "cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        answer = self.client.request(
            method, path, headers=headers, follow_redirects=False, **kwargs
        )
        for line in answer.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
                    self.seen.add(morsel.value)
        return answer

    def csrf(self) -> str:
        """Return the form token every page of this browser's session carries."""
        if security.CSRF_COOKIE not in self.cookies:
            self.send("GET", "/")
        token = security.csrf_token(
            self.key, self.cookies[security.CSRF_COOKIE], self.cookies.get(security.SESSION_COOKIE)
        )
        self.seen.add(token)
        return token

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx2.Response:
        """Post a form from one of the app's pages, with its CSRF token."""
        return self.send("POST", path, data={"csrf_token": self.csrf(), **(data or {})}, **kwargs)

    def get(self, path: str) -> httpx2.Response:
        """Open a page."""
        return self.send("GET", path)


@dataclass(frozen=True)
class Logged:
    """One log record as a handler could write it."""

    name: str
    level: int
    text: str
    traceback: bool


class _Keep(logging.Handler):
    """Keep every record's whole text, so that a search sees what any handler could write."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.kept: list[Logged] = []

    def emit(self, record: logging.LogRecord) -> None:
        logged = Logged(record.name, record.levelno, record_text(record), bool(record.exc_info))
        self.kept.append(logged)


@contextmanager
def capturing() -> Iterator[list[Logged]]:
    """Yield the list that every log record of ``LOGGERS`` lands in, all at DEBUG, for a while.

    Kept for longer than one test, and so apart from pytest's own capture: the records stop
    at the named loggers and do not reach pytest's handler (which would print them all with
    any failure). Enter it before ``served``, which puts back the state it found.
    """
    saved = {name: _state(logging.getLogger(name)) for name in LOGGERS}
    keep = _Keep()
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        if name:  # the root logger keeps pytest's handler, for records of other loggers
            logger.handlers[:] = [keep]
            logger.propagate = False
    logging.getLogger().addHandler(keep)
    try:
        yield keep.kept
    finally:
        for name, state in saved.items():
            logger = logging.getLogger(name)
            logger.setLevel(state[0])
            logger.propagate = state[1]
            logger.handlers[:] = state[2]


def record_text(record: logging.LogRecord) -> str:
    """Return everything a handler could write of a record: message, traceback and stack."""
    formatter = logging.Formatter()
    shown = [record.getMessage(), repr(record.args)]
    if record.exc_info:
        shown.append(formatter.formatException(record.exc_info))
    if record.stack_info:
        shown.append(record.stack_info)
    return "\n".join(shown)

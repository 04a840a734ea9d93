"""The browser harness: one Chromium, one ``nabij serve`` per database, fresh contexts per test.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright (never ``playwright install``,
CONTRACTS §9). Every context is watched: a CSP violation in the console, a page error, a server
error or a request to any other origin fails the test that caused it.
"""

import importlib.metadata
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from tests.browser import server as app_server
from tests.browser.people import BrowserPerson, MakePerson, login_for
from tests.browser.server import Server
from tests.browser.watch import Watch, origin
from tests.databases import postgres_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = ViewportSize(width=390, height=844)
DESKTOP = ViewportSize(width=1280, height=900)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
# Waits for a page to react; generous for a loaded 2-core machine, short enough to fail fast.
WAIT_MS = 10_000


def _say(config: pytest.Config, line: str) -> None:
    """Write ``line`` to the terminal now, past pytest's output capture."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None:
        return
    if capture is None:
        reporter.write_line(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.ensure_newline()
        reporter.write_line(line)


@pytest.fixture(scope="session")
def browser(pytestconfig: pytest.Config) -> Iterator[Browser]:
    """Launch Debian's Chromium once for the session and say which versions run."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run `make system-deps` for the browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        _say(pytestconfig, f"SKIPPING the browser tests: {message}")
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        _say(
            pytestconfig,
            f"browser tests: Chromium {launched.version}, "
            f"Playwright {importlib.metadata.version('playwright')}",
        )
        yield launched
        launched.close()


@contextmanager
def _serving(folder: Path, database_url: str | None) -> Iterator[Server]:
    running = app_server.start(folder / "data", folder / "server.log", database_url)
    try:
        yield running
    finally:
        app_server.stop(running)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """Run ``nabij serve`` once per database: its own SQLite file, or a new PostgreSQL database.

    Every browser test runs against each. Without NABIJ_TEST_POSTGRES_URL the PostgreSQL runs
    are skipped with the reason (under CI they fail instead), like the other database tests.
    """
    del browser  # only asked for so that a missing Chromium skips before the server starts
    folder = tmp_path_factory.mktemp(f"browser-{request.param}")
    if request.param == "sqlite":
        with _serving(folder, None) as running:
            yield running
        return
    with postgres_database() as url, _serving(folder, url) as running:
        yield running


@pytest.fixture
def watch(server: Server) -> Watch:
    """Return the test's record of forbidden browser events."""
    return Watch(origin(server.url))


@pytest.fixture
def person(browser: Browser, server: Server, watch: Watch) -> Iterator[MakePerson]:
    """Return a maker of personas, each in a fresh, watched browser context at phone size.

    ``javascript=False`` gives a browser with scripts turned off: the core forms must work there.
    """
    contexts = []

    def make(name: str, javascript: bool = True) -> BrowserPerson:
        context = browser.new_context(
            base_url=server.url,
            viewport=PHONE,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            java_script_enabled=javascript,
        )
        context.set_default_timeout(WAIT_MS)
        watch.guard(context)
        contexts.append(context)
        return BrowserPerson(name, login_for(name), context, context.new_page())

    yield make
    for context in contexts:
        context.close()
    if watch.problems:
        pytest.fail(f"the browser saw what no page may do:\n{watch.report()}")


@pytest.fixture
def shoot(request: pytest.FixtureRequest, server: Server) -> Callable[[Page, str], None]:
    """Return a camera: the page at phone and desktop width, in build/screenshots/.

    Pictures are taken on the SQLite run only (the one ``make run`` starts): the pages are the
    same on PostgreSQL, and one set keeps the folder readable and the run short.
    """
    test = re.sub(r"[^A-Za-z0-9_.]+", "-", request.node.originalname).strip("-")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> None:
        if not server.database_url.startswith("sqlite"):
            return
        before = page.viewport_size
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.screenshot(path=SCREENSHOTS / f"{test}-{name}-{size['width']}.png", full_page=True)
        if before is not None:
            page.set_viewport_size(before)

    return take

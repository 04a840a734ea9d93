"""What no page may ever do: break its CSP, throw, fail on the server, or call another origin."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Request,
    Response,
    Route,
    WebError,
)

# Chromium's console says this for every blocked inline script, style or foreign load.
CSP_MARK = "Content Security Policy"
# What the stand-in for the quick exit's neutral site answers: an empty page, loaded from nowhere.
EXIT_PAGE = "<!doctype html><title>exit</title>"


def origin(url: str) -> str:
    """Return the scheme, host and port of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Watch:
    """Record every problem in the contexts it watches; a test fails when any is recorded."""

    own_origin: str
    problems: list[str] = field(default_factory=list)
    # The quick exit's target, once a test allows leaving for it; and each time it was left for.
    exit_url: str | None = None
    exits: list[str] = field(default_factory=list)

    def guard(self, context: BrowserContext) -> None:
        """Watch ``context``: route all its requests and listen to its consoles and errors."""
        context.route("**/*", self._route)
        context.on("console", self._console)
        context.on("weberror", self._error)
        context.on("response", self._response)
        context.on("request", self._request)

    def allow_exit(self, url: str) -> None:
        """Let one request leave the app: the top-level navigation of the quick exit to ``url``.

        It never reaches the network: the watch answers it with an empty page and records it
        in ``exits``. Any other request to that site is still a problem.
        """
        self.exit_url = url

    def _route(self, route: Route) -> None:
        request = route.request
        url = request.url
        if origin(url) == self.own_origin:
            route.continue_()
            return
        leaving = request.is_navigation_request() and request.frame.parent_frame is None
        if url == self.exit_url and leaving:
            self.exits.append(url)
            route.fulfill(status=200, content_type="text/html", body=EXIT_PAGE)
            return
        # Nothing may leave the machine: the request is stopped and the test will fail.
        self.problems.append(f"request to another origin: {route.request.method} {url}")
        route.abort()

    def _request(self, request: Request) -> None:
        # Playwright routes only the first address of a redirect chain, so a redirect to another
        # origin never meets _route: it is caught here (after the browser already tried it).
        redirected = request.redirected_from
        if redirected is not None and origin(request.url) != self.own_origin:
            self.problems.append(f"redirect to another origin: {redirected.url} -> {request.url}")

    def _console(self, message: ConsoleMessage) -> None:
        if CSP_MARK in message.text:
            where = message.page.url if message.page else "?"
            self.problems.append(f"CSP violation on {where}: {message.text}")

    def _error(self, error: WebError) -> None:
        where = error.page.url if error.page else "?"
        self.problems.append(f"page error on {where}: {error.error}")

    def _response(self, response: Response) -> None:
        if response.status >= 500:
            self.problems.append(f"server error {response.status} on {response.url}")

    def report(self) -> str:
        """Return the problems, one a line."""
        return "\n".join(self.problems)

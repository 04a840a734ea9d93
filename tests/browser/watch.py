"""What no page may ever do: break its CSP, throw, fail on the server, or call another origin."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Response, Route, WebError

# Chromium's console says this for every blocked inline script, style or foreign load.
CSP_MARK = "Content Security Policy"


def origin(url: str) -> str:
    """Return the scheme, host and port of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Watch:
    """Record every problem in the contexts it watches; a test fails when any is recorded."""

    own_origin: str
    problems: list[str] = field(default_factory=list)

    def guard(self, context: BrowserContext) -> None:
        """Watch ``context``: route all its requests and listen to its consoles and errors."""
        context.route("**/*", self._route)
        context.on("console", self._console)
        context.on("weberror", self._error)
        context.on("response", self._response)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if origin(url) == self.own_origin:
            route.continue_()
            return
        # Nothing may leave the machine: the request is stopped and the test will fail.
        self.problems.append(f"request to another origin: {route.request.method} {url}")
        route.abort()

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

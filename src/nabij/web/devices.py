"""A session's device in plain words ("Firefox on Android"), read from its browser's user agent.

A small parser of our own: the session list needs the browser's family and the system, never
versions or models, and a full user-agent database would be a large dependency for that.
Browsers that pretend to be others are told apart by the most specific token first (Edge and
Opera say "Chrome", Chrome says "Safari").
"""

from dataclasses import dataclass

from fastapi import Request

# The columns' sizes (``tables.Session``): longer values are cut, never refused.
ADDRESS_MAX = 64
USER_AGENT_MAX = 200

# (token in the user agent, the browser's name), most specific first.
_BROWSERS = (
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("Edg/", "Edge"),
    ("Edge/", "Edge"),
    ("OPR/", "Opera"),
    ("Opera", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("FxiOS/", "Firefox"),
    ("Firefox/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
# (token, the system's name), most specific first: Android says "Linux", iOS says "Mac OS X".
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


@dataclass(frozen=True)
class Device:
    """The browser and system of a session, each None when the user agent does not say."""

    browser: str | None
    system: str | None


def _first(user_agent: str, known: tuple[tuple[str, str], ...]) -> str | None:
    return next((name for token, name in known if token in user_agent), None)


def device(user_agent: str | None) -> Device:
    """Return the browser and system that ``user_agent`` names.

    >>> device("Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0")
    Device(browser='Firefox', system='Android')
    >>> device("curl/8.5.0")
    Device(browser=None, system=None)
    """
    if not user_agent:
        return Device(None, None)
    return Device(_first(user_agent, _BROWSERS), _first(user_agent, _SYSTEMS))


def address(request: Request) -> str | None:
    """Return the client's address as the app sees it (behind a trusted proxy: the proxy's
    forwarded one, which uvicorn puts in its place), cut to the column's size."""
    return request.client.host[:ADDRESS_MAX] if request.client else None


def user_agent(request: Request) -> str | None:
    """Return the request's user agent, cut to the column's size; None when there is none."""
    return request.headers.get("user-agent", "")[:USER_AGENT_MAX] or None

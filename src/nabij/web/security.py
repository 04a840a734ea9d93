"""The HTTP rules of CONTRACTS §7 that hold for every response, and CSRF proof for every POST.

CSRF uses a signed double-submit token: a random cookie, and in each form an HMAC of that cookie
and the session, so a token from another session or another browser never fits. Every
state-changing request also needs a Fetch-Metadata header that is not cross-site.
"""

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "__Host-nabij_session"
CSRF_COOKIE = "__Host-nabij_csrf"
DEVICE_COOKIE = "__Host-nabij_device"
# Discreet mode for this browser, also while logged out (``web/discreet``). Its name and value
# read like an ordinary display preference, so a look at the browser's cookies gives nothing away.
DISCREET_COOKIE = "__Host-theme"
DISCREET_VALUE = "plain"
CSRF_FIELD = "csrf_token"


def csp(exit_url: str) -> str:
    """Return the Content-Security-Policy of every page.

    The quick-exit form may lead to ``exit_url``: that one origin is allowed as a form target,
    because the form's redirect lands there.
    """
    parts = urlsplit(exit_url)
    exit_origin = f"{parts.scheme}://{parts.netloc}"
    return (
        "default-src 'self'; img-src 'self'; script-src 'self'; style-src 'self'; "
        f"base-uri 'none'; form-action 'self' {exit_origin}; frame-ancestors 'none'; "
        "object-src 'none'"
    )


class SecurityHeaders:
    """Add the headers every response carries (a plain ASGI middleware: cheap per request)."""

    def __init__(self, app: ASGIApp, *, exit_url: str, tls: bool) -> None:
        self.app = app
        headers = [
            (b"content-security-policy", csp(exit_url).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
            (
                b"permissions-policy",
                b"camera=(), microphone=(), geolocation=(), interest-cohort=()",
            ),
        ]
        if tls:
            headers.append((b"strict-transport-security", b"max-age=63072000"))
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers.extend(h for h in self.headers if h[0] not in names)
                if not static and b"cache-control" not in names:
                    # Pages can hold private data: no browser or proxy keeps a copy, and Back
                    # after logging out shows nothing.
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def new_csrf_cookie() -> str:
    """Return a fresh random value for the CSRF cookie."""
    return secrets.token_urlsafe(32)


def csrf_token(key: bytes, cookie: str, session_token: str | None) -> str:
    """Return the form token that proves a POST came from our own page in this browser."""
    bound = hashlib.sha256((session_token or "").encode()).hexdigest()
    return hmac.new(key, f"csrf\n{cookie}\n{bound}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(key: bytes, cookie: str | None, session_token: str | None, given: str | None) -> bool:
    """Return whether ``given`` is the right token for this cookie and session."""
    if not cookie or not given:
        return False
    return hmac.compare_digest(csrf_token(key, cookie, session_token), given)


def fetch_site_ok(value: str | None) -> bool:
    """Return whether a state-changing request's ``Sec-Fetch-Site`` is acceptable.

    Browsers that send the header must say same-origin (or none, for a typed address);
    a cross-site or same-site request never changes anything.
    """
    return value is None or value in {"same-origin", "none"}


def device_value(key: bytes, login: str) -> str:
    """Return a new device cookie for ``login``: a random id and its signature."""
    device = secrets.token_urlsafe(16)
    mac = hmac.new(key, f"device\n{login}\n{device}".encode(), hashlib.sha256).hexdigest()
    return f"{device}.{mac}"


def verified_device(key: bytes, login: str, cookie: str | None) -> str | None:
    """Return the device id of a device cookie that was issued for ``login``, else None."""
    if not cookie or "." not in cookie:
        return None
    device, mac = cookie.rsplit(".", 1)
    expected = hmac.new(key, f"device\n{login}\n{device}".encode(), hashlib.sha256).hexdigest()
    return device if hmac.compare_digest(expected, mac) else None


def safe_next(target: str | None) -> str:
    """Return ``target`` when it is a path on this site, else the start page."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target

"""What a refused or failed request shows: the form again with its values, or a plain page.

No error page ever echoes what was sent, and the log gets the error's kind and place, never its
message (which could quote user text).
"""

import logging
import traceback
from contextlib import closing

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nabij.i18n import translator
from nabij.model.ids import Lang
from nabij.web.context import (
    LANG_COOKIE,
    ConsentRequiredError,
    CsrfRefusedError,
    LoginRequiredError,
    Page,
    discreet_cookie,
    render,
)
from nabij.web.resume import FORM_PAGES

log = logging.getLogger("nabij.errors")


def _lang(request: Request) -> Lang:
    return Lang.EN if request.cookies.get(LANG_COOKIE) == "en" else Lang.NL


def _plain(request: Request, status: int, title: str, body: str) -> Response:
    """Return a plain page with an already translated ``title`` and ``body``."""
    templates = request.app.state.templates
    _ = translator(_lang(request))
    response: Response = templates.TemplateResponse(
        request,
        "error.html",
        {
            "_": _,
            "lang": _lang(request).value,
            "title": title,
            "body": body,
            "p": None,
            # No session is read for an error page: the browser's discreet cookie decides.
            "discreet": discreet_cookie(request),
            # The address of an error page may hold what was sent: never echo it.
            "lang_next": "/",
        },
        status_code=status,
    )
    return response


def login_required(request: Request, exc: Exception) -> Response:
    """Send a visitor to the login; a form sent after the session ended is carried along."""
    assert isinstance(exc, LoginRequiredError)
    p = exc.page
    # Raised while the page was being built, before the dependency that closes its
    # database session took over: close it here once the answer is made.
    with closing(p.db):
        if request.method != "POST":
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return _login_again(request, p)


def _login_again(request: Request, p: Page) -> Response:
    _ = p._
    return render(
        p,
        "login.html",
        status=401,
        errors={},
        values={},
        note=_(
            "You were logged out because nabij was not used for a while. Log in again: what "
            "you filled in is kept on this page and comes back after you log in."
        ),
        next_path=request.url.path,
        carried=p.form.without("csrf_token", "password").items(),
    )


def consent_required(request: Request, exc: Exception) -> Response:
    """Send a user who has not accepted the notice to it first."""
    assert isinstance(exc, ConsentRequiredError)
    return RedirectResponse("/consent", status_code=303)


def csrf_refused(request: Request, exc: Exception) -> Response:
    """Show the form again with what was filled in, or a plain refusal for a button."""
    assert isinstance(exc, CsrfRefusedError)
    with closing(exc.page.db):  # as in login_required
        return _refused(request, exc.page)


def _refused(request: Request, p: Page) -> Response:
    show = FORM_PAGES.get(request.url.path)
    note = p._(
        "This page was open for a long time, so it could not be sent safely. Your answers are "
        "still here: check them and send again."
    )
    if show is not None and (p.viewer is not None or not show.needs_login):
        response = show.render(p, note)
        response.status_code = 403
        return response
    return _plain(
        request,
        403,
        p._("This could not be sent"),
        p._(
            "The request did not come from a nabij page that is open now. Go back, reload the "
            "page and try again."
        ),
    )


def too_large(request: Request, exc: Exception) -> Response:
    """Refuse a body larger than any nabij form."""
    _ = translator(_lang(request))
    return _plain(
        request, 413, _("Too much at once"), _("This is more than nabij can take at once.")
    )


def bad_request(request: Request, exc: Exception) -> Response:
    """Refuse a malformed request without echoing it (FastAPI would list the input)."""
    _ = translator(_lang(request))
    return _plain(request, 400, _("Something is missing"), _("This request is not complete."))


def http_error(request: Request, exc: Exception) -> Response:
    """Show a plain page for 404, 405 and the like."""
    assert isinstance(exc, HTTPException)
    _ = translator(_lang(request))
    if exc.status_code == 404:
        return _plain(request, 404, _("Not found"), _("There is nothing at this address."))
    if exc.status_code == 405:
        response = _plain(request, 405, _("Not possible"), _("This address does not take that."))
        if exc.headers:
            response.headers.update(exc.headers)
        return response
    return _plain(request, exc.status_code, _("Not possible"), _("This did not work."))


def _log_failure(request: Request, exc: Exception) -> None:
    """Log where it broke: the kind and place, never the message (which may quote user text)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames))
    log.error("%s at %s %s: %s", type(exc).__name__, request.method, request.url.path, where)


def server_error(request: Request, exc: Exception) -> Response:
    """Log where it broke (not the message, which may quote user text) and say sorry."""
    _log_failure(request, exc)
    _ = translator(_lang(request))
    return _plain(
        request,
        500,
        _("Something went wrong"),
        _("This is our mistake, not yours. Nothing you entered is shared. Please try again."),
    )


class ServerErrors:
    """Answer an unexpected failure with the plain 500 page inside the app's other middleware.

    Starlette answers a failure in its outermost layer, outside the middleware that adds the
    security headers, and then raises the exception on to the server, whose log prints its
    message (which may quote user text, or a database error's parameters). Here the page gets
    every header, and the exception ends with the one log line ``server_error`` writes.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            request = Request(scope)
            if started:
                # Too late for a page: the answer breaks off, and only the kind and place
                # of the failure are logged.
                _log_failure(request, exc)
                return
            await server_error(request, exc)(scope, receive, send)

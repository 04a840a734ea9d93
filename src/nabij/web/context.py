"""One request as the pages see it: the database, the user, the language and the CSRF proof."""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartException

from nabij.i18n import translator
from nabij.model.ids import Lang
from nabij.services import clock, couple_keys
from nabij.services.people import Viewer, viewer
from nabij.settings import Settings
from nabij.store import accounts
from nabij.store.tables import Session as SessionRow
from nabij.web import security
from nabij.web.forms import MAX_FIELDS, FormValues

LANG_COOKIE = "nabij_lang"
# The discreet cookie outlives sessions: the login page of that browser stays neutral too.
DISCREET_MAX_AGE = 365 * 24 * 3600


@dataclass
class Page:
    """Everything a route handler needs about the request it answers."""

    request: Request
    db: Session
    settings: Settings
    key: bytes
    lang: Lang
    now: datetime
    today: date
    session_token: str | None
    session: SessionRow | None
    viewer: Viewer | None
    csrf_cookie: str
    new_csrf_cookie: bool
    form: FormValues
    cookies: list[tuple[str, str | None, int | None]] = field(default_factory=list)

    @property
    def _(self) -> Callable[[str], str]:
        """Return the translator of the page's language."""
        return translator(self.lang)

    @property
    def csrf(self) -> str:
        """Return the token every form on the page carries."""
        return security.csrf_token(self.key, self.csrf_cookie, self.session_token)

    @property
    def user_viewer(self) -> Viewer:
        """Return the viewer of a page that requires a login."""
        if self.viewer is None:
            raise LoginRequiredError(self)
        return self.viewer

    @property
    def discreet(self) -> bool:
        """Return whether the page shows neutral names (``web/discreet``).

        Logged in, the user's own setting decides; logged out, this browser's cookie.
        """
        if self.viewer is not None:
            return self.viewer.user.discreet
        return discreet_cookie(self.request)

    def set_cookie(self, name: str, value: str | None, max_age: int | None = None) -> None:
        """Set (or with None, remove) a cookie on the response."""
        self.cookies.append((name, value, max_age))


class LoginRequiredError(Exception):
    """The page needs a logged-in user and there is none (or the session ran out)."""

    def __init__(self, page: Page) -> None:
        self.page = page


class CsrfRefusedError(Exception):
    """A state-changing request without valid CSRF proof or from another site."""

    def __init__(self, page: Page) -> None:
        self.page = page


class FormTooLargeError(Exception):
    """A posted body larger than any nabij form."""


def discreet_cookie(request: Request) -> bool:
    """Return whether this browser asked for discreet mode (a cookie set when it was on)."""
    return request.cookies.get(security.DISCREET_COOKIE) == security.DISCREET_VALUE


def _lang(request: Request, user_lang: str | None) -> Lang:
    for candidate in (user_lang, request.cookies.get(LANG_COOKIE)):
        if candidate in ("nl", "en"):
            return Lang(candidate)
    accepted = request.headers.get("accept-language", "")
    for part in accepted.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("nl", "en"):
            return Lang(code)
    return Lang.NL


def _build(request: Request, form: FormValues) -> Page:
    state = request.app.state
    settings: Settings = state.settings
    now = clock.utcnow()
    if state.upkeep.due(now):  # one comparison; the purge itself runs at most hourly
        state.upkeep.run(now)
    db: Session = state.sessions()
    try:
        token = request.cookies.get(security.SESSION_COOKIE)
        found = None
        if token:
            timeouts = accounts.Timeouts(state.idle, state.absolute)
            found = accounts.session_user(db, token, now, timeouts)
            if db.dirty or db.deleted:
                # The session was touched (once a minute) or had run out: keep that now,
                # whatever the page does next. Otherwise there is nothing to commit, and on
                # PostgreSQL a COMMIT and the next BEGIN would be two more round trips.
                db.commit()
        session_row = found.row if found is not None else None
        user = found.user if found is not None else None
        who = viewer(db, found.user, found.data_key) if found is not None else None
        cookie = request.cookies.get(security.CSRF_COOKIE)
        page = Page(
            request=request,
            db=db,
            settings=settings,
            key=state.key,
            lang=_lang(request, user.lang if user else None),
            now=now,
            today=clock.local_today(settings.timezone, now),
            session_token=token if found is not None else None,
            session=session_row,
            viewer=who,
            csrf_cookie=cookie or security.new_csrf_cookie(),
            new_csrf_cookie=cookie is None,
            form=form,
        )
        if token and found is None:
            page.set_cookie(security.SESSION_COOKIE, None)
    except BaseException:
        db.close()
        raise
    if request.method == "POST":
        site_ok = security.fetch_site_ok(request.headers.get("sec-fetch-site"))
        proof = form.get(security.CSRF_FIELD) or request.headers.get("x-csrf-token")
        if not site_ok or not security.csrf_ok(page.key, cookie, page.session_token, proof):
            if site_ok and token and found is None:
                # The session ran out while the form was open: the token was bound to it.
                # Log in again, with the form carried along (nothing is changed until then).
                raise LoginRequiredError(page)
            raise CsrfRefusedError(page)
        if found is not None and who is not None and couple_keys.settle(db, who):
            # The couple key passed on, or this user's couple copies written: kept whatever
            # the form does next, and the page sees the partner's state as it now is.
            db.commit()
            page.viewer = viewer(db, found.user, found.data_key)
    return page


async def page(request: Request) -> AsyncIterator[Page]:
    """Yield the request's page context; the database session closes after the response."""
    form = FormValues()
    if request.method == "POST":
        try:
            async with request.form(max_fields=MAX_FIELDS, max_files=1) as data:
                form = FormValues.of(data)
        except MultiPartException:
            raise FormTooLargeError() from None
    built = await run_in_threadpool(_build, request, form)
    try:
        yield built
    finally:
        built.db.close()


# These two only read what ``_build`` loaded, so they run on the event loop: as plain ``def``
# FastAPI would hand each to the thread pool, a second thread hop on every page.
async def user_page(p: Annotated[Page, Depends(page)]) -> Page:
    """Return the page of a logged-in user who accepted the consent notice."""
    who = p.user_viewer
    if not who.consented:
        raise ConsentRequiredError(p)
    return p


class ConsentRequiredError(Exception):
    """The user has not yet accepted the consent notice."""

    def __init__(self, page: Page) -> None:
        self.page = page


async def logged_in_page(p: Annotated[Page, Depends(page)]) -> Page:
    """Return the page of a logged-in user, consent or not (the consent page itself)."""
    p.user_viewer  # noqa: B018 - raises LoginRequiredError when nobody is logged in
    return p


AnyPage = Annotated[Page, Depends(page)]
UserPage = Annotated[Page, Depends(user_page)]
LoggedInPage = Annotated[Page, Depends(logged_in_page)]


def finish(p: Page, response: Response) -> Response:
    """Attach the page's cookies to ``response``."""
    secure = {"secure": True, "httponly": True, "samesite": "lax", "path": "/"}
    if p.new_csrf_cookie:
        response.set_cookie(security.CSRF_COOKIE, p.csrf_cookie, **secure)  # type: ignore[arg-type]
    if p.viewer is not None and p.viewer.user.discreet and not discreet_cookie(p.request):
        # Discreet mode was turned on in another browser: from now on this one's logged-out
        # pages (login, errors) are neutral too.
        p.set_cookie(security.DISCREET_COOKIE, security.DISCREET_VALUE, DISCREET_MAX_AGE)
    last = {name: (value, max_age) for name, value, max_age in p.cookies}
    for name, (value, max_age) in last.items():
        if value is None:
            response.delete_cookie(name, **secure)  # type: ignore[arg-type]
        else:
            response.set_cookie(name, value, max_age=max_age, **secure)  # type: ignore[arg-type]
    return response


def render(p: Page, template: str, status: int = 200, **values: Any) -> Response:
    """Return the page ``template`` rendered in the page's language."""
    templates = p.request.app.state.templates
    context = {
        "request": p.request,
        "p": p,
        "_": p._,
        "lang": p.lang.value,
        "who": p.viewer,
        "csrf": p.csrf,
        "discreet": p.discreet,
        **values,
    }
    response: HTMLResponse = templates.TemplateResponse(
        p.request, template, context, status_code=status
    )
    return finish(p, response)


def redirect(p: Page, to: str) -> Response:
    """Return a See Other to ``to`` (after a POST: the browser then GETs it)."""
    return finish(p, RedirectResponse(to, status_code=303))

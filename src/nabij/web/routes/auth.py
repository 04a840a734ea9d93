"""Start, register, log in and out, the language switch, and the session keep-alive."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from nabij.services import accounts as account_service
from nabij.services.people import viewer
from nabij.store import accounts
from nabij.store.database import is_ready
from nabij.store.passwords import MAX_LENGTH, MIN_LENGTH, PasswordProblem
from nabij.store.throttle import Blocked
from nabij.web import devices, discreet, security
from nabij.web.context import LANG_COOKIE, AnyPage, LoggedInPage, Page, finish, redirect, render
from nabij.web.forms import FormValues
from nabij.web.resume import FORM_PAGES, form_page

router = APIRouter()
# A device cookie lives a year; it only spares its browser the throttle of strangers.
DEVICE_MAX_AGE = 365 * 24 * 3600


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request) -> Response:
    """Answer whether the database answers and its schema is current (CONTRACTS §7)."""
    if is_ready(request.app.state.engine):
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "unavailable"}, status_code=503)


@router.get("/")
def start(p: AnyPage) -> Response:
    """Show the welcome page, or a logged-in user's day."""
    if p.viewer is not None:
        return redirect(p, "/today" if p.viewer.consented else "/consent")
    if p.discreet:
        # The welcome page says what nabij is for: a discreet browser (and its "Notes"
        # shortcut) opens on the plain login form instead.
        return redirect(p, "/login")
    return render(p, "index.html")


def _password_text(p: Page, problem: PasswordProblem) -> str:
    _ = p._
    if problem is PasswordProblem.TOO_SHORT:
        return _("Use at least %(n)d characters. A few words in a row work well.") % {
            "n": MIN_LENGTH
        }
    if problem is PasswordProblem.TOO_LONG:
        return _("Use at most %(n)d characters.") % {"n": MAX_LENGTH}
    return _(
        "This one is easy to guess: it is a common password, or it is built from your login "
        "name or a well-known word. Try a few words that only you would put together."
    )


def problem_texts(
    p: Page, problems: dict[str, account_service.RegisterProblem | PasswordProblem]
) -> dict[str, str]:
    """Return the words for each field's problem with a login name or a new password."""
    _ = p._
    texts = {
        "login_form": _(
            "Use 3 to 64 letters, digits, dots, dashes or underscores, without spaces."
        ),
        "login_taken": _("This login name cannot be used. Please choose another one."),
        "passwords_differ": _("The two passwords are not the same. Please type it again."),
    }
    return {
        field: _password_text(p, problem)
        if isinstance(problem, PasswordProblem)
        else texts[problem.value]
        for field, problem in problems.items()
    }


def _register_page(p: Page, errors: dict[str, str], note: str = "", status: int = 200) -> Response:
    return render(
        p,
        "register.html",
        status=status,
        errors=errors,
        values=p.form.without("password", "password_again", "csrf_token"),
        note=note,
        min_length=MIN_LENGTH,
    )


@form_page("/register", needs_login=False)
def _register_again(p: Page, note: str) -> Response:
    return _register_page(p, {}, note)


@router.get("/register")
def register_form(p: AnyPage) -> Response:
    """Show the registration form."""
    return _register_page(p, {})


@router.post("/register")
def register(p: AnyPage) -> Response:
    """Create an account and log it in."""
    result = account_service.register(
        p.db,
        p.form.get("login"),
        p.form.get("password"),
        p.form.get("password_again"),
        p.lang.value,
        p.now,
    )
    account = result.account
    if account is None:
        return _register_page(p, problem_texts(p, result.problems), status=400)
    token = accounts.start_session(
        p.db, account, p.now, address=address(p), user_agent=user_agent(p)
    )
    p.db.commit()
    set_session(p, token, account)
    # Shown this once and kept nowhere: the page is not stored (no-store), and the key is
    # in no row, log or cookie.
    return render(p, "recovery_key.html", recovery_key=account.recovery_key, next_path="/consent")


def address(p: Page) -> str:
    """Return the address a request came from, as the throttle counts it."""
    return devices.address(p.request) or "unknown"


def user_agent(p: Page) -> str | None:
    """Return the browser's own description, for the session list."""
    return devices.user_agent(p.request)


def set_session(p: Page, token: str, unlocked: accounts.Unlocked) -> None:
    """Make ``token`` this browser's session from now on, for this very response too."""
    login = unlocked.user.login
    p.set_cookie(security.SESSION_COOKIE, token)
    p.set_cookie(security.DEVICE_COOKIE, security.device_value(p.key, login), DEVICE_MAX_AGE)
    p.session_token = token
    p.viewer = viewer(p.db, unlocked.user, unlocked.data_key)


def _login_page(
    p: Page, errors: dict[str, str], note: str = "", status: int = 200, **extra: object
) -> Response:
    return render(
        p,
        "login.html",
        status=status,
        errors=errors,
        values=p.form.without("password", "csrf_token"),
        note=note,
        next_path=security.safe_next(p.form.get("next") or p.request.query_params.get("next")),
        carried=extra.get("carried", []),
    )


@form_page("/login", needs_login=False)
def _login_again(p: Page, note: str) -> Response:
    return _login_page(p, {}, note)


@router.get("/login")
def login_form(p: AnyPage) -> Response:
    """Show the login form."""
    if p.viewer is not None:
        return redirect(p, "/today")
    return _login_page(p, {})


@router.post("/login")
def login(p: AnyPage) -> Response:
    """Log in; the same answer for an unknown name and a wrong password."""
    _ = p._
    name = accounts.normalize_login(p.form.get("login"))
    device = security.verified_device(p.key, name, p.request.cookies.get(security.DEVICE_COOKIE))
    carried = [(k[6:], v) for k, v in p.form.items() if k.startswith("carry:")]
    result = account_service.log_in(
        p.db, name, p.form.get("password"), address(p), device, p.now, user_agent=user_agent(p)
    )
    p.db.commit()
    if isinstance(result, Blocked):
        message = _("There were many attempts to log in from here. Please wait a few minutes.")
        return _login_page(p, {"password": message}, status=429, carried=carried)
    if result is None:
        message = _("The login name or the password is not right.")
        return _login_page(p, {"password": message}, status=400, carried=carried)
    unlocked, token = result
    if unlocked.user.discreet:
        discreet.remember(p, on=True)  # this browser's login page is neutral from now on
    target = security.safe_next(p.form.get("next"))
    resume = FORM_PAGES.get(target)
    set_session(p, token, unlocked)
    if carried and resume is not None:
        # Show the form the user was filling in when the session ended, with their answers.
        p.form = FormValues({k: (v,) for k, v in carried})
        return resume.render(p, _("You are logged in again. Check your answers and send them."))
    return redirect(p, target if target != "/" else "/today")


@router.post("/logout")
def logout(p: AnyPage) -> Response:
    """End the session on the server and in the browser."""
    if p.session_token:
        accounts.end_session(p.db, p.session_token)
        p.db.commit()
    p.set_cookie(security.SESSION_COOKIE, None)
    response = redirect(p, "/")
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@router.post("/exit")
def quick_exit(p: AnyPage) -> Response:
    """End the session at once and leave for the neutral page (the quick exit)."""
    if p.session_token:
        accounts.end_session(p.db, p.session_token)
        p.db.commit()
    p.set_cookie(security.SESSION_COOKIE, None)
    if p.request.headers.get("sec-fetch-dest") == "empty":
        # The script's beacon: the page itself is already leaving. A redirect to the exit
        # site would be followed by the beacon and blocked by the page's CSP.
        response = finish(p, Response(status_code=204))
    else:
        response = finish(p, Response(status_code=303, headers={"Location": p.settings.exit_url}))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@router.post("/lang")
def switch_language(p: AnyPage) -> Response:
    """Switch the interface language, for this browser and the user's account."""
    lang = p.form.get("lang")
    if lang in ("nl", "en"):
        p.set_cookie(LANG_COOKIE, lang, 365 * 24 * 3600)
        if p.viewer is not None:
            p.viewer.user.lang = lang
            p.db.commit()
    return redirect(p, security.safe_next(p.form.get("next")))


@router.post("/session/alive")
def keep_alive(p: LoggedInPage) -> Response:
    """Keep the session going (the idle warning's button); the request itself is the point."""
    if p.session is not None:
        p.session.last_seen_at = p.now
        p.db.commit()
    return Response(status_code=204)

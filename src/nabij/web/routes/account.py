"""The account page (discreet mode, and the ways to my sessions, password and data) and my sessions.

The session list shows only the user's own sessions, with the device, network address and
times that only they may see; ending any of them asks for the password first.
"""

from datetime import UTC, datetime

from babel.dates import format_date, format_time
from fastapi import APIRouter
from fastapi.responses import Response

from nabij.services import sessions as session_service
from nabij.services.sessions import OTHERS, Ended, Refusal
from nabij.store.accounts import Timeouts
from nabij.store.tables import Session as SessionRow
from nabij.store.throttle import Blocked
from nabij.web import devices, discreet
from nabij.web.context import Page, UserPage, redirect, render
from nabij.web.resume import form_page

router = APIRouter()


@router.get("/account")
def account(p: UserPage) -> Response:
    """Show the account page: discreet mode and the ways to sessions, password and data."""
    return render(p, "account.html", on=p.user_viewer.user.discreet)


@router.post("/account/discreet")
def set_discreet(p: UserPage) -> Response:
    """Turn discreet mode on or off, for the account and this browser."""
    on = p.form.get("discreet") == "on"
    p.user_viewer.user.discreet = on
    p.db.commit()
    discreet.remember(p, on)
    return redirect(p, "/account")


def _when(p: Page, moment: datetime) -> str:
    """Return a UTC time as the user's local date and time, in their language."""
    local = moment.replace(tzinfo=UTC).astimezone(p.settings.timezone)
    return p._("%(date)s at %(time)s") % {
        "date": format_date(local.date(), "long", locale=p.lang.value),
        "time": format_time(local.time(), "HH:mm", locale=p.lang.value),
    }


def _device_text(p: Page, row: SessionRow) -> str:
    _ = p._
    found = devices.device(row.user_agent)
    if found.browser and found.system:
        return _("%(browser)s on %(system)s") % {
            "browser": found.browser,
            "system": found.system,
        }
    if found.browser:
        return found.browser
    if found.system:
        return _("A browser on %(system)s") % {"system": found.system}
    return _("Unknown device")


def _sessions_page(
    p: Page, errors: dict[str, str] | None = None, note: str = "", status: int = 200
) -> Response:
    who = p.user_viewer
    timeouts = Timeouts(p.request.app.state.idle, p.request.app.state.absolute)
    current = p.session.id if p.session is not None else None
    rows = session_service.listed(p.db, who.user, p.now, timeouts)
    # This device first, then the others as they were last used.
    rows.sort(key=lambda row: row.id != current)
    listed = [
        {
            "id": row.id,
            "device": _device_text(p, row),
            "address": row.address,
            "started": _when(p, row.created_at),
            "last_used": _when(p, row.last_seen_at),
            "current": row.id == current,
        }
        for row in rows
    ]
    return render(
        p,
        "account_sessions.html",
        status=status,
        sessions=listed,
        others=sum(not s["current"] for s in listed),
        errors=errors or {},
        note=note,
        everywhere=OTHERS,
    )


@form_page("/account/sessions/end")
def _sessions_again(p: Page, note: str) -> Response:
    return _sessions_page(p, note=note)


@router.get("/account/sessions")
def session_list(p: UserPage) -> Response:
    """List where I am logged in, this device first."""
    _ = p._
    notes = {
        "one": _("That session is ended: that device is logged out."),
        "others": _("You are now logged out everywhere else. Only this device is still logged in."),
    }
    return _sessions_page(p, note=notes.get(p.request.query_params.get("ended", ""), ""))


@router.post("/account/sessions/end")
def end_sessions(p: UserPage) -> Response:
    """End one of my other sessions, or all of them, once my password is typed again."""
    _ = p._
    who = p.user_viewer
    assert p.session is not None  # a UserPage has a live session
    result = session_service.end(
        p.db,
        who.user,
        p.session.id,
        p.form.get("session"),
        p.form.get("password"),
        devices.address(p.request) or "unknown",
        p.now,
    )
    p.db.commit()
    if isinstance(result, Blocked):
        message = _(
            "There were too many tries with a wrong password. Nothing was ended. Please wait "
            "a few minutes and try again."
        )
        return _sessions_page(p, {"password": message}, status=429)
    if result is Refusal.NO_PASSWORD:
        message = _("Type your password to end a session.")
        return _sessions_page(p, {"password": message}, status=400)
    if result is Refusal.WRONG_PASSWORD:
        message = _("This is not your password. Nothing was ended. Please try again.")
        return _sessions_page(p, {"password": message}, status=400)
    assert isinstance(result, Ended)
    if result.others:
        return redirect(p, "/account/sessions?ended=others")
    if result.count == 0:
        return _sessions_page(p, note=_("That session had already ended."))
    return redirect(p, "/account/sessions?ended=one")

"""Delete my account: say plainly what goes, ask for the password and a tick, then log out."""

from fastapi import APIRouter
from fastapi.responses import Response

from nabij.store import accounts, deletion
from nabij.store.throttle import Blocked
from nabij.web import security
from nabij.web.context import Page, UserPage, render
from nabij.web.resume import form_page

router = APIRouter()


def _delete_page(
    p: Page, errors: dict[str, str] | None = None, note: str = "", status: int = 200
) -> Response:
    who = p.user_viewer
    return render(
        p,
        "account_delete.html",
        status=status,
        errors=errors or {},
        note=note,
        in_couple=who.membership is not None,
        partner=who.partner,
        confirmed=p.form.has("confirm"),
    )


@form_page("/account/delete")
def _delete_again(p: Page, note: str) -> Response:
    return _delete_page(p, note=note)


@router.get("/account/delete")
def delete_form(p: UserPage) -> Response:
    """Say what deleting the account removes, and that it cannot be undone."""
    return _delete_page(p)


@router.post("/account/delete")
def delete_account(p: UserPage) -> Response:
    """Delete the account for good once the password and the tick are given; then log out."""
    _ = p._
    who = p.user_viewer
    errors: dict[str, str] = {}
    if not p.form.has("confirm"):
        errors["confirm"] = _("Tick this box if you are sure.")
    address = p.request.client.host if p.request.client else "unknown"
    confirmed = accounts.confirm_password(p.db, who.user, p.form.get("password"), address, p.now)
    p.db.commit()  # wrong tries count, as at the login
    if isinstance(confirmed, Blocked):
        wait = _("There were many attempts with a wrong password. Please wait a few minutes.")
        return _delete_page(p, errors | {"password": wait}, status=429)
    if not confirmed:
        errors["password"] = _("This is not your password.")
    if errors:
        return _delete_page(p, errors, status=400)
    deletion.delete_account(p.db, who.user.id)
    # Logged out here and now, as after /logout: the page below is a visitor's page.
    p.viewer = None
    p.session_token = None
    p.session = None
    p.set_cookie(security.SESSION_COOKIE, None)
    p.set_cookie(security.DEVICE_COOKIE, None)
    response = render(p, "goodbye.html")
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response

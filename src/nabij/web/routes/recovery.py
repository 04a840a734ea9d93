"""Changing the password, recovering with the recovery key, and an operator's reset link."""

from fastapi import APIRouter
from fastapi.responses import Response

from nabij.services import accounts as account_service
from nabij.store import accounts, recovery, sessions
from nabij.store.passwords import MIN_LENGTH
from nabij.store.throttle import Blocked
from nabij.web.context import AnyPage, Page, UserPage, redirect, render
from nabij.web.routes.auth import address, problem_texts, set_session, user_agent

router = APIRouter()
_NEW = ("password", "password_again")


def _blocked_text(p: Page) -> str:
    return p._("There were many attempts from here. Please wait a few minutes.")


def _show_key(p: Page, account: accounts.Registered) -> Response:
    """Log the browser in anew and show the (new) recovery key, once."""
    token = accounts.start_session(
        p.db, account, p.now, address=address(p), user_agent=user_agent(p)
    )
    p.db.commit()
    set_session(p, token, account)
    return render(p, "recovery_key.html", recovery_key=account.recovery_key, next_path="/today")


# --- a password change -------------------------------------------------------------------------


def _password_page(p: Page, errors: dict[str, str], status: int = 200) -> Response:
    # Ticked at first: other devices are logged out unless the user keeps them on purpose.
    ended = p.form.get("end_others") == "yes" if p.request.method == "POST" else True
    return render(
        p, "password.html", status=status, errors=errors, min_length=MIN_LENGTH, end_others=ended
    )


@router.get("/account/password")
def password_form(p: UserPage) -> Response:
    """Show the form to change the password."""
    return _password_page(p, {})


@router.post("/account/password")
def change_password(p: UserPage) -> Response:
    """Change the password: the current one first; other sessions end unless kept on purpose."""
    _ = p._
    who = p.user_viewer
    confirmed = accounts.confirm_password(
        p.db, who.user, p.form.get("current_password"), address(p), p.now
    )
    if confirmed is not True:
        p.db.commit()  # the failed try counts
        text = (
            _blocked_text(p)
            if isinstance(confirmed, Blocked)
            else _("This is not your current password.")
        )
        return _password_page(p, {"current_password": text}, status=400)
    new = p.form.get("password")
    problems = account_service.new_password_problems(
        who.user.login, new, p.form.get("password_again")
    )
    if problems:
        return _password_page(p, problem_texts(p, problems), status=400)
    data_key = who.keys.data_key
    if data_key is None or p.session is None:  # pragma: no cover - a user page has both
        return redirect(p, "/login")
    recovery.change_password(who.user, data_key, new)
    if p.form.get("end_others") == "yes":
        sessions.end_others(p.db, who.user.id, p.session.id)
    p.db.commit()
    return render(p, "password_changed.html")


# --- the recovery key --------------------------------------------------------------------------


def _recover_page(p: Page, errors: dict[str, str], status: int = 200) -> Response:
    return render(
        p,
        "recover.html",
        status=status,
        errors=errors,
        values=p.form.without("recovery_key", *_NEW, "csrf_token"),
        min_length=MIN_LENGTH,
    )


@router.get("/recover")
def recover_form(p: AnyPage) -> Response:
    """Explain the ways back into an account, with the form for the recovery key."""
    return _recover_page(p, {})


@router.post("/recover")
def recover(p: AnyPage) -> Response:
    """Open the account with its recovery key and set a new password.

    An unknown name and a wrong key get one and the same answer.
    """
    _ = p._
    login = p.form.get("login")
    new = p.form.get("password")
    problems = account_service.new_password_problems(login, new, p.form.get("password_again"))
    if problems:
        return _recover_page(p, problem_texts(p, problems), status=400)
    found = recovery.open_by_recovery_key(
        p.db, login, p.form.get("recovery_key"), address(p), p.now
    )
    if not isinstance(found, accounts.Unlocked):
        p.db.commit()  # the failed try counts
        text = (
            _blocked_text(p)
            if isinstance(found, Blocked)
            else _("The login name or the recovery key is not right.")
        )
        return _recover_page(p, {"recovery_key": text}, status=429 if found else 400)
    return _show_key(p, recovery.recovered(p.db, found, new))


# --- an operator's reset link ------------------------------------------------------------------


def _reset_page(p: Page, token: str, errors: dict[str, str], status: int = 200) -> Response:
    return render(
        p,
        "reset.html",
        status=status,
        errors=errors,
        token=token,
        understood=p.form.get("understood") == "yes",
        min_length=MIN_LENGTH,
    )


@router.get("/reset/{token}")
def reset_form(p: AnyPage, token: str) -> Response:
    """Show what a reset keeps and what it loses, with the new password's form."""
    if recovery.reset_user(p.db, token, p.now) is None:
        return render(p, "reset_gone.html", status=404)
    return _reset_page(p, token, {})


@router.post("/reset/{token}")
def reset(p: AnyPage, token: str) -> Response:
    """Reset the account to a new password and new keys; the link is spent."""
    _ = p._
    user = recovery.reset_user(p.db, token, p.now)
    if user is None:
        return render(p, "reset_gone.html", status=404)
    new = p.form.get("password")
    errors = problem_texts(
        p, account_service.new_password_problems(user.login, new, p.form.get("password_again"))
    )
    if p.form.get("understood") != "yes":
        errors["understood"] = _(
            "Please tick the box to confirm that you know what cannot be opened again."
        )
    if errors:
        return _reset_page(p, token, errors, status=400)
    return _show_key(p, recovery.reset(p.db, user, new))

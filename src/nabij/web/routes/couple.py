"""The couple space: create it, invite with a one-time code, join, choose joint exercises, leave."""

from datetime import UTC, datetime

from babel.dates import format_date, format_time
from fastapi import APIRouter
from fastapi.responses import Response

from nabij.services import couple as couple_service
from nabij.store.couples import JoinProblem, JoinRefused
from nabij.web.context import Page, UserPage, redirect, render
from nabij.web.resume import form_page

router = APIRouter()


def moment(p: Page, when: datetime) -> str:
    """Return a UTC time as the user's local date and time, in their language."""
    local = when.replace(tzinfo=UTC).astimezone(p.settings.timezone)
    return p._("%(date)s at %(time)s") % {
        "date": format_date(local.date(), "long", locale=p.lang.value),
        "time": format_time(local.time(), "HH:mm", locale=p.lang.value),
    }


def _couple_page(
    p: Page, errors: dict[str, str] | None = None, note: str = "", status: int = 200
) -> Response:
    state = couple_service.state(p.db, p.user_viewer, p.now)
    until = state.invite_open_until
    return render(
        p,
        "couple.html",
        status=status,
        state=state,
        invite_until=moment(p, until) if until is not None else None,
        errors=errors or {},
        code=p.form.get("code"),
        note=note,
    )


@form_page("/couple/join")
def _join_again(p: Page, note: str) -> Response:
    return _couple_page(p, note=note)


@router.get("/couple")
def couple_page(p: UserPage) -> Response:
    """Show the couple space: alone, waiting for the partner, or linked."""
    return _couple_page(p)


@router.post("/couple/create")
def create(p: UserPage) -> Response:
    """Create a couple space (someone already in one keeps theirs)."""
    couple_service.create_space(p.db, p.user_viewer, p.now)
    p.db.commit()
    return redirect(p, "/couple")


@router.post("/couple/invite")
def invite(p: UserPage) -> Response:
    """Make a new one-time code and show it, this once."""
    made = couple_service.new_invite(p.db, p.user_viewer, p.now)
    if made is None:
        return redirect(p, "/couple")
    p.db.commit()
    return render(p, "couple_code.html", code=made.code, until=moment(p, made.expires_at))


def _join_text(p: Page, refused: JoinRefused) -> str:
    _ = p._
    if refused.problem is JoinProblem.ALREADY_IN_COUPLE:
        return _("You are already linked with a partner. Leave that couple space first.")
    if refused.problem is JoinProblem.TOO_MANY_TRIES and refused.until is not None:
        return _("Many codes were tried from this account. Please try again after %(time)s.") % {
            "time": moment(p, refused.until)
        }
    return _(
        "This code does not work (any more). Check it with your partner, or ask them for a new one."
    )


@router.post("/couple/join")
def join(p: UserPage) -> Response:
    """Join the partner's couple space with their code."""
    result = couple_service.join(p.db, p.user_viewer, p.form.get("code"), p.now)
    p.db.commit()
    if isinstance(result, JoinRefused):
        status = 429 if result.problem is JoinProblem.TOO_MANY_TRIES else 400
        return _couple_page(p, {"code": _join_text(p, result)}, status=status)
    return redirect(p, "/couple")


@router.post("/couple/joint")
def joint(p: UserPage) -> Response:
    """Record whether the user is open to joint exercises."""
    couple_service.set_open_to_joint(p.user_viewer, p.form.has("open_to_joint"))
    p.db.commit()
    return redirect(p, "/couple")


@router.get("/couple/leave")
def leave_page(p: UserPage) -> Response:
    """Ask before leaving, and say what leaving does."""
    if p.user_viewer.membership is None:
        return redirect(p, "/couple")
    return render(p, "couple_leave.html", partner=p.user_viewer.partner)


@router.post("/couple/leave")
def leave(p: UserPage) -> Response:
    """Leave the couple space; the other loses sight of everything shared at once."""
    couple_service.leave(p.db, p.user_viewer)
    p.db.commit()
    return redirect(p, "/couple")

"""Today: the page opened every day — the check-in, the intake if it is missing, the next step."""

from datetime import UTC

from fastapi import APIRouter
from fastapi.responses import Response

from nabij.model.safety import pause_message, safety_texts
from nabij.model.texts import model_text
from nabij.services import checkins
from nabij.services.insight import insight
from nabij.web.context import Page, UserPage, render
from nabij.web.routes.checkin import long_day

router = APIRouter()

# Local hours at which the greeting changes: morning from 5, afternoon from 12, evening from
# 18. Before 5 it is still evening: someone awake at 3 at night is not starting a new morning.
MORNING_FROM = 5
AFTERNOON_FROM = 12
EVENING_FROM = 18


def _greeting(p: Page) -> str:
    _ = p._
    hour = p.now.replace(tzinfo=UTC).astimezone(p.settings.timezone).hour
    name = {"name": p.user_viewer.user.login}
    if MORNING_FROM <= hour < AFTERNOON_FROM:
        return _("Good morning, %(name)s") % name
    if AFTERNOON_FROM <= hour < EVENING_FROM:
        return _("Good afternoon, %(name)s") % name
    return _("Good evening, %(name)s") % name


@router.get("/today")
def today(p: UserPage) -> Response:
    """Show the day: whether the check-in is done, the intake reminder, and the next step."""
    who = p.user_viewer
    seen = insight(p.db, who, p.today)
    step = seen.assessment.next_step.step if seen.assessment is not None else None
    # ``?saved=<date>`` comes from the check-in form. The thanks, and the private offer to look
    # at the safety questions again, rest on this user's own saved check-in of that day: the
    # address alone shows nothing, and nobody else's answers are read.
    saved_text = p.request.query_params.get("saved")
    saved_day = checkins.read_day(saved_text, p.today) if saved_text else None
    saved = checkins.on_day(p.db, who, saved_day) if saved_day is not None else None
    low = saved is not None and checkins.offers_safety_recheck(saved)
    later = low and p.request.query_params.get("later") == "1"
    return render(
        p,
        "today.html",
        greeting=_greeting(p),
        day_label=long_day(p.today, p.lang),
        done=any(c.date == p.today for c in seen.own),
        has_intake=seen.assessment is not None,
        saved=saved,
        saved_label=long_day(saved.checkin.date, p.lang) if saved else "",
        recheck=safety_texts(p.lang).recheck if low and not later else None,
        later=safety_texts(p.lang).recheck.later if later else None,
        paused=pause_message(p.lang) if seen.joint_paused else None,
        step=step,
        step_name=model_text(p.lang, "step", step.value, "name") if step else "",
        step_text=model_text(p.lang, "step", step.value, "explanation") if step else "",
    )

"""The daily check-in: the form, the list of my check-ins, and deleting a check-in or a note."""

from collections.abc import Callable
from datetime import date
from typing import Any

from babel.dates import format_date
from fastapi import APIRouter
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from nabij.instruments.checkin import FLAGS, RATINGS
from nabij.model.guide import ritual_ideas
from nabij.model.ids import ConflictTopic, Lang, ShareCategory, Wants
from nabij.model.texts import model_text, text
from nabij.services import checkins
from nabij.services.checkins import (
    BACKFILL_FOR,
    NOTE_MAX_CHARS,
    RITUAL_MAX_CHARS,
    RITUALS_MAX,
    CheckinProblem,
    DayState,
)
from nabij.store.records import StoredCheckin
from nabij.web.context import Page, UserPage, redirect, render
from nabij.web.forms import FormValues
from nabij.web.resume import form_page

router = APIRouter()

# The order of the form, so that the first problem named on top is the first one on the page.
FIELD_ORDER: tuple[str, ...] = (
    "date",
    *RATINGS,
    "wants",
    *FLAGS,
    "conflict_topic",
    "rituals",
    "ritual_other",
    "note",
    "share_note",
)


def long_day(day: date, lang: Lang) -> str:
    """Return a day as a heading names it ("dinsdag 3 maart", "Tuesday 3 March")."""
    return format_date(day, "EEEE d MMMM", locale=lang.value)


def question(lang: Lang, key: str) -> str:
    """Return a check-in question from the instruments' data files."""
    return text("nabij.instruments", lang, "checkin", key)


def _ritual_ids(lang: Lang) -> tuple[str, ...]:
    return tuple(idea.id for idea in ritual_ideas(lang))


def _message(_: Callable[[str], str], name: str, problem: CheckinProblem) -> str:
    if problem is CheckinProblem.BAD_DATE:
        return _("This date could not be read. Please open the check-in again from your list.")
    if problem is CheckinProblem.FUTURE:
        return _("This day has not come yet. You can check in for today or for an earlier day.")
    if problem is CheckinProblem.TOO_OLD:
        return _(
            "A missed day can be filled in up to %(n)d days later. This day is further back, "
            "so it stays empty, and that is fine."
        ) % {"n": BACKFILL_FOR.days}
    if problem is CheckinProblem.READ_ONLY:
        return _(
            "This check-in can no longer be changed: a check-in stays open until the end of "
            "the next day. In your list you can still delete it, or only its note."
        )
    if name in RATINGS:
        return _("Please choose a number from 0 to 10.")
    if name == "wants":
        return _("Please choose one of the three.")
    if name == "note":
        return _(
            "This note is longer than %(n)d characters. Please shorten it a little; "
            "your text is still here."
        ) % {"n": NOTE_MAX_CHARS}
    if name == "ritual_other" and problem is CheckinProblem.TOO_MANY:
        return _("Please keep it to %(n)d rituals at most.") % {"n": RITUALS_MAX}
    if name == "ritual_other":
        return _("Please keep each ritual under %(n)d characters.") % {"n": RITUAL_MAX_CHARS}
    if name in ("conflict_topic", "rituals"):
        return _("Please choose from the list.")
    return _("This answer could not be read. Please tick it again, or leave it open.")


def _errors(p: Page, problems: dict[str, CheckinProblem]) -> dict[str, str]:
    ordered = sorted(problems, key=lambda n: FIELD_ORDER.index(n) if n in FIELD_ORDER else 99)
    return {name: _message(p._, name, problems[name]) for name in ordered}


def _form(
    p: Page,
    values: FormValues,
    *,
    day: date | None,
    state: DayState | None,
    errors: dict[str, str] | None = None,
    note: str = "",
    status: int = 200,
    stored: StoredCheckin | None = None,
) -> Response:
    lang = p.lang
    return render(
        p,
        "checkin.html",
        status=status,
        # A refused POST always shows the form again, so that nothing typed is lost; a page
        # opened for a day that cannot be written shows why, and the check-in if there is one.
        show_form=p.request.method == "POST" or (state is not None and state.writable),
        stored=stored,
        labels=_labels(p),
        values=values,
        errors=errors or {},
        note=note,
        day=day,
        day_label=long_day(day, lang) if day else "",
        is_today=day == p.today,
        state=state,
        states=DayState,
        questions={key: question(lang, key) for key in (*RATINGS, *FLAGS, "wants", "note")},
        intro=question(lang, "intro"),
        wants=[(w.value, model_text(lang, "wants", w.value, "name")) for w in Wants],
        ratings=RATINGS,
        flags=FLAGS,
        topics=[(t.value, model_text(lang, "topic", t.value, "name")) for t in ConflictTopic],
        rituals=ritual_ideas(lang),
        shares_notes=ShareCategory.NOTES in p.user_viewer.own_shares,
        note_max=NOTE_MAX_CHARS,
    )


def _state_of(p: Page, day: date | None) -> DayState | None:
    if day is None:
        return None
    exists = checkins.on_day(p.db, p.user_viewer, day) is not None
    return checkins.day_state(day, p.today, exists)


@form_page("/checkin")
def _checkin_again(p: Page, note: str) -> Response:
    day = checkins.read_day(p.form.get("date"), p.today)
    values = p.form.without("csrf_token")
    return _form(p, values, day=day, state=_state_of(p, day), note=note)


@router.get("/checkin")
def checkin_form(p: UserPage) -> Response:
    """Show the check-in of today, or of the day in ``?date=``, to fill in or change."""
    who = p.user_viewer
    day = checkins.read_day(p.request.query_params.get("date", ""), p.today)
    if day is None:
        errors = _errors(p, {"date": CheckinProblem.BAD_DATE})
        return _form(p, FormValues(), day=None, state=None, errors=errors, status=400)
    stored = checkins.on_day(p.db, who, day)
    state = checkins.day_state(day, p.today, stored is not None)
    if stored is not None:
        values = FormValues(checkins.form_values(stored, _ritual_ids(p.lang)))
    else:
        values = FormValues({"date": (day.isoformat(),)})
    if state is DayState.FUTURE or state is DayState.TOO_OLD:
        problem = CheckinProblem.FUTURE if state is DayState.FUTURE else CheckinProblem.TOO_OLD
        errors = _errors(p, {"date": problem})
        return _form(p, values, day=day, state=state, errors=errors, status=400)
    if state is DayState.READ_ONLY:
        errors = _errors(p, {"date": CheckinProblem.READ_ONLY})
        return _form(p, values, day=day, state=state, errors=errors, stored=stored)
    return _form(p, values, day=day, state=state)


@router.post("/checkin")
def checkin(p: UserPage) -> Response:
    """Save the check-in, or show the form again with every answer and each problem."""
    result = checkins.submit(
        p.db, p.user_viewer, p.form.fields, _ritual_ids(p.lang), p.today, p.now
    )
    if result.problems or result.day is None:
        values = p.form.without("csrf_token")
        errors = _errors(p, dict(result.problems))
        state = _state_of(p, result.day)
        return _form(p, values, day=result.day, state=state, errors=errors, status=400)
    p.db.commit()
    # The day saved goes along so that /today can thank, and, only when this user's own
    # check-in of that day says so, privately offer the safety questions again. The address
    # itself says nothing about how the day went.
    return redirect(p, f"/today?saved={result.day.isoformat()}")


@router.get("/checkins")
def checkin_list(p: UserPage) -> Response:
    """List my own check-ins, newest first, with what can still be done to each."""
    who = p.user_viewer
    return render(
        p,
        "checkins.html",
        entries=checkins.entries(p.db, who, p.today),
        missing=checkins.missing_days(p.db, who, p.today),
        long_day=lambda day: long_day(day, p.lang),
        labels=_labels(p),
    )


def _labels(p: Page) -> dict[str, Any]:
    """Return the short words a saved check-in is summed up with."""
    _ = p._
    lang = p.lang
    return {
        "ratings": [
            ("closeness", _("Closeness")),
            ("safety", _("Felt safety")),
            ("stress", _("Stress")),
            ("teamwork", _("Teamwork")),
            ("own_space", _("Room for yourself")),
        ],
        "flags": [
            ("reached_out", _("reached out")),
            ("pulled_back", _("pulled back")),
            ("conflict", _("conflict")),
            ("connection", _("a moment of connection")),
            ("talked_about_it", _("talked about it")),
        ],
        "wants": {w.value: model_text(lang, "wants", w.value, "name") for w in Wants},
        "topics": {t.value: model_text(lang, "topic", t.value, "name") for t in ConflictTopic},
        "rituals": {idea.id: idea.text for idea in ritual_ideas(lang)},
    }


def _own(p: Page, checkin_id: str) -> StoredCheckin:
    stored = checkins.find(p.db, p.user_viewer, checkin_id)
    if stored is None:
        # Someone else's check-in answers exactly like one that does not exist.
        raise HTTPException(status_code=404)
    return stored


def _confirm(p: Page, checkin_id: str, what: str) -> Response:
    stored = _own(p, checkin_id)
    return render(
        p,
        "checkins.html",
        confirm=what,
        stored=stored,
        labels=_labels(p),
        checkin_id=checkin_id,
        day_label=long_day(stored.checkin.date, p.lang),
    )


@router.get("/checkins/{checkin_id}/delete")
def confirm_delete(p: UserPage, checkin_id: str) -> Response:
    """Ask once more before deleting a check-in."""
    return _confirm(p, checkin_id, "checkin")


@router.post("/checkins/{checkin_id}/delete")
def delete(p: UserPage, checkin_id: str) -> Response:
    """Delete one of my check-ins with its note."""
    if not checkins.delete(p.db, p.user_viewer, checkin_id):
        raise HTTPException(status_code=404)
    p.db.commit()
    return redirect(p, "/checkins")


@router.get("/checkins/{checkin_id}/note/delete")
def confirm_delete_note(p: UserPage, checkin_id: str) -> Response:
    """Ask once more before deleting only the note of a check-in."""
    stored = _own(p, checkin_id)
    if stored.checkin.note is None:
        return redirect(p, "/checkins")
    return _confirm(p, checkin_id, "note")


@router.post("/checkins/{checkin_id}/note/delete")
def delete_note(p: UserPage, checkin_id: str) -> Response:
    """Delete only the note of one of my check-ins; its answers stay."""
    if not checkins.delete_note(p.db, p.user_viewer, checkin_id):
        raise HTTPException(status_code=404)
    p.db.commit()
    return redirect(p, "/checkins")

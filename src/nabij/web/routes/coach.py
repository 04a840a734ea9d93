"""The message coach page: see as you type what a message may do, and keep a draft on request.

``POST /coach/analyse`` answers htmx on every pause in typing with the result fragment; it
writes nothing and logs nothing but its path. Without JavaScript the form posts to ``/coach``
and the whole page comes back with the same fragment in it. The text never goes into a URL:
a kept draft is opened by its id.
"""

from datetime import datetime

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from nabij.coach.analysis import MAX_CHARS
from nabij.services import coach as coach_service
from nabij.services.coach import Coaching, KeptDraft, Problem, Refused
from nabij.web.context import Page, UserPage, redirect, render
from nabij.web.resume import form_page

router = APIRouter()

TEXT = "text"
TEXT_LANG = "text_lang"


def _problem(p: Page, refused: Refused) -> str:
    _ = p._
    if refused.problem is Problem.EMPTY:
        return _("Write a message first; then the coach can look at it.")
    return _(
        "This message has %(count)s characters; the coach reads at most %(limit)s. Your text "
        "is still here: make it a little shorter, or look at it in parts."
    ) % {
        "count": format_decimal(refused.length, locale=p.lang.value),
        "limit": format_decimal(MAX_CHARS, locale=p.lang.value),
    }


def _when(p: Page, moment: datetime) -> str:
    """Return a local time as the page's language writes it ("25 november 2026, 13:05")."""
    lang = p.lang.value
    return (
        f"{format_date(moment, 'long', locale=lang)}, {format_time(moment, 'short', locale=lang)}"
    )


def _summary(p: Page, result: Coaching | None) -> str:
    """Return the one line a screen reader hears when the result changes."""
    _ = p._
    if result is None:
        return ""
    if result.safety is not None:
        return result.safety.title
    if not result.walls and not result.doors:
        return _("nabij sees no walls and no doors in this message.")
    return _("Walls found: %(walls)d. Doors found: %(doors)d.") % {
        "walls": len(result.walls),
        "doors": len(result.doors),
    }


def _look(p: Page, *, quiet_when_empty: bool) -> tuple[Coaching | None, str | None]:
    """Return the coach's view of the posted message, or the problem to show by its field."""
    result = coach_service.coach(
        p.form.get(TEXT), p.lang, coach_service.text_lang(p.form.get(TEXT_LANG))
    )
    if not isinstance(result, Refused):
        return result, None
    if result.problem is Problem.EMPTY and quiet_when_empty:
        return None, None
    return None, _problem(p, result)


def _coach_page(
    p: Page,
    *,
    text: str,
    text_lang: str = "auto",
    result: Coaching | None = None,
    problem: str | None = None,
    note: str = "",
    draft: KeptDraft | None = None,
    status: int = 200,
) -> Response:
    kept_on = None
    if draft is not None:
        kept_on = _when(p, draft.kept_at)
    return render(
        p,
        "coach.html",
        status=status,
        text=text,
        text_lang=text_lang,
        result=result,
        errors={TEXT: problem} if problem else {},
        summary=_summary(p, result),
        note=note,
        kept_on=kept_on,
        limit=format_decimal(MAX_CHARS, locale=p.lang.value),
    )


@form_page("/coach")
@form_page("/coach/keep")
def _coach_again(p: Page, note: str) -> Response:
    result, problem = _look(p, quiet_when_empty=True)
    return _coach_page(
        p,
        text=p.form.get(TEXT),
        text_lang=p.form.get(TEXT_LANG, "auto"),
        result=result,
        problem=problem,
        note=note,
    )


@router.get("/coach")
def coach_form(p: UserPage, draft: str | None = None, kept: str | None = None) -> Response:
    """Show the coach, empty or with one of the user's kept drafts in it."""
    if draft is None:
        return _coach_page(p, text="")
    found = coach_service.kept_draft(p.db, p.user_viewer, draft, p.settings.timezone)
    if found is None:
        raise HTTPException(status_code=404)
    result = coach_service.coach(found.text, p.lang)
    note = p._("Kept. You can find this draft again under “My kept drafts”.") if kept else ""
    return _coach_page(
        p,
        text=found.text,
        result=result if isinstance(result, Coaching) else None,
        note=note,
        draft=found,
    )


@router.post("/coach")
def coach_page(p: UserPage) -> Response:
    """Show the whole page with the coach's view of the posted message (without JavaScript)."""
    result, problem = _look(p, quiet_when_empty=False)
    return _coach_page(
        p,
        text=p.form.get(TEXT),
        text_lang=p.form.get(TEXT_LANG, "auto"),
        result=result,
        problem=problem,
        status=400 if problem else 200,
    )


@router.post("/coach/analyse")
def analyse(p: UserPage) -> Response:
    """Answer a pause in typing with the result fragment; nothing is stored or logged."""
    result, problem = _look(p, quiet_when_empty=True)
    return render(
        p,
        "_coach_result.html",
        result=result,
        oob=True,
        problem=problem,
        summary=_summary(p, result),
    )


@router.post("/coach/keep")
def keep(p: UserPage) -> Response:
    """Keep the draft in the form, because the user asked to."""
    kept = coach_service.keep(p.db, p.user_viewer, p.form.get(TEXT), p.now)
    if isinstance(kept, Refused):
        result, _ = _look(p, quiet_when_empty=True)
        return _coach_page(
            p,
            text=p.form.get(TEXT),
            text_lang=p.form.get(TEXT_LANG, "auto"),
            result=result,
            problem=_problem(p, kept),
            status=400,
        )
    p.db.commit()
    return redirect(p, f"/coach?draft={kept}&kept=1")


@router.get("/coach/drafts")
def drafts(p: UserPage) -> Response:
    """List the user's kept drafts, newest first."""
    found = coach_service.kept(p.db, p.user_viewer, p.settings.timezone)
    return render(
        p,
        "coach_drafts.html",
        drafts=[(draft, _when(p, draft.kept_at)) for draft in found],
    )


@router.post("/coach/drafts/{draft_id}/delete")
def delete_draft(p: UserPage, draft_id: str) -> Response:
    """Delete one of the user's kept drafts; someone else's answers 404, like a missing one."""
    if not coach_service.forget(p.db, p.user_viewer, draft_id):
        raise HTTPException(status_code=404)
    p.db.commit()
    return redirect(p, "/coach/drafts")

"""The safety questions taken again, and the private safety page of the person who needs it."""

from fastapi import APIRouter
from fastapi.responses import Response

from nabij.instruments.intake import SAFETY_QUESTIONS
from nabij.model.crisis_lines import crisis_lines
from nabij.model.safety import safety_texts
from nabij.model.texts import model_text, text
from nabij.model.therapy import Country, therapy
from nabij.services import safety
from nabij.services.intake import NO, YES
from nabij.web.context import Page, UserPage, redirect, render
from nabij.web.resume import form_page

router = APIRouter()


def _question(p: Page, *keys: str) -> str:
    """Return a text of the questionnaires (the intake asks the same safety questions)."""
    return text("nabij.instruments", p.lang, "intake", *keys)


def _screen_page(
    p: Page, errors: dict[str, str], note: str = "", status: int = 200, saved: bool = False
) -> Response:
    who = p.user_viewer
    return render(
        p,
        "safety_screen.html",
        status=status,
        has_intake=saved or safety.has_intake(p.db, who),
        intro=_question(p, "safety_recheck_intro"),
        questions=[(name, _question(p, "safety", name)) for name in SAFETY_QUESTIONS],
        yes=YES,
        no=NO,
        values=p.form.without("csrf_token"),
        errors=errors,
        note=note,
        saved=saved,
        own_pause=who.user.joint_paused,
    )


@form_page("/safety/screen")
def _screen_again(p: Page, note: str) -> Response:
    return _screen_page(p, {}, note)


@router.get("/safety/screen")
def screen_form(p: UserPage) -> Response:
    """Show the five safety questions, or say that they come with the intake first."""
    return _screen_page(p, {})


@router.post("/safety/screen")
def take_screen(p: UserPage) -> Response:
    """Save the answers; any concern pauses joint exercises and opens the safety page."""
    parsed = safety.read_screen(p.form.fields)
    if parsed.screen is None:
        message = p._("Please choose yes or no.")
        return _screen_page(p, dict.fromkeys(parsed.problems, message), status=400)
    outcome = safety.take_screen(p.db, p.user_viewer, parsed.screen, p.now)
    p.db.commit()
    if outcome is safety.ScreenOutcome.NO_INTAKE:
        return _screen_page(p, {}, status=409)
    if outcome is safety.ScreenOutcome.CONCERN:
        return redirect(p, "/safety")
    return redirect(p, "/safety/saved")


@router.get("/safety/saved")
def screen_saved(p: UserPage) -> Response:
    """Thank the person for answering; say how to resume joint exercises if they paused them."""
    return _screen_page(p, {}, saved=True)


@router.get("/safety")
def safety_page(p: UserPage) -> Response:
    """Show the private safety page to the person whose own answers raise a concern."""
    concerns = safety.own_concerns(p.db, p.user_viewer)
    if not concerns:
        # Nothing of the partner ever leads here: without an own concern, the lines are enough.
        return redirect(p, "/support")
    fitting = crisis_lines(p.lang).for_concerns(concerns)
    return render(
        p,
        "safety.html",
        texts=safety_texts(p.lang),
        explanations=[model_text(p.lang, "concern", c.value, "explanation") for c in concerns],
        countries=[
            (therapy(c.value, p.lang).name, [line for line in fitting if line.country is c])
            for c in Country
        ],
    )

"""The six steps: their list, one page per step, and pausing or resuming joint exercises."""

from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from nabij.model.guide import guide, guide_headings, ritual_ideas
from nabij.model.ids import Step
from nabij.model.safety import pause_message
from nabij.model.texts import model_text
from nabij.services import safety
from nabij.services.insight import joint_paused
from nabij.web.context import Page, UserPage, redirect, render

router = APIRouter()


def _joint_state(p: Page) -> dict[str, Any]:
    """Return what every step page says about doing things together."""
    who = p.user_viewer
    return {
        "alone": who.partner is None,
        "paused": joint_paused(p.db, who, p.today),
        "own_pause": who.user.joint_paused,
        "pause": pause_message(p.lang),
    }


def _steps_page(p: Page, kept_for_safety: bool = False) -> Response:
    steps = [
        (step, model_text(p.lang, "step", step.value, "name"), guide(step, p.lang).title)
        for step in Step
    ]
    return render(p, "steps.html", steps=steps, kept_for_safety=kept_for_safety, **_joint_state(p))


@router.get("/steps")
def steps_page(p: UserPage) -> Response:
    """Show the six steps in their order, and the pause control for joint exercises."""
    return _steps_page(p)


@router.get("/steps/{step_id}")
def step_page(p: UserPage, step_id: str) -> Response:
    """Show one step: what it is, why it helps, what to do today and together, when to get help."""
    try:
        step = Step(step_id)
    except ValueError:
        raise HTTPException(status_code=404) from None
    return render(
        p,
        "step.html",
        step=step,
        name=model_text(p.lang, "step", step.value, "name"),
        text=guide(step, p.lang),
        headings=guide_headings(p.lang),
        rituals=ritual_ideas(p.lang) if step is Step.RITUALS else (),
        **_joint_state(p),
    )


@router.post("/joint/pause")
def pause_joint(p: UserPage) -> Response:
    """Pause joint exercises from one's own side, without a reason."""
    safety.pause(p.user_viewer)
    p.db.commit()
    return redirect(p, "/steps#joint")


@router.post("/joint/resume")
def resume_joint(p: UserPage) -> Response:
    """Resume from one's own side; a standing safety concern of one's own keeps the pause."""
    outcome = safety.resume(p.db, p.user_viewer)
    p.db.commit()
    if outcome is safety.ResumeOutcome.KEPT_FOR_SAFETY:
        # Said on this page only, to this person: the partner's pages stay exactly the same.
        return _steps_page(p, kept_for_safety=True)
    return redirect(p, "/steps#joint")

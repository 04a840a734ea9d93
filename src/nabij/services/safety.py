"""The safety screen taken again, and pausing or resuming joint exercises by one's own choice.

One flag, ``User.joint_paused``, holds both a person's own choice to pause and the pause a
positive safety screen sets: the partner's pages read only "paused", never which of the two
(nor high stress, the third trigger in ``services.insight``) is behind it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from nabij.instruments.intake import SAFETY_QUESTIONS, SafetyScreen
from nabij.model.ids import SafetyConcern
from nabij.services.intake import NO, YES
from nabij.services.people import Viewer
from nabij.store import records


class ScreenOutcome(StrEnum):
    """What happened to safety answers given again."""

    # The answers belong to the intake; without one they are not kept (the page says so and
    # links to the intake, which asks the same questions).
    NO_INTAKE = "no_intake"
    CLEAR = "clear"
    CONCERN = "concern"


class ResumeOutcome(StrEnum):
    """What a request to resume joint exercises did."""

    RESUMED = "resumed"
    # The person's own safety answers still raise a concern: the pause stays, privately.
    KEPT_FOR_SAFETY = "kept_for_safety"


class ScreenProblem(StrEnum):
    """What is wrong with one posted safety answer; the page words it."""

    MISSING = "missing"
    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True)
class ParsedScreen:
    """Posted safety answers: the screen when all five are yes or no, else the problems."""

    screen: SafetyScreen | None
    problems: Mapping[str, ScreenProblem]


def read_screen(fields: Mapping[str, Sequence[str]]) -> ParsedScreen:
    """Read the five safety questions from a form; each must be answered yes or no.

    A question left open is not taken as "no": on these questions, guessing would be unsafe.
    """
    answers: dict[str, bool] = {}
    problems: dict[str, ScreenProblem] = {}
    for name in SAFETY_QUESTIONS:
        values = fields.get(name, ())
        text = values[0].strip() if values else ""
        if not text:
            problems[name] = ScreenProblem.MISSING
        elif text not in (YES, NO):
            problems[name] = ScreenProblem.NOT_ALLOWED
        answers[name] = text == YES
    if problems:
        return ParsedScreen(None, problems)
    return ParsedScreen(SafetyScreen(**answers), {})


def has_intake(db: Session, who: Viewer) -> bool:
    """Return whether the viewer has done the intake the safety answers belong to."""
    return records.load_intake(db, who.keys, who.user.id) is not None


def own_concerns(db: Session, who: Viewer) -> tuple[SafetyConcern, ...]:
    """Return the safety concerns the viewer's own latest answers raise; never the partner's."""
    intake = records.load_intake(db, who.keys, who.user.id)
    return () if intake is None else intake.safety_screen.concerns()


def take_screen(db: Session, who: Viewer, screen: SafetyScreen, now: datetime) -> ScreenOutcome:
    """Store new safety answers; any concern pauses joint exercises with the neutral flag."""
    if not records.save_safety_screen(db, who.keys, screen, now):
        return ScreenOutcome.NO_INTAKE
    if screen.concerns():
        who.user.joint_paused = True
        return ScreenOutcome.CONCERN
    # Clear answers do not resume anything by themselves: resuming is the person's own choice.
    return ScreenOutcome.CLEAR


def pause(who: Viewer) -> None:
    """Pause joint exercises from the viewer's side; no reason is asked or kept."""
    who.user.joint_paused = True


def resume(db: Session, who: Viewer) -> ResumeOutcome:
    """Lift the viewer's own pause, unless their own safety answers still raise a concern."""
    if own_concerns(db, who):
        who.user.joint_paused = True
        return ResumeOutcome.KEPT_FOR_SAFETY
    who.user.joint_paused = False
    return ResumeOutcome.RESUMED

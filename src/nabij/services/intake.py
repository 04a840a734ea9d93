"""The intake as a use case: reading the form, saving it, and the pause a safety concern sets."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from nabij.instruments.attachment import ANSWER_MAX, ANSWER_MIN, item_ids, score_answers
from nabij.instruments.intake import SAFETY_QUESTIONS, Intake, SafetyScreen
from nabij.model.ids import CrisisKind, Reaction
from nabij.services.people import Viewer
from nabij.store import records

# The intake's own 0–10 questions besides the four reactions (CONTRACTS §2).
RATINGS: tuple[str, ...] = ("distrust", "fear_for_future", "fear_when_apart")
RATING_MIN = 0
RATING_MAX = 10
# Yes/no questions are radio buttons with these two values, so "no" is an answer of its own
# and a question left open can be told apart from it.
YES = "yes"
NO = "no"

Fields = Mapping[str, Sequence[str]]


class IntakeProblem(StrEnum):
    """What is wrong with one answer of a posted intake; the page words it."""

    MISSING = "missing"
    NOT_ALLOWED = "not_allowed"
    BAD_DATE = "bad_date"
    FUTURE = "future"


def field_names() -> tuple[str, ...]:
    """Return the intake form's field names in the order the page asks them."""
    return (
        "crisis",
        "crisis_began",
        *(r.value for r in Reaction),
        *item_ids(),
        *RATINGS,
        "old_pain",
        *SAFETY_QUESTIONS,
    )


@dataclass(frozen=True)
class ParsedIntake:
    """A posted intake: the intake when every answer could be used, else the problems."""

    intake: Intake | None
    problems: Mapping[str, IntakeProblem]


def _first(fields: Fields, name: str) -> str:
    values = fields.get(name, ())
    return values[0].strip() if values else ""


def _number(
    fields: Fields, name: str, low: int, high: int, problems: dict[str, IntakeProblem]
) -> int:
    text = _first(fields, name)
    if not text:
        problems[name] = IntakeProblem.MISSING
        return low
    if not text.isdigit() or not low <= int(text) <= high:
        problems[name] = IntakeProblem.NOT_ALLOWED
        return low
    return int(text)


def _yes_no(fields: Fields, name: str, problems: dict[str, IntakeProblem]) -> bool:
    text = _first(fields, name)
    if not text:
        problems[name] = IntakeProblem.MISSING
    elif text not in (YES, NO):
        problems[name] = IntakeProblem.NOT_ALLOWED
    return text == YES


def _crisis(fields: Fields, problems: dict[str, IntakeProblem]) -> tuple[CrisisKind, ...]:
    chosen = list(dict.fromkeys(fields.get("crisis", ())))
    known = {kind.value for kind in CrisisKind}
    if not chosen:
        problems["crisis"] = IntakeProblem.MISSING
    elif any(kind not in known for kind in chosen):
        problems["crisis"] = IntakeProblem.NOT_ALLOWED
        return ()
    # Kept in the order of the ids, whatever order the browser sent them in.
    return tuple(kind for kind in CrisisKind if kind.value in chosen)


def _began(fields: Fields, today: date, problems: dict[str, IntakeProblem]) -> date:
    text = _first(fields, "crisis_began")
    if not text:
        problems["crisis_began"] = IntakeProblem.MISSING
        return today
    try:
        began = date.fromisoformat(text)
    except ValueError:
        problems["crisis_began"] = IntakeProblem.BAD_DATE
        return today
    if len(text) != len("YYYY-MM-DD"):
        problems["crisis_began"] = IntakeProblem.BAD_DATE
    elif began > today:
        problems["crisis_began"] = IntakeProblem.FUTURE
    return began


def read_form(fields: Fields, today: date) -> ParsedIntake:
    """Read a posted intake; every answer is required and each problem is kept per field."""
    problems: dict[str, IntakeProblem] = {}
    crisis = _crisis(fields, problems)
    began = _began(fields, today, problems)
    reactions = {r: _number(fields, r.value, RATING_MIN, RATING_MAX, problems) for r in Reaction}
    answers = {i: _number(fields, i, ANSWER_MIN, ANSWER_MAX, problems) for i in item_ids()}
    ratings = {name: _number(fields, name, RATING_MIN, RATING_MAX, problems) for name in RATINGS}
    old_pain = _yes_no(fields, "old_pain", problems)
    screen = {name: _yes_no(fields, name, problems) for name in SAFETY_QUESTIONS}
    if problems:
        return ParsedIntake(None, problems)
    intake = Intake(
        crisis=crisis,
        crisis_began=began,
        reactions=reactions,
        attachment=score_answers(answers),
        distrust=ratings["distrust"],
        fear_for_future=ratings["fear_for_future"],
        fear_when_apart=ratings["fear_when_apart"],
        old_pain=old_pain,
        safety_screen=SafetyScreen(**screen),
    )
    return ParsedIntake(intake, {})


def _yes_or_no(value: bool) -> tuple[str, ...]:
    return (YES if value else NO,)


def form_values(intake: Intake) -> dict[str, tuple[str, ...]]:
    """Return a saved intake as the values its form shows when it is opened again.

    An intake imported with only the two attachment scores leaves the attachment questions
    open: the answers behind those scores are not known.
    """
    values: dict[str, tuple[str, ...]] = {
        "crisis": tuple(kind.value for kind in intake.crisis),
        "crisis_began": (intake.crisis_began.isoformat(),),
    }
    for reaction, score in intake.reactions.items():
        values[reaction.value] = (str(score),)
    for item, answer in (intake.attachment.answers or {}).items():
        values[item] = (str(answer),)
    for name in RATINGS:
        values[name] = (str(getattr(intake, name)),)
    values["old_pain"] = _yes_or_no(intake.old_pain)
    for name in SAFETY_QUESTIONS:
        values[name] = _yes_or_no(getattr(intake.safety_screen, name))
    return values


def saved(db: Session, who: Viewer) -> Intake | None:
    """Return the user's own intake, if they did it."""
    return records.load_intake(db, who.keys, who.user.id)


def save(db: Session, who: Viewer, intake: Intake, now: datetime) -> bool:
    """Store the user's intake; return whether its safety answers raise a concern.

    A concern turns on the user's neutral pause of joint exercises: the same flag a user can
    set without giving a reason, so the partner cannot tell why joint exercises pause. A screen
    without a concern never turns the pause off: it may have been chosen for another reason.
    The caller commits.
    """
    records.save_intake(db, who.keys, intake, now)
    records.sync_couple_copies(db, who.keys, who.own_shares)
    concern = bool(intake.safety_screen.concerns())
    if concern:
        who.user.joint_paused = True
    return concern

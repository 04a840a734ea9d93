"""The assessment a user may see: their own data and what their partner put in the shared picture.

The couple's pattern is reciprocal (DESIGN §2.2): a category of the partner counts for the
viewer's couple view only when the viewer shares the same category, so neither partner's
pattern ever rests on data the other has not put in the picture too.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from nabij.engine.assessment import Assessment, assess_views_for_viewer
from nabij.engine.window import PartnerView
from nabij.instruments.checkin import CheckIn
from nabij.model.ids import ShareCategory
from nabij.services.people import Viewer
from nabij.store import records

# A stress score this high in the last check-in (0–10) pauses joint exercises for both: deep
# conversations at peak arousal do more harm than good (DESIGN §1, the nervous system).
PAUSE_STRESS = 8
# Only a recent check-in counts for that pause: today's or yesterday's.
PAUSE_RECENT = timedelta(days=1)


@dataclass(frozen=True)
class Insight:
    """What one user sees: the assessment, their own check-ins and the partner's shared ones.

    The check-ins hold their answers only, without rituals or note (``records.day_answers``).
    """

    assessment: Assessment | None  # None until the user has done the intake
    own: tuple[CheckIn, ...]
    partner_scores: tuple[CheckIn, ...]  # empty unless the partner shares daily scores
    joint_paused: bool


def _recent_high_stress(checkins: Sequence[CheckIn], today: date) -> bool:
    recent = [c for c in checkins if today - c.date <= PAUSE_RECENT]
    return bool(recent) and max(recent, key=lambda c: c.date).stress >= PAUSE_STRESS


def _paused(who: Viewer, today: date, own: Sequence[CheckIn], partner: Sequence[CheckIn]) -> bool:
    """Return whether joint exercises are paused, from both partners' check-ins read once."""
    if who.user.joint_paused or _recent_high_stress(own, today):
        return True
    if who.partner is None:
        return False
    return who.partner.joint_paused or _recent_high_stress(partner, today)


def joint_paused(db: Session, who: Viewer, today: date) -> bool:
    """Return whether joint exercises are paused for this couple, for any reason.

    Any of: either partner's pause flag is on (they chose to pause, or their safety screen
    raised a concern, which sets the same neutral flag), or either partner is under high
    stress right now. Both see the same neutral message, so the reason never shows.
    """
    days = records.day_answers_of(db, _people(who))
    partner = days[who.partner.id] if who.partner is not None else []
    return _paused(who, today, days[who.user.id], partner)


def _people(who: Viewer) -> list[str]:
    """Return the ids of the viewer and, in a couple, their partner."""
    return [who.user.id] if who.partner is None else [who.user.id, who.partner.id]


def insight(db: Session, who: Viewer, today: date) -> Insight:
    """Return the insight ``who`` may see today.

    Both partners' check-ins are read in one query and their intakes in another, each once:
    the pause, the charts and the assessment share them. Only the answers are read: nothing
    this shows or assesses needs a note or a ritual, so no sealed text of them is opened.
    """
    people = _people(who)
    days = records.day_answers_of(db, people)
    own = tuple(days[who.user.id])
    # The partner's days count for the pause (either partner's stress pauses joint steps) and
    # go into the assessment, which shows the viewer only what the partner shared.
    partner = tuple(days[who.partner.id]) if who.partner is not None else ()
    partner_scores = partner if ShareCategory.DAILY_SCORES in who.partner_shares else ()
    paused = _paused(who, today, own, partner)
    intakes = records.intake_states(db, who.keys, people)
    _, intake = intakes[who.user.id]
    if intake is None:
        return Insight(None, own, partner_scores, paused)
    views = [PartnerView(who.slot, intake, own, intake.safety_screen.concerns())]
    if who.partner is not None:
        # The partner counts once they did their intake. Their answers are seen only through
        # the couple copy that sharing their tendencies writes; their safety answers never
        # (their side of those is the pause flag, in ``paused``).
        done, partner_intake = intakes[who.partner.id]
        if done:
            views.append(PartnerView(who.slot.other, partner_intake, partner))
    reciprocal = who.partner_shares & who.own_shares
    open_to_joint = who.partner is not None and who.partner.open_to_joint and who.user.open_to_joint
    # The viewer's view only (``Assessment.for_viewer``), not the couple's first.
    view = assess_views_for_viewer(
        views, who.slot, shared=reciprocal, partner_open_to_joint=open_to_joint and not paused
    )
    return Insight(view, own, partner_scores, paused)

"""The assessment a user may see: their own data and what their partner put in the shared picture.

The couple's pattern is reciprocal (DESIGN §2.2): a category of the partner counts for the
viewer's couple view only when the viewer shares the same category, so neither partner's
pattern ever rests on data the other has not put in the picture too.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from nabij.engine.assessment import Assessment, assess
from nabij.instruments.checkin import CheckIn
from nabij.instruments.record import CoupleRecord, PartnerRecord
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
    """What one user sees: the assessment, their own check-ins and the partner's shared ones."""

    assessment: Assessment | None  # None until the user has done the intake
    own: tuple[CheckIn, ...]
    partner_scores: tuple[CheckIn, ...]  # empty unless the partner shares daily scores
    joint_paused: bool


def _recent_high_stress(checkins: list[records.StoredCheckin], today: date) -> bool:
    recent = [s for s in checkins if today - s.checkin.date <= PAUSE_RECENT]
    return bool(recent) and max(recent, key=lambda s: s.checkin.date).checkin.stress >= PAUSE_STRESS


def joint_paused(db: Session, who: Viewer, today: date) -> bool:
    """Return whether joint exercises are paused for this couple, for any reason.

    Any of: either partner's pause flag is on (they chose to pause, or their safety screen
    raised a concern, which sets the same neutral flag), or either partner is under high
    stress right now. Both see the same neutral message, so the reason never shows.
    """
    people = [who.user] + ([who.partner] if who.partner else [])
    for person in people:
        if person.joint_paused:
            return True
        if _recent_high_stress(records.checkins(db, who.keys, person.id, notes=False), today):
            return True
    return False


def insight(db: Session, who: Viewer, today: date) -> Insight:
    """Return the insight ``who`` may see today."""
    own_checkins = records.checkins(db, who.keys, who.user.id, notes=True)
    own = tuple(s.checkin for s in own_checkins)
    partner_scores: tuple[CheckIn, ...] = ()
    if who.partner is not None and ShareCategory.DAILY_SCORES in who.partner_shares:
        partner_scores = tuple(
            s.checkin for s in records.checkins(db, who.keys, who.partner.id, notes=None)
        )
    paused = joint_paused(db, who, today)
    intake = records.load_intake(db, who.keys, who.user.id)
    if intake is None:
        return Insight(None, own, partner_scores, paused)
    partners = [PartnerRecord(who.slot, intake, own)]
    partner_intake = (
        records.load_intake(db, who.keys, who.partner.id) if who.partner is not None else None
    )
    if who.partner is not None and partner_intake is not None:
        partner_checkins = tuple(
            s.checkin for s in records.checkins(db, who.keys, who.partner.id, notes=None)
        )
        partners.append(PartnerRecord(who.slot.other, partner_intake, partner_checkins))
    full = assess(CoupleRecord(tuple(sorted(partners, key=lambda p: p.id))))
    reciprocal = who.partner_shares & who.own_shares
    open_to_joint = who.partner is not None and who.partner.open_to_joint and who.user.open_to_joint
    view = full.for_viewer(
        who.slot, shared=reciprocal, partner_open_to_joint=open_to_joint and not paused
    )
    return Insight(view, own, partner_scores, paused)

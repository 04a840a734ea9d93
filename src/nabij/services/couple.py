"""The couple space as one person uses it: alone, waiting for the partner, or linked.

Solo use is complete; a couple space only adds what the partner chooses to share. Leaving is
always possible and takes effect at once: the other loses sight of everything shared, and for
both of them sharing starts again from nothing, so old choices never carry over to a new link.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from nabij.services.people import Viewer
from nabij.store import couples, records
from nabij.store.couples import JoinRefused, Membership


class CoupleStatus(StrEnum):
    """Where a person stands with the couple space."""

    ALONE = "alone"  # no couple space
    WAITING = "waiting"  # a space of their own, the partner has not joined (yet)
    LINKED = "linked"  # both partners are in the space


@dataclass(frozen=True)
class CoupleState:
    """What the couple page shows: never the partner's activity, only who they are."""

    status: CoupleStatus
    partner_login: str | None
    invite_open_until: datetime | None  # UTC; only while waiting
    open_to_joint: bool


@dataclass(frozen=True)
class Invitation:
    """A fresh code, to be shown once, and until when it works (UTC)."""

    code: str
    expires_at: datetime


def state(db: Session, who: Viewer, now: datetime) -> CoupleState:
    """Return where ``who`` stands with the couple space."""
    member = who.membership
    if member is None:
        status = CoupleStatus.ALONE
    elif who.partner is None:
        status = CoupleStatus.WAITING
    else:
        status = CoupleStatus.LINKED
    until = None
    if member is not None and status is CoupleStatus.WAITING:
        until = couples.open_invite(db, member.couple_id, now)
    return CoupleState(
        status=status,
        partner_login=who.partner.login if who.partner is not None else None,
        invite_open_until=until,
        open_to_joint=who.user.open_to_joint,
    )


def create_space(db: Session, who: Viewer, now: datetime) -> Membership:
    """Create a couple space for ``who``; someone already in one keeps it."""
    if who.membership is not None:
        return who.membership
    return couples.create(db, who.user.id, now)


def new_invite(db: Session, who: Viewer, now: datetime) -> Invitation | None:
    """Return a new one-time code for ``who``'s space; None when there is nobody to invite.

    Someone without a space gets one first, so "invite my partner" is one step.
    """
    if who.partner is not None:
        return None
    member = create_space(db, who, now)
    code = couples.invite(db, member.couple_id, now)
    return Invitation(code, now + couples.VALID_FOR)


def join(db: Session, who: Viewer, code: str, now: datetime) -> Membership | JoinRefused:
    """Link ``who`` to the space of ``code``; the caller commits either way (tries count)."""
    return couples.join(db, who.user.id, code, now)


def set_open_to_joint(who: Viewer, open_to_joint: bool) -> None:
    """Record whether ``who`` is open to joint exercises."""
    who.user.open_to_joint = open_to_joint


def leave(db: Session, who: Viewer) -> None:
    """Take ``who`` out of the couple; both partners' sharing is reset to nothing."""
    if who.membership is None:
        return
    couples.leave(db, who.user.id)
    records.set_shares(db, who.user.id, frozenset())
    if who.partner is not None:
        records.set_shares(db, who.partner.id, frozenset())

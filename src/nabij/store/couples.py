"""The couple space: create it, invite with a one-time code, join, leave.

A code looks like ``K7QM-4TXB-9FHD``: its first four characters find the invitation, the other
eight are its secret (40 random bits, stored only as a hash). A wrong secret counts against that
invitation; after ``MAX_ATTEMPTS`` it is spent, so guessing one code has five tries in all.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from nabij.store.tables import Couple, Invite, Member, new_id

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LOOKUP_CHARS = 4
SECRET_CHARS = 8  # 8 × 5 bits = 40 bits of secret
VALID_FOR = timedelta(hours=48)
MAX_ATTEMPTS = 5


class JoinProblem(StrEnum):
    """Why a code did not link two accounts; the web form words each one."""

    NOT_VALID = "not_valid"  # unknown, expired, spent or mistyped: one answer for all
    ALREADY_IN_COUPLE = "already_in_couple"


@dataclass(frozen=True)
class Membership:
    """A user's place in a couple, and their partner's id when the partner has joined."""

    couple_id: str
    slot: str
    partner_id: str | None


def membership(db: Session, user_id: str) -> Membership | None:
    """Return the couple ``user_id`` belongs to, if any."""
    member = db.get(Member, user_id)
    if member is None:
        return None
    partner = db.scalar(
        select(Member.user_id).where(
            Member.couple_id == member.couple_id, Member.user_id != user_id
        )
    )
    return Membership(member.couple_id, member.slot, partner)


def create(db: Session, user_id: str, now: datetime) -> Membership:
    """Create a couple space with ``user_id`` in it (slot ``a``)."""
    couple = Couple(id=new_id(), created_at=now)
    db.add(couple)
    db.flush()
    db.add(Member(user_id=user_id, couple_id=couple.id, slot="a", joined_at=now))
    db.flush()
    return Membership(couple.id, "a", None)


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def normalize_code(code: str) -> str:
    """Return a typed code without spaces and dashes, upper case, with look-alikes mapped."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def invite(db: Session, couple_id: str, now: datetime) -> str:
    """Return a new code for ``couple_id``; earlier codes of this couple stop working."""
    db.execute(delete(Invite).where(Invite.couple_id == couple_id))
    while True:
        lookup = "".join(secrets.choice(ALPHABET) for _ in range(LOOKUP_CHARS))
        if db.scalar(select(Invite.id).where(Invite.lookup == lookup)) is None:
            break
    secret = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_CHARS))
    db.add(
        Invite(
            id=new_id(),
            couple_id=couple_id,
            lookup=lookup,
            secret_hash=_secret_hash(secret),
            expires_at=now + VALID_FOR,
            attempts=0,
        )
    )
    raw = lookup + secret
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def open_invite(db: Session, couple_id: str, now: datetime) -> datetime | None:
    """Return when the couple's open invitation expires, if one is still usable."""
    row = db.scalar(select(Invite).where(Invite.couple_id == couple_id))
    if row is None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
        return None
    return row.expires_at


def join(db: Session, user_id: str, code: str, now: datetime) -> Membership | JoinProblem:
    """Link ``user_id`` to the couple of ``code``, or say why not."""
    if db.get(Member, user_id) is not None:
        return JoinProblem.ALREADY_IN_COUPLE
    raw = normalize_code(code)
    if len(raw) != LOOKUP_CHARS + SECRET_CHARS:
        return JoinProblem.NOT_VALID
    row = db.scalar(select(Invite).where(Invite.lookup == raw[:LOOKUP_CHARS]))
    if row is None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
        return JoinProblem.NOT_VALID
    if not hmac.compare_digest(row.secret_hash, _secret_hash(raw[LOOKUP_CHARS:])):
        row.attempts += 1
        return JoinProblem.NOT_VALID
    members = db.scalar(select(func.count()).where(Member.couple_id == row.couple_id))
    if members is None or members >= 2:
        db.delete(row)
        return JoinProblem.NOT_VALID
    taken = db.scalar(select(Member.slot).where(Member.couple_id == row.couple_id))
    slot = "b" if taken == "a" else "a"
    db.add(Member(user_id=user_id, couple_id=row.couple_id, slot=slot, joined_at=now))
    db.delete(row)
    db.flush()
    partner = db.scalar(
        select(Member.user_id).where(Member.couple_id == row.couple_id, Member.user_id != user_id)
    )
    return Membership(row.couple_id, slot, partner)


def leave(db: Session, user_id: str) -> None:
    """Take ``user_id`` out of their couple; an empty couple space is removed."""
    member = db.get(Member, user_id)
    if member is None:
        return
    couple_id = member.couple_id
    db.delete(member)
    db.flush()
    rest = db.scalar(select(func.count()).where(Member.couple_id == couple_id))
    if not rest:
        db.execute(delete(Couple).where(Couple.id == couple_id))
    else:
        # The one who stays may invite someone again; old codes must not outlive the leaver.
        db.execute(delete(Invite).where(Invite.couple_id == couple_id))

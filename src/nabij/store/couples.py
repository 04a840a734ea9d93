"""The couple space: create it, invite with a one-time code, join, leave.

A code looks like ``K7QM-4TXB-9FHD``: its first four characters find the invitation, the other
eight are its secret (40 random bits, stored only as a hash). A wrong secret counts against that
invitation; after ``MAX_ATTEMPTS`` it is spent, so guessing one code has five tries in all.
Each person also has a limited number of tries per hour over all invitations
(``USER_ATTEMPTS``), so one account cannot spray guesses across many open codes.

Both counters are taken *before* the secret is compared, with one atomic UPDATE each, so
parallel requests cannot get more tries than the limit.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import CursorResult, Exists, bindparam, delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from nabij.model.ids import ShareCategory
from nabij.store import keys
from nabij.store.tables import Couple, Invite, Member, Share, Throttle, User, new_id

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LOOKUP_CHARS = 4
SECRET_CHARS = 8  # 8 × 5 bits = 40 bits of secret
VALID_FOR = timedelta(hours=48)
MAX_ATTEMPTS = 5
# Ten tries an hour per person: more than enough for typos in a real code, far too few to
# guess one (each open code has 2^40 secrets).
USER_ATTEMPTS = 10
USER_WINDOW = timedelta(hours=1)
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class JoinProblem(StrEnum):
    """Why a code did not link two accounts; the web form words each one."""

    NOT_VALID = "not_valid"  # unknown, expired, spent or mistyped: one answer for all
    ALREADY_IN_COUPLE = "already_in_couple"
    TOO_MANY_TRIES = "too_many_tries"  # this person tried too many codes within the hour


@dataclass(frozen=True)
class Membership:
    """A user's place in a couple, and their partner's id when the partner has joined."""

    couple_id: str
    slot: str
    partner_id: str | None


@dataclass(frozen=True)
class JoinRefused:
    """A join that did not happen: why, and for too many tries, until when to wait."""

    problem: JoinProblem
    until: datetime | None = None


def membership(db: Session, user_id: str) -> Membership | None:
    """Return the couple ``user_id`` belongs to, if any."""
    return standing(db, user_id).membership


@dataclass(frozen=True)
class Standing:
    """A user's place in a couple, their partner's account (once joined), and what each of
    them put in the shared picture."""

    membership: Membership | None
    partner: User | None
    own_shares: frozenset[ShareCategory]
    partner_shares: frozenset[ShareCategory]


# All of a ``Standing`` in one query, built once: it runs before every page, and building an
# ORM select costs more than running it. Each share is a yes or no per category.
_OTHER = aliased(Member)
_PARTNER = aliased(User)


def _shared(owner: Any, category: ShareCategory) -> Exists:
    return exists().where(Share.user_id == owner, Share.category == category.value)


_CATEGORIES = tuple(ShareCategory)
_STANDING = (
    select(
        Member.couple_id,
        Member.slot,
        _OTHER.user_id,
        _PARTNER,
        *(_shared(User.id, category) for category in _CATEGORIES),
        *(_shared(_OTHER.user_id, category) for category in _CATEGORIES),
    )
    .select_from(User)
    .outerjoin(Member, Member.user_id == User.id)
    .outerjoin(_OTHER, (_OTHER.couple_id == Member.couple_id) & (_OTHER.user_id != User.id))
    .outerjoin(_PARTNER, _PARTNER.id == _OTHER.user_id)
    .where(User.id == bindparam("user_id"))
)


def standing(db: Session, user_id: str) -> Standing:
    """Return where ``user_id`` stands: their couple, partner and both partners' shares."""
    found = db.execute(_STANDING, {"user_id": user_id}).first()
    if found is None:  # no such user: alone, sharing nothing
        return Standing(None, None, frozenset(), frozenset())
    couple_id, slot, partner_id, partner, *flags = found
    count = len(_CATEGORIES)
    own = frozenset(c for c, on in zip(_CATEGORIES, flags[:count], strict=True) if on)
    theirs = frozenset(c for c, on in zip(_CATEGORIES, flags[count:], strict=True) if on)
    if couple_id is None:
        return Standing(None, None, own, frozenset())
    return Standing(Membership(couple_id, slot, partner_id), partner, own, theirs)


def create(db: Session, user_id: str, now: datetime) -> Membership:
    """Create a couple space with ``user_id`` in it (slot ``a``)."""
    couple = Couple(id=new_id(), created_at=now)
    db.add(couple)
    db.flush()
    db.add(Member(user_id=user_id, couple_id=couple.id, slot="a", joined_at=now))
    user = db.get(User, user_id)
    if user is not None:
        keys.new_couple_key(db, couple.id, user)
    db.flush()
    return Membership(couple.id, "a", None)


def _members(db: Session, couple_id: str) -> int:
    return db.scalar(select(func.count()).where(Member.couple_id == couple_id)) or 0


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def normalize_code(code: str) -> str:
    """Return a typed code without spaces and dashes, upper case, with look-alikes mapped.

    >>> normalize_code(" k7qm-4txb 9fhd ")
    'K7QM4TXB9FHD'
    >>> normalize_code("OIL")
    '011'
    """
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.translate(_LOOKALIKES)


def invite(db: Session, couple_id: str, now: datetime) -> str:
    """Return a new code for ``couple_id``; earlier codes of this couple stop working.

    A couple of two cannot invite anyone: that is a ``ValueError`` (a bug in the caller).
    """
    if _members(db, couple_id) >= 2:
        raise ValueError("a couple of two cannot invite anyone")
    db.execute(delete(Invite).where(Invite.couple_id == couple_id))
    # Expired codes of any couple are of no use to anyone; clear them while we are here.
    db.execute(delete(Invite).where(Invite.expires_at <= now))
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
    db.flush()
    raw = lookup + secret
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def open_invite(db: Session, couple_id: str, now: datetime) -> datetime | None:
    """Return when the couple's open invitation expires, if one is still usable."""
    row = db.scalar(select(Invite).where(Invite.couple_id == couple_id))
    if row is None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
        return None
    return row.expires_at


def _user_key(user_id: str) -> str:
    # A kind of its own ("join"), so these rows never mix with the login throttle's keys.
    return hashlib.sha256(f"join:{user_id}".encode()).hexdigest()


def _rowcount(result: object) -> int:
    assert isinstance(result, CursorResult)
    return result.rowcount


def _take_user_try(db: Session, user_id: str, now: datetime) -> datetime | None:
    """Count one try of ``user_id``; return until when to wait if none is left."""
    key = _user_key(user_id)
    fresh = now - USER_WINDOW
    counted = db.execute(
        update(Throttle)
        .where(Throttle.key == key, Throttle.first_at > fresh, Throttle.failures < USER_ATTEMPTS)
        .values(failures=Throttle.failures + 1)
        .execution_options(synchronize_session=False)
    )
    if _rowcount(counted):
        return None
    restarted = db.execute(
        update(Throttle)
        .where(Throttle.key == key, Throttle.first_at <= fresh)
        .values(failures=1, first_at=now, blocked_until=None)
        .execution_options(synchronize_session=False)
    )
    if _rowcount(restarted):
        return None
    row = db.get(Throttle, key, populate_existing=True)
    if row is not None:
        return row.first_at + USER_WINDOW
    try:
        with db.begin_nested():
            db.add(Throttle(key=key, failures=1, first_at=now))
    except IntegrityError:
        # A parallel request of the same person made the row first: count against it.
        return _take_user_try(db, user_id, now)
    return None


def _take_invite_try(db: Session, lookup: str, now: datetime) -> Invite | None:
    """Count one try against the usable invitation ``lookup``; None if there is none."""
    counted = db.execute(
        update(Invite)
        .where(Invite.lookup == lookup, Invite.expires_at > now, Invite.attempts < MAX_ATTEMPTS)
        .values(attempts=Invite.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if not _rowcount(counted):
        return None
    return db.scalar(
        select(Invite).where(Invite.lookup == lookup).execution_options(populate_existing=True)
    )


def join(db: Session, user_id: str, code: str, now: datetime) -> Membership | JoinRefused:
    """Link ``user_id`` to the couple of ``code``, or say why not.

    Someone alone in a space of their own (both partners pressed "create") can still join
    the other's code: their empty space is then removed. The caller commits in every case,
    so that the tries taken are kept.
    """
    own = membership(db, user_id)
    if own is not None and own.partner_id is not None:
        return JoinRefused(JoinProblem.ALREADY_IN_COUPLE)
    wait = _take_user_try(db, user_id, now)
    if wait is not None:
        return JoinRefused(JoinProblem.TOO_MANY_TRIES, wait)
    raw = normalize_code(code)
    if len(raw) != LOOKUP_CHARS + SECRET_CHARS or any(ch not in ALPHABET for ch in raw):
        return JoinRefused(JoinProblem.NOT_VALID)
    row = _take_invite_try(db, raw[:LOOKUP_CHARS], now)
    if row is None:
        return JoinRefused(JoinProblem.NOT_VALID)
    if not hmac.compare_digest(row.secret_hash, _secret_hash(raw[LOOKUP_CHARS:])):
        return JoinRefused(JoinProblem.NOT_VALID)
    couple_id = row.couple_id
    if own is not None and own.couple_id == couple_id:
        # One's own code: there is no one to link to yet.
        return JoinRefused(JoinProblem.NOT_VALID)
    if _members(db, couple_id) >= 2:
        db.delete(row)
        return JoinRefused(JoinProblem.NOT_VALID)
    taken = db.scalar(select(Member.slot).where(Member.couple_id == couple_id))
    slot = "b" if taken == "a" else "a"
    try:
        with db.begin_nested():
            if own is not None:
                leave(db, user_id)
            db.add(Member(user_id=user_id, couple_id=couple_id, slot=slot, joined_at=now))
            db.delete(row)
    except IntegrityError:
        # Someone else took the place at the same moment.
        return JoinRefused(JoinProblem.NOT_VALID)
    db.execute(delete(Throttle).where(Throttle.key == _user_key(user_id)))
    partner = db.scalar(
        select(Member.user_id).where(Member.couple_id == couple_id, Member.user_id != user_id)
    )
    return Membership(couple_id, slot, partner)


def leave(db: Session, user_id: str) -> None:
    """Take ``user_id`` out of their couple; an empty couple space is removed.

    The couple's key and every couple copy of both partners are destroyed first; the one who
    stays gets a fresh key, so that nothing sealed for the old couple opens for a new one.
    """
    member = db.get(Member, user_id)
    if member is None:
        return
    couple_id = member.couple_id
    everyone = keys.members(db, couple_id)
    keys.end_couple_keys(db, couple_id, [u.id for u in everyone])
    db.delete(member)
    db.flush()
    staying = [u for u in everyone if u.id != user_id]
    if not staying:
        db.execute(delete(Couple).where(Couple.id == couple_id))
    else:
        # The one who stays may invite someone again; old codes must not outlive the leaver.
        db.execute(delete(Invite).where(Invite.couple_id == couple_id))
        keys.new_couple_key(db, couple_id, staying[0])

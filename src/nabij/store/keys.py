"""Whose keys open what: the key flows of ``docs/privacy.md``, on top of ``crypto``.

- Each user has a random data key. The database holds it only wrapped: by a key Argon2id
  derives from the password, and by the recovery key shown once at registration.
- A session holds the data key wrapped by a key derived from the cookie's token; the database
  keeps only the token's hash, so the data key opens only while the browser holds the cookie.
- Each user has an X25519 key pair; the private half is sealed by the data key.
- A couple has one random key, sealed to each member's public key. Whoever holds it seals it
  to a partner who has none yet; until then that partner is waiting. The invitation code only
  links the two accounts and carries no key.
- Leaving destroys the couple's sealed keys and couple copies at once, and the one who stays
  gets a fresh couple key; deleting an account destroys its wrapped keys first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from nabij.store import crypto
from nabij.store.crypto import OpenError
from nabij.store.tables import CheckinRow, CoupleKey, IntakeRow, Member, User
from nabij.store.tables import Session as SessionRow


def _ad(purpose: str, user_id: str) -> bytes:
    return f"nabij/key/{purpose}/{user_id}".encode("ascii")


def _recovery_kek(secret: bytes, user_id: str) -> bytes:
    return crypto.derive(secret, b"recovery", salt=user_id.encode("ascii"))


def _wrap_by_password(user: User, data_key: bytes, password: str) -> None:
    """Wrap ``data_key`` by ``password`` under a fresh salt (registration, password change)."""
    user.key_salt = crypto.new_salt()
    kek = crypto.password_key(password, user.key_salt)
    user.key_by_password = crypto.wrap(kek, data_key, _ad("password", user.id))


def _wrap_by_recovery(user: User, data_key: bytes) -> str:
    """Wrap ``data_key`` by a fresh recovery key; return that key, to be shown once."""
    recovery, secret = crypto.new_recovery_key()
    user.key_by_recovery = crypto.wrap(
        _recovery_kek(secret, user.id), data_key, _ad("recovery", user.id)
    )
    return recovery


def create(user: User, password: str) -> tuple[bytes, str]:
    """Give ``user`` (its id set) fresh keys; return the data key and the recovery key.

    Also what an operator reset does: the old wrapped keys are replaced, so whatever was
    sealed under the old data key can no longer be opened.
    """
    data_key = crypto.new_key()
    _wrap_by_password(user, data_key, password)
    recovery = _wrap_by_recovery(user, data_key)
    private, public = crypto.new_key_pair()
    user.public_key = public
    user.private_key = crypto.wrap(data_key, private, _ad("private", user.id))
    return data_key, recovery


def unlock(user: User, password: str) -> bytes | None:
    """Return ``user``'s data key, opened by their password; None when it does not open."""
    if user.key_salt is None or user.key_by_password is None:
        return None
    kek = crypto.password_key(password, user.key_salt)
    try:
        return crypto.unwrap(kek, user.key_by_password, _ad("password", user.id))
    except OpenError:
        return None


def unlock_by_recovery(user: User, typed: str) -> bytes | None:
    """Return ``user``'s data key, opened by their recovery key; None when it does not open."""
    secret = crypto.recovery_secret(typed)
    if secret is None or user.key_by_recovery is None:
        return None
    try:
        return crypto.unwrap(
            _recovery_kek(secret, user.id), user.key_by_recovery, _ad("recovery", user.id)
        )
    except OpenError:
        return None


def rewrap(user: User, data_key: bytes, new_password: str) -> None:
    """Wrap the same data key by a new password: a password change re-encrypts nothing else."""
    _wrap_by_password(user, data_key, new_password)


def renew_recovery(user: User, data_key: bytes) -> str:
    """Replace the recovery key (after it was used); return the new one, to be shown once."""
    return _wrap_by_recovery(user, data_key)


def for_session(token: str, user_id: str, data_key: bytes) -> bytes:
    """Return ``data_key`` wrapped for the session of ``token``."""
    return crypto.wrap(_session_kek(token), data_key, _ad("session", user_id))


def from_session(token: str, session: SessionRow) -> bytes | None:
    """Return the data key a session holds; None when the token does not open it."""
    try:
        return crypto.unwrap(
            _session_kek(token), session.wrapped_key, _ad("session", session.user_id)
        )
    except OpenError:
        return None


def _session_kek(token: str) -> bytes:
    # Not the token's stored hash (SHA-256): a different function of the same 256 bits.
    return crypto.derive(token.encode("ascii", "replace"), b"session")


def shred(db: Session, user_id: str) -> None:
    """Destroy every wrapped copy of ``user_id``'s keys: their private text cannot be opened
    any more, in this database or in any backup of it taken before (crypto-shredding)."""
    db.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            key_salt=None,
            key_by_password=None,
            key_by_recovery=None,
            private_key=None,
            public_key=None,
        )
    )
    db.execute(delete(SessionRow).where(SessionRow.user_id == user_id))
    db.execute(delete(CoupleKey).where(CoupleKey.user_id == user_id))


# Couple keys.


def _couple_ad(couple_id: str, user_id: str) -> bytes:
    return f"nabij/couple-key/{couple_id}/{user_id}".encode("ascii")


def _private_key(user: User, data_key: bytes) -> bytes:
    if user.private_key is None:
        raise OpenError("this account's keys are gone")
    return crypto.unwrap(data_key, user.private_key, _ad("private", user.id))


def _seal_couple_key(db: Session, couple_id: str, member: User, couple_key: bytes) -> None:
    if member.public_key is None:
        return  # an account being deleted: nothing to seal to
    sealed = crypto.seal_to(member.public_key, couple_key, _couple_ad(couple_id, member.id))
    db.add(CoupleKey(couple_id=couple_id, user_id=member.id, sealed=sealed, copied=False))


def new_couple_key(db: Session, couple_id: str, member: User) -> None:
    """Give the couple a fresh key, sealed to ``member`` (who created it, or who stayed)."""
    _seal_couple_key(db, couple_id, member, crypto.new_key())


# Read before every page of a couple's member: plain columns, built once, not ORM objects.
_ROWS_OF_COUPLE = select(CoupleKey.user_id, CoupleKey.sealed, CoupleKey.copied).where(
    CoupleKey.couple_id == bindparam("couple_id")
)


@dataclass(frozen=True)
class CoupleKeys:
    """What a member holds of their couple's key, and whether the couple copies are complete.

    ``opener`` opens the key (None while it has not reached this member), once, when first
    called. ``waiting`` is true while either partner lacks the key or has not yet written
    their copies: until then some of what the partner shares cannot be shown.
    """

    opener: Callable[[], bytes] | None
    copied: bool
    waiting: bool
    partner_due: bool  # the partner has joined and lacks the key, which this member holds


def couple_keys(
    db: Session, couple_id: str, user: User, data_key: bytes, partner_id: str | None
) -> CoupleKeys:
    """Return what ``user`` holds of their couple's key, without opening it yet."""
    rows = {row.user_id: row for row in db.execute(_ROWS_OF_COUPLE, {"couple_id": couple_id})}
    own = rows.get(user.id)
    partner = rows.get(partner_id) if partner_id is not None else None
    waiting = partner_id is not None and (
        own is None or partner is None or not (own.copied and partner.copied)
    )
    opener = None
    if own is not None:
        sealed, public = own.sealed, user.public_key

        @cache
        def opener() -> bytes:
            private = _private_key(user, data_key)
            associated = _couple_ad(couple_id, user.id)
            return crypto.open_from(private, sealed, associated, public)

    partner_due = own is not None and partner_id is not None and partner is None
    return CoupleKeys(opener, own is not None and own.copied, waiting, partner_due)


def deliver(db: Session, couple_id: str, couple_key: bytes, partner: User) -> bool:
    """Seal the couple key to ``partner`` if it has not reached them; return whether it did now."""
    held = db.get(CoupleKey, (couple_id, partner.id))
    if held is not None:
        return False
    _seal_couple_key(db, couple_id, partner, couple_key)
    return True


def mark_copied(db: Session, couple_id: str, user_id: str) -> None:
    """Record that ``user_id`` has written the couple copies of everything they share."""
    db.execute(
        update(CoupleKey)
        .where(CoupleKey.couple_id == couple_id, CoupleKey.user_id == user_id)
        .values(copied=True)
    )


def end_couple_keys(db: Session, couple_id: str, member_ids: list[str]) -> None:
    """Destroy the couple's key and every couple copy of ``member_ids`` (leaving the couple)."""
    db.execute(delete(CoupleKey).where(CoupleKey.couple_id == couple_id))
    db.execute(
        update(CheckinRow).where(CheckinRow.user_id.in_(member_ids)).values(note_couple=None)
    )
    db.execute(
        update(IntakeRow).where(IntakeRow.user_id.in_(member_ids)).values(answers_couple=None)
    )


def members(db: Session, couple_id: str) -> list[User]:
    """Return the accounts of a couple's members."""
    return list(
        db.scalars(
            select(User)
            .join(Member, Member.user_id == User.id)
            .where(Member.couple_id == couple_id)
        )
    )

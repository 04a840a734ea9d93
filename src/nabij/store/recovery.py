"""Getting back into an account: a password change, the recovery key, an operator's reset link.

nabij sends no e-mail. A forgotten password is recovered with the recovery key shown at
registration, which opens the data key, so nothing is lost. Without it an operator runs
``nabij user reset LOGIN``: a link that works once, for 30 minutes, sets a new password and
new keys. The account and its daily scores stay; what was sealed under the old data key (notes,
rituals, intake answers, safety answers, kept drafts) cannot be opened by anyone any more and
is removed.
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from nabij.store import keys, passwords, throttle
from nabij.store.accounts import Registered, Unlocked, end_all_sessions, normalize_login, token_hash
from nabij.store.tables import CheckinRow, CoupleKey, Draft, IntakeRow, Member, ResetToken, User

RESET_VALID = timedelta(minutes=30)


def change_password(user: User, data_key: bytes, new_password: str) -> None:
    """Give ``user`` a new password: a new hash, and the same data key wrapped anew."""
    user.password_hash = passwords.hash_password(new_password)
    keys.rewrap(user, data_key, new_password)


def open_by_recovery_key(
    db: Session, login: str, typed_key: str, address: str, now: datetime
) -> Unlocked | throttle.Blocked | None:
    """Return the account and its data key when ``typed_key`` is its recovery key.

    An unknown name and a wrong key get the same None, both after the same quick work (the
    recovery key is random, so it needs no slow derivation), and count against the throttle
    of logins.
    """
    name = normalize_login(login)
    blocked = throttle.blocked(db, name, address, None, now)
    if blocked is not None:
        return blocked
    user = db.scalar(select(User).where(User.login == name)) if "\x00" not in name else None
    data_key = None if user is None else keys.unlock_by_recovery(user, typed_key)
    if user is None or data_key is None:
        throttle.failed(db, name, address, None, now)
        return None
    throttle.succeeded(db, name, address, None)
    return Unlocked(user, data_key)


def recovered(db: Session, unlocked: Unlocked, new_password: str) -> Registered:
    """Set a new password after a recovery; every session ends, and the used recovery key is
    replaced by a new one to show once."""
    user = unlocked.user
    change_password(user, unlocked.data_key, new_password)
    recovery = keys.renew_recovery(user, unlocked.data_key)
    end_all_sessions(db, user.id)
    return Registered(user, unlocked.data_key, recovery_key=recovery)


def new_reset_link(db: Session, user: User, now: datetime) -> str:
    """Return a fresh reset token for ``user`` (earlier ones stop working); only its hash is
    kept."""
    db.execute(delete(ResetToken).where(ResetToken.user_id == user.id))
    token = secrets.token_urlsafe(32)
    db.add(ResetToken(user_id=user.id, token_hash=token_hash(token), expires_at=now + RESET_VALID))
    return token


def reset_user(db: Session, token: str, now: datetime) -> User | None:
    """Return the account a live reset token belongs to; None for an unknown or expired one."""
    row = db.scalar(select(ResetToken).where(ResetToken.token_hash == token_hash(token)))
    if row is None or row.expires_at < now:
        return None
    return db.get(User, row.user_id)


def reset(db: Session, user: User, new_password: str) -> Registered:
    """Reset ``user`` to a new password and new keys; the token is spent, every session ends.

    What was sealed under the old data key can no longer be opened and is removed: the intake
    (its answers and safety answers), the notes and rituals of check-ins (their scores stay),
    kept drafts, and the sealed couple key (the partner passes it on again at their next
    visit; when the partner never had it, the couple gets a new one).
    """
    db.execute(delete(ResetToken).where(ResetToken.user_id == user.id))
    db.execute(delete(IntakeRow).where(IntakeRow.user_id == user.id))
    db.execute(
        update(CheckinRow)
        .where(CheckinRow.user_id == user.id)
        .values(rituals=None, note=None, note_couple=None, note_shared=False)
    )
    db.execute(delete(Draft).where(Draft.user_id == user.id))
    db.execute(delete(CoupleKey).where(CoupleKey.user_id == user.id))
    end_all_sessions(db, user.id)
    user.password_hash = passwords.hash_password(new_password)
    data_key, recovery = keys.create(user, new_password)
    member = db.get(Member, user.id)
    if member is not None:
        db.flush()
        held = select(CoupleKey.user_id).where(CoupleKey.couple_id == member.couple_id)
        if db.scalar(held.limit(1)) is None:
            # The partner never received the key: without a new one, both would wait forever.
            keys.new_couple_key(db, member.couple_id, user)
    return Registered(user, data_key, recovery_key=recovery)

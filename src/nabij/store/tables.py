"""The database tables (SQLAlchemy 2); migrations in ``migrations/`` create exactly these.

Every primary key is a random 128-bit id made before the insert: a sealed value is bound to its
row (``sealing.Ref``), and ids in URLs reveal nothing about how many rows exist.
Times are UTC without a zone; dates are the user's local dates (CONTRACTS §6).
"""

import re
import secrets
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints, so that migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """Return a fresh random row id (128 bits, hex)."""
    return secrets.token_hex(16)


_ID = re.compile(r"[0-9a-f]{32}")


def is_id(value: str) -> bool:
    """Return whether ``value`` could be a row id that ``new_id`` made.

    An id from an address or a form is checked before it is looked up: anything else is
    missing, and PostgreSQL could not even compare a text holding a NUL character.
    """
    return _ID.fullmatch(value) is not None


class Base(DeclarativeBase):
    """The declarative base of every nabij table."""

    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    """An account: one partner, with their own login."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(2), default="nl")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # The consent notice this user accepted (version and when), and their age confirmation.
    consent_version: Mapped[str | None] = mapped_column(String(16), default=None)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    consent_notice_date: Mapped[date | None] = mapped_column(Date, default=None)
    # Whether this user is open to joint exercises, and whether they chose to pause them.
    open_to_joint: Mapped[bool] = mapped_column(Boolean, default=False)
    joint_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # Neutral title, icon and file names on every page (see ``web/discreet``).
    discreet: Mapped[bool] = mapped_column(Boolean, default=False)
    # The user's keys (``keys``): the data key wrapped by the password's Argon2id key (with its
    # salt) and by the recovery key; the X25519 key pair, its private half sealed by the data key.
    # None only for the moment between destroying the keys and deleting the row.
    key_salt: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    key_by_password: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    key_by_recovery: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    private_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class Session(Base):
    """A login on one device; the cookie holds the token, the table only its hash."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    # The user's data key, wrapped by a key derived from the cookie's token (never stored).
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    # Shown to the owner in their session list only; gone with the session (at most 30 days).
    address: Mapped[str | None] = mapped_column(String(64), default=None)
    user_agent: Mapped[str | None] = mapped_column(String(200), default=None)


class Throttle(Base):
    """Failed logins counted per key (an address, or an address with a login name)."""

    __tablename__ = "throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime] = mapped_column(DateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class Couple(Base):
    """The space two partners share; either may leave it."""

    __tablename__ = "couples"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Member(Base):
    """A user's place in a couple: slot ``a`` for who created it, ``b`` for who joined."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("couple_id", "slot"),)

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    couple_id: Mapped[str] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"), index=True)
    slot: Mapped[str] = mapped_column(String(1))
    joined_at: Mapped[datetime] = mapped_column(DateTime)


class CoupleKey(Base):
    """The couple's key sealed to one member's public key; no row yet means "waiting"."""

    __tablename__ = "couple_keys"

    couple_id: Mapped[str] = mapped_column(
        ForeignKey("couples.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    # Whether this member has since written the couple copies of what they share.
    copied: Mapped[bool] = mapped_column(Boolean, default=False)


class ResetToken(Base):
    """A single-use operator reset link (``nabij user reset``): only the token's hash is kept."""

    __tablename__ = "reset_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class Invite(Base):
    """A one-time code to join a couple: a public lookup part and a secret part (hashed)."""

    __tablename__ = "invites"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    couple_id: Mapped[str] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"), index=True)
    lookup: Mapped[str] = mapped_column(String(8), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class Share(Base):
    """One category a user put in the shared picture (DESIGN §2.2); absent means private."""

    __tablename__ = "shares"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(16), primary_key=True)


class IntakeRow(Base):
    """A user's intake; answers are sealed, the safety screen in a column of its own."""

    __tablename__ = "intakes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    answers: Mapped[bytes] = mapped_column(LargeBinary)
    safety_screen: Mapped[bytes] = mapped_column(LargeBinary)
    # The answers (never the safety screen) under the couple key, while tendencies are shared.
    answers_couple: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CheckinRow(Base):
    """One check-in per user per local date; scores in the clear, the note sealed."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    closeness: Mapped[int] = mapped_column(Integer)
    safety: Mapped[int] = mapped_column(Integer)
    stress: Mapped[int] = mapped_column(Integer)
    teamwork: Mapped[int] = mapped_column(Integer)
    own_space: Mapped[int] = mapped_column(Integer)
    wants: Mapped[str] = mapped_column(String(8))
    reached_out: Mapped[bool] = mapped_column(Boolean)
    pulled_back: Mapped[bool] = mapped_column(Boolean)
    conflict: Mapped[bool] = mapped_column(Boolean)
    connection: Mapped[bool] = mapped_column(Boolean)
    talked_about_it: Mapped[bool] = mapped_column(Boolean)
    conflict_topic: Mapped[str | None] = mapped_column(String(16), default=None)
    # Rituals can be typed freely, so they are sealed like the note.
    rituals: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    note: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    note_shared: Mapped[bool] = mapped_column(Boolean, default=False)
    # The note under the couple key, while it is shared.
    note_couple: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    backfilled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Draft(Base):
    """A coach draft the user chose to keep (drafts are never kept otherwise)."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)

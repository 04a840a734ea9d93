"""The seam every free text and sensitive answer passes through on its way to and from the disk.

Each value is sealed with AES-256-GCM (``crypto``). Its associated data is its ``Ref`` — table,
column, row id and owner — so a sealed value copied into another row, column or account does
not open. A user's own values are sealed under their data key. What they share with their
partner is sealed a second time, in a column of its own whose name ends in ``_couple``, under
the couple's key; only those columns open for the partner.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from nabij.store import crypto

COUPLE_SUFFIX = "_couple"


class Cipher(Protocol):
    """An AEAD: what ``seal`` and ``open_sealed`` encrypt with.

    A module attribute, so that a test can swap in a cipher that stores the text as it is and
    prove that its scans for planted text would find it (the positive control).
    """

    def encrypt(self, key: bytes, plaintext: bytes, associated: bytes) -> bytes:
        """Return ``plaintext`` sealed under ``key``, bound to ``associated``."""
        ...

    def decrypt(self, key: bytes, blob: bytes, associated: bytes) -> bytes:
        """Return the plaintext of ``blob``; raise when it was not sealed so."""
        ...


cipher: Cipher = crypto.AesGcm()


class LockedError(PermissionError):
    """A value was to be sealed or opened without the key it needs: a bug, never a user's doing."""


@dataclass(frozen=True)
class Ref:
    """Where a sealed value lives: its table, column, row id and owner."""

    table: str
    column: str
    row: str
    owner: str

    @property
    def shared(self) -> bool:
        """Return whether this is a couple copy, sealed under the couple key."""
        return self.column.endswith(COUPLE_SUFFIX)

    def associated(self) -> bytes:
        """Return the associated data that binds a value to this place."""
        return f"nabij/{self.table}.{self.column}/{self.row}/{self.owner}".encode("ascii")


@dataclass(frozen=True)
class KeyContext:
    """The keys a request holds: its user's data key, and the couple key while in a couple.

    ``partner_id`` is the partner whose couple copies this request may open. The couple key is
    opened only when first needed (an X25519 exchange): most pages never touch shared text.
    """

    user_id: str
    partner_id: str | None = None
    data_key: bytes | None = field(default=None, repr=False)
    couple_key_opener: Callable[[], bytes | None] | None = field(
        default=None, repr=False, compare=False
    )

    @cached_property
    def couple_key(self) -> bytes | None:
        """Return the couple key, opened on first use; None outside a couple or while waiting."""
        return None if self.couple_key_opener is None else self.couple_key_opener()

    def own(self) -> "KeyContext":
        """Return these keys without the partner's (for what concerns the user alone)."""
        return KeyContext(
            self.user_id, data_key=self.data_key, couple_key_opener=self.couple_key_opener
        )


def _key(ctx: KeyContext, ref: Ref) -> bytes:
    key = ctx.couple_key if ref.shared else ctx.data_key
    if key is None:
        raise LockedError(f"no key for {ref.table}.{ref.column}")
    return key


def seal(ctx: KeyContext, ref: Ref, value: str) -> bytes:
    """Return ``value`` as it is stored at ``ref``."""
    if ref.owner != ctx.user_id:
        # Only the owner seals their own text; anything else is a bug that would mix keys.
        raise LockedError("a value can only be sealed by its owner")
    return cipher.encrypt(_key(ctx, ref), value.encode("utf-8"), ref.associated())


def open_sealed(ctx: KeyContext, ref: Ref, blob: bytes) -> str:
    """Return the value stored at ``ref``; a partner opens only couple copies."""
    if ref.owner != ctx.user_id and not (ref.shared and ref.owner == ctx.partner_id):
        raise LockedError("a value can only be opened by its owner, or a copy by their partner")
    return cipher.decrypt(_key(ctx, ref), blob, ref.associated()).decode("utf-8")

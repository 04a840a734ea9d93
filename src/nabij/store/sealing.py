"""The seam every free text and sensitive answer passes through on its way to and from the disk.

``seal`` and ``open_sealed`` take a ``Ref`` naming the table, column, row and owner, so that the
privacy work can encrypt everything here, in one place, with the reference as associated data.
Until then the seam stores the text as UTF-8, plainly.
"""

from dataclasses import dataclass
from typing import Protocol


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


class _Plain:
    """Stores plainly; the AES-256-GCM cipher replaces it in the key-flow commit."""

    def encrypt(self, key: bytes, plaintext: bytes, associated: bytes) -> bytes:
        return plaintext

    def decrypt(self, key: bytes, blob: bytes, associated: bytes) -> bytes:
        return blob


cipher: Cipher = _Plain()


@dataclass(frozen=True)
class Ref:
    """Where a sealed value lives: its table, column, row id and owner."""

    table: str
    column: str
    row: str
    owner: str


@dataclass(frozen=True)
class KeyContext:
    """The keys a request holds: its user's own, and the couple's for what a partner shared.

    There are no keys yet (the seam stores plainly); the owners say whose values may be opened.
    """

    user_id: str
    partner_id: str | None = None


def seal(ctx: KeyContext, ref: Ref, value: str) -> bytes:
    """Return ``value`` as it is stored at ``ref``."""
    if ref.owner != ctx.user_id:
        # Only the owner seals their own text; anything else is a bug that would mix keys.
        raise PermissionError("a value can only be sealed by its owner")
    return cipher.encrypt(b"", value.encode("utf-8"), b"")


def open_sealed(ctx: KeyContext, ref: Ref, blob: bytes) -> str:
    """Return the value stored at ``ref``."""
    if ref.owner not in (ctx.user_id, ctx.partner_id):
        raise PermissionError("a value can only be opened by its owner or their partner")
    return cipher.decrypt(b"", blob, b"").decode("utf-8")

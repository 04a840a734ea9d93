"""The positive control of every scan for planted text: a cipher that stores text as it is.

Swapped in for ``nabij.store.sealing.cipher`` with ``monkeypatch``, it must make a scan of the
database files, dumps and backups find the planted canaries; otherwise the scan proves nothing.
"""


class IdentityCipher:
    """Seals nothing: the stored bytes are the plaintext."""

    def encrypt(self, key: bytes, plaintext: bytes, associated: bytes) -> bytes:
        """Return ``plaintext`` unchanged."""
        return plaintext

    def decrypt(self, key: bytes, blob: bytes, associated: bytes) -> bytes:
        """Return ``blob`` unchanged."""
        return blob

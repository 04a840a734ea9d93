"""The cryptographic primitives nabij uses, and nothing else: one place to review them.

- AES-256-GCM with a random 96-bit nonce per sealing. Every key is one user's (or one
  couple's) and seals at most a few thousand values in its life, far below the 2^32 sealings
  per key that random nonces allow; the nonce is stored in front of the ciphertext.
- Argon2id (OWASP's floor, as for the password hash, with its own salt) turns a password into
  the key that wraps a data key; HKDF-SHA256 does that for keys that are random already (the
  session token, the recovery key), where a slow function would add nothing.
- X25519 with an ephemeral key, HKDF and AES-GCM seals a couple key to a partner's public key.

Every blob starts with a version byte, so that a later scheme can be told apart.
"""

import base64
import os
import secrets
import struct

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from nabij.store import passwords

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
_VERSION = b"\x01"
_RAW = serialization.Encoding.Raw


class OpenError(ValueError):
    """A blob that does not open with this key and associated data: wrong key, or tampered."""


def new_key() -> bytes:
    """Return a fresh random 256-bit key."""
    return secrets.token_bytes(KEY_BYTES)


def new_salt() -> bytes:
    """Return a fresh random salt for ``password_key``, with today's Argon2id parameters.

    The parameters travel with the salt, so that a key wrapped under weaker ones still opens
    after they are raised, and is wrapped anew at the next login (``salt_is_current``).
    """
    return secrets.token_bytes(SALT_BYTES) + _params()


def _params() -> bytes:
    return struct.pack(">III", passwords.TIME_COST, passwords.MEMORY_COST, passwords.PARALLELISM)


def salt_is_current(salt: bytes) -> bool:
    """Return whether ``salt`` carries today's Argon2id parameters."""
    return salt[SALT_BYTES:] == _params()


class AesGcm:
    """AES-256-GCM: the cipher of ``sealing`` (see ``sealing.Cipher``)."""

    def encrypt(self, key: bytes, plaintext: bytes, associated: bytes) -> bytes:
        """Return version, nonce and ciphertext with its tag."""
        nonce = os.urandom(NONCE_BYTES)
        return _VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, associated)

    def decrypt(self, key: bytes, blob: bytes, associated: bytes) -> bytes:
        """Return the plaintext; raise ``OpenError`` for a wrong key, tag or binding."""
        if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != _VERSION:
            raise OpenError("not a sealed value")
        nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return AESGCM(key).decrypt(nonce, body, associated)
        except InvalidTag:
            raise OpenError("the value does not open with this key") from None


_AEAD = AesGcm()


def wrap(kek: bytes, key: bytes, associated: bytes) -> bytes:
    """Return ``key`` sealed under the key-encryption key ``kek``."""
    return _AEAD.encrypt(kek, key, associated)


def unwrap(kek: bytes, blob: bytes, associated: bytes) -> bytes:
    """Return the key ``wrap`` sealed; raise ``OpenError`` when ``kek`` is not the one."""
    return _AEAD.decrypt(kek, blob, associated)


def password_key(password: str, salt: bytes) -> bytes:
    """Return the key a password wraps a data key with (Argon2id with the salt's parameters).

    It shares the password hash's bound on concurrent hashing, so a burst of logins queues
    instead of exhausting memory.
    """
    time_cost, memory_cost, parallelism = struct.unpack(">III", salt[SALT_BYTES:])
    with passwords.hashing_slot():
        return hash_secret_raw(
            password.encode("utf-8"),
            salt[:SALT_BYTES],
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            hash_len=KEY_BYTES,
            type=Type.ID,
        )


def derive(secret: bytes, purpose: bytes, salt: bytes | None = None) -> bytes:
    """Return a key for ``purpose`` from a secret that is random already (HKDF-SHA256)."""
    return HKDF(hashes.SHA256(), KEY_BYTES, salt, b"nabij/" + purpose).derive(secret)


# Recovery keys are 160 random bits in Crockford's base32 (no I, L, O or U to misread),
# shown in groups of four.
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FROM_RFC = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _CROCKFORD)
_TO_RFC = str.maketrans(_CROCKFORD, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_MISREAD = str.maketrans({"I": "1", "L": "1", "O": "0"})
RECOVERY_BYTES = 20


def new_recovery_key() -> tuple[str, bytes]:
    """Return a fresh recovery key as it is shown (32 characters in groups of four), and its
    bytes."""
    secret = secrets.token_bytes(RECOVERY_BYTES)
    text = base64.b32encode(secret).decode("ascii").translate(_FROM_RFC)
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4)), secret


def recovery_secret(typed: str) -> bytes | None:
    """Return the 20 bytes of a typed recovery key, forgiving case, spaces, dashes and
    misread letters; None when it cannot be one."""
    text = "".join(c for c in typed.upper() if c not in " -\t\n").translate(_MISREAD)
    if len(text) != 32 or any(c not in _CROCKFORD for c in text):
        return None
    return base64.b32decode(text.translate(_TO_RFC))


def new_key_pair() -> tuple[bytes, bytes]:
    """Return a fresh X25519 key pair as (private, public) raw bytes."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()),
        private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw),
    )


def seal_to(public: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """Return ``plaintext`` sealed so that only the holder of ``public``'s private key opens it."""
    ephemeral = X25519PrivateKey.generate()
    sender = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    key = derive(shared, b"sealed-to", salt=sender + public)
    return sender + _AEAD.encrypt(key, plaintext, associated)


def open_from(private: bytes, blob: bytes, associated: bytes, public: bytes | None = None) -> bytes:
    """Return what ``seal_to`` sealed to the public half of ``private``.

    ``public`` spares deriving that half again when the caller has it at hand (half the cost).
    """
    if len(blob) < 32:
        raise OpenError("not a sealed value")
    owner = X25519PrivateKey.from_private_bytes(private)
    if public is None:
        public = owner.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    sender = blob[:32]
    shared = owner.exchange(X25519PublicKey.from_public_bytes(sender))
    key = derive(shared, b"sealed-to", salt=sender + public)
    return _AEAD.decrypt(key, blob[32:], associated)

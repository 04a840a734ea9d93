"""The primitives: AES-256-GCM sealing, key wrapping, recovery keys and sealing to a public key."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nabij.store import crypto

AD = b"nabij/checkins.note/row/owner"


def test_a_sealed_value_opens_with_its_key_and_binding_only() -> None:
    key = crypto.new_key()
    blob = crypto.AesGcm().encrypt(key, b"Vandaag was zwaar.", AD)
    assert b"Vandaag" not in blob
    assert crypto.AesGcm().decrypt(key, blob, AD) == b"Vandaag was zwaar."
    with pytest.raises(crypto.OpenError):
        crypto.AesGcm().decrypt(crypto.new_key(), blob, AD)
    with pytest.raises(crypto.OpenError):
        crypto.AesGcm().decrypt(key, blob, AD + b"x")


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0))
def test_any_changed_byte_is_refused(length: int, position: int) -> None:
    key = crypto.new_key()
    blob = bytearray(crypto.AesGcm().encrypt(key, b"x" * length, AD))
    blob[position % len(blob)] ^= 0x01
    with pytest.raises(crypto.OpenError):
        crypto.AesGcm().decrypt(key, bytes(blob), AD)


def test_nonces_never_repeat() -> None:
    key = crypto.new_key()
    nonces = {
        crypto.AesGcm().encrypt(key, b"same text", AD)[1 : 1 + crypto.NONCE_BYTES]
        for _ in range(20_000)
    }
    assert len(nonces) == 20_000


def test_a_password_key_depends_on_password_and_salt() -> None:
    salt = crypto.new_salt()
    first = crypto.password_key("zeven zonnige zondagen", salt)
    assert len(first) == crypto.KEY_BYTES
    assert crypto.password_key("zeven zonnige zondagen", salt) == first
    assert crypto.password_key("zeven zonnige zondagen!", salt) != first
    assert crypto.password_key("zeven zonnige zondagen", crypto.new_salt()) != first


def test_a_recovery_key_reads_back_as_typed_by_hand() -> None:
    shown, secret = crypto.new_recovery_key()
    assert len(shown) == 39
    assert shown.count("-") == 7
    assert crypto.recovery_secret(shown) == secret
    sloppy = shown.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert crypto.recovery_secret(sloppy) == secret
    assert crypto.recovery_secret(shown[:-1]) is None
    assert crypto.recovery_secret(shown[:-1] + "U") is None


def test_a_value_sealed_to_a_public_key_opens_with_its_private_key_only() -> None:
    private, public = crypto.new_key_pair()
    other, _ = crypto.new_key_pair()
    couple_key = crypto.new_key()
    sealed = crypto.seal_to(public, couple_key, AD)
    assert crypto.open_from(private, sealed, AD) == couple_key
    with pytest.raises(crypto.OpenError):
        crypto.open_from(other, sealed, AD)
    with pytest.raises(crypto.OpenError):
        crypto.open_from(private, sealed, b"another couple")

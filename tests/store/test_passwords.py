"""Password rules (long, no composition rules, common words refused) and Argon2id hashing."""

import pytest
from argon2 import PasswordHasher, Type

from nabij.store import passwords
from nabij.store.passwords import PasswordProblem


def test_it_accepts_a_long_passphrase_without_digits_or_symbols() -> None:
    assert passwords.check("zeven zonnige zondagen aan zee") is None


def test_it_refuses_a_password_shorter_than_fifteen_characters() -> None:
    assert passwords.check("kort maar fijn") is PasswordProblem.TOO_SHORT
    assert len("kort maar fijn") == 14


def test_it_accepts_sixty_four_characters_and_refuses_more_than_the_maximum() -> None:
    long_one = "de kat van de buren zit elke ochtend op ons dak te zingen luid ja"
    assert len(long_one) == 65
    assert passwords.check(long_one) is None
    assert passwords.check("x" * (passwords.MAX_LENGTH + 1)) is PasswordProblem.TOO_LONG


@pytest.mark.parametrize(
    "weak",
    ["wachtwoordwachtwoord", "123456789012345678", "aaaaaaaaaaaaaaaa", "passwordpassword1"],
)
def test_it_refuses_common_and_repetitive_passwords(weak: str) -> None:
    assert passwords.check(weak) is PasswordProblem.TOO_COMMON


def test_it_refuses_a_password_built_from_the_login_name() -> None:
    assert passwords.check("sannedewit1980", context=("sannedewit",)) is not None
    assert (
        passwords.check("sannedewitsannedewit", context=("sannedewit",))
        is PasswordProblem.TOO_COMMON
    )


def test_it_compares_passwords_exactly_without_trimming_or_folding_case() -> None:
    stored = passwords.hash_password("Zeven zonnige zondagen ")
    assert passwords.verify(stored, "Zeven zonnige zondagen ")
    assert not passwords.verify(stored, "zeven zonnige zondagen ")
    assert not passwords.verify(stored, "Zeven zonnige zondagen")


def test_hashes_are_argon2id_at_or_above_the_owasp_floor() -> None:
    stored = passwords.hash_password("zeven zonnige zondagen aan zee")
    assert stored.startswith("$argon2id$")
    params = dict(part.split("=") for part in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024
    assert int(params["t"]) >= 2
    assert int(params["p"]) >= 1


def test_a_hash_with_weaker_parameters_is_marked_for_rehashing() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID)
    assert passwords.needs_rehash(weak.hash("zeven zonnige zondagen aan zee"))
    assert not passwords.needs_rehash(passwords.hash_password("zeven zonnige zondagen aan zee"))


def test_concurrent_hashing_is_bounded() -> None:
    assert passwords.CONCURRENT_HASHES <= 4
    taken = [passwords._slots.acquire(blocking=False) for _ in range(passwords.CONCURRENT_HASHES)]
    try:
        assert all(taken)
        assert not passwords._slots.acquire(blocking=False)
    finally:
        for _ in taken:
            passwords._slots.release()

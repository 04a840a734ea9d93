"""Password rules and hashing: long passphrases, no composition rules, Argon2id.

The rules follow NIST SP 800-63B: a minimum length, a check against common and context words,
nothing else — no required digits or symbols, pasting allowed, compared exactly as typed.
"""

import threading
import tomllib
from collections.abc import Iterable
from enum import StrEnum
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

MIN_LENGTH = 15
MAX_LENGTH = 128
# zxcvbn's estimate of guesses, as a power of ten. 10^10 guesses keeps a password out of reach
# of online guessing by far, and of a quick offline run on a stolen hash at Argon2id's cost.
MIN_GUESSES_LOG10 = 10.0
# zxcvbn's time grows with length; it judges the first 100 characters, plenty for a passphrase.
_JUDGED = 100

# OWASP's floor for Argon2id: m = 19 MiB, t = 2, p = 1. Memory is in KiB.
TIME_COST = 2
MEMORY_COST = 19 * 1024
PARALLELISM = 1
# Each hash holds 19 MiB for its duration; at most this many run at once, so a burst of logins
# queues instead of exhausting memory (and a 2-core machine gains nothing from more).
CONCURRENT_HASHES = 2

_hasher = PasswordHasher(
    time_cost=TIME_COST, memory_cost=MEMORY_COST, parallelism=PARALLELISM, type=Type.ID
)
_slots = threading.BoundedSemaphore(CONCURRENT_HASHES)


class PasswordProblem(StrEnum):
    """Why a new password is refused; the web form words each one."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_COMMON = "too_common"


@cache
def _common_words() -> tuple[str, ...]:
    with (files("nabij.store") / "data" / "common_words.toml").open("rb") as handle:
        words = tomllib.load(handle)["words"]
    if not all(isinstance(w, str) and w for w in words):
        raise ValueError("common_words.toml: every word must be a non-empty string")
    return tuple(words)


def check(password: str, context: Iterable[str] = ()) -> PasswordProblem | None:
    """Return why ``password`` cannot be used, or None when it can.

    ``context`` holds words of this account (the login name) that must not carry a password.
    """
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    words = [*_common_words(), *(w.lower() for w in context if w)]
    estimate = zxcvbn(password[:_JUDGED], user_inputs=words)
    if float(estimate["guesses_log10"]) < MIN_GUESSES_LOG10:
        return PasswordProblem.TOO_COMMON
    return None


def hashing_slot() -> threading.BoundedSemaphore:
    """Return the bound on concurrent Argon2id runs, for the key derivation to share."""
    return _slots


def hash_password(password: str) -> str:
    """Return the Argon2id hash of ``password``."""
    with _slots:
        return _hasher.hash(password)


def verify(stored: str, password: str) -> bool:
    """Return whether ``password`` matches the ``stored`` hash."""
    with _slots:
        try:
            return _hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def needs_rehash(stored: str) -> bool:
    """Return whether ``stored`` was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored)


# Verified against when a login name is unknown, so both answers take the same time.
_DUMMY = _hasher.hash("nabij: no account by this name")


def verify_unknown(password: str) -> bool:
    """Spend the time of one verification and return False (for unknown login names)."""
    verify(_DUMMY, password)
    return False

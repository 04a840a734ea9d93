"""Open a test account's keys the way a login does, for tests that write or read rows directly.

The data key opens with the password (Argon2id); it is kept per user id for the test run, as
a user's data key never changes (ids are random, so no two test databases share one).
"""

from sqlalchemy.orm import Session

from nabij.services import couple_keys, people
from nabij.store import keys
from nabij.store.sealing import KeyContext
from nabij.store.tables import User

_DATA_KEYS: dict[str, bytes] = {}


def data_key(user: User, password: str) -> bytes:
    """Return ``user``'s data key, opened by ``password``."""
    if user.id not in _DATA_KEYS:
        found = keys.unlock(user, password)
        assert found is not None, f"the password does not open {user.login}'s keys"
        _DATA_KEYS[user.id] = found
    return _DATA_KEYS[user.id]


def viewer(db: Session, user: User, password: str) -> people.Viewer:
    """Return ``user`` as a request of theirs sees them, with every key they hold."""
    return people.viewer(db, user, data_key(user, password))


def own_keys(user: User, password: str) -> KeyContext:
    """Return the keys of ``user``'s own values."""
    return KeyContext(user.id, data_key=data_key(user, password))


def settle(db: Session, *users: User, password: str) -> None:
    """Let each of ``users`` pass the couple key on and write their couple copies, as their next
    form would; twice over, so that a key passed on in the first round is used in the second."""
    for _ in range(2):
        for user in users:
            couple_keys.settle(db, viewer(db, user, password))
            db.flush()

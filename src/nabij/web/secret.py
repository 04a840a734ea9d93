"""The server's secret key: made once on first start, kept in a file only the owner can read."""

import os
import secrets
from pathlib import Path

KEY_BYTES = 32


def load_or_create(path: Path) -> bytes:
    """Return the key in ``path``, creating the file (mode 0600) when it does not exist."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first; read theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(key.hex().encode("ascii"))
    text = path.read_bytes().strip()
    try:
        key = bytes.fromhex(text.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError(f"{path} does not hold a hex key") from None
    if len(key) < KEY_BYTES:
        raise ValueError(f"{path}: the key must have at least {KEY_BYTES} bytes")
    return key

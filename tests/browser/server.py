"""The app under test, started as ``make run`` starts it: ``nabij serve``, on SQLite or PostgreSQL.

On SQLite nothing but the data directory is set, so the server is exactly what a new user gets.
On PostgreSQL it is set up as a deployment is (docs/settings.md): ``NABIJ_DATABASE_URL`` names
the database and ``NABIJ_SECRET_KEY_FILE`` a key file made beforehand.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# First start creates and migrates the database; a loaded 2-core CI machine needs a while.
START_TIMEOUT_S = 60.0
# How long to wait between two looks at /healthz while the server starts.
POLL_S = 0.05
# A polite shutdown takes uvicorn well under a second; after this it is killed.
STOP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Server:
    """A running ``nabij serve``: its address, database, data directory and log."""

    url: str
    database_url: str
    data_dir: Path
    log: Path
    process: subprocess.Popen[bytes]

    def log_tail(self, lines: int = 40) -> str:
        """Return the end of the server's log, for a failure message."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """Return a loopback port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _nabij() -> Path:
    # The console script of the venv the tests run in: the same one `make run` calls.
    script = Path(sys.executable).parent / "nabij"
    if not script.exists():
        raise RuntimeError(f"no nabij command beside {sys.executable}; run make first")
    return script


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _key_file(folder: Path) -> Path:
    """Write a secret key file as an operator would for PostgreSQL (hex, mode 0600).

    A server started again on the same folder keeps the key it had.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / "secret.key"
    if path.exists():
        return path
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    return path


def start(
    data_dir: Path,
    log: Path,
    database_url: str | None = None,
    settings: Mapping[str, str] | None = None,
) -> Server:
    """Start ``nabij serve`` on a free port and wait until it answers.

    Without ``database_url`` the server uses its default SQLite file in ``data_dir``; with one
    (PostgreSQL), it gets that URL and a secret key file beside the data directory.
    ``settings`` adds other NABIJ_ settings.
    """
    port = free_port()
    # Only what the database needs is set: everything else is the default a new user gets.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NABIJ_")}
    env.update(settings or {})
    env["NABIJ_DATA_DIR"] = str(data_dir)
    if database_url is None:
        database_url = f"sqlite:///{data_dir / 'nabij.db'}"
    else:
        env["NABIJ_DATABASE_URL"] = database_url
        env["NABIJ_SECRET_KEY_FILE"] = str(_key_file(data_dir.parent / "key"))
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(_nabij()), "serve", "--port", str(port)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", database_url, data_dir, log, process)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not _healthy(server.url):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(server)
            raise RuntimeError(f"nabij serve did not start:\n{server.log_tail()}")
        time.sleep(POLL_S)
    return server


def stop(server: Server) -> None:
    """Stop the server process this harness started (and only that one)."""
    process = server.process
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)

"""The app under test, started exactly as ``make run`` starts it: ``nabij serve`` on SQLite."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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
    """A running ``nabij serve``: its address, data directory and log."""

    url: str
    data_dir: Path
    log: Path
    process: subprocess.Popen[bytes]

    @property
    def database_url(self) -> str:
        """Return the SQLite URL of the server's database (the default in the data dir)."""
        return f"sqlite:///{self.data_dir / 'nabij.db'}"

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


def start(data_dir: Path, log: Path) -> Server:
    """Start ``nabij serve`` on a free port with ``data_dir`` and wait until it answers."""
    port = free_port()
    # Only the data directory is set: everything else is the default a new user gets.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NABIJ_")}
    env["NABIJ_DATA_DIR"] = str(data_dir)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(_nabij()), "serve", "--port", str(port)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", data_dir, log, process)
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

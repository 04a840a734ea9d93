"""The web app as ``nabij serve --no-migrate`` runs it, with cProfile switched on by signals.

Used by ``bench/web.py --profile``. SIGUSR1 starts a fresh profile, SIGUSR2 stops it and writes
``<dir>/profile-<n>.prof`` and a text summary. cProfile follows one thread, and the app works in
two kinds: the event loop (uvicorn, middleware, form parsing) and the thread pool where every
sync dependency and handler runs (database, services, templates). So the loop thread gets one
profiler and each pool thread its own, enabled only around the work it is handed; all are
merged. Each counts its thread's CPU time (``thread_time``), not wall time, so a thread that
waits for the GIL or the database is not charged for it.
"""

import argparse
import asyncio
import cProfile
import io
import logging
import pstats
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import anyio.to_thread
import uvicorn

from nabij.settings import load as load_settings
from nabij.store import database
from nabij.web.app import create_app

# How many lines of each ranking the text summary keeps.
TOP = 45


class Profiles:
    """The profilers of one measured window: the loop thread's and one per pool thread."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.on = False
        self.generation = 0
        self.count = 0
        self.loop_profile: cProfile.Profile | None = None
        self.workers: list[cProfile.Profile] = []
        self.lock = threading.Lock()
        self.local = threading.local()
        self.started = 0.0

    def start(self) -> None:
        """Begin a fresh profile (called on the loop thread)."""
        self.generation += 1
        self.workers = []
        self.loop_profile = cProfile.Profile(time.thread_time_ns, 1e-9)
        self.loop_profile.enable()
        self.started = time.perf_counter()
        self.on = True

    def worker(self) -> cProfile.Profile:
        """Return this pool thread's profiler of the current window."""
        mine = getattr(self.local, "profile", None)
        if mine is None or mine[0] != self.generation:
            profile = cProfile.Profile(time.thread_time_ns, 1e-9)
            mine = (self.generation, profile)
            self.local.profile = mine
            with self.lock:
                self.workers.append(profile)
        return mine[1]

    def stop(self) -> None:
        """End the window and write its merged profile and summary."""
        if not self.on or self.loop_profile is None:
            return
        self.on = False
        self.loop_profile.disable()
        wall = time.perf_counter() - self.started
        stats = pstats.Stats(self.loop_profile)
        with self.lock:
            for profile in self.workers:
                stats.add(profile)
        self.count += 1
        base = self.out / f"profile-{self.count}"
        stats.dump_stats(f"{base}.prof")
        text = io.StringIO()
        text.write(f"window {wall:.1f} s wall; {len(self.workers)} pool threads profiled\n")
        ranked = pstats.Stats(f"{base}.prof", stream=text)
        ranked.strip_dirs()
        text.write("\n=== by cumulative CPU time ===\n")
        ranked.sort_stats("cumulative").print_stats(TOP)
        text.write("\n=== by own CPU time ===\n")
        ranked.sort_stats("tottime").print_stats(TOP)
        Path(f"{base}.txt").write_text(text.getvalue())


def _profiled_pool(profiles: Profiles) -> None:
    """Wrap anyio's thread-pool entry so pool work is profiled while a window is open."""
    original = anyio.to_thread.run_sync

    async def run_sync(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not profiles.on:
            return await original(func, *args, **kwargs)

        def profiled(*inner: Any) -> Any:
            profile = profiles.worker()
            profile.enable()
            try:
                return func(*inner)
            finally:
                profile.disable()

        return await original(profiled, *args, **kwargs)

    anyio.to_thread.run_sync = run_sync  # type: ignore[assignment]


def _logging(level: int) -> None:
    # As ``nabij serve`` sets it up: the access log at INFO goes to stderr.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("nabij")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


async def _serve(port: int, profiles: Profiles) -> None:
    settings = load_settings()
    engine = database.make_engine(settings.database_url)
    if not database.is_ready(engine):
        raise SystemExit("the database is not up to date; run 'nabij db upgrade' first")
    _logging(settings.log_level)
    app = create_app(settings, engine=engine)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        access_log=False,
        log_level="warning",
        server_header=False,
    )
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, profiles.start)
    loop.add_signal_handler(signal.SIGUSR2, profiles.stop)
    await uvicorn.Server(config).serve()


def main() -> None:
    """Serve on loopback until SIGINT/SIGTERM, profiling the windows the signals mark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--profile-dir", type=Path, required=True)
    args = parser.parse_args()
    args.profile_dir.mkdir(parents=True, exist_ok=True)
    profiles = Profiles(args.profile_dir)
    _profiled_pool(profiles)
    # uvicorn stops on the SIGINT that ends the run, then raises KeyboardInterrupt again for
    # its caller, as ``uvicorn.run`` (behind ``nabij serve``) expects; uncaught, it printed a
    # traceback that the load test counted as server errors.
    with suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, profiles))


if __name__ == "__main__":
    main()

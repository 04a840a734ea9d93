"""Benchmark: the web app under load on loopback, on SQLite and PostgreSQL (``make bench``).

Not a test: it prints figures to report. It starts the real server (``nabij db upgrade``, then
``nabij serve --no-migrate``) pinned to core 1, and drives it from this process pinned to core
0: 50 virtual users register through the real form and accept the consent notice, get an
intake and four weeks of check-ins through the store (paired into couples that share
everything, so ``/insight`` reads both partners), log in once, and then alternate
``POST /checkin`` (today's, changed each time) with ``GET /insight``.

Two phases per database, each measured for ``--duration`` seconds after ``--warmup``:
- ``paced``: the users together send ``--rate`` requests/s (the target's load). Latency counts
  from each request's scheduled time, so a slow answer that delays the next request still
  counts against the server.
- ``closed``: each user sends the next request as soon as the last is answered: the capacity.

Target (issue 4, point 15): p99 < 100 ms at >= 200 requests/s with no errors, judged on the
paced phase. Figures go to ``build/bench/web.json``; ``--profile`` runs the server in process
under cProfile for the measured windows and writes ``build/bench/web-profile-<db>/``.
"""

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2
import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import ROUTES, Phase, Tally, VirtualUser, run_phase
from web_seed import seed

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "build" / "bench"
SERVER_CORE = 1
GENERATOR_CORE = 0
TARGET_P99_MS = 100.0
TARGET_RPS = 200.0
# The paced phase counts requests scheduled inside the window; a server that keeps up serves
# the offered rate to within a few requests, so 98% of it is "keeping up", not rounding luck.
KEEPING_UP = 0.98
# Argon2id costs tens of milliseconds of the server's one core; a few registrations at once
# keep the setup quick without queueing past the request timeout.
SETUP_CONCURRENCY = 5
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Backend:
    """One database to run on: its name and the environment the server and seeding read."""

    name: str
    env: dict[str, str]
    backends: Callable[[], list[int]]  # PostgreSQL's server processes for this database


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _base_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NABIJ_")}
    env["NABIJ_DATA_DIR"] = str(data_dir)
    return env


@contextmanager
def sqlite_backend() -> Iterator[Backend]:
    """Yield a fresh data directory with an embedded SQLite database; remove it after."""
    data_dir = Path(tempfile.mkdtemp(prefix="nabij-bench-"))
    try:
        yield Backend("sqlite", _base_env(data_dir), list)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@contextmanager
def postgres_backend(admin_url: str) -> Iterator[Backend]:
    """Yield a fresh ``nabij_bench_<random>`` database on ``admin_url``'s server; drop it after."""
    name = f"nabij_bench_{secrets.token_hex(4)}"
    data_dir = Path(tempfile.mkdtemp(prefix="nabij-bench-"))
    admin = psycopg.connect(admin_url, autocommit=True)
    try:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        env = _base_env(data_dir)
        base = admin_url.rsplit("/", 1)[0]
        env["NABIJ_DATABASE_URL"] = f"{base}/{name}"
        env["NABIJ_SECRET_KEY_FILE"] = str(data_dir / "secret.key")

        def backends() -> list[int]:
            rows = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,)
            ).fetchall()
            return [int(row[0]) for row in rows]

        yield Backend("postgresql", env, backends)
    finally:
        with suppress(psycopg.Error):
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        admin.close()
        shutil.rmtree(data_dir, ignore_errors=True)


@contextmanager
def server(backend: Backend, port: int, profile_dir: Path | None) -> Iterator[int]:
    """Run the server pinned to its core and yield its pid; stop it (SIGINT) after."""
    subprocess.run(
        [str(BIN / "nabij"), "db", "upgrade"], env=backend.env, check=True, capture_output=True
    )
    if profile_dir is None:
        command = [str(BIN / "nabij"), "serve", "--port", str(port), "--no-migrate"]
    else:
        here = Path(__file__).resolve().parent / "web_server.py"
        command = [sys.executable, str(here), "--port", str(port)]
        command += ["--profile-dir", str(profile_dir)]
    log_path = Path(backend.env["NABIJ_DATA_DIR"]) / "server.log"
    with open(log_path, "wb") as log:
        # taskset execs the server, so the child's pid is the server's own.
        process = subprocess.Popen(
            ["taskset", "-c", str(SERVER_CORE), *command],
            env=backend.env,
            stdout=log,
            stderr=log,
        )
        try:
            _wait_healthy(port, process)
            yield process.pid
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    errors = [
        line
        for line in log_path.read_text("utf-8", "replace").splitlines()
        if " ERROR " in line or "Traceback" in line
    ]
    if errors:
        print(f"  server log: {len(errors)} error lines, first: {errors[0][:160]}")


def _wait_healthy(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped on start (exit {process.returncode})")
        with (
            suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.1)
    raise RuntimeError("the server did not become healthy within 30 s")


async def _setup(users: list[VirtualUser], step: Callable[[VirtualUser], Any]) -> None:
    gate = asyncio.Semaphore(SETUP_CONCURRENCY)

    async def one(user: VirtualUser) -> None:
        async with gate:
            await step(user)

    await asyncio.gather(*(one(u) for u in users))


def percentiles(values: list[float]) -> dict[str, float | int]:
    """Return count, p50/p95/p99, mean and max of ``values`` (seconds) in milliseconds."""
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def rank(q: float) -> float:
        # Nearest rank: the smallest value with at least q of all values at or below it.
        index = max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 1)) - 1))
        return ordered[index] * 1e3

    return {
        "count": len(ordered),
        "p50_ms": round(rank(0.50), 2),
        "p95_ms": round(rank(0.95), 2),
        "p99_ms": round(rank(0.99), 2),
        "mean_ms": round(sum(ordered) / len(ordered) * 1e3, 2),
        "max_ms": round(ordered[-1] * 1e3, 2),
    }


def _figures(backend: str, phase: Phase, measured: dict[str, Any]) -> dict[str, Any]:
    tally: Tally = measured["tally"]
    wall: float = measured["wall_s"]
    every = [t for route in ROUTES for t in tally.latencies[route]]
    errors = sum(tally.errors.values())
    requests = len(every) + errors
    rps = requests / phase.duration_s
    overall = percentiles(every)
    cpu = {name: round(seconds, 2) for name, seconds in measured["cpu_s"].items()}
    share = {f"{name}_cores": round(seconds / wall, 3) for name, seconds in cpu.items()}
    figures: dict[str, Any] = {
        "database": backend,
        "phase": phase.name,
        "offered_rps": phase.rate,
        "duration_s": phase.duration_s,
        "warmup_s": phase.warmup_s,
        "requests": requests,
        "rps": round(rps, 1),
        "errors": errors,
        "errors_by_kind": tally.errors,
        "late_starts": tally.late_starts,
        "latency": {"overall": overall}
        | {route: percentiles(tally.latencies[route]) for route in ROUTES},
        "cpu_s": cpu,
        "cpu_cores": share | {"machine": round(measured["machine_cores_busy"], 3)},
        # The generator is one asyncio thread: near a full core it, not the server, sets the pace.
        "generator_saturated": cpu["generator"] / wall > 0.9,
    }
    if phase.rate is not None:
        p99 = overall.get("p99_ms", float("inf"))
        figures["target_met"] = (
            errors == 0 and rps >= TARGET_RPS * KEEPING_UP and p99 < TARGET_P99_MS
        )
    return figures


async def _run(
    backend: Backend, args: argparse.Namespace, profile_dir: Path | None
) -> list[dict[str, Any]]:
    port = _free_port()
    results = []
    with server(backend, port, profile_dir) as server_pid:
        limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
        clients = [
            httpx2.AsyncClient(
                base_url=f"http://127.0.0.1:{port}",
                timeout=30.0,
                limits=limits,
                trust_env=False,
            )
            for _ in range(args.users)
        ]
        users = [VirtualUser(f"bench_{i:03d}", c) for i, c in enumerate(clients)]
        try:
            started = time.perf_counter()
            await _setup(users, VirtualUser.register)
            today = seed(backend.env, [u.login for u in users], not args.solo, args.seed)
            await _setup(users, VirtualUser.log_in)
            print(
                f"  {len(users)} users registered, seeded, logged in in "
                f"{time.perf_counter() - started:.1f} s"
            )
            watched = {"server": lambda: [server_pid], "postgres": backend.backends}
            phases = [Phase(f"paced {args.rate:g}/s", args.warmup, args.duration, args.rate)]
            if not args.paced_only:
                phases.append(Phase("closed", args.warmup, args.duration, None))
            for number, phase in enumerate(phases, start=1):
                if profile_dir is not None:
                    # The profile covers the measured window only, not the warm-up.
                    asyncio.get_running_loop().call_later(
                        phase.warmup_s, os.kill, server_pid, signal.SIGUSR1
                    )
                measured = await run_phase(users, phase, today, watched, args.seed + number)
                if profile_dir is not None:
                    os.kill(server_pid, signal.SIGUSR2)
                    await _written(profile_dir / f"profile-{number}.txt")
                figures = _figures(backend.name, phase, measured)
                if profile_dir is not None:
                    figures["profile"] = str(profile_dir / f"profile-{number}.txt")
                results.append(figures)
                _print_rows(figures)
        finally:
            await asyncio.gather(*(c.aclose() for c in clients))
    return results


async def _written(path: Path) -> None:
    """Wait until the server has written a profile (merging takes it a few seconds)."""
    deadline = time.monotonic() + 120
    while not path.exists() and time.monotonic() < deadline:
        await asyncio.sleep(0.2)


HEADER = (
    f"{'database':<11}{'phase':<12}{'route':<15}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}"
    f"{'max':>8}{'errors':>7}  cpu cores: gen / server / pg / machine   target"
)


def _print_rows(f: dict[str, Any]) -> None:
    cores = f["cpu_cores"]
    cpu = (
        f"{cores['generator_cores']:.2f} / {cores['server_cores']:.2f} / "
        f"{cores['postgres_cores']:.2f} / {cores['machine']:.2f}"
    )
    verdict = {True: "met", False: "MISSED"}.get(f.get("target_met"), "-")  # type: ignore[call-overload]
    if not f["latency"]["overall"].get("count"):
        # Nothing answered inside the window (a server far behind, e.g. under --profile): say
        # so, rather than print no row at all for the phase.
        print(
            f"{f['database']:<11}{f['phase']:<12}{'overall':<15}{f['rps']:>8.1f}"
            f"{'no request answered in the window':>39}{f['errors']!s:>7}  {cpu:<37}{verdict}"
        )
    for route, lat in f["latency"].items():
        if not lat.get("count"):
            continue
        first = route == "overall"
        rps = f["rps"] if first else lat["count"] / f["duration_s"]
        errors = f["errors"] if first else ""
        print(
            f"{f['database'] if first else '':<11}{f['phase'] if first else '':<12}{route:<15}"
            f"{rps:>8.1f}{lat['p50_ms']:>8.1f}{lat['p95_ms']:>8.1f}{lat['p99_ms']:>8.1f}"
            f"{lat['max_ms']:>8.1f}{errors!s:>7}  " + (f"{cpu:<37}{verdict}" if first else "")
        )
    if f["errors"]:
        print(f"{'':<23}errors: {f['errors_by_kind']}")
    if f["generator_saturated"]:
        print(f"{'':<23}the generator used a whole core: its figures are a floor, not the server's")


def _machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "python": platform.python_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "server_core": SERVER_CORE,
        "generator_core": GENERATOR_CORE,
        "temp_filesystem": _filesystem(Path(tempfile.gettempdir())),
    }


def _filesystem(path: Path) -> str:
    answer = subprocess.run(
        ["stat", "-f", "-c", "%T", str(path)], capture_output=True, text=True, check=False
    )
    return answer.stdout.strip()


def _postgres_ready(url: str) -> str | None:
    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            row = connection.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "?"
    except psycopg.Error:
        return None


def main() -> None:
    """Run the load test on each database, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description="nabij web load test (make bench)")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rate", type=float, default=TARGET_RPS, help="paced requests/s")
    parser.add_argument("--duration", type=float, default=30.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds before measuring")
    parser.add_argument("--paced-only", action="store_true", help="skip the closed loop")
    parser.add_argument("--solo", action="store_true", help="no couples: every user alone")
    parser.add_argument("--profile", action="store_true", help="profile the server (cProfile)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("NABIJ_TEST_POSTGRES_URL") or DEFAULT_POSTGRES,
        help="a PostgreSQL server to create the bench database on",
    )
    parser.add_argument("--out", type=Path, default=OUT / "web.json")
    args = parser.parse_args()

    # This process is the load generator: pinned to its own core, as `taskset -c 0` would.
    os.sched_setaffinity(0, {GENERATOR_CORE})
    machine = _machine()
    print(
        f"nabij web load test: {args.users} users, {args.warmup:g} s warm-up + "
        f"{args.duration:g} s per phase; server on core {SERVER_CORE}, generator on core "
        f"{GENERATOR_CORE}; python {machine['python']}, {machine['cpu']}"
    )
    names = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results: list[dict[str, Any]] = []
    skipped: dict[str, str] = {}
    print(HEADER)
    for name in names:
        profile_dir = OUT / f"web-profile-{name}" if args.profile else None
        if profile_dir is not None:
            shutil.rmtree(profile_dir, ignore_errors=True)
        if name == "sqlite":
            with sqlite_backend() as backend:
                results += asyncio.run(_run(backend, args, profile_dir))
            continue
        version = _postgres_ready(args.postgres_url)
        if version is None:
            skipped[name] = "no PostgreSQL answers at the given URL"
            print(f"postgresql: SKIPPED, nothing answers at {args.postgres_url}")
            continue
        machine["postgresql"] = version
        with postgres_backend(args.postgres_url) as backend:
            results += asyncio.run(_run(backend, args, profile_dir))
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "config": {k: v for k, v in vars(args).items() if k not in ("out", "postgres_url")},
        "target": asdict(_Target()),
        "results": results,
        "skipped": skipped,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"figures written to {shown}")


@dataclass(frozen=True)
class _Target:
    p99_ms: float = TARGET_P99_MS
    rps: float = TARGET_RPS
    errors: int = 0
    judged_on: str = "paced phase; rps counted as requests scheduled in the window"


if __name__ == "__main__":
    main()

"""The load generator of ``bench/web.py``: virtual users in a browser's shoes, and their figures.

Each virtual user is one browser: its own cookies, one keep-alive connection, real forms with
the CSRF token read from the page. The cookies are ``__Host-``/Secure; a plain cookie jar would
not send them over http://127.0.0.1 (Chromium does, it treats loopback as secure), so each user
keeps its cookies itself.
"""

import asyncio
import os
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path

import httpx2

_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
PASSWORD = "zeven rustige avonden aan de waterkant"
CHECKIN = "POST /checkin"
INSIGHT = "GET /insight"
ROUTES = (CHECKIN, INSIGHT)
# A request slower than this is an error rather than a latency: far beyond any target, and a
# hung request must not stall the run.
REQUEST_TIMEOUT_S = 30.0
# A note on about one check-in in three: a real note is sealed and stored with the scores.
NOTE_SHARE = 1 / 3
NOTE = "Een rustige dag; we hebben samen gegeten en even gepraat."
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class SetupError(RuntimeError):
    """A virtual user could not get through registration, consent or login."""


@dataclass
class VirtualUser:
    """One browser used by one person: cookies, a connection, and the CSRF token of its pages."""

    login: str
    client: httpx2.AsyncClient
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""

    async def send(
        self, method: str, path: str, data: dict[str, str] | None = None
    ) -> httpx2.Response:
        """Send one request with this browser's cookies, as a same-origin page would."""
        headers = {"accept": "text/html", "accept-language": "nl"}
        if self.cookies:
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["sec-fetch-site"] = "same-origin"
        response = await self.client.request(method, path, data=data, headers=headers)
        for value in response.headers.get_list("set-cookie"):
            self._remember(value)
        return response

    def _remember(self, header: str) -> None:
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0" or not morsel.value.strip('"'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    async def page_token(self, path: str) -> str:
        """Open a page and return the CSRF token its form carries."""
        response = await self.send("GET", path)
        found = _TOKEN.search(response.text)
        if response.status_code != 200 or found is None:
            raise SetupError(f"{self.login}: no form on {path} ({response.status_code})")
        return found.group(1)

    async def post_form(
        self, path: str, fields: dict[str, str], expect: str, page: str | None = None
    ) -> None:
        """Send a form from ``page`` (default: ``path`` itself); expect a 303 to ``expect``."""
        token = await self.page_token(page or path)
        response = await self.send("POST", path, {"csrf_token": token, **fields})
        where = response.headers.get("location", "")
        if response.status_code != 303 or not where.startswith(expect):
            raise SetupError(f"{self.login}: {path} answered {response.status_code} {where}")

    async def register(self) -> None:
        """Create the account through the real form, and accept the consent notice."""
        fields = {"login": self.login, "password": PASSWORD, "password_again": PASSWORD}
        token = await self.page_token("/register")
        response = await self.send("POST", "/register", {"csrf_token": token, **fields})
        if response.status_code != 200 or 'id="recovery-key"' not in response.text:
            raise SetupError(f"{self.login}: /register answered {response.status_code}")
        await self.post_form("/consent", {"special_category": "yes", "age": "yes"}, "/today")

    async def log_in(self) -> None:
        """Log out of the registration's session and log in once; read the check-in token."""
        await self.post_form("/logout", {}, "/", page="/today")
        self.cookies.pop("__Host-nabij_session", None)
        await self.post_form("/login", {"login": self.login, "password": PASSWORD}, "/today")
        # The token is bound to the CSRF cookie and the session, so one read serves the whole
        # session, as it does for a browser that keeps the check-in page open.
        self.token = await self.page_token("/checkin")


def checkin_fields(rng: random.Random, today: date, token: str) -> dict[str, str]:
    """Return a filled-in check-in form for today, with answers that vary like real days."""
    fields = {name: str(rng.randint(0, 10)) for name in RATINGS}
    fields.update(csrf_token=token, date=today.isoformat(), wants=rng.choice(WANTS))
    conflict = rng.random() < 0.2
    for name in FLAGS:
        if conflict if name == "conflict" else rng.random() < 0.4:
            fields[name] = "yes"
    fields["conflict_topic"] = rng.choice(TOPICS) if conflict else ""
    fields["note"] = NOTE if rng.random() < NOTE_SHARE else ""
    return fields


RATINGS = ("closeness", "safety", "stress", "teamwork", "own_space")
FLAGS = ("reached_out", "pulled_back", "conflict", "connection", "talked_about_it")
WANTS = ("closer", "space", "neither")
TOPICS = ("money", "household", "children", "work", "trust", "the_crisis")


@dataclass
class Tally:
    """What one phase measured: latencies per route (seconds) and errors by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {r: [] for r in ROUTES})
    errors: dict[str, int] = field(default_factory=dict)
    late_starts: int = 0  # paced: requests sent after their scheduled time (server behind)

    def error(self, kind: str) -> None:
        """Count one error of ``kind`` (a status or an exception name, never a body)."""
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def _one(user: VirtualUser, route: str, rng: random.Random, today: date) -> tuple[bool, str]:
    """Send one request of the loop; return whether it was answered as expected, and how."""
    try:
        if route == CHECKIN:
            response = await user.send("POST", "/checkin", checkin_fields(rng, today, user.token))
            where = response.headers.get("location", "")
            ok = response.status_code == 303 and where.startswith("/today?saved=")
        else:
            response = await user.send("GET", "/insight")
            ok = response.status_code == 200 and b'class="chart' in response.content
        return ok, f"{route} {response.status_code}"
    except httpx2.HTTPError as problem:
        return False, f"{route} {type(problem).__name__}"


async def _user_loop(
    user: VirtualUser,
    rng: random.Random,
    today: date,
    window: tuple[float, float],
    interval: float | None,
    tally: Tally,
) -> None:
    """Alternate check-in and insight until the window ends; record those started inside it.

    ``interval`` None is a closed loop (the next request as soon as the last is answered).
    Otherwise each request has a scheduled time, ``interval`` apart, and its latency counts
    from that time, not from when it could be sent: a slow answer that delays the next
    request is counted against the server instead of hidden (no coordinated omission).
    """
    start, end = window
    routes = list(ROUTES)
    rng.shuffle(routes)
    scheduled = time.perf_counter() + (rng.random() * interval if interval else 0.0)
    turn = 0
    while True:
        if interval is not None:
            wait = scheduled - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
        began = time.perf_counter()
        if began >= end:
            return
        origin = scheduled if interval is not None else began
        route = routes[turn % 2]
        ok, how = await _one(user, route, rng, today)
        done = time.perf_counter()
        if origin >= start:
            if interval is not None and began - scheduled > 0.001:
                tally.late_starts += 1
            if ok:
                tally.latencies[route].append(done - origin)
            else:
                tally.error(how)
        turn += 1
        if interval is not None:
            scheduled += interval


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU time of process ``pid`` (all its threads) in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command name: state is field 3, utime field 14, stime field 15 (proc(5)).
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def machine_busy() -> tuple[float, float]:
    """Return the machine's (busy, total) CPU seconds across all cores, from /proc/stat."""
    first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(v) for v in first]
    idle = ticks[3] + ticks[4]  # idle + iowait
    total = sum(ticks[:8])  # guest time is already inside user time
    return (total - idle) / _CLOCK_TICKS, total / _CLOCK_TICKS


@dataclass(frozen=True)
class Phase:
    """How to run one measured phase."""

    name: str
    warmup_s: float
    duration_s: float
    rate: float | None  # requests/s over all users, or None for a closed loop


async def run_phase(
    users: Sequence[VirtualUser],
    phase: Phase,
    today: date,
    watched: dict[str, Callable[[], list[int]]],
    seed: int,
) -> dict[str, object]:
    """Run one phase and return its figures; ``watched`` names the processes whose CPU counts."""
    tally = Tally()
    now = time.perf_counter()
    start = now + phase.warmup_s
    end = start + phase.duration_s
    interval = len(users) / phase.rate if phase.rate else None
    loops = [
        asyncio.create_task(
            _user_loop(u, random.Random(seed + i), today, (start, end), interval, tally)
        )
        for i, u in enumerate(users)
    ]
    await asyncio.sleep(max(0.0, start - time.perf_counter()))
    cpu_before = {name: _cpu_by_pid(pids()) for name, pids in watched.items()}
    own_before = time.process_time()
    busy_before = machine_busy()
    await asyncio.sleep(max(0.0, end - time.perf_counter()))
    own_after = time.process_time()
    busy_after = machine_busy()
    cpu_after = {name: _cpu_by_pid(pids()) for name, pids in watched.items()}
    wall = time.perf_counter() - start
    await asyncio.gather(*loops)
    cpu = {
        name: sum(t - cpu_before[name].get(pid, 0.0) for pid, t in cpu_after[name].items())
        for name in watched
    }
    cpu["generator"] = own_after - own_before
    busy = (busy_after[0] - busy_before[0]) / max(1e-9, busy_after[1] - busy_before[1])
    return {
        "tally": tally,
        "wall_s": wall,
        "cpu_s": cpu,
        "machine_cores_busy": busy * (os.cpu_count() or 1),
    }


def _cpu_by_pid(pids: list[int]) -> dict[int, float]:
    """Return each live process's CPU seconds; one that started inside the window counts whole."""
    found = {}
    for pid in pids:
        try:
            found[pid] = cpu_seconds(pid)
        except (FileNotFoundError, ProcessLookupError):
            continue  # it ended between the listing and the read
    return found

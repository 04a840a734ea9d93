"""A server killed with SIGKILL in a burst of check-ins loses no check-in it acknowledged.

``nabij serve`` runs as ``make run`` starts it (``tests/browser/server.py``), on a fresh data
directory. A few people register over HTTP once; then, round after round, each sends check-ins
one after the other (today's and yesterday's, every one with new values) until the server is
killed at a random moment. After each kill the database must hold, for every person and day,
the values of the last check-in that got its 303, or those of the one still in flight, and
SQLite's ``integrity_check`` must say ok. The server then starts again on the same database.

The day is a fixed noon: the server runs in the ``Etc/GMT`` zone where it is about 12 o'clock,
so that "today" and "yesterday" cannot turn over during the test.
"""

import http.client
import os
import random
import re
import signal
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import psycopg

from tests.browser import server as app_server
from tests.databases import postgres_database

PEOPLE = 3
SQLITE_KILLS = 20
POSTGRESQL_KILLS = 3
# The kill comes this long after the burst begins (seconds): early enough that some rounds
# end before anything is acknowledged, late enough that most see dozens of check-ins.
KILL_AFTER = (0.02, 0.4)
# A request to a server that is being killed fails fast; this only guards against a hang.
REQUEST_TIMEOUT_S = 10.0
PASSWORD = "zeven zonnige zondagen aan zee"
RATINGS = ("closeness", "safety", "stress", "teamwork", "own_space")
WANTS = ("closer", "space", "neither")
_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')

Values = tuple[int, int, int, int, int, str]


def noon_zone() -> str:
    """Return the ``Etc/GMT`` zone where it is now about noon (Etc signs are reversed)."""
    offset = 12 - datetime.now(UTC).hour
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


def values(n: int) -> Values:
    """Return the ``n``-th distinct check-in: the five ratings spell ``n`` in base 11."""
    digits = tuple((n // 11**place) % 11 for place in range(len(RATINGS)))
    return (*digits, WANTS[n % len(WANTS)])  # type: ignore[return-value]


class Browser:
    """One person's browser over a plain socket, keeping its cookies by hand.

    The session cookie is ``__Host-`` and Secure; a client library would not send it back to
    http://127.0.0.1, while the browsers nabij supports do (CONTRACTS §7).
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> str:
        """Send one request and return its status line and body (as text)."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=REQUEST_TIMEOUT_S
            )
        headers = {"sec-fetch-site": "same-origin"}
        if self.cookies:
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["content-type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            answer = self.connection.getresponse()
            text = answer.read().decode("utf-8", errors="replace")
        except BaseException:
            self.close()
            raise
        for line in answer.headers.get_all("set-cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        return f"{answer.status}\n{text}"

    def token(self, path: str) -> str:
        """Return the CSRF token of the form on ``path``."""
        page = self.request("GET", path)
        found = _TOKEN.search(page)
        assert found is not None, f"no form token on {path}: {page[:200]}"
        return found.group(1)

    def close(self) -> None:
        """Drop the connection (a new one is made on the next request)."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _status(answer: str) -> int:
    return int(answer.split("\n", 1)[0])


def register(browser: Browser, login: str) -> None:
    """Create an account through the forms and accept the consent notice."""
    form = [("login", login), ("password", PASSWORD), ("password_again", PASSWORD)]
    answer = browser.request(
        "POST", "/register", [("csrf_token", browser.token("/register")), *form]
    )
    assert _status(answer) == 200, answer[:500]  # the page with the recovery key
    consent = [("special_category", "yes"), ("age", "yes")]
    answer = browser.request(
        "POST", "/consent", [("csrf_token", browser.token("/consent")), *consent]
    )
    assert _status(answer) == 303, answer[:500]


def checkin_form(token: str, day: date, value: Values) -> list[tuple[str, str]]:
    """Return a complete check-in as the form posts it."""
    form = [("csrf_token", token), ("date", day.isoformat())]
    form += [(name, str(rating)) for name, rating in zip(RATINGS, value[:5], strict=True)]
    form += [("wants", value[5]), ("reached_out", "yes"), ("conflict_topic", "")]
    form += [("rituals", "short_walk"), ("ritual_other", ""), ("note", "")]
    return form


@dataclass
class Burst:
    """What one person sent in one round: the last acknowledged check-in per day, and the
    one in flight when the server died."""

    acked: dict[date, Values] = field(default_factory=dict)
    in_flight: tuple[date, Values] | None = None
    count: int = 0
    refused: str | None = None


def send_until_killed(browser: Browser, token: str, days: tuple[date, ...], start: int) -> Burst:
    """Send check-ins one after another, alternating the days, until the server is gone."""
    burst = Burst()
    n = start
    while True:
        day, value = days[n % len(days)], values(n)
        try:
            answer = browser.request("POST", "/checkin", checkin_form(token, day, value))
        except (OSError, http.client.HTTPException):
            burst.in_flight = (day, value)
            return burst
        if _status(answer) != 303:
            burst.refused = answer[:500]
            return burst
        burst.acked[day] = value
        burst.count += 1
        n += 1


Reader = Callable[[str, date], Values | None]


def sqlite_reader(path: Path) -> Iterator[Reader]:
    """Yield a reader of stored check-ins on the SQLite file, after its integrity check."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []

        def read(login: str, day: date) -> Values | None:
            row = connection.execute(
                "SELECT closeness, safety, stress, teamwork, own_space, wants FROM checkins "
                "JOIN users ON users.id = checkins.user_id WHERE login = ? AND day = ?",
                (login, day.isoformat()),
            ).fetchone()
            return None if row is None else tuple(row)  # type: ignore[return-value]

        yield read
    finally:
        connection.close()


def postgresql_reader(url: str) -> Iterator[Reader]:
    """Yield a reader of stored check-ins on the PostgreSQL database."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1)) as connection:

        def read(login: str, day: date) -> Values | None:
            row = connection.execute(
                "SELECT closeness, safety, stress, teamwork, own_space, wants FROM checkins "
                "JOIN users ON users.id = checkins.user_id WHERE login = %s AND day = %s",
                (login, day),
            ).fetchone()
            return None if row is None else tuple(row)  # type: ignore[return-value]

        yield read


def kill_during_bursts(
    folder: Path, database_url: str | None, kills: int, reader: Callable[[], Iterator[Reader]]
) -> None:
    """Run the rounds: start, burst, SIGKILL at a random moment, check."""
    zone = noon_zone()
    today = datetime.now(ZoneInfo(zone)).date()
    days = (today, today - timedelta(days=1))
    logins = [f"kill{i}" for i in range(PEOPLE)]
    known: dict[tuple[str, date], Values | None] = {(p, d): None for p in logins for d in days}
    tokens: dict[str, str] = {}
    browsers: dict[str, Browser] = {}
    sent = 0
    acked_total = 0
    for round_ in range(kills):
        # Thread timing differs from run to run anyway, so the moment is simply random.
        delay = random.uniform(*KILL_AFTER)
        where = f"(round {round_}, killed after {delay:.3f} s)"
        running = app_server.start(
            folder / "data", folder / "server.log", database_url, {"NABIJ_TIMEZONE": zone}
        )
        try:
            for login in logins:
                if login not in browsers:
                    browsers[login] = Browser(running.url)
                    register(browsers[login], login)
                    tokens[login] = browsers[login].token("/checkin")
                else:
                    browsers[login].close()
                    browsers[login].port = urlsplit(running.url).port or 80
            with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
                sending = {
                    login: pool.submit(
                        send_until_killed, browsers[login], tokens[login], days, sent + i * 100_000
                    )
                    for i, login in enumerate(logins)
                }
                time.sleep(delay)
                os.kill(running.process.pid, signal.SIGKILL)
                running.process.wait(timeout=app_server.STOP_TIMEOUT_S)
                bursts = {
                    login: future.result(timeout=REQUEST_TIMEOUT_S * 2)
                    for login, future in sending.items()
                }
        finally:
            app_server.stop(running)
        sent += 1 + max(b.count for b in bursts.values())
        for login, burst in bursts.items():
            assert burst.refused is None, (
                f"{login}: a check-in was refused {where}:\n{burst.refused}"
            )
            acked_total += burst.count
        for read in reader():
            for login, burst in bursts.items():
                for day in days:
                    allowed = {burst.acked.get(day, known[(login, day)])}
                    if burst.in_flight is not None and burst.in_flight[0] == day:
                        allowed.add(burst.in_flight[1])
                    stored = read(login, day)
                    assert stored in allowed, (
                        f"{login} {day}: stored {stored}, acknowledged {allowed} {where}"
                    )
                    known[(login, day)] = stored
    # The rounds must have written for real: a test that never got a 303 proves nothing.
    assert acked_total >= kills, f"only {acked_total} check-ins acknowledged"


def test_sqlite_loses_no_acknowledged_checkin_when_killed_20_times(tmp_path: Path) -> None:
    data = tmp_path / "data"
    kill_during_bursts(tmp_path, None, SQLITE_KILLS, lambda: sqlite_reader(data / "nabij.db"))


def test_postgresql_loses_no_acknowledged_checkin_when_killed(tmp_path: Path) -> None:
    with postgres_database() as url:
        kill_during_bursts(tmp_path, url, POSTGRESQL_KILLS, lambda: postgresql_reader(url))

"""The retention purge runs when the app starts and then at most once an hour, from requests."""

from collections.abc import Callable
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from nabij.services import clock
from nabij.store.tables import Throttle
from nabij.web.upkeep import EVERY, Upkeep
from tests.web.people import Person
from tests.web.worlds import database

MakePerson = Callable[[str], Person]


def _plant_old_throttle_row(app: FastAPI, key: str) -> None:
    """Store a throttle row whose window ended two hours ago."""
    with database(app) as db:
        db.add(Throttle(key=key * 64, failures=2, first_at=clock.utcnow() - timedelta(hours=2)))


def _throttle_rows(app: FastAPI) -> int:
    with database(app) as db:
        return db.scalar(select(func.count()).select_from(Throttle)) or 0


def test_the_app_purges_when_it_starts(app: FastAPI) -> None:
    _plant_old_throttle_row(app, "a")
    upkeep: Upkeep = app.state.upkeep
    assert upkeep.last_run is None
    with TestClient(app, base_url="https://testserver"):  # runs the app's startup
        assert _throttle_rows(app) == 0
        assert upkeep.last_run is not None


def test_requests_purge_at_most_once_an_hour(app: FastAPI, person: MakePerson) -> None:
    anon = person("anon")
    _plant_old_throttle_row(app, "a")
    assert anon.get("/").status_code == 200  # the first request of a process that never purged
    assert _throttle_rows(app) == 0
    _plant_old_throttle_row(app, "b")
    for path in ("/", "/login", "/support"):
        anon.get(path)
    assert _throttle_rows(app) == 1  # not again within the hour
    upkeep: Upkeep = app.state.upkeep
    assert upkeep.last_run is not None
    upkeep.last_run -= EVERY  # as if an hour went by
    anon.get("/")
    assert _throttle_rows(app) == 0


def test_a_run_that_is_not_due_does_nothing(app: FastAPI) -> None:
    upkeep: Upkeep = app.state.upkeep
    now = clock.utcnow()
    assert upkeep.run(now) is not None
    _plant_old_throttle_row(app, "c")
    assert upkeep.run(now + EVERY - timedelta(seconds=1)) is None
    assert _throttle_rows(app) == 1
    assert upkeep.run(now + EVERY) == {
        "sessions": 0,
        "session_details": 0,
        "invites": 0,
        "throttle": 1,
        "reset_tokens": 0,
    }

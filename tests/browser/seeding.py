"""Four weeks of check-ins, written through the store's services into the server's database.

The server runs in another process, so the test opens the same database by its URL (the
SQLite file or the PostgreSQL database) and saves intakes and check-ins exactly as the pages
do (``save_intake``/``save_checkin`` through the seal seam), with the personas' habits shifted
so the newest check-in is today.
"""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from nabij.instruments.checkin import CheckIn
from nabij.instruments.record import checkin_from_json, intake_from_json
from nabij.services.clock import local_today, utcnow
from nabij.store import database, records
from nabij.store.tables import User
from tests import personas, unlock
from tests.browser.people import PASSPHRASE

# The day boundary nabij uses by default (NABIJ_TIMEZONE), and so the server under test.
ZONE = ZoneInfo("Europe/Amsterdam")
WEEKS = 4

# Sanne leans in under stress and Mark pulls back: the pursue-withdraw dance of the engine
# tests, with attachment scores on the anxious and the avoidant side respectively.
SANNE = {
    "habits": personas.PURSUER,
    "intake": {"attachment": {"anxiety": 5.6, "avoidance": 2.1}, "distrust": 6},
}
MARK = {
    "habits": personas.WITHDRAWER,
    "intake": {"attachment": {"anxiety": 2.4, "avoidance": 5.3}},
}


def seed(database_url: str, login: str, persona: Mapping[str, Any]) -> int:
    """Save ``persona``'s intake and four weeks of check-ins for ``login``; return the count."""
    today = local_today(ZONE)
    start = today - timedelta(days=WEEKS * 7 - 1)
    checkins = [checkin_from_json(c) for c in personas.days(WEEKS * 7, start, **persona["habits"])]
    assert checkins[-1].date == today
    _save(database_url, login, persona, checkins)
    return len(checkins)


def seed_intake(database_url: str, login: str, persona: Mapping[str, Any]) -> None:
    """Save only ``persona``'s intake for ``login``: no check-in, so no stress pauses anything."""
    _save(database_url, login, persona, [])


def _save(
    database_url: str, login: str, persona: Mapping[str, Any], checkins: list[CheckIn]
) -> None:
    began = (local_today(ZONE) - timedelta(days=WEEKS * 7 + 44)).isoformat()
    intake = intake_from_json(personas.intake(crisis_began=began, **persona["intake"]))
    engine = database.make_engine(database_url)
    try:
        with database.session_factory(engine)() as db:
            user = db.scalar(select(User).where(User.login == login))
            assert user is not None, f"no user {login}"
            who = unlock.viewer(db, user, PASSPHRASE)
            now = utcnow()
            records.save_intake(db, who.keys, intake, now)
            for checkin in checkins:
                records.save_checkin(
                    db, who.keys, checkin, backfilled=False, note_shared=False, now=now
                )
            records.sync_couple_copies(db, who.keys, who.own_shares)
            db.commit()
    finally:
        engine.dispose()

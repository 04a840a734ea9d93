"""Persona data seeded straight through the store, for pages that need weeks of check-ins.

The web forms for the intake and the check-in have tests of their own; here the days are laid
down the way the services store them, relative to the app's today, so the insight window and
the "recent stress" pause see them as fresh.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from fastapi import FastAPI
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from nabij.instruments.record import checkin_from_json, intake_from_json
from nabij.model.ids import ShareCategory
from nabij.services import clock
from nabij.store import couples, records
from nabij.store.tables import User
from tests import personas, unlock
from tests.web.people import PASSWORD, Person

_CSRF = re.compile(r"[0-9a-f]{32,}")


def today(app: FastAPI) -> date:
    """Return the local date the app's pages use for today."""
    return clock.local_today(app.state.settings.timezone)


@contextmanager
def database(app: FastAPI) -> Iterator[Session]:
    """Yield a session on the app's database and commit it."""
    db: Session = app.state.sessions()
    try:
        yield db
        db.commit()
    finally:
        db.close()


def user(db: Session, login: str) -> User:
    """Return the account of ``login``."""
    found = db.scalar(select(User).where(User.login == login))
    assert found is not None, login
    return found


def four_weeks(app: FastAPI, **habits: Any) -> list[dict[str, Any]]:
    """Return 28 days of persona check-ins ending today, with the given habits."""
    return personas.days(28, start=today(app) - timedelta(days=27), **habits)


def seed(
    app: FastAPI,
    person: Person,
    intake: dict[str, Any] | None = None,
    checkins: list[dict[str, Any]] | None = None,
) -> None:
    """Store an intake (calm by default) and check-ins for ``person``."""
    now = clock.utcnow()
    with database(app) as db:
        who = unlock.viewer(db, user(db, person.login), PASSWORD)
        records.save_intake(db, who.keys, intake_from_json(intake or personas.intake()), now)
        for value in checkins or []:
            checkin = checkin_from_json(value)
            records.save_checkin(
                db, who.keys, checkin, backfilled=False, note_shared=False, now=now
            )
        records.sync_couple_copies(db, who.keys, who.own_shares)


def link(app: FastAPI, first: Person, second: Person) -> None:
    """Make ``first`` and ``second`` a couple: a space, an invitation, and the join."""
    now = clock.utcnow()
    with database(app) as db:
        space = couples.create(db, user(db, first.login).id, now)
        code = couples.invite(db, space.couple_id, now)
        joined = couples.join(db, user(db, second.login).id, code, now)
        assert isinstance(joined, couples.Membership)
        # As their next forms would: the couple key passed on, the couple copies written.
        unlock.settle(db, user(db, first.login), user(db, second.login), password=PASSWORD)


def share(app: FastAPI, person: Person, *categories: ShareCategory) -> None:
    """Put exactly ``categories`` of ``person`` in the shared picture."""
    with database(app) as db:
        account = user(db, person.login)
        records.set_shares(db, account.id, frozenset(categories))
        records.sync_couple_copies(
            db, unlock.viewer(db, account, PASSWORD).keys, frozenset(categories)
        )


def set_user(app: FastAPI, person: Person, **flags: bool) -> None:
    """Set account flags such as ``joint_paused`` or ``open_to_joint``."""
    with database(app) as db:
        account = user(db, person.login)
        for name, value in flags.items():
            setattr(account, name, value)


def page_without_tokens(text: str) -> str:
    """Return a page with its CSRF tokens blanked, the one part that differs per session."""
    return _CSRF.sub("TOKEN", text)


def shows(page: str, text: str) -> bool:
    """Return whether a page shows ``text``, as the template escapes it."""
    return str(escape(text)) in page


def sanne_and_mark(
    app: FastAPI,
    person: Callable[[str], Person],
    suffix: str = "",
    sanne_days: list[dict[str, Any]] | None = None,
) -> tuple[Person, Person]:
    """Register and link Sanne (who reaches out) and Mark (who pulls back), four weeks each.

    Nothing is shared yet, and both are open to joint exercises.
    """
    sanne = person(f"sanne{suffix}").register()
    mark = person(f"mark{suffix}").register()
    seed(
        app,
        sanne,
        personas.intake(attachment={"anxiety": 5.5, "avoidance": 2.0}),
        four_weeks(app, **personas.PURSUER) if sanne_days is None else sanne_days,
    )
    seed(
        app,
        mark,
        personas.intake(attachment={"anxiety": 2.0, "avoidance": 5.5}),
        four_weeks(app, **personas.WITHDRAWER),
    )
    link(app, sanne, mark)
    set_user(app, sanne, open_to_joint=True)
    set_user(app, mark, open_to_joint=True)
    return sanne, mark

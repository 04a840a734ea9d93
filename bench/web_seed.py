"""Seed the load test's users straight through the store: an intake, four weeks, couples.

The intake and the check-ins have forms of their own, with tests; here they are laid down the
way the services store them (``records.save_intake``/``save_checkin`` with the user's own
``KeyContext``), so that ``/insight`` reads four weeks of days and, for a couple, the partner's.
"""

import random
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from sqlalchemy import select

from nabij.instruments.checkin import CheckIn
from nabij.instruments.record import intake_from_json
from nabij.model.ids import ConflictTopic, ShareCategory, Wants
from nabij.services import clock, couple_keys, people
from nabij.settings import load as load_settings
from nabij.store import couples, database, keys, records
from nabij.store.sealing import KeyContext
from nabij.store.tables import User
from web_load import PASSWORD

# Four weeks: the window the assessment and the charts read (engine.thresholds.WINDOW_DAYS).
SEED_DAYS = 28
NO_CONCERN = dict.fromkeys(
    ("hurt", "threatened", "afraid_of_partner", "controlled", "self_harm_thoughts"), False
)


def _intake(rng: random.Random) -> dict[str, object]:
    return {
        "crisis": [rng.choice(["infidelity", "illness", "financial_stress"])],
        "crisis_began": "2026-01-10",
        "reactions": {
            "stress_response": rng.randint(2, 6),
            "attachment_activation": rng.randint(2, 6),
            "loss_of_predictability": rng.randint(2, 6),
            "identity_stress": rng.randint(1, 5),
        },
        "attachment": {"anxiety": rng.choice([2.5, 3.5, 4.5]), "avoidance": rng.choice([2.0, 4.0])},
        "distrust": rng.randint(1, 6),
        "fear_for_future": rng.randint(1, 6),
        "fear_when_apart": rng.randint(1, 5),
        "old_pain": rng.random() < 0.3,
        "safety_screen": dict(NO_CONCERN),
    }


def _day(rng: random.Random, day: date, pursues: bool) -> CheckIn:
    """Return one seeded day; half the users lean to reaching out, half to pulling back."""
    conflict = rng.random() < 0.25
    return CheckIn(
        date=day,
        closeness=rng.randint(2, 8),
        safety=rng.randint(4, 9),
        # Below the pause threshold, so joint steps stay open and the full view is rendered.
        stress=rng.randint(2, 7),
        teamwork=rng.randint(2, 8),
        own_space=rng.randint(2, 8),
        wants=Wants.CLOSER if pursues and rng.random() < 0.6 else rng.choice(list(Wants)),
        reached_out=rng.random() < (0.7 if pursues else 0.2),
        pulled_back=rng.random() < (0.1 if pursues else 0.6),
        conflict=conflict,
        connection=rng.random() < 0.4,
        talked_about_it=rng.random() < 0.3,
        conflict_topic=rng.choice(list(ConflictTopic)) if conflict else None,
        note="Vandaag was het stil tussen ons, later beter." if rng.random() < 0.25 else None,
    )


def seed(env: Mapping[str, str], logins: Sequence[str], pair: bool, seed_value: int) -> date:
    """Give each user an intake and 28 earlier days; with ``pair``, make couples sharing all.

    Returns the local date the server calls today (the check-ins end the day before it).
    """
    settings = load_settings(env)
    engine = database.make_engine(settings.database_url)
    sessions = database.session_factory(engine)
    now = clock.utcnow()
    today = clock.local_today(settings.timezone, now)
    rng = random.Random(seed_value)
    try:
        with sessions() as db:
            users = {u.login: u for u in db.scalars(select(User).where(User.login.in_(logins)))}
            ids = {login: user.id for login, user in users.items()}
            data_keys = {login: keys.unlock(user, PASSWORD) for login, user in users.items()}
            for index, login in enumerate(logins):
                ctx = KeyContext(ids[login], data_key=data_keys[login])
                records.save_intake(db, ctx, intake_from_json(_intake(rng)), now)
                for back in range(SEED_DAYS, 0, -1):
                    day = _day(rng, today - timedelta(days=back), pursues=index % 2 == 0)
                    records.save_checkin(
                        db, ctx, day, backfilled=False, note_shared=day.note is not None, now=now
                    )
            if pair:
                for first, second in zip(logins[0::2], logins[1::2], strict=False):
                    space = couples.create(db, ids[first], now)
                    code = couples.invite(db, space.couple_id, now)
                    couples.join(db, ids[second], code, now)
                    for login in (first, second):
                        records.set_shares(db, ids[login], frozenset(ShareCategory))
                        user = db.get(User, ids[login])
                        assert user is not None
                        user.open_to_joint = True
                    db.flush()
                    # As their next forms would: the couple key passed on, the copies written.
                    for _ in range(2):
                        for login in (first, second):
                            key = data_keys[login]
                            assert key is not None
                            couple_keys.settle(db, people.viewer(db, users[login], key))
                            db.flush()
            db.commit()
    finally:
        engine.dispose()
    return today

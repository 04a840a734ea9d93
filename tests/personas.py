"""One test world: Sanne and Mark (a couple), Eva (alone), and builders for their days.

Records are built the way people fill them in: an intake, then a check-in most days, with
answers that vary from day to day. ``days`` takes the share of days a yes/no answer is yes
and spreads those days evenly, so a test states a habit ("reaches out on 70% of days")
rather than a list of booleans.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from nabij.instruments.record import CoupleRecord, record_from_json

START = date(2026, 9, 1)
NO_CONCERN = {
    "hurt": False,
    "threatened": False,
    "afraid_of_partner": False,
    "controlled": False,
    "self_harm_thoughts": False,
}


def intake(**overrides: Any) -> dict[str, Any]:
    """Return an intake JSON object with calm defaults, changed by ``overrides``."""
    value: dict[str, Any] = {
        "crisis": ["illness"],
        "crisis_began": "2026-07-15",
        "reactions": {
            "stress_response": 4,
            "attachment_activation": 3,
            "loss_of_predictability": 4,
            "identity_stress": 2,
        },
        "attachment": {"anxiety": 3.0, "avoidance": 3.0},
        "distrust": 2,
        "fear_for_future": 3,
        "fear_when_apart": 2,
        "old_pain": False,
        "safety_screen": dict(NO_CONCERN),
    }
    value.update(overrides)
    return value


def _spread(share: float, index: int) -> bool:
    """Return whether day ``index`` is one of the evenly spread ``share`` of yes-days."""
    return int((index + 1) * share) > int(index * share)


def days(
    count: int = 28,
    start: date = START,
    skip_every: int = 0,
    ratings: Mapping[str, int] | None = None,
    shares: Mapping[str, float] | None = None,
    wants: Mapping[str, float] | None = None,
    topic: str | None = "household",
) -> list[dict[str, Any]]:
    """Return ``count`` days of check-ins from ``start``.

    ``ratings`` sets the usual 0–10 answers (they wobble by one from day to day), ``shares``
    the share of days each yes/no answer is yes, ``wants`` the share of days wanting
    ``closer`` or ``space`` (else ``neither``); every ``skip_every``-th day is missed.
    """
    base = {"closeness": 5, "safety": 7, "stress": 4, "teamwork": 6, "own_space": 5}
    base.update(ratings or {})
    yes = {
        "reached_out": 0.3,
        "pulled_back": 0.1,
        "conflict": 0.1,
        "connection": 0.5,
        "talked_about_it": 0.3,
    }
    yes.update(shares or {})
    want = {"closer": 0.0, "space": 0.0}
    want.update(wants or {})
    out: list[dict[str, Any]] = []
    for i in range(count):
        if skip_every and i % skip_every == skip_every - 1:
            continue
        wobble = (0, 1, 0, -1)[i % 4]
        checkin: dict[str, Any] = {"date": (start + timedelta(days=i)).isoformat()}
        for key, value in base.items():
            checkin[key] = min(10, max(0, value + wobble))
        if _spread(want["closer"], i):
            checkin["wants"] = "closer"
        elif _spread(want["space"], i):
            checkin["wants"] = "space"
        else:
            checkin["wants"] = "neither"
        for key, share in yes.items():
            checkin[key] = _spread(share, i)
        checkin["conflict_topic"] = topic if checkin["conflict"] else None
        checkin["rituals"] = ["samen ontbijten"] if checkin["connection"] else []
        out.append(checkin)
    return out


def partner(
    partner_id: str, name: str, intake_value: dict[str, Any], checkins: list[dict[str, Any]]
) -> dict[str, Any]:
    """Return one partner's JSON object."""
    return {"id": partner_id, "name": name, "intake": intake_value, "checkins": checkins}


def record(*partners: dict[str, Any]) -> CoupleRecord:
    """Return a validated couple record of the given partners."""
    return record_from_json({"format": "nabij.couple/1", "partners": list(partners)})


def sanne_and_mark(
    sanne: list[dict[str, Any]] | None = None,
    mark: list[dict[str, Any]] | None = None,
    sanne_intake: dict[str, Any] | None = None,
    mark_intake: dict[str, Any] | None = None,
) -> CoupleRecord:
    """Return Sanne (a) and Mark (b), calm unless told otherwise."""
    return record(
        partner("a", "Sanne", sanne_intake or intake(), days() if sanne is None else sanne),
        partner("b", "Mark", mark_intake or intake(), days() if mark is None else mark),
    )


def eva(checkins: list[dict[str, Any]] | None = None, **intake_overrides: Any) -> CoupleRecord:
    """Return Eva, who uses nabij alone."""
    return record(
        partner(
            "a", "Eva", intake(**intake_overrides), checkins if checkins is not None else days()
        )
    )


# Habits that make up the patterns, as used across the engine tests.
PURSUER = {
    "shares": {"reached_out": 0.75, "pulled_back": 0.05, "connection": 0.15, "conflict": 0.2},
    "wants": {"closer": 0.7},
    "ratings": {"closeness": 3, "stress": 6},
}
WITHDRAWER = {
    "shares": {"reached_out": 0.1, "pulled_back": 0.6, "connection": 0.15, "conflict": 0.2},
    "wants": {"space": 0.6},
    "ratings": {"closeness": 4, "stress": 6},
}
FROZEN = {
    "shares": {"connection": 0.1, "conflict": 0.1, "talked_about_it": 0.1, "reached_out": 0.2},
    "ratings": {"stress": 8, "teamwork": 7, "closeness": 4},
}
PARALLEL = {
    "shares": {"connection": 0.1, "conflict": 0.05, "talked_about_it": 0.05, "reached_out": 0.1},
    "ratings": {"stress": 3, "teamwork": 5, "closeness": 4},
}
CLINGING = {
    "shares": {"reached_out": 0.8, "pulled_back": 0.05, "connection": 0.6, "conflict": 0.1},
    "wants": {"closer": 0.8},
    "ratings": {"own_space": 2, "stress": 6, "closeness": 8},
}

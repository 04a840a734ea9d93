"""Everything of mine as one file: the ``nabij.export/1`` archive (``docs/export.md``).

The archive is for keeping and reading, not for bringing back in: it holds my account and
settings, my own record in the couple-record format (made by ``transfer``, so the two files can
never describe my data differently), what I share, my kept coach drafts, and what my partner
shares with me right now, under a key of its own that says whose it is. It is built only from
what this user may see (``sharing.from_partner`` for the partner's part), so nothing of the
partner that is not shared with me can be in it.
"""

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

import nabij
from nabij.instruments.record import checkin_to_json, record_to_json
from nabij.model.ids import ShareCategory
from nabij.services import sharing, transfer
from nabij.services.people import Viewer
from nabij.services.sharing import SharedPicture
from nabij.store import records

FORMAT = "nabij.export/1"
# Shared attachment scores are shown with one decimal; two keep them exact enough to compare.
SCORE_DECIMALS = 2


def _moment(when: datetime) -> str:
    """Return a stored UTC time (kept without a zone) as ISO 8601 with ``Z``."""
    return when.replace(microsecond=0).isoformat() + "Z"


def _account(who: Viewer) -> dict[str, Any]:
    user = who.user
    consent = None
    if user.consent_version is not None and user.consent_at is not None:
        consent = {
            "version": user.consent_version,
            "accepted_at": _moment(user.consent_at),
            "notice_date": (
                user.consent_notice_date.isoformat() if user.consent_notice_date else None
            ),
        }
    return {
        "login": user.login,
        "language": user.lang,
        "created_at": _moment(user.created_at),
        "consent": consent,
        "settings": {
            "discreet": user.discreet,
            "open_to_joint": user.open_to_joint,
            "joint_paused": user.joint_paused,
        },
    }


def _own_data(
    db: Session, who: Viewer, with_safety: bool
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Return my record (None before the intake) and, without one, my check-ins on their own.

    The couple-record format starts with the intake; check-ins made before it are not lost
    from the archive but listed apart, in the same shape.
    """
    record = transfer.export_record(db, who, with_safety=with_safety)
    if record is not None:
        return record_to_json(record), []
    loose = []
    for stored in records.checkins(db, who.keys, who.user.id, notes=True):
        written = checkin_to_json(stored.checkin)
        if stored.backfilled:
            written["backfilled"] = True
        loose.append(written)
    return None, loose


def _shares(db: Session, who: Viewer) -> dict[str, Any]:
    notes = sharing.own_notes(db, who)
    return {
        "categories": [c.value for c in ShareCategory if c in who.own_shares],
        "shared_notes": sorted(n.date.isoformat() for n in notes if n.shared),
    }


def _drafts(db: Session, who: Viewer) -> list[dict[str, str]]:
    kept = records.drafts(db, who.keys)
    return [{"text": text, "kept_at": _moment(when)} for _id, text, when in reversed(kept)]


def _shared_with_me(partner_login: str, picture: SharedPicture) -> dict[str, Any]:
    """Return what the partner shares with me, oldest first, marked as the partner's."""
    tendencies = None
    if picture.tendencies is not None:
        found = picture.tendencies
        tendencies = {
            "orientation": found.orientation.value,
            "anxiety": round(found.anxiety, SCORE_DECIMALS),
            "avoidance": round(found.avoidance, SCORE_DECIMALS),
            "reactions": [r.value for r in found.reactions],
        }
    return {
        "owner": "partner",
        "partner_login": partner_login,
        "categories": [c.value for c in ShareCategory if c in picture.categories],
        "daily_scores": [
            {
                "date": s.date.isoformat(),
                "closeness": s.closeness,
                "safety": s.safety,
                "stress": s.stress,
                "teamwork": s.teamwork,
                "own_space": s.own_space,
                "wants": s.wants.value,
            }
            for s in reversed(picture.scores)
        ],
        "tendencies": tendencies,
        "notes": [{"date": n.date.isoformat(), "text": n.text} for n in reversed(picture.notes)],
    }


def build(db: Session, who: Viewer, *, with_safety: bool, now: datetime) -> dict[str, Any]:
    """Return ``who``'s archive as a JSON value.

    Without ``with_safety`` the record's safety answers say "no" everywhere (the couple-record
    format requires them) and ``safety_answers`` says that they were left out.
    """
    record, loose = _own_data(db, who, with_safety)
    picture = sharing.from_partner(db, who)
    theirs = None
    if picture is not None and who.partner is not None:
        theirs = _shared_with_me(who.partner.login, picture)
    return {
        "format": FORMAT,
        "exported_at": _moment(now),
        "app_version": nabij.__version__,
        "safety_answers": "included" if with_safety else "left_out",
        "account": _account(who),
        "record": record,
        "checkins_without_intake": loose,
        "shares": _shares(db, who),
        "drafts": _drafts(db, who),
        "shared_with_me": theirs,
    }


def archive_text(db: Session, who: Viewer, *, with_safety: bool, now: datetime) -> str:
    """Return the archive file's text: UTF-8 JSON, readable in any text editor."""
    value = build(db, who, with_safety=with_safety, now=now)
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"

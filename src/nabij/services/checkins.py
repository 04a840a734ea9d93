"""The daily check-in as a use case: which days can be filled in, reading the form, saving.

One check-in per user per local date (CONTRACTS §6). Today's can be filled in and changed; a
check-in stays open for changes until the end of the next day; a missing day up to three days
back can still be filled in and is then marked as filled in afterwards. Deleting a check-in or
only its note is always possible: what someone wrote is theirs to take back.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nabij.instruments.checkin import FLAGS, RATINGS, CheckIn
from nabij.model.ids import ConflictTopic, ShareCategory, Wants
from nabij.model.safety import SAFETY_RECHECK_AT_MOST
from nabij.services.people import Viewer
from nabij.store import records
from nabij.store.records import StoredCheckin

# A check-in can be changed until the end of the day after its date: time to fix a slip the
# next morning, short enough that the picture of a day is not rewritten weeks later.
EDITABLE_FOR = timedelta(days=1)
# A forgotten day can be filled in afterwards up to three days back: the feel of a day fades
# quickly, and a longer window would fill the charts with guesses.
BACKFILL_FOR = timedelta(days=3)
# The limits of the couple record (CONTRACTS §2, docs/couple-record.schema.json), so that every
# stored check-in can be exported and read back.
RATING_MIN = 0
RATING_MAX = 10
NOTE_MAX_CHARS = 10_000
RITUAL_MAX_CHARS = 200
RITUALS_MAX = 20
# A ticked checkbox sends "yes"; scripts may also send "no" or an empty value for "not ticked".
YES = "yes"
_NOT_TICKED = frozenset({"", "no"})

Fields = Mapping[str, Sequence[str]]


class DayState(StrEnum):
    """What can be done with the check-in of one date, seen from today."""

    NEW = "new"  # today, not filled in yet
    EDIT = "edit"  # filled in, and still open for changes
    BACKFILL = "backfill"  # an earlier day without a check-in that may be filled in now
    READ_ONLY = "read_only"  # filled in, and past the end of the next day
    FUTURE = "future"
    TOO_OLD = "too_old"  # an earlier day without a check-in, further back than back-filling

    @property
    def writable(self) -> bool:
        """Return whether the form for this date can be sent."""
        return self in (DayState.NEW, DayState.EDIT, DayState.BACKFILL)


class CheckinProblem(StrEnum):
    """What is wrong with one field of a posted check-in; the page words it."""

    MISSING = "missing"
    NOT_ALLOWED = "not_allowed"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"
    BAD_DATE = "bad_date"
    FUTURE = "future"
    TOO_OLD = "too_old"
    READ_ONLY = "read_only"


_STATE_PROBLEM = {
    DayState.FUTURE: CheckinProblem.FUTURE,
    DayState.TOO_OLD: CheckinProblem.TOO_OLD,
    DayState.READ_ONLY: CheckinProblem.READ_ONLY,
}


def day_state(day: date, today: date, exists: bool) -> DayState:
    """Return what can be done with the check-in of ``day`` on ``today``.

    >>> from datetime import date
    >>> day_state(date(2026, 3, 2), date(2026, 3, 3), exists=True).value
    'edit'
    >>> day_state(date(2026, 3, 1), date(2026, 3, 3), exists=True).value
    'read_only'
    >>> day_state(date(2026, 2, 28), date(2026, 3, 3), exists=False).value
    'backfill'
    """
    if day > today:
        return DayState.FUTURE
    if exists:
        return DayState.EDIT if today - day <= EDITABLE_FOR else DayState.READ_ONLY
    if day == today:
        return DayState.NEW
    return DayState.BACKFILL if today - day <= BACKFILL_FOR else DayState.TOO_OLD


def read_day(text: str, today: date) -> date | None:
    """Return the date a form or link names (empty means today); None when it is no date."""
    if not text:
        return today
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    # fromisoformat also takes forms like 20260303; the form and links only use YYYY-MM-DD.
    return day if len(text) == len("YYYY-MM-DD") else None


def _first(fields: Fields, name: str) -> str:
    values = fields.get(name, ())
    return values[0] if values else ""


@dataclass(frozen=True)
class ParsedCheckin:
    """A posted check-in: the check-in when every answer could be used, else the problems."""

    checkin: CheckIn | None
    share_note: bool
    problems: Mapping[str, CheckinProblem]


def _rating(fields: Fields, name: str, problems: dict[str, CheckinProblem]) -> int:
    text = _first(fields, name).strip()
    if not text:
        problems[name] = CheckinProblem.MISSING
        return RATING_MIN
    if not text.isdigit() or not RATING_MIN <= int(text) <= RATING_MAX:
        problems[name] = CheckinProblem.NOT_ALLOWED
        return RATING_MIN
    return int(text)


def _flag(fields: Fields, name: str, problems: dict[str, CheckinProblem]) -> bool:
    text = _first(fields, name)
    if text == YES:
        return True
    if text not in _NOT_TICKED:
        problems[name] = CheckinProblem.NOT_ALLOWED
    return False


def _rituals(
    fields: Fields, ritual_ids: Sequence[str], problems: dict[str, CheckinProblem]
) -> tuple[str, ...]:
    chosen = list(dict.fromkeys(fields.get("rituals", ())))
    if any(ritual not in ritual_ids for ritual in chosen):
        problems["rituals"] = CheckinProblem.NOT_ALLOWED
    # "Something else" may hold several rituals, separated by commas, like the CLI asks them.
    other = [part.strip() for part in _first(fields, "ritual_other").split(",") if part.strip()]
    if any(len(part) > RITUAL_MAX_CHARS for part in other):
        problems["ritual_other"] = CheckinProblem.TOO_LONG
    elif len(chosen) + len(other) > RITUALS_MAX:
        problems["ritual_other"] = CheckinProblem.TOO_MANY
    return tuple(dict.fromkeys([*chosen, *other]))


def read_form(fields: Fields, day: date, ritual_ids: Sequence[str]) -> ParsedCheckin:
    """Read a posted check-in for ``day``; every problem is kept per field name."""
    problems: dict[str, CheckinProblem] = {}
    ratings = {name: _rating(fields, name, problems) for name in RATINGS}
    flags = {name: _flag(fields, name, problems) for name in FLAGS}
    wants_text = _first(fields, "wants")
    wants = Wants.NEITHER
    if not wants_text:
        problems["wants"] = CheckinProblem.MISSING
    elif wants_text not in {w.value for w in Wants}:
        problems["wants"] = CheckinProblem.NOT_ALLOWED
    else:
        wants = Wants(wants_text)
    topic_text = _first(fields, "conflict_topic")
    topic = None
    if topic_text and topic_text not in {t.value for t in ConflictTopic}:
        problems["conflict_topic"] = CheckinProblem.NOT_ALLOWED
    elif topic_text and flags["conflict"]:
        # A topic only means something on a day with a conflict; otherwise it is left out.
        topic = ConflictTopic(topic_text)
    rituals = _rituals(fields, ritual_ids, problems)
    note_text = _first(fields, "note")
    if len(note_text) > NOTE_MAX_CHARS:
        problems["note"] = CheckinProblem.TOO_LONG
    share_note = _flag(fields, "share_note", problems)
    if problems:
        return ParsedCheckin(None, share_note, problems)
    checkin = CheckIn(
        date=day,
        closeness=ratings["closeness"],
        safety=ratings["safety"],
        stress=ratings["stress"],
        teamwork=ratings["teamwork"],
        own_space=ratings["own_space"],
        wants=wants,
        reached_out=flags["reached_out"],
        pulled_back=flags["pulled_back"],
        conflict=flags["conflict"],
        connection=flags["connection"],
        talked_about_it=flags["talked_about_it"],
        conflict_topic=topic,
        rituals=rituals,
        note=note_text if note_text.strip() else None,
    )
    return ParsedCheckin(checkin, share_note, {})


@dataclass(frozen=True)
class Submitted:
    """The outcome of sending the check-in form."""

    day: date | None
    problems: Mapping[str, CheckinProblem]
    saved_id: str | None = None


def submit(
    db: Session,
    who: Viewer,
    fields: Fields,
    ritual_ids: Sequence[str],
    today: date,
    now: datetime,
) -> Submitted:
    """Check the date and the answers, and save the check-in when both are right.

    The caller commits. A note is shared only when the user both ticks it and shares the
    notes category: ticking alone never opens a note to the partner.
    """
    day = read_day(_first(fields, "date"), today)
    if day is None:
        return Submitted(None, {"date": CheckinProblem.BAD_DATE})
    found = records.checkin_id_on(db, who.user.id, day)
    state = day_state(day, today, found is not None)
    parsed = read_form(fields, day, ritual_ids)
    problems = dict(parsed.problems)
    if not state.writable:
        problems = {"date": _STATE_PROBLEM[state], **problems}
    if problems or parsed.checkin is None:
        return Submitted(day, problems)
    share = parsed.share_note and ShareCategory.NOTES in who.own_shares
    saved_id = _save(
        db, who, parsed.checkin, backfilled=day < today, share=share, now=now, known_id=found
    )
    return Submitted(day, {}, saved_id)


def _save(
    db: Session,
    who: Viewer,
    checkin: CheckIn,
    *,
    backfilled: bool,
    share: bool,
    now: datetime,
    known_id: str | None,
) -> str:
    try:
        saved = records.save_checkin(
            db,
            who.keys,
            checkin,
            backfilled=backfilled,
            note_shared=share,
            now=now,
            known_id=known_id,
        )
        db.flush()
    except IntegrityError:
        # The same form sent twice at once (a double tap): the other request made the row
        # between our look and our insert. Start again; this time it is an update.
        db.rollback()
        saved = records.save_checkin(
            db, who.keys, checkin, backfilled=backfilled, note_shared=share, now=now
        )
    return saved


def offers_safety_recheck(stored: StoredCheckin) -> bool:
    """Return whether a check-in's felt safety is low enough to offer the safety questions."""
    return stored.checkin.safety <= SAFETY_RECHECK_AT_MOST


def on_day(db: Session, who: Viewer, day: date) -> StoredCheckin | None:
    """Return the user's own check-in of ``day``, note included."""
    return records.checkin_on(db, who.keys, day)


def form_values(stored: StoredCheckin, ritual_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Return a saved check-in as the values its form shows when it is opened again."""
    checkin = stored.checkin
    values: dict[str, tuple[str, ...]] = {"date": (checkin.date.isoformat(),)}
    for name in RATINGS:
        values[name] = (str(getattr(checkin, name)),)
    values["wants"] = (checkin.wants.value,)
    for name in FLAGS:
        if getattr(checkin, name):
            values[name] = (YES,)
    values["conflict_topic"] = (checkin.conflict_topic.value if checkin.conflict_topic else "",)
    values["rituals"] = tuple(r for r in checkin.rituals if r in ritual_ids)
    values["ritual_other"] = (", ".join(r for r in checkin.rituals if r not in ritual_ids),)
    values["note"] = (checkin.note or "",)
    if stored.note_shared:
        values["share_note"] = (YES,)
    return values


@dataclass(frozen=True)
class Entry:
    """One of the user's check-ins in their list."""

    stored: StoredCheckin
    state: DayState

    @property
    def editable(self) -> bool:
        """Return whether the check-in can still be changed."""
        return self.state is DayState.EDIT


def entries(db: Session, who: Viewer, today: date) -> list[Entry]:
    """Return the user's own check-ins, newest first, with what can still be done to each."""
    own = records.checkins(db, who.keys, who.user.id, notes=True)
    return [
        Entry(stored, day_state(stored.checkin.date, today, exists=True))
        for stored in reversed(own)
    ]


def missing_days(db: Session, who: Viewer, today: date) -> list[date]:
    """Return the earlier days without a check-in that can still be filled in, newest first."""
    done = {s.checkin.date for s in records.checkins(db, who.keys, who.user.id, notes=False)}
    window = range(1, BACKFILL_FOR.days + 1)
    return [today - timedelta(days=n) for n in window if today - timedelta(days=n) not in done]


def find(db: Session, who: Viewer, checkin_id: str) -> StoredCheckin | None:
    """Return the user's own check-in with this id; someone else's is None, like a missing one."""
    row = records.checkin_row(db, who.user.id, checkin_id)
    if row is None:
        return None
    return records.checkin_on(db, who.keys, row.day)


def delete(db: Session, who: Viewer, checkin_id: str) -> bool:
    """Delete the user's own check-in; False when they have none with this id."""
    return records.delete_checkin(db, who.user.id, checkin_id)


def delete_note(db: Session, who: Viewer, checkin_id: str) -> bool:
    """Delete only the note of the user's own check-in, keeping its answers."""
    return records.delete_note(db, who.user.id, checkin_id)

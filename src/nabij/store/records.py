"""A user's intake, check-ins, shares and kept drafts, read and written through the seal seam."""

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from nabij.instruments.checkin import FLAGS, RATINGS, CheckIn
from nabij.instruments.intake import Intake, SafetyScreen
from nabij.instruments.record import intake_from_saved_json, intake_to_json
from nabij.model.ids import ConflictTopic, ShareCategory, Wants
from nabij.store.sealing import KeyContext, Ref, open_sealed, seal
from nabij.store.tables import CheckinRow, Draft, IntakeRow, Share, is_id, new_id


@dataclass(frozen=True)
class StoredCheckin:
    """A check-in with what the database adds: its id, whether it was filled in afterwards,
    and whether its note is shared."""

    id: str
    checkin: CheckIn
    backfilled: bool
    note_shared: bool
    created_at: datetime


def _screen_json(screen: SafetyScreen) -> str:
    return json.dumps(intake_to_json_screen(screen), sort_keys=True)


def intake_to_json_screen(screen: SafetyScreen) -> dict[str, bool]:
    """Return the safety screen's JSON object."""
    return {
        "hurt": screen.hurt,
        "threatened": screen.threatened,
        "afraid_of_partner": screen.afraid_of_partner,
        "controlled": screen.controlled,
        "self_harm_thoughts": screen.self_harm_thoughts,
    }


def save_intake(db: Session, ctx: KeyContext, intake: Intake, now: datetime) -> None:
    """Store the user's intake, replacing an earlier one."""
    row = db.scalar(select(IntakeRow).where(IntakeRow.user_id == ctx.user_id))
    if row is None:
        row = IntakeRow(id=new_id(), user_id=ctx.user_id)
        db.add(row)
    answers = intake_to_json(intake)
    del answers["safety_screen"]
    row.answers = seal(ctx, Ref("intakes", "answers", row.id, ctx.user_id), json.dumps(answers))
    row.safety_screen = seal(
        ctx,
        Ref("intakes", "safety_screen", row.id, ctx.user_id),
        _screen_json(intake.safety_screen),
    )
    row.updated_at = now


def save_safety_screen(db: Session, ctx: KeyContext, screen: SafetyScreen, now: datetime) -> bool:
    """Store new safety answers; return False when there is no intake to attach them to."""
    row = db.scalar(select(IntakeRow).where(IntakeRow.user_id == ctx.user_id))
    if row is None:
        return False
    row.safety_screen = seal(
        ctx, Ref("intakes", "safety_screen", row.id, ctx.user_id), _screen_json(screen)
    )
    row.updated_at = now
    return True


def load_intake(db: Session, ctx: KeyContext, owner: str) -> Intake | None:
    """Return ``owner``'s intake, if they did one."""
    return load_intakes(db, ctx, [owner])[owner]


def load_intakes(db: Session, ctx: KeyContext, owners: Sequence[str]) -> dict[str, Intake | None]:
    """Return the intake of each of ``owners`` (None for one who did none), in one query."""
    return {owner: intake for owner, (_, intake) in intake_states(db, ctx, owners).items()}


def intake_states(
    db: Session, ctx: KeyContext, owners: Sequence[str]
) -> dict[str, tuple[bool, Intake | None]]:
    """Return for each of ``owners`` whether they did an intake, and the intake ``ctx`` may open.

    The user's own intake opens whole. A partner's opens only from its couple copy, there
    while they share their tendencies and the couple key has reached both, and without their
    safety answers, which are sealed for their owner alone: their side of that is the neutral
    pause flag.
    """
    found: dict[str, tuple[bool, Intake | None]] = dict.fromkeys(owners, (False, None))
    for owner, row_id, sealed_answers, sealed_screen, sealed_copy in db.execute(
        _INTAKES_OF, {"owners": list(owners)}
    ):
        if owner == ctx.user_id:
            answers = json.loads(
                open_sealed(ctx, Ref("intakes", "answers", row_id, owner), sealed_answers)
            )
            answers["safety_screen"] = json.loads(
                open_sealed(ctx, Ref("intakes", "safety_screen", row_id, owner), sealed_screen)
            )
        elif sealed_copy is not None and ctx.couple_key is not None:
            ref = Ref("intakes", "answers_couple", row_id, owner)
            answers = json.loads(open_sealed(ctx, ref, sealed_copy))
            answers["safety_screen"] = _NO_CONCERNS
        else:
            found[owner] = (True, None)
            continue
        # Only ``save_intake`` writes these, from an intake checked on its way in.
        found[owner] = (True, intake_from_saved_json(answers))
    return found


_NO_CONCERNS = intake_to_json_screen(
    SafetyScreen(
        hurt=False,
        threatened=False,
        afraid_of_partner=False,
        controlled=False,
        self_harm_thoughts=False,
    )
)


# Check-ins are read and written with plain statements on the table, built once, not through
# ORM objects: the insight page reads a month of them for each partner on every view, and the
# ORM's bookkeeping for that (statement building, one object per row, the flush of a change)
# cost more than the queries themselves. Each session still flushes pending objects first.
_CHECKINS_TABLE = cast(Table, CheckinRow.__table__)
_C = _CHECKINS_TABLE.c
# The answers, in the order ``_answers`` reads them.
_ANSWER_COLUMNS = (
    _C.day,
    _C.closeness,
    _C.safety,
    _C.stress,
    _C.teamwork,
    _C.own_space,
    _C.wants,
    _C.reached_out,
    _C.pulled_back,
    _C.conflict,
    _C.connection,
    _C.talked_about_it,
    _C.conflict_topic,
)
# A stored check-in: its id, the answers, then what ``_checkin`` reads after them.
_STORED_COLUMNS = (
    _C.id,
    *_ANSWER_COLUMNS,
    _C.rituals,
    _C.note,
    _C.note_couple,
    _C.note_shared,
    _C.backfilled,
    _C.created_at,
)
_AFTER_ANSWERS = 1 + len(_ANSWER_COLUMNS)
_OWNER = _C.user_id == bindparam("owner")
_CHECKINS = select(*_STORED_COLUMNS).where(_OWNER).order_by(_C.day)
_CHECKIN_ON = select(*_STORED_COLUMNS).where(_OWNER, _C.day == bindparam("day"))
_CHECKIN_ID_ON = select(_C.id).where(_OWNER, _C.day == bindparam("day"))
_DAY_ANSWERS_OF = (
    select(_C.user_id, *_ANSWER_COLUMNS)
    .where(_C.user_id.in_(bindparam("owners", expanding=True)))
    .order_by(_C.user_id, _C.day)
)
# What a check-in's form changes; the id, owner, date, creation and back-filling stay.
_CHANGED = (
    "closeness",
    "safety",
    "stress",
    "teamwork",
    "own_space",
    "wants",
    "reached_out",
    "pulled_back",
    "conflict",
    "connection",
    "talked_about_it",
    "conflict_topic",
    "rituals",
    "note",
    "note_couple",
    "note_shared",
)
_INSERT_CHECKIN = insert(_CHECKINS_TABLE)
# Bound names differ from the column names: those are reserved for the SET clause.
_UPDATE_CHECKIN = (
    update(_CHECKINS_TABLE)
    .where(_C.id == bindparam("row_id"))
    .values({name: bindparam(f"new_{name}") for name in _CHANGED})
)
_WANTS = {wants.value: wants for wants in Wants}
_TOPICS = {topic.value: topic for topic in ConflictTopic}

# Read on every page too, the same way.
_INTAKES = cast(Table, IntakeRow.__table__).c
_INTAKES_OF = select(
    _INTAKES.user_id, _INTAKES.id, _INTAKES.answers, _INTAKES.safety_screen, _INTAKES.answers_couple
).where(_INTAKES.user_id.in_(bindparam("owners", expanding=True)))


def _answers(
    values: Sequence[Any], rituals: tuple[str, ...] = (), note: str | None = None
) -> CheckIn:
    """Return the check-in of the answer columns, in the order of ``_ANSWER_COLUMNS``."""
    (
        day,
        closeness,
        safety,
        stress,
        teamwork,
        own_space,
        wants,
        reached_out,
        pulled_back,
        conflict,
        connection,
        talked_about_it,
        topic,
    ) = values
    return CheckIn(
        date=day,
        closeness=closeness,
        safety=safety,
        stress=stress,
        teamwork=teamwork,
        own_space=own_space,
        wants=_WANTS[wants],
        reached_out=reached_out,
        pulled_back=pulled_back,
        conflict=conflict,
        connection=connection,
        talked_about_it=talked_about_it,
        conflict_topic=None if topic is None else _TOPICS[topic],
        rituals=rituals,
        note=note,
    )


def _checkin(ctx: KeyContext, owner: str, row: Sequence[Any], notes: bool | None) -> StoredCheckin:
    """Return a stored check-in from the columns of ``_STORED_COLUMNS``; ``notes`` as in
    ``checkins``."""
    row_id = row[0]
    sealed_rituals, sealed_note, sealed_copy, note_shared, backfilled, created_at = row[
        _AFTER_ANSWERS:
    ]
    rituals: tuple[str, ...] = ()
    note = None
    if owner != ctx.user_id:
        # A partner opens only the couple copy of a shared note (rituals are never shared).
        if sealed_copy is not None and note_shared and ctx.couple_key is not None:
            note = open_sealed(ctx, Ref("checkins", "note_couple", row_id, owner), sealed_copy)
        return StoredCheckin(row_id, _answers(row[1:_AFTER_ANSWERS], (), note), backfilled,
                             note_shared, created_at)  # fmt: skip
    if sealed_rituals is not None:
        ref = Ref("checkins", "rituals", row_id, owner)
        rituals = tuple(json.loads(open_sealed(ctx, ref, sealed_rituals)))
    if sealed_note is not None and (notes is True or (notes is None and note_shared)):
        note = open_sealed(ctx, Ref("checkins", "note", row_id, owner), sealed_note)
    checkin = _answers(row[1:_AFTER_ANSWERS], rituals, note)
    return StoredCheckin(row_id, checkin, backfilled, note_shared, created_at)


def checkins(
    db: Session, ctx: KeyContext, owner: str, *, notes: bool | None = None
) -> list[StoredCheckin]:
    """Return ``owner``'s check-ins by date.

    ``notes``: True opens every note (the owner), None opens only shared notes (the partner),
    False opens none.
    """
    rows = db.execute(_CHECKINS, {"owner": owner})
    return [_checkin(ctx, owner, row, notes) for row in rows]


def day_answers(db: Session, owner: str) -> list[CheckIn]:
    """Return ``owner``'s check-ins by date with their answers only: no rituals, no note.

    For what reads only the scores and flags (the assessment, the charts, the pause), so that
    no sealed value is opened for it.
    """
    return day_answers_of(db, [owner])[owner]


def day_answers_of(db: Session, owners: Sequence[str]) -> dict[str, list[CheckIn]]:
    """Return ``day_answers`` of each of ``owners``, in one query."""
    found: dict[str, list[CheckIn]] = {owner: [] for owner in owners}
    for row in db.execute(_DAY_ANSWERS_OF, {"owners": list(owners)}):
        found[row[0]].append(_answers(row[1:]))
    return found


def checkin_row(db: Session, owner: str, checkin_id: str) -> CheckinRow | None:
    """Return ``owner``'s check-in row with this id; someone else's is None, like a missing one."""
    if not is_id(checkin_id):
        return None
    row = db.get(CheckinRow, checkin_id)
    return row if row is not None and row.user_id == owner else None


def checkin_on(db: Session, ctx: KeyContext, day: date) -> StoredCheckin | None:
    """Return the user's own check-in for ``day``."""
    row = db.execute(_CHECKIN_ON, {"owner": ctx.user_id, "day": day}).first()
    return None if row is None else _checkin(ctx, ctx.user_id, row, True)


def checkin_id_on(db: Session, owner: str, day: date) -> str | None:
    """Return the id of ``owner``'s check-in for ``day``, if there is one (nothing is opened)."""
    found = db.execute(_CHECKIN_ID_ON, {"owner": owner, "day": day}).first()
    return None if found is None else str(found[0])


def save_checkin(
    db: Session,
    ctx: KeyContext,
    checkin: CheckIn,
    *,
    backfilled: bool,
    note_shared: bool,
    now: datetime,
    known_id: str | None = None,
) -> str:
    """Store the user's check-in for its date, replacing one already there; return its id.

    ``known_id`` is the id of that day's check-in when the caller has just looked it up
    (``checkin_id_on``); without it, it is looked up here. A new check-in is written at once,
    so a second one for the same date fails here, with an ``IntegrityError``.
    """
    row_id = known_id or checkin_id_on(db, ctx.user_id, checkin.date)
    if row_id is not None:
        values = _values(ctx, row_id, checkin, note_shared)
        changed = {f"new_{name}": value for name, value in values.items()}
        updated = db.execute(_UPDATE_CHECKIN, changed | {"row_id": row_id})
        # The UPDATE went around the session: a copy of this row that it holds is now stale.
        held = db.identity_map.get(identity_key(CheckinRow, row_id))
        if held is not None:
            db.expire(held)
        if cast(CursorResult[Any], updated).rowcount == 1:
            return row_id
        # Deleted since it was looked up (in another tab): what was just sent is written anew.
    row_id = new_id()
    new = {"id": row_id, "user_id": ctx.user_id, "day": checkin.date, "created_at": now}
    values = _values(ctx, row_id, checkin, note_shared)
    db.execute(_INSERT_CHECKIN, new | values | {"backfilled": backfilled})
    return row_id


def _values(ctx: KeyContext, row_id: str, checkin: CheckIn, note_shared: bool) -> dict[str, Any]:
    """Return the columns of ``_CHANGED`` for a check-in, its rituals and note sealed."""
    values: dict[str, Any] = {name: getattr(checkin, name) for name in (*RATINGS, *FLAGS)}
    values["wants"] = checkin.wants.value
    values["conflict_topic"] = (
        None if checkin.conflict_topic is None else checkin.conflict_topic.value
    )
    values["rituals"] = (
        seal(ctx, Ref("checkins", "rituals", row_id, ctx.user_id), json.dumps(checkin.rituals))
        if checkin.rituals
        else None
    )
    values["note"] = (
        seal(ctx, Ref("checkins", "note", row_id, ctx.user_id), checkin.note)
        if checkin.note
        else None
    )
    values["note_shared"] = note_shared and bool(checkin.note)
    values["note_couple"] = (
        seal(ctx, Ref("checkins", "note_couple", row_id, ctx.user_id), checkin.note)
        if values["note_shared"] and checkin.note and ctx.couple_key is not None
        else None
    )
    return values


def delete_checkin(db: Session, owner: str, checkin_id: str) -> bool:
    """Delete ``owner``'s check-in; False when there is none of theirs with this id."""
    row = checkin_row(db, owner, checkin_id)
    if row is None:
        return False
    db.delete(row)
    return True


def delete_note(db: Session, owner: str, checkin_id: str) -> bool:
    """Delete the note of ``owner``'s check-in, keeping its scores."""
    row = checkin_row(db, owner, checkin_id)
    if row is None:
        return False
    row.note = None
    row.note_couple = None
    row.note_shared = False
    return True


def shares(db: Session, owner: str) -> frozenset[ShareCategory]:
    """Return the categories ``owner`` put in the shared picture."""
    found = db.scalars(select(Share.category).where(Share.user_id == owner)).all()
    return frozenset(ShareCategory(category) for category in found)


def set_shares(db: Session, owner: str, categories: frozenset[ShareCategory]) -> None:
    """Make exactly ``categories`` shared for ``owner``."""
    db.execute(delete(Share).where(Share.user_id == owner))
    db.add_all(Share(user_id=owner, category=c.value) for c in categories)
    if ShareCategory.NOTES not in categories:
        # Taking notes out of the picture takes back every single shared note too.
        for row in db.scalars(
            select(CheckinRow).where(CheckinRow.user_id == owner, CheckinRow.note_shared)
        ):
            row.note_shared = False
            row.note_couple = None


def sync_couple_copies(db: Session, ctx: KeyContext, shared: frozenset[ShareCategory]) -> None:
    """Make the user's couple copies match what they share: a copy under the couple key of
    each shared note, and of the intake's answers while tendencies are shared; none else.

    Without a couple key (alone, or waiting for it) there are no copies at all.
    """
    owner = ctx.user_id
    for row in db.scalars(
        select(CheckinRow).where(
            CheckinRow.user_id == owner,
            CheckinRow.note_shared | CheckinRow.note_couple.is_not(None),
        )
    ):
        row.note_couple = None
        if row.note_shared and row.note is not None and ctx.couple_key is not None:
            note = open_sealed(ctx, Ref("checkins", "note", row.id, owner), row.note)
            row.note_couple = seal(ctx, Ref("checkins", "note_couple", row.id, owner), note)
    intake = db.scalar(select(IntakeRow).where(IntakeRow.user_id == owner))
    if intake is None:
        return
    intake.answers_couple = None
    if ShareCategory.TENDENCIES in shared and ctx.couple_key is not None:
        answers = open_sealed(ctx, Ref("intakes", "answers", intake.id, owner), intake.answers)
        intake.answers_couple = seal(
            ctx, Ref("intakes", "answers_couple", intake.id, owner), answers
        )


def keep_draft(db: Session, ctx: KeyContext, text: str, now: datetime) -> str:
    """Keep a coach draft the user chose to keep; return its id."""
    draft_id = new_id()
    blob = seal(ctx, Ref("drafts", "text", draft_id, ctx.user_id), text)
    db.add(Draft(id=draft_id, user_id=ctx.user_id, text=blob, created_at=now))
    return draft_id


def drafts(db: Session, ctx: KeyContext) -> list[tuple[str, str, datetime]]:
    """Return the user's kept drafts (id, text, when), newest first."""
    rows = db.scalars(
        select(Draft).where(Draft.user_id == ctx.user_id).order_by(Draft.created_at.desc())
    ).all()
    return [
        (r.id, open_sealed(ctx, Ref("drafts", "text", r.id, r.user_id), r.text), r.created_at)
        for r in rows
    ]


def delete_draft(db: Session, owner: str, draft_id: str) -> bool:
    """Delete one of ``owner``'s drafts."""
    if not is_id(draft_id):
        return False
    row = db.get(Draft, draft_id)
    if row is None or row.user_id != owner:
        return False
    db.delete(row)
    return True


def with_note(stored: StoredCheckin, note: str | None) -> CheckIn:
    """Return the check-in with ``note`` in place of its own."""
    return replace(stored.checkin, note=note)

"""A user's intake, check-ins, shares and kept drafts, read and written through the seal seam."""

import json
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nabij.instruments.checkin import CheckIn
from nabij.instruments.intake import Intake, SafetyScreen
from nabij.instruments.record import intake_from_json, intake_to_json
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
    row = db.scalar(select(IntakeRow).where(IntakeRow.user_id == owner))
    if row is None:
        return None
    answers = json.loads(open_sealed(ctx, Ref("intakes", "answers", row.id, owner), row.answers))
    answers["safety_screen"] = json.loads(
        open_sealed(ctx, Ref("intakes", "safety_screen", row.id, owner), row.safety_screen)
    )
    return intake_from_json(answers)


def _checkin(ctx: KeyContext, row: CheckinRow, with_note: bool) -> StoredCheckin:
    rituals: tuple[str, ...] = ()
    if row.rituals is not None:
        ref = Ref("checkins", "rituals", row.id, row.user_id)
        rituals = tuple(json.loads(open_sealed(ctx, ref, row.rituals)))
    note = None
    if with_note and row.note is not None:
        note = open_sealed(ctx, Ref("checkins", "note", row.id, row.user_id), row.note)
    checkin = CheckIn(
        date=row.day,
        closeness=row.closeness,
        safety=row.safety,
        stress=row.stress,
        teamwork=row.teamwork,
        own_space=row.own_space,
        wants=Wants(row.wants),
        reached_out=row.reached_out,
        pulled_back=row.pulled_back,
        conflict=row.conflict,
        connection=row.connection,
        talked_about_it=row.talked_about_it,
        conflict_topic=None if row.conflict_topic is None else ConflictTopic(row.conflict_topic),
        rituals=rituals,
        note=note,
    )
    return StoredCheckin(row.id, checkin, row.backfilled, row.note_shared, row.created_at)


def checkins(
    db: Session, ctx: KeyContext, owner: str, *, notes: bool | None = None
) -> list[StoredCheckin]:
    """Return ``owner``'s check-ins by date.

    ``notes``: True opens every note (the owner), None opens only shared notes (the partner),
    False opens none.
    """
    rows = db.scalars(
        select(CheckinRow).where(CheckinRow.user_id == owner).order_by(CheckinRow.day)
    ).all()
    return [
        _checkin(ctx, row, notes is True or (notes is None and row.note_shared)) for row in rows
    ]


def checkin_row(db: Session, owner: str, checkin_id: str) -> CheckinRow | None:
    """Return ``owner``'s check-in row with this id; someone else's is None, like a missing one."""
    if not is_id(checkin_id):
        return None
    row = db.get(CheckinRow, checkin_id)
    return row if row is not None and row.user_id == owner else None


def checkin_on(db: Session, ctx: KeyContext, day: date) -> StoredCheckin | None:
    """Return the user's own check-in for ``day``."""
    row = db.scalar(
        select(CheckinRow).where(CheckinRow.user_id == ctx.user_id, CheckinRow.day == day)
    )
    return None if row is None else _checkin(ctx, row, True)


def save_checkin(
    db: Session,
    ctx: KeyContext,
    checkin: CheckIn,
    *,
    backfilled: bool,
    note_shared: bool,
    now: datetime,
) -> str:
    """Store the user's check-in for its date, replacing one already there; return its id."""
    row = db.scalar(
        select(CheckinRow).where(CheckinRow.user_id == ctx.user_id, CheckinRow.day == checkin.date)
    )
    if row is None:
        row = CheckinRow(id=new_id(), user_id=ctx.user_id, day=checkin.date, created_at=now)
        row.backfilled = backfilled
        db.add(row)
    for name in ("closeness", "safety", "stress", "teamwork", "own_space"):
        setattr(row, name, getattr(checkin, name))
    for name in ("reached_out", "pulled_back", "conflict", "connection", "talked_about_it"):
        setattr(row, name, getattr(checkin, name))
    row.wants = checkin.wants.value
    row.conflict_topic = None if checkin.conflict_topic is None else checkin.conflict_topic.value
    row.rituals = (
        seal(ctx, Ref("checkins", "rituals", row.id, ctx.user_id), json.dumps(checkin.rituals))
        if checkin.rituals
        else None
    )
    row.note = (
        seal(ctx, Ref("checkins", "note", row.id, ctx.user_id), checkin.note)
        if checkin.note
        else None
    )
    row.note_shared = note_shared and bool(checkin.note)
    return row.id


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

"""What one person may see of another: the one answer behind every view of shared data.

The partner's pages ("what my partner shares with me") and the owner's preview ("what my
partner sees") both call ``shared_by``, so the preview cannot drift from what is really
shown. Everything is read fresh from the database on each call: taking something back works
on the very next request. Safety answers are not a category and never appear here.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from nabij.model.ids import Orientation, Reaction, ShareCategory, Wants
from nabij.services.people import Viewer
from nabij.store import records
from nabij.store.sealing import KeyContext


@dataclass(frozen=True)
class DayScores:
    """One day's shared numbers (0–10) and what the person wanted that day."""

    date: date
    closeness: int
    safety: int
    stress: int
    teamwork: int
    own_space: int
    wants: Wants


@dataclass(frozen=True)
class Tendencies:
    """The attachment tendency under stress right now, its two scores, and active reactions."""

    orientation: Orientation
    anxiety: float
    avoidance: float
    reactions: tuple[Reaction, ...]


@dataclass(frozen=True)
class SharedNote:
    """One note its writer chose to share, with the date of its check-in."""

    date: date
    text: str


@dataclass(frozen=True)
class SharedPicture:
    """Everything of one person that their partner may see, newest first; nothing else."""

    categories: frozenset[ShareCategory]
    scores: tuple[DayScores, ...]
    tendencies: Tendencies | None
    notes: tuple[SharedNote, ...]

    @property
    def empty(self) -> bool:
        """Return whether nothing at all is in the picture."""
        return not (self.scores or self.tendencies or self.notes)


@dataclass(frozen=True)
class OwnNote:
    """One of the owner's own notes, for choosing which ones to share."""

    checkin_id: str
    date: date
    text: str
    shared: bool


def shared_by(db: Session, keys: KeyContext, owner_id: str) -> SharedPicture:
    """Return what ``owner_id`` put in the shared picture, as anyone allowed to see it sees it.

    ``keys`` must hold the owner (their preview) or their partner (the partner's view).
    """
    categories = records.shares(db, owner_id)
    stored = records.checkins(db, keys, owner_id, notes=None) if categories else []
    scores: tuple[DayScores, ...] = ()
    if ShareCategory.DAILY_SCORES in categories:
        scores = tuple(
            DayScores(
                date=s.checkin.date,
                closeness=s.checkin.closeness,
                safety=s.checkin.safety,
                stress=s.checkin.stress,
                teamwork=s.checkin.teamwork,
                own_space=s.checkin.own_space,
                wants=s.checkin.wants,
            )
            for s in reversed(stored)
        )
    notes: tuple[SharedNote, ...] = ()
    if ShareCategory.NOTES in categories:
        # Both must hold: the category is on, and this note's own box is ticked.
        notes = tuple(
            SharedNote(s.checkin.date, s.checkin.note)
            for s in reversed(stored)
            if s.note_shared and s.checkin.note
        )
    tendencies = None
    if ShareCategory.TENDENCIES in categories:
        intake = records.load_intake(db, keys, owner_id)
        if intake is not None:
            scores_ = intake.attachment
            tendencies = Tendencies(
                orientation=scores_.orientation(),
                anxiety=scores_.anxiety,
                avoidance=scores_.avoidance,
                reactions=intake.active_reactions(),
            )
    return SharedPicture(categories, scores, tendencies, notes)


def from_partner(db: Session, who: Viewer) -> SharedPicture | None:
    """Return what ``who``'s partner shares with them; None when there is no partner."""
    if who.partner is None:
        return None
    return shared_by(db, who.keys, who.partner.id)


def preview(db: Session, who: Viewer) -> SharedPicture:
    """Return what ``who``'s partner sees of them (or would see, once linked)."""
    return shared_by(db, who.keys.own(), who.user.id)


def own_notes(db: Session, who: Viewer) -> tuple[OwnNote, ...]:
    """Return ``who``'s own notes, newest first, each with whether it is shared."""
    stored = records.checkins(db, who.keys.own(), who.user.id, notes=True)
    return tuple(
        OwnNote(s.id, s.checkin.date, s.checkin.note, s.note_shared)
        for s in reversed(stored)
        if s.checkin.note
    )


def save(
    db: Session,
    who: Viewer,
    categories: frozenset[ShareCategory],
    shared_notes: frozenset[str] | None,
) -> None:
    """Make exactly ``categories`` shared; with notes on, share exactly ``shared_notes``.

    ``shared_notes`` is None when the form did not list the notes: their boxes stay as they
    are. Ids that are not ``who``'s own check-ins are ignored, like missing ones.
    """
    records.set_shares(db, who.user.id, categories)
    if ShareCategory.NOTES in categories and shared_notes is not None:
        for note in own_notes(db, who):
            row = records.checkin_row(db, who.user.id, note.checkin_id)
            if row is not None:
                row.note_shared = note.checkin_id in shared_notes
    records.sync_couple_copies(db, who.keys, categories)

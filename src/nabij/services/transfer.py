"""Taking one's own data out as a couple record file, and bringing such a file back in.

An export holds only the user's own slot (``nabij.couple/1``): their intake and every check-in
with its note. Nothing of the partner is ever in it. An import replaces the intake and merges
check-ins into the user's own data (the file wins on a date both have); it is read completely
before anything is written, so a bad file changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from nabij.instruments.intake import SafetyScreen
from nabij.instruments.record import CoupleRecord, PartnerRecord, dump_record, parse_record
from nabij.model.ids import PartnerId
from nabij.services import intake as intake_service
from nabij.services.people import Viewer
from nabij.store import records

# A record of years of daily check-ins with long notes stays well under this; anything
# larger is not a nabij file, and reading it would only cost memory.
MAX_FILE_BYTES = 5 * 1024 * 1024
# The safety screen is required by the format; an export without it says "no" everywhere.
NO_ANSWERS = SafetyScreen(
    hurt=False,
    threatened=False,
    afraid_of_partner=False,
    controlled=False,
    self_harm_thoughts=False,
)


class ImportProblem(StrEnum):
    """Why a file cannot be imported, apart from problems inside the record itself."""

    NO_FILE = "no_file"
    TOO_LARGE = "too_large"
    NOT_TEXT = "not_text"  # not UTF-8 text
    FUTURE_DATE = "future_date"  # a check-in dated after today


class ImportRefusedError(ValueError):
    """A file that cannot be imported; ``where`` is a JSON path when it points inside it."""

    def __init__(self, problem: ImportProblem, where: str = "$") -> None:
        self.problem = problem
        self.where = where
        super().__init__(f"{where}: {problem.value}")


@dataclass(frozen=True)
class Imported:
    """What an import did."""

    added: int  # check-ins on dates the user had none
    replaced: int  # check-ins that replaced the user's own on the same date


def export_record(db: Session, who: Viewer, *, with_safety: bool) -> CoupleRecord | None:
    """Return ``who``'s own data as a one-partner record; None before the intake is done."""
    keys = who.keys.own()
    intake = records.load_intake(db, keys, who.user.id)
    if intake is None:
        return None
    if not with_safety:
        intake = intake.with_safety_screen(NO_ANSWERS)
    stored = records.checkins(db, keys, who.user.id, notes=True)
    checkins = tuple(s.checkin for s in stored)
    backfilled = frozenset(s.checkin.date for s in stored if s.backfilled)
    partner = PartnerRecord(who.slot, intake, checkins, name=who.user.login, backfilled=backfilled)
    return CoupleRecord((partner,))


def export_text(db: Session, who: Viewer, *, with_safety: bool) -> str | None:
    """Return the export file's text; None before the intake is done."""
    record = export_record(db, who, with_safety=with_safety)
    return None if record is None else dump_record(record)


def read_file(content: bytes) -> CoupleRecord:
    """Return the record in an uploaded file (``InputError`` or ``ImportRefusedError``)."""
    if not content:
        raise ImportRefusedError(ImportProblem.NO_FILE)
    if len(content) > MAX_FILE_BYTES:
        raise ImportRefusedError(ImportProblem.TOO_LARGE)
    try:
        # utf-8-sig: some editors put a byte-order mark in front of the text.
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefusedError(ImportProblem.NOT_TEXT) from None
    return parse_record(text)


def pick(record: CoupleRecord, slot: PartnerId) -> tuple[int, PartnerRecord]:
    """Return the partner to import and their index: the only one, or the one in ``slot``."""
    if len(record.partners) == 1:
        return 0, record.partners[0]
    index = next(i for i, p in enumerate(record.partners) if p.id == slot)
    return index, record.partners[index]


def import_record(
    db: Session,
    who: Viewer,
    record: CoupleRecord,
    *,
    slot: PartnerId,
    keep_safety: bool,
    now: datetime,
    today: date,
) -> Imported:
    """Replace ``who``'s intake with the file's and merge its check-ins; the file wins.

    ``slot`` picks the partner when the file holds two. With ``keep_safety`` the user's own
    safety answers stay (a file exported without them says "no" everywhere); without an
    intake of their own, the file's answers are the only ones there are.
    """
    index, partner = pick(record, slot)
    for number, checkin in enumerate(partner.checkins):
        if checkin.date > today:
            raise ImportRefusedError(
                ImportProblem.FUTURE_DATE, f"$.partners[{index}].checkins[{number}].date"
            )
    keys = who.keys.own()
    intake = partner.intake
    current = records.load_intake(db, keys, who.user.id)
    if keep_safety and current is not None:
        intake = intake.with_safety_screen(current.safety_screen)
    # Through the intake's own use case: safety answers that raise a concern pause joint
    # exercises here too, exactly as when they are given in the intake form.
    intake_service.save(db, who, intake, now)
    have = {s.checkin.date for s in records.checkins(db, keys, who.user.id, notes=False)}
    for checkin in partner.checkins:
        # Imported notes start private, like every new note: sharing is chosen afterwards.
        records.save_checkin(
            db,
            keys,
            checkin,
            backfilled=checkin.date in partner.backfilled,
            note_shared=False,
            now=now,
        )
    replaced = sum(1 for c in partner.checkins if c.date in have)
    return Imported(added=len(partner.checkins) - replaced, replaced=replaced)


def has_intake(db: Session, who: Viewer) -> bool:
    """Return whether ``who`` did the intake (an export needs it: the format starts there)."""
    return records.load_intake(db, who.keys.own(), who.user.id) is not None

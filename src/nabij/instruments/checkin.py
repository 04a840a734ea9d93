"""The one-minute daily check-in."""

from dataclasses import dataclass
from datetime import date

from nabij.model.ids import ConflictTopic, Wants

RATINGS: tuple[str, ...] = ("closeness", "safety", "stress", "teamwork", "own_space")
FLAGS: tuple[str, ...] = ("reached_out", "pulled_back", "conflict", "connection", "talked_about_it")


@dataclass(frozen=True)
class CheckIn:
    """One partner's check-in for one local date (CONTRACTS §2)."""

    date: date
    closeness: int
    safety: int
    stress: int
    teamwork: int
    own_space: int
    wants: Wants
    reached_out: bool
    pulled_back: bool
    conflict: bool
    connection: bool
    talked_about_it: bool
    conflict_topic: ConflictTopic | None = None
    rituals: tuple[str, ...] = ()
    note: str | None = None

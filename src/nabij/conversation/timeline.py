"""The chat as the measures read it: one reading per partner message, grouped into turns.

A *reading* is what the coach and the word lists see in one message of one of the two partners;
a *turn* is a run of consecutive messages by one partner, with no message of the other between
them. Messages of anyone else in a group chat are left out before turns are formed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from nabij.coach.labels import DOORS, WALLS, Label, Safety


@dataclass(frozen=True, slots=True)
class Reading:
    """One partner message as the measures see it; never its text (that stays in the chat).

    ``index`` is the message's 0-based position in the imported chat's ``messages``, so that
    evidence can point at a message without carrying its words.
    """

    index: int
    sender: str
    time: datetime
    labels: tuple[Label, ...]
    safety: Safety
    question: bool  # the text holds a question mark
    length: int  # characters of text; 0 for a media placeholder
    media: bool
    logistics: bool  # the text holds a word of the logistics list (data/logistics.toml)
    control: bool  # the text holds a phrase of the control list (data/control.toml)

    @property
    def wall(self) -> bool:
        """Return whether the coach found at least one wall in the message."""
        return any(label in WALLS for label in self.labels)

    @property
    def door(self) -> bool:
        """Return whether the coach found at least one door in the message."""
        return any(label in DOORS for label in self.labels)

    @property
    def bid(self) -> bool:
        """Return whether the message reaches out: a door, or a question."""
        return self.door or self.question


@dataclass(frozen=True, slots=True)
class Turn:
    """Consecutive messages by one partner, with no message of the other in between."""

    sender: str
    readings: tuple[Reading, ...]

    @property
    def start(self) -> datetime:
        """Return the time of the turn's first message."""
        return self.readings[0].time

    @property
    def end(self) -> datetime:
        """Return the time of the turn's last message."""
        return self.readings[-1].time

    @property
    def wall(self) -> bool:
        """Return whether any message of the turn holds a wall."""
        return any(r.wall for r in self.readings)

    @property
    def door(self) -> bool:
        """Return whether any message of the turn holds a door."""
        return any(r.door for r in self.readings)

    @property
    def first_bid(self) -> Reading | None:
        """Return the turn's first message that reaches out, if any."""
        return next((r for r in self.readings if r.bid), None)

    @property
    def length(self) -> int:
        """Return the characters of text in the whole turn."""
        return sum(r.length for r in self.readings)


def turns(readings: Sequence[Reading]) -> list[Turn]:
    """Return the readings grouped into turns, in order."""
    grouped: list[list[Reading]] = []
    for reading in readings:
        if grouped and grouped[-1][0].sender == reading.sender:
            grouped[-1].append(reading)
        else:
            grouped.append([reading])
    return [Turn(group[0].sender, tuple(group)) for group in grouped]


def iso_week(moment: datetime | date) -> str:
    """Return the ISO week of a moment as ``YYYY-Www``.

    >>> iso_week(date(2027, 1, 1))
    '2026-W53'
    """
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def month(moment: datetime | date) -> str:
    """Return the calendar month of a moment as ``YYYY-MM``."""
    return f"{moment.year:04d}-{moment.month:02d}"


def weeks_between(first: date, last: date) -> list[str]:
    """Return every ISO week from the one holding ``first`` to the one holding ``last``.

    Weeks without a message are kept, so that a trend shows its quiet weeks as quiet.
    """
    monday = first - timedelta(days=first.weekday())
    found: list[str] = []
    while monday <= last:
        found.append(iso_week(monday))
        monday += timedelta(days=7)
    return found


def months_between(first: date, last: date) -> list[str]:
    """Return every calendar month from the one holding ``first`` to the one holding ``last``."""
    found: list[str] = []
    year, number = first.year, first.month
    while (year, number) <= (last.year, last.month):
        found.append(f"{year:04d}-{number:02d}")
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return found

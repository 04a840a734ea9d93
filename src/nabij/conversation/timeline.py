"""The chat as the measures read it: one reading per partner message, grouped into turns.

A *reading* is what the coach and the word lists see in one message of one of the two partners;
a *turn* is a run of consecutive messages by one partner, with no message of the other between
them. Messages of anyone else in a group chat are left out before turns are formed.

In a chat without times (a transcript, ``Chat.timed`` false) the readings' times are made up
and only keep the order: every turn that follows the other's turn is then a reply, with no
wait, and nothing here is read from those times.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import pairwise

from nabij.coach.labels import Label, Safety

# A partner's first message after the other's turn is a reply only when it comes within this
# time. A day covers an answer the next morning or after a working day; a silence of several
# days is a silence, not a slow reply, and would drown the median of every ordinary week.
REPLY_CAP = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Reading:
    """One partner message as the measures see it; never its text (that stays in the chat).

    ``index`` is the message's 0-based position in the imported chat's ``messages``, so that
    evidence can point at a message without carrying its words. ``wall``, ``door`` and ``bid``
    are kept rather than computed, since every measure asks for them again; ``read_messages``
    works them out once per distinct text.
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
    wall: bool  # the coach found at least one wall
    door: bool  # the coach found at least one door
    bid: bool  # the message reaches out: a door, or a question


@dataclass(frozen=True, slots=True)
class Turn:
    """Consecutive messages by one partner, with no message of the other in between.

    Built by ``turns``, which works out the turn's figures once.
    """

    sender: str
    readings: tuple[Reading, ...]
    start: datetime  # the time of the first message
    end: datetime  # the time of the last message
    wall: bool  # any message holds a wall
    door: bool  # any message holds a door
    first_bid: Reading | None  # the first message that reaches out, if any
    length: int  # characters of text in the whole turn


@dataclass(frozen=True, slots=True)
class Reply:
    """A turn that answers the other's turn within ``REPLY_CAP``, and how long it took.

    ``wait`` is None in a chat without times: the turn answers by its place alone.
    """

    previous: Turn
    turn: Turn
    wait: timedelta | None

    @property
    def minutes(self) -> float | None:
        """Return the wait in minutes, or None without times."""
        return None if self.wait is None else self.wait.total_seconds() / 60


@dataclass(frozen=True)
class Timeline:
    """The partners' readings, their turns, and the turns that are replies, worked out once.

    ``timed`` is false for a chat without times, whose readings' times only keep the order.
    """

    readings: tuple[Reading, ...]
    turns: tuple[Turn, ...]
    replies: tuple[Reply, ...]
    timed: bool = True


def timeline(readings: Sequence[Reading], *, timed: bool = True) -> Timeline:
    """Return the readings with their turns and replies; ``timed`` as ``Chat.timed``."""
    grouped = turns(readings)
    return Timeline(tuple(readings), tuple(grouped), tuple(replies(grouped, timed=timed)), timed)


def replies(turns: Sequence[Turn], *, timed: bool = True) -> list[Reply]:
    """Return every turn that answers the other's previous turn within ``REPLY_CAP``.

    The wait runs from the other's last message to this partner's first message of the turn;
    a message stamped before the one it follows (a changed clock) counts as an instant reply.
    Without times every turn after the first answers the one before it, with no wait.
    """
    if not timed:
        return [Reply(previous, turn, None) for previous, turn in pairwise(turns)]
    found: list[Reply] = []
    for previous, turn in pairwise(turns):
        wait = max(turn.start - previous.end, _NO_WAIT)
        if wait <= REPLY_CAP:
            found.append(Reply(previous, turn, wait))
    return found


_NO_WAIT = timedelta(0)


def turns(readings: Sequence[Reading]) -> list[Turn]:
    """Return the readings grouped into turns, in order, each turn's figures worked out once."""
    found: list[Turn] = []
    start = 0
    count = len(readings)
    # One pass, no generator per turn: a long chat has tens of thousands of turns.
    while start < count:
        first = readings[start]
        sender = first.sender
        end = start
        wall = door = False
        bid: Reading | None = None
        length = 0
        while end < count and readings[end].sender == sender:
            reading = readings[end]
            wall = wall or reading.wall
            door = door or reading.door
            if bid is None and reading.bid:
                bid = reading
            length += reading.length
            end += 1
        group = tuple(readings[start:end])
        found.append(Turn(sender, group, first.time, group[-1].time, wall, door, bid, length))
        start = end
    return found


def iso_week(moment: datetime | date) -> str:
    """Return the ISO week of a moment as ``YYYY-Www``.

    >>> iso_week(date(2027, 1, 1))
    '2026-W53'
    """
    return _week_of(moment.year, moment.month, moment.day)


@cache
def _week_of(year: int, month: int, day: int) -> str:
    # Cached by day: a chat has many messages a day, and few days.
    iso_year, week, _ = date(year, month, day).isocalendar()
    return f"{iso_year}-W{week:02d}"


def month(moment: datetime | date) -> str:
    """Return the calendar month of a moment as ``YYYY-MM``."""
    return _month_of(moment.year, moment.month)


@cache
def _month_of(year: int, number: int) -> str:
    return f"{year:04d}-{number:02d}"


def no_month(moment: datetime | date) -> None:
    """Return the "month" of a moment in a chat without times: none, the chat is one stretch.

    Stands in for ``month`` where a chat's times are made up.
    """


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

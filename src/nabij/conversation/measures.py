"""Per partner and per ISO week: walls and doors, reply times, runs, message length, questions.

Every figure is the couple's own: it is meant to be read as a trend over their weeks, never
against other couples. Walls and doors are counted per message (a message with two walls is one
message with a wall), so that one long message cannot outweigh a week of short ones. A reply is
a turn that answers the other within ``REPLY_CAP`` (``nabij.conversation.timeline``).

A chat without times (a transcript) has no weeks: only its totals are measured, every turn
that answers the other's counts as a reply, and reply times are None.
"""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nabij.conversation.timeline import Timeline, iso_week, weeks_between

# A turn of this many messages or more, with no answer in between, counts as a long run. Three
# short messages in a row are how many people type one thought; four or more is a burst.
LONG_RUN = 4


def median(values: Sequence[float]) -> float | None:
    """Return the median, or None for no values."""
    return statistics.median(values) if values else None


@dataclass(frozen=True)
class WeekMeasures:
    """One partner's figures for one ISO week; zero and None in a week without messages."""

    messages: int = 0
    walls: int = 0  # messages with at least one wall
    doors: int = 0  # messages with at least one door
    questions: int = 0  # messages with a question mark
    replies: int = 0  # turns that answered the other within REPLY_CAP
    reply_minutes: float | None = None  # the median wait of those replies; None without times
    longest_run: int = 0  # the longest turn that started this week, in messages
    long_runs: int = 0  # turns of LONG_RUN messages or more that started this week
    median_length: float | None = None  # characters, over messages with text

    @property
    def ratio(self) -> float | None:
        """Return doors per wall; None in a week without walls (no ratio to speak of)."""
        return None if self.walls == 0 else self.doors / self.walls

    def to_json(self) -> dict[str, Any]:
        """Return the week as the ``measures`` object of ``nabij.chat-analysis/1``."""
        return {
            "messages": self.messages,
            "walls": self.walls,
            "doors": self.doors,
            "ratio": _rounded(self.ratio),
            "questions": self.questions,
            "replies": self.replies,
            "reply_minutes": _rounded(self.reply_minutes),
            "longest_run": self.longest_run,
            "long_runs": self.long_runs,
            "median_length": _rounded(self.median_length),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass
class _Tally:
    messages: int = 0
    walls: int = 0
    doors: int = 0
    questions: int = 0
    replies: int = 0
    waits: list[float] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    def freeze(self) -> WeekMeasures:
        return WeekMeasures(
            messages=self.messages,
            walls=self.walls,
            doors=self.doors,
            questions=self.questions,
            replies=self.replies,
            reply_minutes=median(self.waits),
            longest_run=max(self.runs, default=0),
            long_runs=sum(1 for run in self.runs if run >= LONG_RUN),
            median_length=median(self.lengths),
        )


Weekly = dict[str, dict[str, WeekMeasures]]


@dataclass(frozen=True)
class Measures:
    """Each partner's figures per ISO week, and the same figures over the whole chat."""

    weekly: Weekly
    totals: dict[str, WeekMeasures]

    @property
    def weeks(self) -> list[str]:
        """Return the weeks from the first message to the last, in order."""
        return list(next(iter(self.weekly.values()), {}))


_ALL = "all"


def measure(chat: Timeline, partners: tuple[str, str]) -> Measures:
    """Return each partner's measures for every week from the first message to the last.

    A reply and a run belong to the week in which they start. Weeks without a message are
    kept, with zeros, so that a trend shows its quiet weeks. A chat without times has no
    weeks: its weekly measures are empty and only the totals are measured.
    """
    if not chat.readings:
        empty: Weekly = {name: {} for name in partners}
        return Measures(empty, {name: WeekMeasures() for name in partners})
    weeks: list[str] = []
    if chat.timed:
        # An export is in time order, but a changed phone clock can put a message out of place.
        times = [r.time for r in chat.readings]
        weeks = weeks_between(min(times).date(), max(times).date())
    tallies = {name: {key: _Tally() for key in [*weeks, _ALL]} for name in partners}

    def counted(sender: str, moment: datetime) -> tuple[_Tally, ...]:
        mine = tallies[sender]
        return (mine[iso_week(moment)], mine[_ALL]) if chat.timed else (mine[_ALL],)

    for reading in chat.readings:
        for tally in counted(reading.sender, reading.time):
            tally.messages += 1
            tally.walls += reading.wall
            tally.doors += reading.door
            tally.questions += reading.question
            if reading.length and not reading.media:
                tally.lengths.append(reading.length)
    for reply in chat.replies:
        minutes = reply.minutes
        for tally in counted(reply.turn.sender, reply.turn.start):
            tally.replies += 1
            if minutes is not None:
                tally.waits.append(minutes)
    for turn in chat.turns:
        for tally in counted(turn.sender, turn.start):
            tally.runs.append(len(turn.readings))
    return Measures(
        weekly={
            name: {week: tally.freeze() for week, tally in mine.items() if week != _ALL}
            for name, mine in tallies.items()
        },
        totals={name: mine[_ALL].freeze() for name, mine in tallies.items()},
    )

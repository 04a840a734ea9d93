"""Per partner and per ISO week: walls and doors, reply times, runs, message length, questions.

Every figure is the couple's own: it is meant to be read as a trend over their weeks, never
against other couples. Walls and doors are counted per message (a message with two walls is one
message with a wall), so that one long message cannot outweigh a week of short ones.
"""

import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from nabij.conversation.timeline import Reading, Turn, iso_week, weeks_between

# A partner's first message after the other's turn is a reply only when it comes within this
# time. A day covers an answer the next morning or after a working day; a silence of several
# days is a silence, not a slow reply, and would drown the median of every ordinary week.
REPLY_CAP = timedelta(hours=24)

# A turn of this many messages or more, with no answer in between, counts as a long run. Three
# short messages in a row are how many people type one thought; four or more is a burst.
LONG_RUN = 4


@dataclass(frozen=True)
class Reply:
    """A turn that answers the other's turn within ``REPLY_CAP``, and how long it took."""

    previous: Turn
    turn: Turn
    wait: timedelta

    @property
    def minutes(self) -> float:
        """Return the wait in minutes."""
        return self.wait.total_seconds() / 60


def replies(turns: Sequence[Turn]) -> Iterator[Reply]:
    """Yield every turn that answers the other's previous turn within ``REPLY_CAP``.

    The wait runs from the other's last message to this partner's first message of the turn;
    a message stamped before the one it follows (a changed clock) counts as an instant reply.
    """
    for previous, turn in pairwise(turns):
        wait = max(turn.start - previous.end, timedelta(0))
        if wait <= REPLY_CAP:
            yield Reply(previous, turn, wait)


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
    reply_minutes: float | None = None  # the median wait of those replies
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
    waits: list[float] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    def freeze(self) -> WeekMeasures:
        return WeekMeasures(
            messages=self.messages,
            walls=self.walls,
            doors=self.doors,
            questions=self.questions,
            replies=len(self.waits),
            reply_minutes=median(self.waits),
            longest_run=max(self.runs, default=0),
            long_runs=sum(1 for run in self.runs if run >= LONG_RUN),
            median_length=median(self.lengths),
        )


Weekly = dict[str, dict[str, WeekMeasures]]


def weekly_measures(
    readings: Sequence[Reading], turns: Sequence[Turn], partners: tuple[str, str]
) -> Weekly:
    """Return each partner's ``WeekMeasures`` for every week from the first message to the last.

    A reply and a run belong to the week in which they start.
    """
    if not readings:
        return {name: {} for name in partners}
    # An export is in time order, but a changed phone clock can put a message out of place.
    times = [r.time for r in readings]
    weeks = weeks_between(min(times).date(), max(times).date())
    return _measured(readings, turns, dict.fromkeys(partners, weeks), iso_week)


def total_measures(
    readings: Sequence[Reading], turns: Sequence[Turn], partners: tuple[str, str]
) -> dict[str, WeekMeasures]:
    """Return each partner's figures over the whole chat (the same measures, one period)."""
    whole = _measured(readings, turns, {name: ["all"] for name in partners}, lambda _: "all")
    return {name: periods["all"] for name, periods in whole.items()}


def _measured(
    readings: Sequence[Reading],
    turns: Sequence[Turn],
    periods: dict[str, list[str]],
    period_of: Callable[[datetime], str],
) -> Weekly:
    """Return the measures of every partner's periods; ``period_of`` names a moment's period."""
    tallies = {name: {key: _Tally() for key in keys} for name, keys in periods.items()}
    for reading in readings:
        tally = tallies[reading.sender][period_of(reading.time)]
        tally.messages += 1
        tally.walls += reading.wall
        tally.doors += reading.door
        tally.questions += reading.question
        if reading.length and not reading.media:
            tally.lengths.append(reading.length)
    for reply in replies(turns):
        tallies[reply.turn.sender][period_of(reply.turn.start)].waits.append(reply.minutes)
    for turn in turns:
        tallies[turn.sender][period_of(turn.start)].runs.append(len(turn.readings))
    return {
        name: {week: tally.freeze() for week, tally in weekly.items()}
        for name, weekly in tallies.items()
    }

"""Per partner and per calendar month: the figures the dance is read from.

A chat without times (a transcript) has no months: it is read as one stretch, whose key and
days are None, with no reply waits and no silences (only its first turn opens a conversation).
"""

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from nabij.coach.labels import Label
from nabij.conversation.sequences import SequenceEvent, SequenceKind
from nabij.conversation.timeline import (
    REPLY_CAP,
    Timeline,
    Turn,
    month,
    months_between,
    no_month,
)
from nabij.conversation.turns import GAP_HOURS

# A message after a silence this long opens a new conversation: the same gap at which the
# Gottman–Murray model ends one (nabij.conversation.turns), so that both read one chat alike.
OPENING_GAP = timedelta(hours=GAP_HOURS)


@dataclass
class PartnerMonth:
    """One partner's figures for one month."""

    messages: int = 0
    turns: int = 0
    questions: int = 0
    doors: int = 0
    openings: int = 0  # the chat's first turn, and turns after a silence of OPENING_GAP
    withdrawals: int = 0  # messages the coach labelled ``withdrawal``
    logistics: int = 0  # messages with a logistics word and neither a wall nor a door
    labelled: int = 0  # messages with a wall or a door
    bids: int = 0  # turns that reached out (a door or a question)
    unanswered: int = 0  # of those bids, how many the other left unanswered
    lengths: list[int] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)  # reply waits in minutes

    @property
    def per_turn(self) -> float:
        """Return the messages per turn (0 without turns)."""
        return self.messages / self.turns if self.turns else 0.0

    @property
    def question_rate(self) -> float:
        """Return the share of messages with a question."""
        return self.questions / self.messages if self.messages else 0.0

    @property
    def withdrawal_rate(self) -> float:
        """Return the share of messages with a withdrawal phrase."""
        return self.withdrawals / self.messages if self.messages else 0.0

    @property
    def unanswered_share(self) -> float:
        """Return the share of this partner's bids the other left unanswered."""
        return min(1.0, self.unanswered / self.bids) if self.bids else 0.0

    @property
    def median_length(self) -> float:
        """Return the median text length (0 without text messages)."""
        return statistics.median(self.lengths) if self.lengths else 0.0

    @property
    def median_wait(self) -> float:
        """Return the median reply wait in minutes; without replies, the reply cap itself."""
        if not self.waits:
            return REPLY_CAP.total_seconds() / 60
        return statistics.median(self.waits)


@dataclass
class Month:
    """Both partners' figures for one month, and the days of it the chat covers.

    Without times, the whole chat as one stretch: ``key`` and ``days`` are None.
    """

    key: str | None
    days: int | None
    partners: dict[str, PartnerMonth]

    @property
    def messages(self) -> int:
        """Return the couple's messages in the month."""
        return sum(p.messages for p in self.partners.values())


def _covered_days(key: str, first: date, last: date) -> int:
    """Return how many days of month ``key`` lie between the chat's first and last day."""
    year, number = int(key[:4]), int(key[5:])
    start = date(year, number, 1)
    end = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
    return (min(end, last) - max(start, first)).days + 1


def monthly(
    chat: Timeline, events: Sequence[SequenceEvent], partners: tuple[str, str]
) -> list[Month]:
    """Return every month from the first message to the last, with each partner's figures.

    Without times: one stretch for the whole chat.
    """
    if not chat.readings:
        return []
    months: dict[str | None, Month]
    if chat.timed:
        times = [r.time for r in chat.readings]
        first, last = min(times).date(), max(times).date()
        months = {
            key: Month(key, _covered_days(key, first, last), {p: PartnerMonth() for p in partners})
            for key in months_between(first, last)
        }
        key_of: Callable[[datetime], str | None] = month
    else:
        months = {None: Month(None, None, {p: PartnerMonth() for p in partners})}
        key_of = no_month
    for reading in chat.readings:
        figures = months[key_of(reading.time)].partners[reading.sender]
        figures.messages += 1
        figures.questions += reading.question
        figures.doors += reading.door
        figures.withdrawals += Label.WITHDRAWAL in reading.labels
        figures.labelled += reading.door or reading.wall
        figures.logistics += reading.logistics and not (reading.door or reading.wall)
        if reading.length and not reading.media:
            figures.lengths.append(reading.length)
    previous: Turn | None = None
    for turn in chat.turns:
        figures = months[key_of(turn.start)].partners[turn.sender]
        figures.turns += 1
        figures.bids += turn.first_bid is not None
        if previous is None or (chat.timed and turn.start - previous.end >= OPENING_GAP):
            figures.openings += 1
        previous = turn
    for reply in chat.replies:
        minutes = reply.minutes
        if minutes is not None:
            months[key_of(reply.turn.start)].partners[reply.turn.sender].waits.append(minutes)
    other = {partners[0]: partners[1], partners[1]: partners[0]}
    for event in events:
        if event.kind is SequenceKind.UNANSWERED_BID:
            months[key_of(event.time)].partners[other[event.partner]].unanswered += 1
    return list(months.values())

"""The couple's dance in their chat: pursue–withdraw, over-connection and parallel lives.

Each pattern gets a strength from 0 to 1 per month, built from named components that are
themselves 0 to 1, so a reader can always see what a strength rests on. Pursue–withdraw is a
dance of two: one partner's bursts, questions and reaching out *met by* the other's delays,
short replies and withdrawal phrases. Its strength is the geometric mean of the two halves, so
that neither half alone — one person who writes a lot, or one who writes little — makes it.

A chat without times (a transcript) is read as one stretch instead of month by month, from the
signals that need no time: pursue–withdraw leaves out delays and unanswered bids, and
over-connection and parallel lives (pace and density) are not read, with reason ``no_times``.
"""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from nabij.coach.labels import Label
from nabij.conversation.measures import LONG_RUN
from nabij.conversation.monthly import Month, PartnerMonth, monthly
from nabij.conversation.sequences import SequenceEvent, SequenceKind
from nabij.conversation.timeline import Reading, Reply, Timeline, Turn, month, no_month
from nabij.model.ids import Pattern

# A month is read for pursue–withdraw and over-connection only from this many messages of the
# couple on: with fewer, one busy evening decides the month.
MIN_MONTH_MESSAGES = 20
# Parallel lives is about few messages, so it needs content rather than volume: this many
# messages that are logistics or carry a wall or a door.
MIN_CONTENT_MESSAGES = 4
# A pattern is shown as visible in a month from this strength on. Below it the differences are
# within how two people simply write differently (one longer, one faster).
VISIBLE = 0.4
# Two partners differ "fully" on a component when one's figure is three times the other's; a
# smaller difference counts in proportion. Three times is far outside the ordinary spread
# between two people writing to each other.
FULL_RATIO = 3.0
# Below these floors two figures are both "hardly any", and their ratio means nothing: five
# minutes is an immediate reply in chat; five characters is "ok"; one in ten bids, one
# question in twenty messages, one withdrawal phrase in fifty.
WAIT_FLOOR_MINUTES = 5.0
LENGTH_FLOOR = 5.0
SHARE_FLOOR = 0.1
QUESTION_FLOOR = 0.05
WITHDRAWAL_FLOOR = 0.02
REACH_FLOOR = 2.0
# Over-connection: messages per day for each partner, from which density starts to count and at
# which it counts fully; and the slower partner's median reply, in minutes, at which speed
# counts fully and from which it no longer counts. A busy couple writes tens of messages a
# day each; over a hundred each, every day, answered within a couple of minutes, leaves no air.
DENSE_FROM, DENSE_FULL = 30.0, 100.0
FAST_FULL, FAST_UNTIL = 2.0, 15.0
# Parallel lives: the couple's messages per day at which sparseness counts fully and from which
# it no longer counts; and the share of content messages that are logistics from which that
# starts to count and at which it counts fully.
SPARSE_FULL, SPARSE_UNTIL = 2.0, 10.0
LOGISTICS_FROM, LOGISTICS_FULL = 0.5, 0.9
# Evidence: at most this many items per signal per month, and messages per item.
EVIDENCE_PER_SIGNAL = 3
MESSAGES_PER_ITEM = 10
# An answer of at most this many characters to a turn of at least LONG_TURN_CHARS is a short
# reply in the evidence ("ok" to a paragraph).
SHORT_REPLY_CHARS = 20
LONG_TURN_CHARS = 100
# An example message is cut to this many characters.
EXAMPLE_CHARS = 280


_T = TypeVar("_T")


class Signal(StrEnum):
    """A component of a pattern's strength; the first seven are also kinds of evidence."""

    BURSTS = "bursts"  # messages per turn
    QUESTIONS = "questions"  # questions per message
    REACHING_OUT = "reaching_out"  # conversations opened and messages with a door
    DELAYS = "delays"  # median reply wait
    UNANSWERED = "unanswered"  # share of the other's bids left unanswered
    SHORT_REPLIES = "short_replies"  # median message length
    WITHDRAWAL_PHRASES = "withdrawal_phrases"  # messages the coach labelled withdrawal
    DENSITY = "density"  # messages per day, both partners
    SPEED = "speed"  # median reply wait, both partners
    SPARSENESS = "sparseness"  # few messages per day
    LOGISTICS = "logistics"  # share of content that is logistics only


PURSUIT = (Signal.BURSTS, Signal.QUESTIONS, Signal.REACHING_OUT)
WITHDRAWAL = (
    Signal.DELAYS,
    Signal.UNANSWERED,
    Signal.SHORT_REPLIES,
    Signal.WITHDRAWAL_PHRASES,
)


class DanceReason(StrEnum):
    """Why a month has no strength."""

    TOO_FEW_MESSAGES = "too_few_messages"
    NO_TIMES = "no_times"  # the pattern is read from time, and the chat has no times


def ramp(value: float, zero: float, full: float) -> float:
    """Return 0 at ``zero``, 1 at ``full`` and in proportion between (either direction).

    >>> ramp(65, 30, 100), ramp(6, 10, 2)
    (0.5, 0.5)
    """
    return min(1.0, max(0.0, (value - zero) / (full - zero)))


def excess(larger: float, smaller: float, floor: float) -> float:
    """Return how far ``larger`` exceeds ``smaller``: 0 when not at all, 1 from FULL_RATIO times.

    >>> excess(20, 10, 1), excess(10, 20, 1), excess(0.5, 0.0, 0.1)
    (0.5, 0.0, 1.0)
    """
    return ramp(max(larger, floor) / max(smaller, floor), 1.0, FULL_RATIO)


@dataclass(frozen=True)
class MonthReading:
    """A pattern's strength in one month, with its components and, for pursue–withdraw, roles.

    ``month`` is None for a chat without times, read as one stretch.
    """

    month: str | None
    strength: float | None
    reason: DanceReason | None = None
    components: Mapping[Signal, float] = field(default_factory=dict)
    pursuing: str | None = None
    withdrawing: str | None = None

    @property
    def visible(self) -> bool:
        """Return whether the pattern shows this month."""
        return self.strength is not None and self.strength >= VISIBLE

    def to_json(self) -> dict[str, Any]:
        """Return the month as an object of ``nabij.chat-analysis/1``."""
        found: dict[str, Any] = {
            "month": self.month,
            "strength": None if self.strength is None else round(self.strength, 3),
            "reason": None if self.reason is None else self.reason.value,
            "components": {s.value: round(v, 3) for s, v in self.components.items()},
        }
        if self.pursuing is not None:
            found["pursuing"] = self.pursuing
            found["withdrawing"] = self.withdrawing
        return found


@dataclass(frozen=True)
class Evidence:
    """Messages that show a signal of a visible month, by index into the imported chat.

    ``month`` and ``day`` are None for a chat without times.
    """

    month: str | None
    signal: Signal
    partner: str
    day: date | None
    messages: tuple[int, ...]
    hours: float | None = None  # for delays: how long the reply took

    def to_json(self, examples: Mapping[int, str] | None) -> dict[str, Any]:
        """Return the item; with ``examples`` (index → text), the texts of its messages too."""
        found: dict[str, Any] = {
            "month": self.month,
            "signal": self.signal.value,
            "partner": self.partner,
            "date": None if self.day is None else self.day.isoformat(),
            "messages": list(self.messages),
        }
        if self.hours is not None:
            found["hours"] = round(self.hours, 1)
        if examples is not None:
            found["examples"] = [
                {"message": index, "text": _example(examples.get(index, ""))}
                for index in self.messages[:2]
            ]
        return found


def _example(text: str) -> str:
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


@dataclass(frozen=True)
class PatternReading:
    """One pattern's months and, where it shows, its evidence."""

    pattern: Pattern
    months: tuple[MonthReading, ...]
    evidence: tuple[Evidence, ...] = ()

    @property
    def visible(self) -> bool:
        """Return whether the pattern shows in any month."""
        return any(m.visible for m in self.months)

    @property
    def readable(self) -> bool:
        """Return false when the pattern cannot be read at all: it needs times the chat lacks."""
        return not self.months or any(m.reason is not DanceReason.NO_TIMES for m in self.months)

    @property
    def peak(self) -> MonthReading | None:
        """Return the month where the pattern is strongest, if any month has a strength."""
        rated = [m for m in self.months if m.strength is not None]
        return max(rated, key=lambda m: m.strength or 0.0, default=None)

    def to_json(self, examples: Mapping[int, str] | None = None) -> dict[str, Any]:
        """Return the pattern as an object of ``nabij.chat-analysis/1``."""
        return {
            "visible": self.visible,
            "months": [m.to_json() for m in self.months],
            "evidence": [e.to_json(examples) for e in self.evidence],
        }


@dataclass(frozen=True)
class Dance:
    """The three patterns a chat can show (emotional freeze needs more than a chat can tell)."""

    pursue_withdraw: PatternReading
    over_connection: PatternReading
    parallel_lives: PatternReading

    @property
    def patterns(self) -> tuple[PatternReading, ...]:
        """Return the three readings in the contract's order of patterns."""
        return (self.pursue_withdraw, self.over_connection, self.parallel_lives)

    def to_json(self, examples: Mapping[int, str] | None = None) -> dict[str, Any]:
        """Return the ``dance`` object of ``nabij.chat-analysis/1``."""
        return {p.pattern.value: p.to_json(examples) for p in self.patterns}


def _pursuit(pursuer: PartnerMonth, other: PartnerMonth) -> dict[Signal, float]:
    return {
        Signal.BURSTS: excess(pursuer.per_turn, other.per_turn, 1.0),
        Signal.QUESTIONS: excess(pursuer.question_rate, other.question_rate, QUESTION_FLOOR),
        Signal.REACHING_OUT: excess(
            pursuer.openings + pursuer.doors, other.openings + other.doors, REACH_FLOOR
        ),
    }


def _withdrawal(withdrawer: PartnerMonth, other: PartnerMonth, timed: bool) -> dict[Signal, float]:
    found = {
        Signal.SHORT_REPLIES: excess(other.median_length, withdrawer.median_length, LENGTH_FLOOR),
        Signal.WITHDRAWAL_PHRASES: excess(
            withdrawer.withdrawal_rate, other.withdrawal_rate, WITHDRAWAL_FLOOR
        ),
    }
    if timed:
        found |= {
            Signal.DELAYS: excess(withdrawer.median_wait, other.median_wait, WAIT_FLOOR_MINUTES),
            Signal.UNANSWERED: excess(
                other.unanswered_share, withdrawer.unanswered_share, SHARE_FLOOR
            ),
        }
    return {s: found[s] for s in WITHDRAWAL if s in found}  # in the signals' order


def _pursue_withdraw_month(figures: Month, partners: tuple[str, str], timed: bool) -> MonthReading:
    if figures.messages < MIN_MONTH_MESSAGES:
        return MonthReading(figures.key, None, DanceReason.TOO_FEW_MESSAGES)
    best: MonthReading | None = None
    for pursuer, withdrawer in (partners, partners[::-1]):
        p, w = figures.partners[pursuer], figures.partners[withdrawer]
        components = _pursuit(p, w) | _withdrawal(w, p, timed)
        pursuit = sum(components[s] for s in PURSUIT) / len(PURSUIT)
        # Each half is the mean of the components it has: without times, of two of four.
        withdrawn = [components[s] for s in WITHDRAWAL if s in components]
        withdrawal = sum(withdrawn) / len(withdrawn)
        strength = math.sqrt(pursuit * withdrawal)
        if best is None or strength > (best.strength or 0.0):
            roles = (pursuer, withdrawer) if strength > 0 else (None, None)
            best = MonthReading(figures.key, strength, None, components, *roles)
    assert best is not None  # two orders were tried
    return best


def _over_connection_month(figures: Month) -> MonthReading:
    if figures.days is None:  # density and speed are read from time
        return MonthReading(figures.key, None, DanceReason.NO_TIMES)
    if figures.messages < MIN_MONTH_MESSAGES:
        return MonthReading(figures.key, None, DanceReason.TOO_FEW_MESSAGES)
    each = figures.partners.values()
    density = min(p.messages for p in each) / figures.days
    slowest = max(p.median_wait for p in each)
    components = {
        Signal.DENSITY: ramp(density, DENSE_FROM, DENSE_FULL),
        Signal.SPEED: ramp(slowest, FAST_UNTIL, FAST_FULL),
    }
    return MonthReading(figures.key, math.sqrt(math.prod(components.values())), None, components)


def _parallel_lives_month(figures: Month) -> MonthReading:
    if figures.days is None:  # sparseness is read from time
        return MonthReading(figures.key, None, DanceReason.NO_TIMES)
    each = figures.partners.values()
    logistics = sum(p.logistics for p in each)
    content = logistics + sum(p.labelled for p in each)
    if content < MIN_CONTENT_MESSAGES:
        return MonthReading(figures.key, None, DanceReason.TOO_FEW_MESSAGES)
    components = {
        Signal.SPARSENESS: ramp(figures.messages / figures.days, SPARSE_UNTIL, SPARSE_FULL),
        Signal.LOGISTICS: ramp(logistics / content, LOGISTICS_FROM, LOGISTICS_FULL),
    }
    return MonthReading(figures.key, math.sqrt(math.prod(components.values())), None, components)


def read_dance(chat: Timeline, events: Sequence[SequenceEvent], partners: tuple[str, str]) -> Dance:
    """Return the three patterns, month by month, with evidence for pursue–withdraw.

    A chat without times is one stretch, read only from the signals that need no time.
    """
    months = monthly(chat, events, partners)
    pursue = tuple(_pursue_withdraw_month(m, partners, chat.timed) for m in months)
    return Dance(
        PatternReading(
            Pattern.PURSUE_WITHDRAW, pursue, pursue_withdraw_evidence(pursue, chat, events)
        ),
        PatternReading(Pattern.OVER_CONNECTION, tuple(_over_connection_month(m) for m in months)),
        PatternReading(Pattern.PARALLEL_LIVES, tuple(_parallel_lives_month(m) for m in months)),
    )


def pursue_withdraw_evidence(
    months: Sequence[MonthReading], chat: Timeline, events: Sequence[SequenceEvent]
) -> tuple[Evidence, ...]:
    """Return, for each visible month, a few messages of each signal, in the month's roles."""
    roles = {m.month: (m.pursuing, m.withdrawing) for m in months if m.visible}
    found: dict[tuple[str | None, Signal], list[Evidence]] = {}
    timed = chat.timed
    key_of: Callable[[datetime], str | None] = month if timed else no_month

    def add(item: Evidence) -> None:
        found.setdefault((item.month, item.signal), []).append(item)

    def evidence(signal: Signal, first: Reading, messages: Sequence[Reading]) -> Evidence:
        indexes = tuple(r.index for r in messages[:MESSAGES_PER_ITEM])
        day = first.time.date() if timed else None
        return Evidence(key_of(first.time), signal, first.sender, day, indexes)

    for turn in chat.turns:
        key = key_of(turn.start)
        if key not in roles:
            continue
        pursuer, withdrawer = roles[key]
        if turn.sender == pursuer and len(turn.readings) >= LONG_RUN:
            add(evidence(Signal.BURSTS, turn.readings[0], turn.readings))
        if turn.sender == withdrawer:
            for reading in turn.readings:
                if Label.WITHDRAWAL in reading.labels:
                    add(evidence(Signal.WITHDRAWAL_PHRASES, reading, [reading]))
    for event in events:  # unanswered bids: only in a chat with times
        key = month(event.time)
        wanted = event.kind is SequenceKind.UNANSWERED_BID and key in roles
        if wanted and event.partner == roles[key][1]:
            add(_unanswered(event, roles[key][0] or ""))
    _reply_evidence(chat.replies, roles, add, key_of)
    ordered = sorted(
        (item for items in found.values() for item in spread(items, EVIDENCE_PER_SIGNAL)),
        key=lambda e: (e.month or "", list(Signal).index(e.signal), e.messages),
    )
    return tuple(ordered)


def spread(items: Sequence[_T], count: int) -> list[_T]:
    """Return ``count`` items spread evenly over ``items`` (first and last included), in order.

    Evidence from across a month shows a pattern better than three messages of one evening.

    >>> spread(list(range(10)), 3)
    [0, 4, 9]
    """
    if len(items) <= count:
        return list(items)
    if count == 1:
        return [items[0]]
    step = (len(items) - 1) / (count - 1)
    return [items[int(k * step)] for k in range(count)]


def _unanswered(event: SequenceEvent, bidder: str) -> Evidence:
    return Evidence(
        month(event.time), Signal.UNANSWERED, bidder, event.time.date(), (event.message,)
    )


def _at(wait: tuple[float, Turn]) -> int:
    return wait[1].readings[0].index


def _reply_evidence(
    replies: Sequence[Reply],
    roles: Mapping[str | None, tuple[str | None, str | None]],
    add: Callable[[Evidence], None],
    key_of: Callable[[datetime], str | None],
) -> None:
    """Add the withdrawing partner's slowest replies and short answers to long turns.

    Without times (no reply has a wait, and ``key_of`` gives None) only the short answers.
    """
    slow: dict[str | None, list[tuple[float, Turn]]] = {}
    for reply in replies:
        turn = reply.turn
        key = key_of(turn.start)
        if key not in roles or turn.sender != roles[key][1]:
            continue
        if reply.wait is not None:
            slow.setdefault(key, []).append((reply.wait.total_seconds() / 3600, turn))
        asked = reply.previous
        if turn.length <= SHORT_REPLY_CHARS and asked.length >= LONG_TURN_CHARS:
            first = turn.readings[0]
            add(
                Evidence(
                    key,
                    Signal.SHORT_REPLIES,
                    turn.sender,
                    None if key is None else first.time.date(),
                    (asked.readings[-1].index, first.index),
                )
            )
    for key, waits in slow.items():
        # The slowest replies of the month, in the order they came.
        slowest = sorted(sorted(waits, key=lambda w: -w[0])[:EVIDENCE_PER_SIGNAL], key=_at)
        for hours, turn in slowest:
            first = turn.readings[0]
            add(Evidence(key, Signal.DELAYS, turn.sender, first.time.date(), (first.index,), hours))

"""What follows what: a wall met by a wall or by a door, and a bid that gets no answer.

Each event is counted for the partner whose turn (or silence) completes it — the one who
answered, or was asked — and for the week in which that happens. The counts describe a
sequence between two people; neither half of it means anything alone.

In a chat without times (a transcript) a wall is answered by the other's next turn, whatever
its place; whether a bid waited too long cannot be read, so no bid is counted as unanswered
and its total is None. Such a chat has no weeks: its counts are only totals.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from nabij.conversation.timeline import Reading, Timeline, iso_week

# A bid (a door or a question) is left unanswered when the other's next message comes more
# than this long after it. Half a day lets a message sent in the evening be answered the next
# morning; a bid that waits longer than that has, for the one who sent it, gone unanswered.
BID_WAIT = timedelta(hours=12)


class SequenceKind(StrEnum):
    """A pair of turns the measures count."""

    ESCALATION = "escalation"  # a turn with a wall, answered by a turn with a wall
    REPAIR = "repair"  # a turn with a wall, answered by a turn with a door and no wall
    UNANSWERED_BID = "unanswered_bid"  # a door or question with no answer within BID_WAIT


@dataclass(frozen=True)
class SequenceEvent:
    """One counted sequence.

    ``partner`` answered (or was asked); ``message`` is the index, in the imported chat, of
    the answering message, or of the bid that went unanswered; ``time`` is that message's time.
    """

    kind: SequenceKind
    partner: str
    message: int
    time: datetime

    @property
    def week(self) -> str:
        """Return the ISO week the event is counted in."""
        return iso_week(self.time)


def find_sequences(chat: Timeline) -> list[SequenceEvent]:
    """Return every escalation, accepted repair and unanswered bid, in order.

    A wall is answered by the other's next turn when that is a reply (within ``REPLY_CAP``); a
    turn with both a wall and a door counts as an escalation, since the wall is what lands
    first. The chat's last turn cannot be judged for a bid: the export may have been made
    before the answer could come. Without times no bid is judged.
    """
    found: list[SequenceEvent] = []
    for reply in chat.replies:
        if not reply.previous.wall:
            continue
        answer = reply.turn
        if answer.wall:
            first = next(r for r in answer.readings if r.wall)
            found.append(_event(SequenceKind.ESCALATION, answer.sender, first))
        elif answer.door:
            first = next(r for r in answer.readings if r.door)
            found.append(_event(SequenceKind.REPAIR, answer.sender, first))
    for previous, turn in pairwise(chat.turns if chat.timed else ()):
        bid = previous.first_bid
        if bid is not None and turn.start - bid.time > BID_WAIT:
            found.append(_event(SequenceKind.UNANSWERED_BID, turn.sender, bid))
    found.sort(key=lambda event: event.message)
    return found


def _event(kind: SequenceKind, partner: str, reading: Reading) -> SequenceEvent:
    return SequenceEvent(kind, partner, reading.index, reading.time)


Counts = dict[str, dict[str, dict[str, int]]]
# Per partner: how often each kind happened in the whole chat; None for what cannot be read.
Totals = dict[str, dict[str, int | None]]


def sequence_counts(
    events: Sequence[SequenceEvent], partners: tuple[str, str], weeks: Sequence[str]
) -> Counts:
    """Return, per partner and per week, how often each kind of sequence happened.

    An event outside ``weeks`` is left out: a chat without times has no weeks.
    """
    counts = {
        name: {week: dict.fromkeys((k.value for k in SequenceKind), 0) for week in weeks}
        for name in partners
    }
    for event in events:
        week = counts[event.partner].get(event.week)
        if week is not None:
            week[event.kind.value] += 1
    return counts


def sequence_totals(
    events: Sequence[SequenceEvent], partners: tuple[str, str], *, timed: bool = True
) -> Totals:
    """Return, per partner, how often each kind happened in the whole chat.

    Without times the unanswered bids are None: they cannot be read (``find_sequences``).
    """
    found: Totals = {
        name: {
            k.value: 0 if timed or k is not SequenceKind.UNANSWERED_BID else None
            for k in SequenceKind
        }
        for name in partners
    }
    for event in events:
        counts = found[event.partner]
        counts[event.kind.value] = (counts[event.kind.value] or 0) + 1
    return found


def totals(counts: Counts) -> dict[str, dict[str, int]]:
    """Return each partner's counts over all weeks."""
    return {
        name: {k.value: sum(week[k.value] for week in weekly.values()) for k in SequenceKind}
        for name, weekly in counts.items()
    }

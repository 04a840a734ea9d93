"""``analyse_chat``: one imported chat read in full — safety, measures, the dance and the model.

The result becomes ``nabij.chat-analysis/1`` JSON (``docs/chat-analysis.md``). Message texts stay
out of it unless the caller asks for the examples of the dance's evidence, which only the
person who uploaded the chat may see.

A chat without times (a transcript, ``Chat.timed`` false) is read for everything that needs
no time; what would be read from its made-up times is absent, with ``times_reason``.
"""

import gc
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from nabij.conversation.dance import Dance, read_dance
from nabij.conversation.dynamics import ChatModel, model_for_chat
from nabij.conversation.measures import Weekly, WeekMeasures, measure
from nabij.conversation.messages import Chat, ChatFormat, Progress, Skipped
from nabij.conversation.readings import read_messages
from nabij.conversation.safety import ChatSafety, chat_safety
from nabij.conversation.sequences import (
    Counts,
    Totals,
    find_sequences,
    sequence_counts,
    sequence_totals,
    totals,
)
from nabij.conversation.timeline import timeline
from nabij.conversation.turns import GAP_HOURS

FORMAT = "nabij.chat-analysis/1"


class PartnersProblem(StrEnum):
    """Why the two partners could not be told from the chat and the options given."""

    TOO_MANY_SENDERS = "too_many_senders"  # more than two senders and no partners given
    TOO_FEW_SENDERS = "too_few_senders"  # fewer than two senders: no couple to read
    NOT_A_SENDER = "not_a_sender"  # a given partner (or ``me``) never writes in the chat
    SAME_PARTNER = "same_partner"  # the two given partners are one sender


class PartnersError(ValueError):
    """The partners cannot be chosen; ``senders`` lists who writes in the chat, in order.

    The message names the problem and the number of senders, never a name: names go to the
    person through ``senders``, and only where they asked for them.
    """

    def __init__(self, problem: PartnersProblem, senders: Sequence[str]) -> None:
        self.problem = problem
        self.senders = tuple(senders)
        super().__init__(f"{problem.value} (the chat has {len(self.senders)} senders)")


def choose_partners(
    senders: Sequence[str], partners: tuple[str, str] | None = None, me: str | None = None
) -> tuple[str, str]:
    """Return (W, H): W is ``me`` when given, else whichever of the two writes first.

    With more than two senders ``partners`` is required; it names the two, in any order.
    """
    if partners is None:
        if len(senders) > 2:
            raise PartnersError(PartnersProblem.TOO_MANY_SENDERS, senders)
        if len(senders) < 2:
            raise PartnersError(PartnersProblem.TOO_FEW_SENDERS, senders)
        chosen = set(senders)
    else:
        if partners[0] == partners[1]:
            raise PartnersError(PartnersProblem.SAME_PARTNER, senders)
        if not set(partners) <= set(senders):
            raise PartnersError(PartnersProblem.NOT_A_SENDER, senders)
        chosen = set(partners)
    if me is not None and me not in chosen:
        raise PartnersError(PartnersProblem.NOT_A_SENDER, senders)
    ordered = [s for s in senders if s in chosen]
    if me is not None:
        ordered.remove(me)
        ordered.insert(0, me)
    return ordered[0], ordered[1]


@dataclass(frozen=True)
class ChatAnalysis:
    """Everything nabij reads in one chat, for the report, the web page and the JSON."""

    chat: Chat = field(repr=False)
    partners: tuple[str, str]  # (W, H)
    messages: dict[str, int]  # messages per sender, everyone in the chat
    media: dict[str, int]  # media placeholders per sender
    safety: ChatSafety
    measures: Weekly
    totals: dict[str, WeekMeasures]  # the same figures over the whole chat
    sequences: Counts
    dance: Dance
    model: ChatModel
    truncated: int  # messages longer than the coach reads, analysed from their start
    # The sequences over the whole chat, None for what cannot be read (``sequence_totals``);
    # when not given, the sum of the weeks, which holds for a chat with times.
    counted_sequences: Totals | None = None

    @property
    def layout(self) -> ChatFormat:
        """Return the export layout the chat was read as."""
        return self.chat.format

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """Return the lines that did not become messages, by number and reason."""
        return self.chat.skipped

    @property
    def sequence_totals(self) -> Totals:
        """Return how often each sequence happened per partner in the whole chat.

        A chat without times has no weeks to add up: its totals are counted from the events,
        with the unanswered bids None.
        """
        if self.counted_sequences is not None:
            return self.counted_sequences
        return {name: dict(counts) for name, counts in totals(self.sequences).items()}

    @property
    def timed(self) -> bool:
        """Return whether the chat's times are read (false for a transcript)."""
        return self.chat.timed

    @property
    def period(self) -> tuple[date, date] | None:
        """Return the days of the partners' first and last message, if they wrote any.

        None for a chat without times: its days are made up.
        """
        if not self.chat.timed:
            return None
        times = [m.time for m in self.chat.messages if m.sender in self.partners]
        return (min(times).date(), max(times).date()) if times else None

    def examples(self) -> dict[int, str]:
        """Return the texts of the messages the dance's evidence points at, by index."""
        wanted = {i for p in self.dance.patterns for e in p.evidence for i in e.messages}
        return {i: self.chat.messages[i].text for i in sorted(wanted)}

    def to_json(self, *, include_examples: bool = False) -> dict[str, Any]:
        """Return the analysis as ``nabij.chat-analysis/1``; safety comes first.

        ``include_examples`` adds the texts of the evidence's messages: only for the person who
        uploaded the chat, never for a file or a page someone else may see.
        """
        period = self.period
        examples = self.examples() if include_examples else None
        return {
            "format": FORMAT,
            "safety": self.safety.to_json(),
            "layout": self.layout.value,
            "dayfirst": self.chat.dayfirst,
            "times_reason": None
            if self.chat.times_reason is None
            else self.chat.times_reason.value,
            "partners": list(self.partners),
            "period": None
            if period is None
            else {"from": period[0].isoformat(), "to": period[1].isoformat()},
            "messages": dict(self.messages),
            "media": dict(self.media),
            "skipped": [{"line": s.line, "reason": s.reason.value} for s in self.skipped],
            "truncated": self.truncated,
            "measures": {
                name: {week: figures.to_json() for week, figures in weekly.items()}
                for name, weekly in self.measures.items()
            },
            "totals": {name: figures.to_json() for name, figures in self.totals.items()},
            "sequences": self.sequences,
            "sequence_totals": self.sequence_totals,
            "dance": self.dance.to_json(examples),
            "model": self.model.to_json(),
            "examples_included": include_examples,
        }


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block, if it was on; then restore it.

    The analysis makes hundreds of thousands of small objects that hold no reference cycles;
    each of the collector's passes scans every one of them again, and together those passes
    cost more than the analysis itself (measured in bench/chat.py). Reference counting still
    frees everything as usual, so memory does not grow; only cycles made elsewhere in the
    process wait until the block ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def analyse_chat(
    chat: Chat,
    *,
    partners: tuple[str, str] | None = None,
    me: str | None = None,
    progress: Progress | None = None,
) -> ChatAnalysis:
    """Read a whole chat: the coach on every partner message, then measures, dance and model.

    ``progress`` is called with (messages read, messages in all) during the coach pass, the
    only long part. Raises ``PartnersError`` when the two partners cannot be chosen.
    """
    w, h = choose_partners(chat.senders, partners, me)
    with paused_collector():
        return _analysed(chat, (w, h), progress)


def _analysed(chat: Chat, partners: tuple[str, str], progress: Progress | None) -> ChatAnalysis:
    w, h = partners
    coach = read_messages(chat.messages, (w, h), progress)
    read = timeline(coach.readings, timed=chat.timed)
    events = find_sequences(read)
    measured = measure(read, (w, h))
    counts = Counter(m.sender for m in chat.messages)
    media = Counter(m.sender for m in chat.messages if m.media)
    return ChatAnalysis(
        chat=chat,
        partners=(w, h),
        messages={s: counts[s] for s in chat.senders},
        media={s: media[s] for s in chat.senders},
        safety=chat_safety(coach.readings),
        measures=measured.weekly,
        totals=measured.totals,
        sequences=sequence_counts(events, (w, h), measured.weeks),
        dance=read_dance(read, events, (w, h)),
        # Without times the chat is one conversation: its made-up times show no silence.
        model=model_for_chat(
            chat.messages,
            coach.analyses,
            (w, h),
            gap_hours=GAP_HOURS if chat.timed else math.inf,
        ),
        truncated=coach.truncated,
        counted_sequences=sequence_totals(events, (w, h), timed=chat.timed),
    )

"""The coach pass: every message of the two partners read once by the coach and the word lists."""

from collections.abc import Sequence
from dataclasses import dataclass

from nabij.coach.analysis import MAX_CHARS, Analysis, analyse
from nabij.coach.labels import DOORS, WALLS, Safety
from nabij.conversation.lexicon import control, logistics
from nabij.conversation.messages import Message, Progress
from nabij.conversation.timeline import Reading
from nabij.model.ids import Lang

# Progress is reported after this many messages: often enough for a smooth bar, rarely enough
# that drawing it costs nothing next to the coach.
PROGRESS_EVERY = 1_000

# A media placeholder or an empty text has nothing for the coach to read.
_NOTHING = Analysis(text="", lang=Lang.NL, labels=(), spans=(), safety=Safety.NONE)

_QUESTION_MARKS = ("?", "？", "¿")


@dataclass(frozen=True, slots=True)
class _Content:
    """What is found in one text; the same for every message with that text."""

    analysis: Analysis
    question: bool
    logistics: bool
    control: bool
    wall: bool
    door: bool


def _content(text: str) -> _Content:
    if not text.strip():
        return _Content(_NOTHING, False, False, False, False, False)
    analysis = analyse(text)
    return _Content(
        analysis=analysis,
        question=any(mark in text for mark in _QUESTION_MARKS),
        logistics=logistics().matches(text),
        control=control().matches(text),
        wall=not WALLS.isdisjoint(analysis.labels),
        door=not DOORS.isdisjoint(analysis.labels),
    )


@dataclass(frozen=True)
class CoachPass:
    """The coach's analysis of every message, and a reading of each of the partners' messages.

    ``analyses[i]`` belongs to the chat's ``messages[i]``; a message of anyone else in a group
    chat gets an empty analysis (no labels), which the model skips by its sender anyway. Each
    reading carries the index of its message.
    """

    analyses: tuple[Analysis, ...]
    readings: tuple[Reading, ...]
    truncated: int  # messages longer than the coach reads, analysed from their start


def read_messages(
    messages: Sequence[Message], partners: tuple[str, str], progress: Progress | None = None
) -> CoachPass:
    """Read every message of the two partners; messages of anyone else are left out.

    A text longer than the coach's ``MAX_CHARS`` is analysed from its start, never refused: one
    pasted letter must not stop the analysis of a whole chat. Identical texts ("ok", "haha",
    "goedemorgen") are read once; what is found depends on the text alone.
    """
    total = len(messages)
    if progress is not None:
        progress(0, total)
    seen: dict[str, _Content] = {}
    analyses: list[Analysis] = []
    readings: list[Reading] = []
    truncated = 0
    for index, message in enumerate(messages):
        if progress is not None and index and index % PROGRESS_EVERY == 0:
            progress(index, total)
        if message.sender not in partners:
            analyses.append(_NOTHING)
            continue
        text = message.text
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS]
            truncated += 1
        content = seen.get(text)
        if content is None:
            content = _content(text)
            seen[text] = content
        analysis = content.analysis
        analyses.append(analysis)
        readings.append(
            Reading(
                index=index,
                sender=message.sender,
                time=message.time,
                labels=analysis.labels,
                safety=analysis.safety,
                question=content.question,
                length=len(message.text),
                media=message.media,
                logistics=content.logistics,
                control=content.control,
                wall=content.wall,
                door=content.door,
                bid=content.door or content.question,
            )
        )
    if progress is not None:
        progress(total, total)
    return CoachPass(tuple(analyses), tuple(readings), truncated)

"""Read a chat export into a ``Chat``: find its layout, stream its lines, date its messages.

This is the one entry point for imports; ``docs/chat-import.md`` describes what it accepts.
"""

from collections.abc import Iterator
from contextlib import ExitStack
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from nabij.conversation.dates import date_messages
from nabij.conversation.decoding import open_source
from nabij.conversation.markers import markers
from nabij.conversation.messages import (
    Chat,
    ChatError,
    ChatFormat,
    ChatProblem,
    Message,
    Progress,
    Skipped,
    SkipReason,
)
from nabij.conversation.transcript import name_of, read_transcript
from nabij.conversation.whatsapp import HEADERS, clean, read_whatsapp

# The layout is recognised from the first lines that hold text: enough to see a few headers
# even when the chat opens with long multi-line messages, few enough to decide at once.
SAMPLE_LINES = 200
SAMPLE_CHARS = 1 << 20  # and never more text than this, whatever the lines hold
# A transcript is recognised when its first line is "Name: text" and at least a quarter of the
# sampled lines are; the rest may be the further lines of multi-line messages (a message of
# three lines is common). Fewer, and it is prose that happens to hold colons.
TRANSCRIPT_SHARE = 0.25
_DAMAGE = frozenset({SkipReason.UNREADABLE, SkipReason.BAD_DATE})

Line = tuple[int, str | None]


def _sample(lines: Iterator[Line]) -> list[Line]:
    """Return the first lines of the file, up to ``SAMPLE_LINES`` that hold text."""
    sample: list[Line] = []
    filled = chars = 0
    for item in lines:
        sample.append(item)
        text = item[1]
        if text is None or text.strip():
            filled += 1
            chars += len(text) if text is not None else SAMPLE_CHARS
        if filled >= SAMPLE_LINES or chars >= SAMPLE_CHARS:
            break
    return sample


def detect(sample: list[Line]) -> ChatFormat:
    """Return the layout of a file from its first lines, or fail naming the first odd line."""
    filled = [(number, text) for number, text in sample if text is None or text.strip()]
    if not filled:
        raise ChatError("the file holds no text", problem=ChatProblem.EMPTY)
    counts = {
        layout: sum(1 for _, text in filled if text is not None and header.match(text))
        for layout, header in HEADERS.items()
    }
    best = max(counts, key=lambda layout: counts[layout])
    if counts[best]:
        return best
    odd = [n for n, text in filled if text is None or name_of(clean(text)) is None]
    if filled[0][0] not in odd and len(filled) - len(odd) >= TRANSCRIPT_SHARE * len(filled):
        return ChatFormat.TRANSCRIPT
    raise ChatError(
        "no line has the shape of a chat message", odd[0], problem=ChatProblem.NOT_A_CHAT
    )


def _check(messages: list[Message], skipped: tuple[Skipped, ...]) -> None:
    """Fail when a file in a known layout still gave nothing usable."""
    if not messages:
        raise ChatError(
            "no line became a message",
            skipped[0].line if skipped else None,
            problem=ChatProblem.NO_MESSAGES,
        )
    damaged = [s.line for s in skipped if s.reason in _DAMAGE]
    # More damaged lines than messages: this is not a chat with a few bad lines but a file
    # that only looks like one here and there.
    if len(damaged) > len(messages):
        raise ChatError(
            "more damaged lines than messages", damaged[0], problem=ChatProblem.TOO_DAMAGED
        )


def read_chat(
    source: Path | BinaryIO, *, dayfirst: bool | None = None, progress: Progress | None = None
) -> Chat:
    """Read a WhatsApp export (text or zip) or a plain transcript into a ``Chat``.

    ``dayfirst`` fixes the order of day and month instead of inferring it from the file.
    ``progress`` is called now and then with (bytes read, total bytes or None). A file that
    is no chat raises ``ChatError`` naming the line where that shows; lines that could not be
    read are reported in ``Chat.skipped`` by number and reason. An open stream is read from
    where it stands and left open.
    """
    with ExitStack() as stack:
        opened = open_source(source, progress, stack)
        lines = opened.lines()
        sample = _sample(lines)
        layout = detect(sample)
        every = chain(sample, lines)
        if layout is ChatFormat.TRANSCRIPT:
            messages, skipped = read_transcript(every, markers())
            used: bool | None = None
        else:
            reading = read_whatsapp(layout, every, markers())
            messages, bad_dates, used = date_messages(reading, dayfirst)
            skipped = reading.skipped + bad_dates
    merged = tuple(sorted(skipped, key=lambda s: s.line))
    _check(messages, merged)
    return Chat(format=layout, dayfirst=used, messages=tuple(messages), skipped=merged)

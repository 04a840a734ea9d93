"""Read a plain transcript: "Naam: tekst" lines without dates, as people type or paste them.

A transcript has no times, so its messages get made-up ones: the first at 2000-01-01 00:00,
each next one a minute later. They only keep the order: ``Chat.timed`` is false for a
transcript, and the analysis reads nothing from these times (no reply times, silences, weeks,
months or pace; docs/chat-analysis.md, "Chats without times").
"""

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from nabij.conversation.markers import MarkerKind, Markers
from nabij.conversation.messages import Message, Skipped, SkipReason
from nabij.conversation.whatsapp import clean

START = datetime(2000, 1, 1)  # the made-up time of the first message
STEP = timedelta(minutes=1)  # between made-up times
# A name is short (a first name, "Sanne de Vries", a phone number) and holds no colon; a
# longer "name" is the start of a sentence that happens to hold a colon.
MAX_NAME = 40
MAX_NAME_WORDS = 4
_LINE = re.compile(rf"(?P<name>[^\s:][^:]{{0,{MAX_NAME - 1}}}):(?: |$)")


def name_of(line: str) -> tuple[str, str] | None:
    """Return (name, text) when ``line`` is "Name: text", else None."""
    found = _LINE.match(line)
    if found is None:
        return None
    name = found["name"].rstrip()
    if name.count(" ") >= MAX_NAME_WORDS or name.isdigit() or "//" in name:
        return None
    return name, line[found.end() :]


def read_transcript(
    lines: Iterable[tuple[int, str | None]], markers: Markers
) -> tuple[list[Message], list[Skipped]]:
    """Read every line of a transcript into messages and skipped lines."""
    messages: list[Message] = []
    skipped: list[Skipped] = []
    names: dict[str, str] = {}
    start: tuple[int, str, bool] | None = None  # line, name, media of the message being read
    parts: list[str] = []
    started = False  # a "Name:" line has been seen

    def finish() -> None:
        if start is None:
            return
        line, name, media = start
        text, lang = markers.strip_edited("\n".join(parts).strip())
        if not text and not media:
            skipped.append(Skipped(line, SkipReason.EMPTY))
            return
        time = START + STEP * len(messages)
        messages.append(Message(line, time, name, text, media, lang is not None))

    for number, line in lines:
        if line is None:
            finish()
            start, parts = None, []
            skipped.append(Skipped(number, SkipReason.UNREADABLE))
            continue
        line = clean(line)
        named = name_of(line)
        if named is None:
            if start is not None:
                parts.append(line)
            elif line.strip() and not started:
                skipped.append(Skipped(number, SkipReason.UNREADABLE))
            continue
        finish()
        started = True
        name, text = named
        hit = markers.classify(text.strip())
        if hit is not None and hit.kind is not MarkerKind.MEDIA:
            reason = SkipReason.DELETED if hit.kind is MarkerKind.DELETED else SkipReason.SYSTEM
            skipped.append(Skipped(number, reason))
            start, parts = None, []
            continue
        media = hit is not None
        start, parts = (number, names.setdefault(name, name), media), ["" if media else text]
    finish()
    return messages, skipped

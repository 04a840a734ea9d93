"""Read the lines of a WhatsApp export (Android or iPhone) into raw, not yet dated messages.

A message starts at a header line (date, time, sender) and runs on over every following line
that is not a header. Dates are kept as the digits the file shows: which of them is the day
can only be decided once the whole file is read (see ``dates.py``).
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from nabij.conversation.markers import Hit, MarkerKind, Markers
from nabij.conversation.messages import ChatFormat, Skipped, SkipReason
from nabij.model.ids import Lang

# Characters WhatsApp puts around names, numbers and its own notices to steer the direction of
# text; they are not part of what anyone wrote.
MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_MARKS = re.compile(f"[{MARKS}]")
_SPACE = "[ \u00a0\u202f]"  # a space, a no-break space, or the narrow one before AM/PM
_DATE = r"(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})"
_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
    rf"(?:{_SPACE}?(?P<ampm>[AaPp]\.?{_SPACE}?[Mm]\.?))?"
)
_LEAD = f"[{MARKS}]*"  # an iPhone puts a left-to-right mark before attachment and notice lines
ANDROID = re.compile(rf"{_LEAD}{_DATE},?{_SPACE}{_TIME}{_SPACE}-{_SPACE}")
IOS = re.compile(rf"{_LEAD}\[{_DATE},?{_SPACE}{_TIME}\]{_SPACE}")
HEADERS = {ChatFormat.WHATSAPP_ANDROID: ANDROID, ChatFormat.WHATSAPP_IOS: IOS}
# A line that looks like the start of a header but is none (cut short, or mangled) is a
# damaged header: it is skipped, with the lines after it up to the next header, rather than
# glued to the previous message, where it would put a stray timestamp and someone else's
# words into that message. It must start like an iPhone header ("[" and a date) or with a date
# and a time; a message line that starts with a date alone ("12-05 tandarts") stays text.
_DAMAGED = re.compile(
    rf"{_LEAD}(?:\[\d{{1,4}}[./-]\d|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}},?{_SPACE}\d{{1,2}}[:.])"
)
_DAMAGED_START = frozenset("0123456789[" + MARKS)
# A sender's name is what comes before the first ": ". A notice that holds ": " itself (a
# group named "Wij: samen") gives a "name" with a double quotation mark, or one longer than any
# contact name; those lines are notices. (A single quote is common in names: "Mama's".)
MAX_NAME = 100
_QUOTES = frozenset('"“”„«»')
# A "name" of four or more words may be the start of a notice ("Sanne heeft de groepsnaam
# gewijzigd naar 'Wij: samen'"); only such lines are compared with the notices.
NOTICE_WORDS = 4

# The digits of a header as the file shows them: (a, separator, b, c, hour, minute, second,
# am/pm), the groups of the header pattern in order; second and am/pm may be missing.
Stamp = tuple[str, str, str, str, str, str, str | None, str | None]
# A message as read, before its date is known: (line, header digits, sender, text, media,
# edited). A plain tuple: a chat holds many, and tuples are cheap to make and to keep.
Raw = tuple[int, Stamp, str, str, bool, bool]


@dataclass
class Reading:
    """What reading the lines gave: raw messages, skipped lines, and clues for the dates."""

    messages: list[Raw] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    votes: Counter[Lang] = field(default_factory=Counter)  # markers seen, per language
    twelve_hour: bool = False  # some header had AM/PM


def clean(text: str) -> str:
    """Return ``text`` without direction marks."""
    # Most lines are plain ASCII, which holds no direction mark; asking costs nothing.
    return text if text.isascii() else _MARKS.sub("", text)


def _reason(hit: Hit | None) -> SkipReason:
    """Return why a notice line is skipped."""
    if hit is not None and hit.kind is MarkerKind.DELETED:
        return SkipReason.DELETED
    return SkipReason.SYSTEM


class _Reader:
    """The state of reading one export; ``read_whatsapp`` runs the common path inline."""

    def __init__(self, markers: Markers) -> None:
        self.markers = markers
        self.out = Reading()
        self.names: dict[str, str] = {}  # one string per sender, shared by their messages
        self.started = False  # a header has been seen
        # The message being read (line, digits, sender, media), or None while there is none or
        # while the lines of a skipped message go by; ``parts`` holds its lines of text.
        self.head: tuple[int, Stamp, str, bool] | None = None
        self.parts: list[str] = []

    def skip(self, line: int, reason: SkipReason) -> None:
        self.out.skipped.append(Skipped(line, reason))

    def vote(self, hit: Hit | None) -> Hit | None:
        if hit is not None:
            self.out.votes[hit.lang] += 1
        return hit

    def finish(self) -> None:
        """Close the message being read: join its lines, strip an edit marker, keep or skip it."""
        head = self.head
        if head is None:
            return
        self.head = None
        parts = self.parts
        text = parts[0].strip() if len(parts) == 1 else "\n".join(parts).strip()
        parts.clear()
        line, stamp, sender, media = head
        edited = False
        if text[-1:] in self.markers.edited_last:
            text, lang = self.markers.strip_edited(text)
            if lang is not None:
                edited = True
                self.out.votes[lang] += 1
        if not text and not media:
            self.skip(line, SkipReason.EMPTY)
            return
        self.out.messages.append((line, stamp, sender, text, media, edited))

    def other(self, number: int, line: str | None) -> None:
        """Read a line that is no header: too long, a damaged header, or more of a message."""
        if line is None:  # a line too long to be chat text
            self.finish()
            self.skip(number, SkipReason.UNREADABLE)
        elif line[:1] in _DAMAGED_START and _DAMAGED.match(line):
            self.finish()
            self.skip(number, SkipReason.UNREADABLE)
            self.started = True
        elif self.head is not None:
            self.parts.append(clean(line))
        elif not self.started and line.strip():
            self.skip(number, SkipReason.UNREADABLE)

    def header(self, number: int, rest: str, stamp: Stamp) -> None:
        """Start a message at a header line whose sender and text are ``rest``, or skip it."""
        self.finish()
        self.started = True
        name, sep, text = rest.partition(": ")
        if not sep and rest.endswith(":"):
            name, sep, text = rest[:-1], ":", ""
        name = clean(name).strip()
        if not sep or not 0 < len(name) <= MAX_NAME or not _QUOTES.isdisjoint(name):
            # No sender: a notice from the app (Android writes these without a name).
            hit = self.vote(self.markers.classify(clean(rest).strip(), marked=True))
            self.skip(number, _reason(hit))
            return
        if name.count(" ") >= NOTICE_WORDS - 1:
            hit = self.vote(self.markers.classify(clean(rest).strip(), marked=True))
            if hit is not None and hit.kind is not MarkerKind.MEDIA:
                self.skip(number, _reason(hit))
                return
        marked = False
        if not text.isascii():
            marked = text[:1] in MARKS
            text = _MARKS.sub("", text)
        media = False
        bare = text.strip()
        # The first check rules out most lines without a call; a marked line is always compared.
        if bare and (marked or self.markers.may_be(bare)):
            hit = self.markers.classify(bare, marked=marked)
        else:
            hit = None
        if hit is not None:
            self.vote(hit)
            if hit.kind is not MarkerKind.MEDIA:
                self.skip(number, _reason(hit))
                return
            media, text = True, ""
        if stamp[7] is not None:
            self.out.twelve_hour = True
        self.head = (number, stamp, self.names.setdefault(name, name), media)
        self.parts.append(text)


def read_whatsapp(
    layout: ChatFormat, lines: Iterable[tuple[int, str | None]], markers: Markers
) -> Reading:
    """Read every line of an export in ``layout`` into raw messages and skipped lines."""
    reader = _Reader(markers)
    match, parts, damaged = HEADERS[layout].match, reader.parts, _DAMAGED_START
    for number, line in lines:
        found = match(line) if line is not None else None
        if found is not None and line is not None:
            reader.header(number, line[found.end() :], cast(Stamp, found.groups()))
        elif reader.head is not None and line is not None and line[:1] not in damaged:
            parts.append(line if line.isascii() else _MARKS.sub("", line))  # the common case
        else:
            reader.other(number, line)
    reader.finish()
    return reader.out

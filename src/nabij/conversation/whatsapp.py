"""Read the lines of a WhatsApp export (Android or iPhone) into raw, not yet dated messages.

A message starts at a header line (date, time, sender) and runs on over every following line
that is not a header. Dates are kept as the digits the file shows: which of them is the day
can only be decided once the whole file is read (see ``dates.py``).
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

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
# group named "Wij: samen") would give a "name" with a quotation mark, or one longer than any
# contact name; those lines are notices.
MAX_NAME = 100
_QUOTES = frozenset("\"'“”„«»‘’")
# A "name" of four or more words may be the start of a notice ("Sanne heeft de groepsnaam
# gewijzigd naar 'Wij: samen'"); only such lines are compared with the notices.
NOTICE_WORDS = 4

Stamp = tuple[str, str, str, str, str, str | None, str | None]  # a, b, c, hour, min, sec, am/pm


@dataclass(slots=True)
class Raw:
    """A message as read, before its date is known: the digits of its header, and its text."""

    line: int
    stamp: Stamp
    sender: str
    text: str
    media: bool
    edited: bool


@dataclass
class Reading:
    """What reading the lines gave: raw messages, skipped lines, and clues for the dates."""

    messages: list[Raw] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    votes: Counter[Lang] = field(default_factory=Counter)  # markers seen, per language
    twelve_hour: bool = False  # some header had AM/PM


def clean(text: str) -> str:
    """Return ``text`` without direction marks."""
    return _MARKS.sub("", text)


def _is_name(name: str) -> bool:
    return 0 < len(name) <= MAX_NAME and _QUOTES.isdisjoint(name)


class _Reader:
    """The state of reading one export, line by line."""

    def __init__(self, layout: ChatFormat, markers: Markers) -> None:
        self.header = HEADERS[layout].match
        self.markers = markers
        self.out = Reading()
        self.names: dict[str, str] = {}  # one string per sender, shared by their messages
        self.started = False  # a header has been seen
        # The message being read: None while skipping the lines of a skipped message.
        self.current: Raw | None = None
        self.parts: list[str] = []

    def skip(self, line: int, reason: SkipReason) -> None:
        self.out.skipped.append(Skipped(line, reason))

    def vote(self, hit: Hit | None) -> Hit | None:
        if hit is not None:
            self.out.votes[hit.lang] += 1
        return hit

    def finish(self) -> None:
        """Close the message being read: join its lines, strip an edit marker, keep or skip it."""
        raw = self.current
        if raw is None:
            return
        self.current = None
        text = "\n".join(self.parts).strip() if len(self.parts) > 1 else self.parts[0].strip()
        self.parts = []
        if text:
            text, lang = self.markers.strip_edited(text)
            if lang is not None:
                raw.edited = True
                self.out.votes[lang] += 1
        if not text and not raw.media:
            self.skip(raw.line, SkipReason.EMPTY)
            return
        raw.text = text
        self.out.messages.append(raw)

    def other(self, number: int, line: str) -> None:
        """Read a line that is no header: more of the current message, or a damaged header."""
        if line[:1] in _DAMAGED_START and _DAMAGED.match(line):
            self.finish()
            self.skip(number, SkipReason.UNREADABLE)
            self.started = True
        elif self.current is not None:
            self.parts.append(clean(line))
        elif not self.started and line.strip():
            self.skip(number, SkipReason.UNREADABLE)

    def header_line(self, number: int, line: str, found: re.Match[str]) -> None:
        """Start a message at a header line, or skip the line as a notice."""
        self.finish()
        self.started = True
        if found["ampm"] is not None:
            self.out.twelve_hour = True
        rest = line[found.end() :]
        name, sep, text = rest.partition(": ")
        if not sep and rest.endswith(":"):
            name, sep, text = rest[:-1], ":", ""
        name = clean(name).strip()
        if not sep or not _is_name(name):
            # No sender: a notice from the app (Android writes these without a name).
            hit = self.vote(self.markers.classify(clean(rest).strip(), marked=True))
            self.skip(number, _reason(hit))
            return
        if name.count(" ") >= NOTICE_WORDS - 1:
            hit = self.vote(self.markers.classify(clean(rest).strip(), marked=True))
            if hit is not None and hit.kind is not MarkerKind.MEDIA:
                self.skip(number, _reason(hit))
                return
        marked = text[:1] in MARKS
        text = clean(text)
        hit = self.vote(self.markers.classify(text.strip(), marked=marked))
        media = hit is not None and hit.kind is MarkerKind.MEDIA
        if hit is not None and not media:
            self.skip(number, _reason(hit))
            return
        stamp: Stamp = found.group("a", "b", "c", "hour", "minute", "second", "ampm")
        sender = self.names.setdefault(name, name)
        self.current = Raw(number, stamp, sender, "", media, False)
        self.parts = [""] if media else [text]


def _reason(hit: Hit | None) -> SkipReason:
    """Return why a notice line is skipped."""
    if hit is not None and hit.kind is MarkerKind.DELETED:
        return SkipReason.DELETED
    return SkipReason.SYSTEM


def read_whatsapp(
    layout: ChatFormat, lines: Iterable[tuple[int, str | None]], markers: Markers
) -> Reading:
    """Read every line of an export in ``layout`` into raw messages and skipped lines."""
    reader = _Reader(layout, markers)
    header = reader.header
    parts = reader.parts
    for number, line in lines:
        if line is None:  # a line too long to be chat text
            reader.finish()
            reader.skip(number, SkipReason.UNREADABLE)
            continue
        found = header(line)
        if found is not None:
            reader.header_line(number, line, found)
            parts = reader.parts
        elif reader.current is not None and line[:1] not in _DAMAGED_START:
            parts.append(_MARKS.sub("", line))  # the common case, kept short
        else:
            reader.other(number, line)
            parts = reader.parts
    reader.finish()
    return reader.out

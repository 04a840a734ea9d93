"""The values every importer produces and every analysis reads."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ChatFormat(StrEnum):
    """The layout an export was read as; the id appears in ``nabij.chat-analysis/1``."""

    WHATSAPP_ANDROID = "whatsapp-android"
    WHATSAPP_IOS = "whatsapp-ios"
    TRANSCRIPT = "transcript"


class TimesReason(StrEnum):
    """Why the times of a chat's messages are not read; the id appears in the JSON."""

    NO_TIMES = "no_times"  # a transcript: its made-up times only keep the messages' order


class SkipReason(StrEnum):
    """Why a line of the file did not become (part of) a message; never the line's text."""

    SYSTEM = "system"  # encryption notice, subject change, joined/left, ...
    DELETED = "deleted"  # "this message was deleted" markers
    UNREADABLE = "unreadable"  # bytes that are not text, or a line no layout explains
    BAD_DATE = "bad_date"  # a timestamp that is not a real date or time
    EMPTY = "empty"  # a message with no text after its header


@dataclass(frozen=True, slots=True)
class Message:
    """One message as the sender wrote it.

    ``time`` is naive local time, as the export shows it; in a chat without times (a
    transcript) it is made up and only keeps the order (``Chat.timed``). ``text`` is the
    message's text with direction marks removed and line breaks kept; for a media placeholder
    it is empty and ``media`` is true. ``edited`` marks a message the export says was edited.
    """

    line: int  # 1-based line number of the message's first line in the file
    time: datetime
    sender: str
    text: str
    media: bool = False
    edited: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """A line that did not become a message, by number and reason only (never its text)."""

    line: int
    reason: SkipReason


@dataclass(frozen=True)
class Chat:
    """An imported chat: its layout, its messages in file order, and what was skipped."""

    format: ChatFormat
    dayfirst: bool | None  # None when the file has no dates or the order was not needed
    messages: tuple[Message, ...]
    skipped: tuple[Skipped, ...] = field(default=())

    @property
    def timed(self) -> bool:
        """Return whether the messages' times are real: false for a transcript.

        A chat without times keeps its messages in order under made-up times; nothing that
        depends on time (reply times, silences, weeks, months, pace) is read from them.
        """
        return self.times_reason is None

    @property
    def times_reason(self) -> TimesReason | None:
        """Return why the messages' times are not read, or None when they are."""
        return TimesReason.NO_TIMES if self.format is ChatFormat.TRANSCRIPT else None

    @property
    def senders(self) -> tuple[str, ...]:
        """Return the senders in the order they first speak."""
        return tuple(dict.fromkeys(m.sender for m in self.messages))


class ChatProblem(StrEnum):
    """Why a file cannot be read as a chat; the CLI and web word it in the interface language."""

    EMPTY = "empty"  # the file holds no text at all
    NOT_A_CHAT = "not_a_chat"  # no line has the shape of any layout we read
    NO_MESSAGES = "no_messages"  # the layout was found, but no line became a message
    TOO_DAMAGED = "too_damaged"  # more damaged lines than messages
    BAD_ARCHIVE = "bad_archive"  # a .zip that is damaged or holds no chat text


class ChatError(ValueError):
    """A file that cannot be read as a chat; the message names the line where that shows.

    ``problem`` says why, for callers that word the error themselves; ``str()`` stays plain
    English for developers and tests.
    """

    def __init__(
        self, message: str, line: int | None = None, problem: ChatProblem | None = None
    ) -> None:
        self.line = line
        self.problem = problem
        super().__init__(message if line is None else f"line {line}: {message}")


# Called now and then with (bytes read, total bytes or None when unknown).
Progress = Callable[[int, int | None], None]

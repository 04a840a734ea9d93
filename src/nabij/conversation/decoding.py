"""From a file, a zip or an open stream to numbered lines of text, read as a stream.

The bytes are never held whole: they pass through a counter that reports progress, a decoder
chosen from the first bytes, and a line splitter that bounds the length of a line.
"""

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from nabij.conversation.messages import ChatError, ChatProblem, Progress

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

CHUNK = 1 << 16  # bytes per read: large enough that counting costs nothing per line
# WhatsApp caps a message at 65,536 characters; a line holds one header and at most that.
# A longer "line" is not chat text (a binary file, a file without line breaks) and is skipped
# in pieces of this size, so that memory stays bounded whatever the file holds.
MAX_LINE = 100_000
PROGRESS_STEPS = 100  # at most this many reports per file, plus the final one
# When the size is unknown, report at 1 MiB and then each time the count has grown by a tenth:
# about 70 reports from 1 MiB to 1 GiB.
UNKNOWN_FIRST = 1 << 20
UNKNOWN_GROWTH = 1.1
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ENCRYPTED = 0x1  # the zip flag of a member locked with a password
CHAT_MEMBER = "_chat.txt"  # the name an iPhone gives the chat inside its export zip
SNIFF = 4  # bytes needed to recognise a zip, a byte order mark or UTF-16 without one
# What reading a damaged zip can raise, from its directory to the last checksum;
# NotImplementedError is zipfile's answer to a compression method it cannot unpack.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError)


class _Counter(io.RawIOBase):
    """Pass bytes through from ``source``, counting them and reporting progress now and then."""

    def __init__(
        self, source: BinaryIO, head: bytes, total: int | None, progress: Progress | None
    ) -> None:
        super().__init__()
        self._source = source
        self._head = head  # bytes already read from ``source`` to sniff it
        self.total = total
        self.count = 0
        self._reported = -1  # the count at the last report
        self._progress = progress
        self._next = self._first_report()

    def _first_report(self) -> float:
        if self.total is None:
            return UNKNOWN_FIRST
        return max(self.total / PROGRESS_STEPS, 1)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "WriteableBuffer", /) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            data, self._head = self._head[: len(view)], self._head[len(view) :]
        else:
            data = self._source.read(len(view))
        size = len(data)
        view[:size] = data
        self.count += size
        if self._progress is not None and self.count >= self._next:
            self._progress(self.count, self.total)
            self._reported = self.count
            while self._next <= self.count:
                if self.total is None:
                    self._next *= UNKNOWN_GROWTH
                else:
                    self._next += self.total / PROGRESS_STEPS
        return size

    def finish(self) -> None:
        """Report the final count once the whole stream is read."""
        if self._progress is not None and self._reported != self.count:
            self._progress(self.count, self.total)
            self._reported = self.count


def _encoding(head: bytes) -> str:
    """Return the codec for a stream that starts with ``head``.

    UTF-8 is what WhatsApp writes; "utf-8-sig" also drops a byte order mark. A UTF-16 or UTF-32
    byte order mark picks that codec, which drops the mark itself. A file saved as UTF-16
    without a mark is recognised by its first character: WhatsApp and transcript lines start
    with an ASCII character, which UTF-16 writes next to a zero byte.
    """
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(head) >= 2 and head[0] != 0 and head[1] == 0 and head[0] < 0x80:
        return "utf-16-le"
    if len(head) >= 2 and head[0] == 0 and head[1] != 0 and head[1] < 0x80:
        return "utf-16-be"
    return "utf-8-sig"


@dataclass
class Source:
    """An opened chat: its lines as a stream, and the counter behind them."""

    counter: _Counter
    text: io.TextIOWrapper

    def lines(self) -> Iterator[tuple[int, str | None]]:
        """Yield (1-based line number, line without its line break) for every line.

        Lines end where a text editor ends them: at "\\n", "\\r\\n" or "\\r". A line longer
        than ``MAX_LINE`` is yielded as None, so that the caller can skip it; it is read and
        dropped piece by piece.
        """
        readline = self.text.readline
        number = 0
        try:
            while True:
                line = readline(MAX_LINE)
                if not line:
                    break
                number += 1
                if line[-1] == "\n":
                    yield number, line[:-1]
                elif len(line) < MAX_LINE:  # the last line of the file, without a line break
                    yield number, line
                else:
                    yield number, None
                    while line and line[-1] != "\n":
                        line = readline(MAX_LINE)
        except _ZIP_ERRORS as error:
            # Only a zip member can fail while being read: its data or checksum is damaged.
            raise ChatError(
                "the zip is damaged", number + 1, problem=ChatProblem.BAD_ARCHIVE
            ) from error
        self.counter.finish()


def _sniff(stream: BinaryIO) -> bytes:
    """Return the first bytes of ``stream`` (they are handed on, not put back)."""
    head = b""
    while len(head) < SNIFF:
        more = stream.read(SNIFF - len(head))
        if not more:
            break
        head += more
    return head


def _size(stream: BinaryIO) -> int | None:
    """Return how many bytes are left in ``stream``, or None when it cannot say."""
    try:
        if not stream.seekable():
            return None
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
    except (OSError, ValueError):
        return None
    return end - here


def _member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """Return the chat text inside an export zip: ``_chat.txt``, or its only text file."""
    texts = [
        info
        for info in archive.infolist()
        if not info.is_dir() and info.filename.lower().endswith(".txt")
    ]
    for info in texts:
        if info.filename.rsplit("/", 1)[-1] == CHAT_MEMBER:
            return info
    if len(texts) == 1:
        return texts[0]
    raise ChatError(
        "the zip holds no chat text (_chat.txt or a single .txt file)",
        problem=ChatProblem.BAD_ARCHIVE,
    )


def open_source(source: Path | BinaryIO, progress: Progress | None, stack: ExitStack) -> Source:
    """Open ``source`` as a stream of text lines; ``stack`` closes what was opened here."""
    if isinstance(source, Path):
        stream: BinaryIO = stack.enter_context(source.open("rb"))
    else:
        stream = source
    total = _size(stream)
    start = stream.tell() if total is not None else 0
    head = _sniff(stream)
    if head.startswith(ZIP_MAGIC):
        if total is not None:
            stream.seek(start)
        else:
            # zipfile needs to seek; a stream that cannot is read into memory, compressed as it
            # is (never written to disk: the upload must not touch it unencrypted).
            stream = io.BytesIO(head + stream.read())
        try:
            archive = stack.enter_context(zipfile.ZipFile(stream))
            info = _member(archive)
            if info.flag_bits & ENCRYPTED:
                raise ChatError(
                    "the zip is locked with a password", problem=ChatProblem.BAD_ARCHIVE
                )
            stream = stack.enter_context(archive.open(info))  # type: ignore[assignment]
        except _ZIP_ERRORS as error:
            raise ChatError("the zip is damaged", problem=ChatProblem.BAD_ARCHIVE) from error
        total = info.file_size
        try:
            head = _sniff(stream)
        except _ZIP_ERRORS as error:
            raise ChatError("the zip is damaged", problem=ChatProblem.BAD_ARCHIVE) from error
    counter = _Counter(stream, head, total, progress)
    buffered = io.BufferedReader(counter, buffer_size=CHUNK)
    # newline=None: "\r\n" and a lone "\r" become "\n", so that every export reads alike.
    # The counter never closes ``stream``: a caller's own stream stays open after reading.
    text = io.TextIOWrapper(buffered, encoding=_encoding(head), errors="replace", newline=None)
    return Source(counter, text)

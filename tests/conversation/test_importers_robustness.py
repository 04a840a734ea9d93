"""Robustness of the importers (issue 6, point 10), by property tests.

Generated chats written in every layout read back as the same messages; mangled exports
(cut, re-encoded, sprinkled with random bytes, zips with damage) and random bytes give a
``ChatError`` or a partial result with skipped lines, never any other exception.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from nabij.conversation.importers import read_chat
from nabij.conversation.messages import Chat, ChatError, ChatFormat
from nabij.conversation.transcript import name_of

LRM = "\u200e"
NNBSP = "\u202f"
NAMES = ("Sanne", "Mark", "Mama's ❤️", "+31 6 12345678", "Élodie van der Berg", "Sanne-Marie")


@dataclass(frozen=True)
class Written:
    """A message as a test writes it."""

    sender: str
    time: datetime
    text: str  # empty for media
    media: bool


def _twelve(time: datetime) -> tuple[int, str]:
    return time.hour % 12 or 12, "AM" if time.hour < 12 else "PM"


def android_nl(t: datetime) -> str:
    return f"{t:%d-%m-%Y %H:%M} - "


def android_us(t: datetime) -> str:
    hour, half = _twelve(t)
    return f"{t.month}/{t.day}/{t:%y}, {hour}:{t:%M}{NNBSP}{half} - "


def android_dots(t: datetime) -> str:
    return f"{t.day}.{t.month}.{t:%y}, {t.hour}.{t:%M} - "


def ios_nl(t: datetime) -> str:
    return f"[{t:%d-%m-%Y %H:%M:%S}] "


def ios_us(t: datetime) -> str:
    hour, half = _twelve(t)
    return f"[{t.month}/{t.day}/{t:%y}, {hour}:{t:%M:%S}{NNBSP}{half}] "


def ios_iso(t: datetime) -> str:
    return f"[{t:%Y-%m-%d %H:%M:%S}] "


@dataclass(frozen=True)
class Layout:
    """How to write a header, and what the importer should make of it."""

    header: object  # Callable[[datetime], str]; kept loose for the dataclass
    format: ChatFormat
    dayfirst: bool
    seconds: bool

    def write(self, messages: list[Written]) -> tuple[str, list[int]]:
        """Return the export's text and each message's first line number."""
        lines: list[str] = []
        starts: list[int] = []
        ios = self.format is ChatFormat.WHATSAPP_IOS
        for message in messages:
            starts.append(len(lines) + 1)
            if message.media:
                body = f"{LRM}image omitted" if ios else "<Media omitted>"
            else:
                body = message.text
            head = self.header(message.time)  # type: ignore[operator]
            lead = LRM if ios and message.media else ""
            lines.extend(f"{lead}{head}{message.sender}: {body}".split("\n"))
        return "".join(f"{line}\n" for line in lines), starts


LAYOUTS = [
    Layout(android_nl, ChatFormat.WHATSAPP_ANDROID, True, False),
    Layout(android_us, ChatFormat.WHATSAPP_ANDROID, False, False),
    Layout(android_dots, ChatFormat.WHATSAPP_ANDROID, True, False),
    Layout(ios_nl, ChatFormat.WHATSAPP_IOS, True, True),
    Layout(ios_us, ChatFormat.WHATSAPP_IOS, False, True),
    Layout(ios_iso, ChatFormat.WHATSAPP_IOS, False, True),
]

# Text as people write it: any letters, digits, punctuation, symbols and emoji, and spaces;
# no control characters, line or paragraph separators, or direction marks (which the importer
# removes on purpose).
_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Cf", "Co", "Cn", "Zl", "Zp", "Zs"),
) | st.just(" ")
# A line starts with a letter, as most message lines do; a line that starts with a date and a
# time reads as a damaged header by design (docs/chat-import.md).
_LINE = st.builds(
    lambda first, rest: (first + rest).rstrip(),
    st.characters(whitelist_categories=("Lu", "Ll")),
    st.text(_CHARS, max_size=40),
)
_TEXT = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)


@st.composite
def chats(draw: st.DrawFn) -> list[Written]:
    """Draw a chat: senders, times that move forward in bursts and silences, texts, media."""
    time = draw(st.datetimes(datetime(2009, 1, 1), datetime(2090, 1, 1))).replace(microsecond=0)
    messages = []
    for _ in range(draw(st.integers(1, 25))):
        time += timedelta(seconds=draw(st.integers(0, 4 * 24 * 3600)))
        media = draw(st.integers(0, 5)) == 0  # about one in six, as in a real chat
        text = "" if media else draw(_TEXT)
        messages.append(Written(draw(st.sampled_from(NAMES)), time, text, media))
    return messages


def _expected(layout: Layout, messages: list[Written]) -> list[tuple[str, datetime, str, bool]]:
    return [
        (m.sender, m.time if layout.seconds else m.time.replace(second=0), m.text, m.media)
        for m in messages
    ]


def _got(chat: Chat) -> list[tuple[str, datetime, str, bool]]:
    return [(m.sender, m.time, m.text, m.media) for m in chat.messages]


@given(chats(), st.sampled_from(LAYOUTS), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_it_reads_back_every_generated_chat_in_every_layout(
    messages: list[Written], layout: Layout, encoding: str
) -> None:
    text, starts = layout.write(messages)
    chat = read_chat(io.BytesIO(text.encode(encoding)), dayfirst=layout.dayfirst)
    assert chat.format is layout.format
    assert _got(chat) == _expected(layout, messages)
    assert [m.line for m in chat.messages] == starts
    assert chat.skipped == ()


@given(chats(), st.sampled_from(LAYOUTS))
def test_it_finds_the_day_itself_when_a_date_shows_it(
    messages: list[Written], layout: Layout
) -> None:
    text, _ = layout.write(messages)
    chat = read_chat(io.BytesIO(text.replace("\n", "\r\n").encode()))
    if any(m.time.day > 12 and m.time.day != m.time.month for m in messages):
        assert chat.dayfirst is layout.dayfirst
        assert _got(chat) == _expected(layout, messages)
    else:
        assert [m.sender for m in chat.messages] == [m.sender for m in messages]


@given(chats())
def test_it_reads_back_a_generated_transcript(messages: list[Written]) -> None:
    # A further line that itself reads "Name: text" starts a new message in a transcript, by
    # design: there is nothing else to tell them apart.
    assume(not any(name_of(line) for m in messages for line in m.text.split("\n")[1:]))
    text = "".join(f"{m.sender}: {m.text or '<Media weggelaten>'}\n" for m in messages)
    chat = read_chat(io.BytesIO(text.encode()))
    assert chat.format is ChatFormat.TRANSCRIPT
    assert [(m.sender, m.text, m.media) for m in chat.messages] == [
        (m.sender, m.text, m.media) for m in messages
    ]
    assert [m.time for m in chat.messages] == [
        datetime(2000, 1, 1) + timedelta(minutes=i) for i in range(len(messages))
    ]


def read_or_refuse(data: bytes) -> Chat | None:
    """Read ``data``; a ChatError is an acceptable answer, any other exception fails the test."""
    try:
        chat = read_chat(io.BytesIO(data))
    except ChatError as error:
        refused = error
    else:
        refused = None
    if refused is not None:
        assert refused.problem is not None
        assert refused.line is None or refused.line >= 1
        return None
    lines = data.count(b"\n") + data.count(b"\r") + 1
    assert chat.messages
    assert all(1 <= s.line <= lines for s in chat.skipped)
    assert [m.line for m in chat.messages] == sorted(m.line for m in chat.messages)
    return chat


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """Draw an export and damage it the ways files get damaged."""
    layout = draw(st.sampled_from(LAYOUTS))
    text, _ = layout.write(draw(chats()))
    how = draw(st.sampled_from(["cut", "lines", "bytes", "encoding", "flip", "zip"]))
    data = text.encode()
    if how == "cut":  # the file ends anywhere, also inside a character
        return data[: draw(st.integers(0, len(data)))]
    if how == "lines":  # lines cut short anywhere, also inside the timestamp
        lines = text.split("\n")
        for _ in range(draw(st.integers(1, 5))):
            index = draw(st.integers(0, len(lines) - 1))
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        return "\n".join(lines).encode()
    if how == "bytes":  # random bytes inserted
        for _ in range(draw(st.integers(1, 5))):
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
        return data
    if how == "encoding":  # saved in another encoding than the one it claims
        codec = draw(st.sampled_from(["latin-1", "cp1252", "utf-16-le", "utf-32-be", "cp037"]))
        encoded = text.encode(codec, errors="replace")
        return draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe"])) + encoded
    if how == "flip":  # bytes changed in place
        changed = bytearray(data)
        for _ in range(draw(st.integers(1, 10))):
            if changed:
                changed[draw(st.integers(0, len(changed) - 1))] = draw(st.integers(0, 255))
        return bytes(changed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", data)
    packed = bytearray(out.getvalue())
    for _ in range(draw(st.integers(0, 3))):
        packed[draw(st.integers(0, len(packed) - 1))] = draw(st.integers(0, 255))
    return bytes(packed)


@given(mangled())
def test_it_reads_a_mangled_export_partly_or_refuses_it_clearly(data: bytes) -> None:
    read_or_refuse(data)


@given(st.binary(max_size=3000))
def test_it_refuses_random_bytes_clearly_or_reads_them_partly(data: bytes) -> None:
    read_or_refuse(data)


@given(st.lists(st.text(max_size=80), max_size=30))
def test_it_refuses_random_text_clearly_or_reads_it_partly(lines: list[str]) -> None:
    read_or_refuse("\n".join(lines).encode("utf-8", errors="surrogatepass"))

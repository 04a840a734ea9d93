"""Importing from files as people have them: zips, byte order marks, CRLF, UTF-16, streams.

Also the clear errors for files that are no chat, and progress reports while reading.
"""

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import pytest

from nabij.conversation.decoding import MAX_LINE, PROGRESS_STEPS
from nabij.conversation.importers import read_chat
from nabij.conversation.messages import Chat, ChatError, ChatFormat, ChatProblem, SkipReason

FIXTURES = Path(__file__).parent / "fixtures"
IOS_NL = (FIXTURES / "ios_nl.txt").read_bytes()
ANDROID_NL = (FIXTURES / "android_nl.txt").read_bytes()


def summary(chat: Chat) -> tuple[object, ...]:
    """Return everything an import gives, to compare two imports of the same chat."""
    return (chat.format, chat.dayfirst, chat.messages, chat.skipped)


class Unseekable(io.RawIOBase):
    """A stream that can only be read forward, like a pipe or an upload."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


class TestZip:
    def test_it_reads_the_chat_txt_inside_an_iphone_export_zip(self, tmp_path: Path) -> None:
        path = tmp_path / "WhatsApp Chat - Mark.zip"
        path.write_bytes(
            zipped({"_chat.txt": IOS_NL, "00000007-FOTO-2024-01-03-20-33-17.jpg": b"\xff\xd8"})
        )
        assert summary(read_chat(path)) == summary(read_chat(FIXTURES / "ios_nl.txt"))

    def test_it_reads_the_only_text_file_of_a_zip_without_chat_txt(self) -> None:
        data = zipped({"WhatsApp-chat met Mark.txt": ANDROID_NL})
        assert summary(read_chat(io.BytesIO(data))) == summary(read_chat(io.BytesIO(ANDROID_NL)))

    def test_it_reads_a_zip_from_a_stream_that_cannot_seek(self) -> None:
        stream = io.BufferedReader(Unseekable(zipped({"_chat.txt": IOS_NL})))
        assert len(read_chat(stream).messages) == 14

    def test_it_refuses_a_zip_without_chat_text(self) -> None:
        data = zipped({"a.jpg": b"\xff\xd8", "b.jpg": b"\xff\xd8"})
        with pytest.raises(ChatError) as caught:
            read_chat(io.BytesIO(data))
        assert caught.value.problem is ChatProblem.BAD_ARCHIVE

    def test_it_refuses_a_damaged_zip_with_a_chat_error(self) -> None:
        data = zipped({"_chat.txt": IOS_NL * 20})
        damaged = data[:40] + bytes(200) + data[240:]
        with pytest.raises(ChatError) as caught:
            read_chat(io.BytesIO(damaged))
        assert caught.value.problem is ChatProblem.BAD_ARCHIVE


class TestEncodings:
    def test_it_reads_a_byte_order_mark_and_crlf_line_ends_alike(self) -> None:
        data = b"\xef\xbb\xbf" + ANDROID_NL.replace(b"\n", b"\r\n")
        assert summary(read_chat(io.BytesIO(data))) == summary(read_chat(io.BytesIO(ANDROID_NL)))

    @pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
    def test_it_reads_utf_16_and_32_with_or_without_a_byte_order_mark(self, codec: str) -> None:
        data = ANDROID_NL.decode("utf-8").encode(codec)
        assert summary(read_chat(io.BytesIO(data))) == summary(read_chat(io.BytesIO(ANDROID_NL)))

    def test_it_replaces_stray_bad_bytes_and_still_reads_the_line(self) -> None:
        data = ANDROID_NL.replace(b"Bijna. File", b"Bijna\xff\xfe File")
        result = read_chat(io.BytesIO(data))
        message = next(m for m in result.messages if m.line == 4)
        assert (message.sender, message.text) == ("Mark", "Bijna\ufffd\ufffd File bij Utrecht")
        assert len(result.messages) == 11

    def test_it_reads_a_header_with_a_bad_byte_in_the_name(self) -> None:
        data = b"05-01-2024 21:05 - Sa\xffne: Hoi\n05-01-2024 21:06 - Mark: Hoi\n"
        assert read_chat(io.BytesIO(data)).senders == ("Sa\ufffdne", "Mark")


class TestStreams:
    def test_it_reads_an_open_stream_from_where_it_stands_and_leaves_it_open(self) -> None:
        stream = io.BytesIO(b"ignored header\n" + ANDROID_NL)
        stream.readline()
        result = read_chat(stream)
        assert not stream.closed
        assert result.messages[0].line == 3  # counted from where reading started

    def test_it_reads_a_stream_that_cannot_seek(self) -> None:
        stream: BinaryIO = io.BufferedReader(Unseekable(ANDROID_NL))
        assert summary(read_chat(stream)) == summary(read_chat(io.BytesIO(ANDROID_NL)))

    def test_it_skips_a_line_too_long_to_be_chat_text(self) -> None:
        long_line = b"x" * (MAX_LINE * 2 + 5)
        data = ANDROID_NL.replace(b"Kijk, de eerste", long_line + b"\nKijk, de eerste")
        result = read_chat(io.BytesIO(data))
        assert (15, SkipReason.UNREADABLE) in [(s.line, s.reason) for s in result.skipped]
        assert next(m for m in result.messages if m.line == 14).text == ""


class TestProgress:
    def test_it_reports_growing_counts_and_ends_at_the_total(self, tmp_path: Path) -> None:
        path = tmp_path / "chat.txt"
        path.write_bytes(ANDROID_NL * 3000)  # about 4 MB
        calls: list[tuple[int, int | None]] = []
        read_chat(path, progress=lambda done, total: calls.append((done, total)))
        size = path.stat().st_size
        assert 10 < len(calls) <= PROGRESS_STEPS + 1
        assert [done for done, _ in calls] == sorted({done for done, _ in calls})
        assert calls[-1] == (size, size)
        assert {total for _, total in calls} == {size}

    def test_it_reports_without_a_total_for_a_stream_of_unknown_size(self) -> None:
        data = ANDROID_NL * 3000
        calls: list[tuple[int, int | None]] = []
        stream = io.BufferedReader(Unseekable(data))
        read_chat(stream, progress=lambda done, total: calls.append((done, total)))
        assert calls[-1] == (len(data), None)
        assert len(calls) <= PROGRESS_STEPS + 1

    def test_it_reports_the_uncompressed_size_of_a_zip(self) -> None:
        calls: list[tuple[int, int | None]] = []
        read_chat(
            io.BytesIO(zipped({"_chat.txt": IOS_NL})),
            progress=lambda done, total: calls.append((done, total)),
        )
        assert calls[-1] == (len(IOS_NL), len(IOS_NL))


class TestErrors:
    @pytest.mark.parametrize("data", [b"", b"\n\n  \r\n", b"\xef\xbb\xbf"])
    def test_it_refuses_a_file_without_text(self, data: bytes) -> None:
        with pytest.raises(ChatError) as caught:
            read_chat(io.BytesIO(data))
        assert caught.value.problem is ChatProblem.EMPTY

    def test_it_names_the_first_line_of_a_file_that_is_no_chat(self) -> None:
        data = b"\n\nDear diary,\nToday: rain. Tomorrow: sun.\nThe end, said Mark.\n"
        with pytest.raises(ChatError) as caught:
            read_chat(io.BytesIO(data))
        assert caught.value.problem is ChatProblem.NOT_A_CHAT
        assert caught.value.line == 3
        assert str(caught.value).startswith("line 3: ")

    def test_it_never_puts_the_text_of_a_line_in_an_error(self) -> None:
        secret = "Ik heb geheimen die niemand mag lezen"
        with pytest.raises(ChatError) as caught:
            read_chat(io.BytesIO(f"{secret}\n{secret}\n".encode()))
        assert "geheimen" not in str(caught.value)

    def test_it_refuses_a_chat_with_only_notices(self) -> None:
        data = ANDROID_NL.split(b"\n")[0] + b"\n"
        with pytest.raises(ChatError) as caught:
            read_chat(io.BytesIO(data))
        assert (caught.value.problem, caught.value.line) == (ChatProblem.NO_MESSAGES, 1)

    def test_it_refuses_a_file_with_more_damaged_lines_than_messages(self) -> None:
        data = (
            b"05-01-2024 21:05 - Sanne: Hoi\n"
            b"31-02-2024 21:06 - Mark: Hoi\n"
            b"32-01-2024 21:07 - Mark: Hoi\n"
        )
        with pytest.raises(ChatError) as caught:
            read_chat(io.BytesIO(data))
        assert (caught.value.problem, caught.value.line) == (ChatProblem.TOO_DAMAGED, 2)


class TestPartialResults:
    def test_it_skips_lines_before_the_first_header_as_unreadable(self) -> None:
        data = b"garbage\n\n" + ANDROID_NL
        result = read_chat(io.BytesIO(data))
        assert [(s.line, s.reason) for s in result.skipped][:2] == [
            (1, SkipReason.UNREADABLE),
            (3, SkipReason.SYSTEM),
        ]
        assert len(result.messages) == 11

    def test_it_skips_a_header_cut_short_with_the_lines_after_it(self) -> None:
        data = (
            b"05-01-2024 21:05 - Sanne: Hoi\n"
            b"05-01-2024 21:0\n"
            b"words of the lost message\n"
            b"06-01-2024 08:00 - Mark: Goedemorgen\n"
        )
        result = read_chat(io.BytesIO(data))
        assert [(s.line, s.reason) for s in result.skipped] == [(2, SkipReason.UNREADABLE)]
        assert [m.text for m in result.messages] == ["Hoi", "Goedemorgen"]

    def test_it_skips_an_impossible_date_as_bad_date(self) -> None:
        data = (
            b"30-01-2024 21:05 - Sanne: Hoi\n"
            b"31-02-2024 21:06 - Mark: Hoi\n"
            b"31-01-2024 25:07 - Mark: Hoi\n"
            b"01-02-2024 13:08 - Mark: Hoi\n"
            b"02-02-2024 14:08 - Sanne: Dag\n"
        )
        result = read_chat(io.BytesIO(data))
        assert [(s.line, s.reason) for s in result.skipped] == [
            (2, SkipReason.BAD_DATE),
            (3, SkipReason.BAD_DATE),
        ]
        assert result.messages[-1].time == datetime(2024, 2, 2, 14, 8)

    def test_it_reads_a_file_whose_last_line_has_no_line_break(self) -> None:
        result = read_chat(io.BytesIO(ANDROID_NL.rstrip(b"\n")))
        assert result.messages[-1].text == "De trein is vertrokken, ik ben er om elf uur"
        assert result.format is ChatFormat.WHATSAPP_ANDROID

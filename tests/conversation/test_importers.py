"""Importing chat exports: every layout of our fixtures, with exact counts, lines and times.

The fixtures in ``fixtures/`` are written for nabij (Sanne and Mark, the test couple); each
expected value below is read off the fixture by hand, not taken from a run of the importer.
"""

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from nabij.conversation.importers import read_chat
from nabij.conversation.messages import Chat, ChatFormat, Message, Skipped, SkipReason

FIXTURES = Path(__file__).parent / "fixtures"
SYSTEM, DELETED, EMPTY = SkipReason.SYSTEM, SkipReason.DELETED, SkipReason.EMPTY


def chat(name: str) -> Chat:
    return read_chat(FIXTURES / name)


def per_sender(chat: Chat) -> dict[str, int]:
    return dict(Counter(m.sender for m in chat.messages))


def media_per_sender(chat: Chat) -> dict[str, int]:
    return dict(Counter(m.sender for m in chat.messages if m.media))


def skipped(chat: Chat) -> list[tuple[int, SkipReason]]:
    return [(s.line, s.reason) for s in chat.skipped]


def at(chat: Chat, line: int) -> Message:
    (found,) = [m for m in chat.messages if m.line == line]
    return found


class TestAndroidDutch:
    """``03-01-2024 20:15 - Sanne: tekst``: day first, 24 hours, notices without a sender."""

    def test_it_counts_the_messages_and_media_of_each_partner(self) -> None:
        result = chat("android_nl.txt")
        assert result.format is ChatFormat.WHATSAPP_ANDROID
        assert per_sender(result) == {"Sanne": 5, "Mark": 6}
        assert media_per_sender(result) == {"Mark": 1, "Sanne": 1}

    def test_it_reports_notices_deletions_and_an_empty_message_by_line(self) -> None:
        assert skipped(chat("android_nl.txt")) == [
            (1, SYSTEM),  # encryption notice
            (2, SYSTEM),  # subject change, with ": " inside the quoted name
            (7, DELETED),
            (16, DELETED),  # "U heeft dit bericht verwijderd"
            (17, SYSTEM),  # added
            (18, SYSTEM),  # left
            (19, SYSTEM),  # security code
            (21, EMPTY),
        ]

    def test_it_reads_the_day_before_the_month(self) -> None:
        result = chat("android_nl.txt")
        assert result.dayfirst is True
        assert at(result, 3).time == datetime(2024, 1, 3, 20, 15)
        assert at(result, 20).time == datetime(2024, 1, 13, 22, 10)

    def test_it_keeps_the_lines_of_a_multi_line_message_with_its_blank_line(self) -> None:
        message = at(chat("android_nl.txt"), 8)
        assert message.sender == "Sanne"
        assert message.text == (
            "Ik voel me alleen de laatste tijd.\nNiet boos, gewoon alleen.\n\n"
            "Kunnen we vanavond even praten?"
        )

    def test_it_removes_the_edit_marker_and_marks_the_message_edited(self) -> None:
        message = at(chat("android_nl.txt"), 12)
        assert message.text == "Jij begint altijd 's ochtends over zulke dingen"
        assert message.edited is True
        assert at(chat("android_nl.txt"), 13).edited is False

    def test_it_keeps_a_media_placeholder_as_media_without_text(self) -> None:
        message = at(chat("android_nl.txt"), 6)
        assert (message.sender, message.media, message.text) == ("Mark", True, "")

    def test_it_keeps_the_caption_under_an_attached_file(self) -> None:
        message = at(chat("android_nl.txt"), 14)
        assert (message.media, message.text) == (True, "Kijk, de eerste sneeuwklokjes")

    def test_it_keeps_a_message_that_reads_like_a_notice_but_has_a_sender(self) -> None:
        assert at(chat("android_nl.txt"), 23).text.startswith("De trein is vertrokken")


class TestAndroidEnglish:
    """``1/5/24, 9:05 PM - Sanne: text``: month first, 12 hours, a narrow space before PM."""

    def test_it_counts_the_messages_and_media_of_each_partner(self) -> None:
        result = chat("android_en.txt")
        assert result.format is ChatFormat.WHATSAPP_ANDROID
        assert per_sender(result) == {"Sanne": 4, "Mark": 4}
        assert media_per_sender(result) == {"Sanne": 1, "Mark": 1}

    def test_it_reports_group_notices_and_deletions_by_line(self) -> None:
        assert skipped(chat("android_en.txt")) == [
            (1, SYSTEM),
            (2, SYSTEM),  # created group
            (3, SYSTEM),  # added
            (4, SYSTEM),  # changed the subject, ": " inside the quotes
            (9, DELETED),
            (13, DELETED),  # "You deleted this message"
            (17, SYSTEM),  # left
        ]

    def test_it_reads_the_month_first_and_converts_the_12_hour_clock(self) -> None:
        result = chat("android_en.txt")
        assert result.dayfirst is False
        assert at(result, 5).time == datetime(2024, 1, 5, 21, 5)
        assert at(result, 10).time == datetime(2024, 1, 6, 0, 3)  # 12:03 AM
        assert at(result, 15).time == datetime(2024, 1, 13, 12, 30)  # 12:30 PM

    def test_it_joins_a_three_line_message(self) -> None:
        message = at(chat("android_en.txt"), 10)
        assert message.text == (
            "I know. I get that it's hard when plans change.\nI'll text earlier next time.\n"
            "Promise."
        )

    def test_it_marks_an_edited_message_and_keeps_a_sentence_about_leaving(self) -> None:
        result = chat("android_en.txt")
        assert (at(result, 14).text, at(result, 14).edited) == ("Thanks for saying that", True)
        assert at(result, 16).text == "I left the keys on the table"


class TestIosDutch:
    """``[03-01-2024 20:15:11] Sanne: tekst``, with a left-to-right mark before attachments."""

    def test_it_counts_the_messages_and_every_kind_of_media(self) -> None:
        result = chat("ios_nl.txt")
        assert result.format is ChatFormat.WHATSAPP_IOS
        assert per_sender(result) == {"Sanne": 7, "Mark": 7}
        # image, attached photo, video, audio, sticker, GIF, document, contact card
        assert media_per_sender(result) == {"Mark": 4, "Sanne": 4}
        assert all(m.text == "" for m in result.messages if m.media)

    def test_it_reports_the_encryption_notice_deletions_and_a_missed_call(self) -> None:
        assert skipped(chat("ios_nl.txt")) == [
            (1, SYSTEM),
            (12, DELETED),
            (13, DELETED),
            (18, SYSTEM),
        ]

    def test_it_reads_seconds_and_removes_direction_marks(self) -> None:
        result = chat("ios_nl.txt")
        assert at(result, 4).time == datetime(2024, 1, 3, 20, 32, 2)
        assert at(result, 20).time == datetime(2024, 1, 21, 23, 59, 59)
        assert not any("\u200e" in m.text or "\u200e" in m.sender for m in result.messages)

    def test_it_joins_a_multi_line_message_and_strips_the_edit_marker(self) -> None:
        result = chat("ios_nl.txt")
        assert at(result, 14).text == "Ik mis je.\nEcht.\nKunnen we zondag samen wandelen?"
        assert (at(result, 17).text, at(result, 17).edited) == ("Ja. Dat wil ik ook", True)

    def test_it_keeps_an_unmarked_message_that_reads_like_a_notice(self) -> None:
        assert at(chat("ios_nl.txt"), 19).text == "De trein is vertrokken"


class TestIosEnglish:
    """``[1/5/24, 9:05:13 PM] Sanne: text``: month first, 12 hours with seconds."""

    def test_it_counts_the_messages_and_every_kind_of_media(self) -> None:
        result = chat("ios_en.txt")
        assert result.format is ChatFormat.WHATSAPP_IOS
        assert per_sender(result) == {"Sanne": 6, "Mark": 7}
        assert media_per_sender(result) == {"Sanne": 3, "Mark": 5}

    def test_it_reports_notices_and_deletions_by_line(self) -> None:
        assert skipped(chat("ios_en.txt")) == [
            (1, SYSTEM),
            (12, DELETED),
            (13, DELETED),
            (18, SYSTEM),  # missed voice call
            (19, SYSTEM),  # security code
        ]

    def test_it_reads_midnight_and_noon_on_the_12_hour_clock(self) -> None:
        result = chat("ios_en.txt")
        assert result.dayfirst is False
        assert at(result, 17).time == datetime(2024, 1, 6, 0, 0, 0)
        assert at(result, 20).time == datetime(2024, 1, 14, 8, 15, 0)

    def test_it_joins_a_multi_line_message(self) -> None:
        assert (
            at(chat("ios_en.txt"), 14).text == "Not tonight.\nI'm exhausted.\nTomorrow after work?"
        )


class TestOtherDateLayouts:
    """Dots and a.m./p.m., the year first, slashes with a four-digit year."""

    def test_it_reads_dots_two_digit_years_and_a_m_p_m(self) -> None:
        result = chat("android_dots_ampm.txt")
        assert result.dayfirst is True
        assert [m.time for m in result.messages] == [
            datetime(2024, 1, 5, 9, 5),
            datetime(2024, 1, 5, 9, 7),
            datetime(2024, 1, 5, 12, 0),
            datetime(2024, 1, 5, 0, 30),
            datetime(2024, 1, 13, 23, 15),
        ]
        assert per_sender(result) == {"Sanne": 3, "Mark": 2}

    def test_it_reads_the_year_first(self) -> None:
        result = chat("android_iso.txt")
        assert result.dayfirst is False
        assert [m.time for m in result.messages] == [
            datetime(2024, 1, 5, 21, 5),
            datetime(2024, 1, 5, 21, 6),
            datetime(2024, 1, 20, 7, 30),
        ]
        assert result.messages[1].text == "Hoi!\nHoe was het?"

    def test_it_reads_slashes_with_a_four_digit_year_on_an_iphone(self) -> None:
        result = chat("ios_slashes_24h.txt")
        assert result.format is ChatFormat.WHATSAPP_IOS
        assert [m.time for m in result.messages] == [
            datetime(2024, 1, 13, 21, 5, 13),
            datetime(2024, 1, 13, 21, 6, 0),
        ]


class TestTranscript:
    """``Sanne: tekst`` lines without dates get made-up times a minute apart."""

    def test_it_reads_names_multi_line_text_media_and_deletions(self) -> None:
        result = chat("transcript_nl.txt")
        assert result.format is ChatFormat.TRANSCRIPT
        assert result.dayfirst is None
        assert per_sender(result) == {"Sanne": 2, "Mark": 2, "Sanne van Dijk": 1}
        assert media_per_sender(result) == {"Sanne": 1}
        assert skipped(result) == [(5, DELETED)]
        assert result.messages[0].text == "Ik wil je iets vertellen.\nHet is niet makkelijk."

    def test_it_gives_consecutive_times_one_minute_apart_from_2000(self) -> None:
        result = chat("transcript_nl.txt")
        assert [m.time for m in result.messages] == [
            datetime(2000, 1, 1, 0, minute) for minute in range(5)
        ]
        assert [m.line for m in result.messages] == [1, 3, 4, 6, 7]

    def test_it_strips_an_edit_marker_in_a_transcript(self) -> None:
        last = chat("transcript_nl.txt").messages[-1]
        assert (last.text, last.edited) == ("Oké. Dank je dat je het zegt", True)


def test_it_lists_the_senders_in_the_order_they_first_speak() -> None:
    assert chat("android_en.txt").senders == ("Sanne", "Mark")


def test_it_never_puts_a_skipped_line_into_a_message() -> None:
    for name in sorted(p.name for p in FIXTURES.glob("*.txt")):
        result = chat(name)
        lines = {m.line for m in result.messages}
        assert lines.isdisjoint(s.line for s in result.skipped), name
        assert all(isinstance(s, Skipped) for s in result.skipped)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_it_reads_every_fixture_in_file_order(name: str) -> None:
    lines = [m.line for m in chat(name).messages]
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines))

"""Which date field is the day: inferred from the whole file, or given by the caller."""

import io
from datetime import datetime

import pytest

from nabij.conversation.dates import decide_dayfirst
from nabij.conversation.importers import read_chat
from nabij.conversation.messages import Chat, SkipReason
from nabij.model.ids import Lang

NNBSP = "\u202f"


def read(text: str, dayfirst: bool | None = None) -> Chat:
    return read_chat(io.BytesIO(text.encode()), dayfirst=dayfirst)


def android(*stamps: str) -> str:
    """Return an Android export with one message per stamp, alternating Sanne and Mark."""
    names = ("Sanne", "Mark")
    return "".join(f"{s} - {names[i % 2]}: bericht {i}\n" for i, s in enumerate(stamps))


class TestAFieldAboveTwelve:
    def test_it_reads_the_day_first_when_the_first_field_passes_twelve(self) -> None:
        result = read(android("05/01/2024 10:00", "13/01/2024 10:00"))
        assert result.dayfirst is True
        assert result.messages[0].time == datetime(2024, 1, 5, 10, 0)

    def test_it_reads_the_month_first_when_the_second_field_passes_twelve(self) -> None:
        result = read(android("01/05/2024 10:00", "01/13/2024 10:00"))
        assert result.dayfirst is False
        assert result.messages[0].time == datetime(2024, 1, 5, 10, 0)

    def test_it_decides_for_the_whole_file_even_when_the_evidence_comes_last(self) -> None:
        stamps = [f"{day:02d}/02/2024 10:00" for day in range(1, 13)] + ["20/02/2024 10:00"]
        result = read(android(*stamps))
        assert result.dayfirst is True
        assert [m.time.day for m in result.messages] == [*range(1, 13), 20]

    def test_it_follows_the_majority_and_skips_dates_that_contradict_it(self) -> None:
        result = read(
            android("13/01/2024 10:00", "14/01/2024 10:00", "01/15/2024 10:00", "16/01/2024 10:00")
        )
        assert result.dayfirst is True
        assert [(s.line, s.reason) for s in result.skipped] == [(3, SkipReason.BAD_DATE)]


class TestTheCallerDecides:
    def test_it_reads_the_month_first_when_told_to(self) -> None:
        result = read(android("05/01/2024 10:00", "06/01/2024 10:00"), dayfirst=False)
        assert result.dayfirst is False
        assert result.messages[0].time == datetime(2024, 5, 1, 10, 0)

    def test_it_skips_dates_that_cannot_be_read_in_the_order_it_was_told(self) -> None:
        result = read(
            android("05/01/2024 10:00", "13/01/2024 10:00", "14/01/2024 10:00", "06/01/2024 10:00"),
            dayfirst=False,
        )
        assert [m.line for m in result.messages] == [1, 4]
        assert [(s.line, s.reason) for s in result.skipped] == [
            (2, SkipReason.BAD_DATE),
            (3, SkipReason.BAD_DATE),
        ]


class TestTimeOrder:
    def test_it_picks_the_order_in_which_the_file_runs_forward_in_time(self) -> None:
        # 11 Jan, 12 Jan, 1 Feb read day first; 1 Nov, 1 Dec, 2 Jan (a step back) month first.
        result = read(android("11/01/2024 10:00", "12/01/2024 10:00", "01/02/2024 10:00"))
        assert result.dayfirst is True

    def test_it_picks_month_first_when_only_that_runs_forward(self) -> None:
        # 11 Jan, 11 Feb, 1 Mar read month first; 1 Nov, 2 Nov, 3 Jan (a step back) day first.
        result = read(android("01/11/2024 10:00", "02/11/2024 10:00", "03/01/2024 10:00"))
        assert result.dayfirst is False


class TestUndecidedFiles:
    def test_it_reads_day_first_for_a_dutch_export(self) -> None:
        text = android("05/01/2024 10:00") + "05/01/2024 10:01 - Mark: <Media weggelaten>\n"
        assert read(text).dayfirst is True

    def test_it_reads_month_first_for_an_english_export_on_a_12_hour_clock(self) -> None:
        text = (
            f"1/5/24, 10:00{NNBSP}AM - Sanne: hi\n1/5/24, 10:01{NNBSP}AM - Mark: <Media omitted>\n"
        )
        result = read(text)
        assert result.dayfirst is False
        assert result.messages[0].time == datetime(2024, 1, 5, 10, 0)

    def test_it_reads_day_first_for_an_english_export_on_a_24_hour_clock(self) -> None:
        text = "1/5/24, 10:00 - Sanne: hi\n1/5/24, 10:01 - Mark: <Media omitted>\n"
        assert read(text).dayfirst is True

    def test_it_reads_day_first_without_any_clue(self) -> None:
        assert read(android("05/01/2024 10:00", "05/01/2024 11:00")).dayfirst is True


class TestYearFirst:
    """A date with the year first is year-month-day unless a field above 12 proves otherwise."""

    def test_it_reads_year_month_day_when_the_file_cannot_decide(self) -> None:
        result = read(android("2024-01-05 10:00", "2024-01-05 10:01", "2024-01-06 09:00"))
        assert result.dayfirst is False
        assert [m.time for m in result.messages] == [
            datetime(2024, 1, 5, 10, 0),
            datetime(2024, 1, 5, 10, 1),
            datetime(2024, 1, 6, 9, 0),
        ]

    def test_it_reads_year_month_day_in_a_dutch_export(self) -> None:
        text = android("2024-01-05 10:00") + "2024-01-05 10:01 - Mark: <Media weggelaten>\n"
        result = read(text)
        assert result.dayfirst is False
        assert result.messages[0].time == datetime(2024, 1, 5, 10, 0)

    def test_a_step_back_in_time_does_not_turn_it_into_year_day_month(self) -> None:
        # 1 Feb then 2 Jan steps back; read day first it would run forward (2 Jan, 1 Feb).
        result = read(android("2024-02-01 10:00", "2024-01-02 10:00"))
        assert result.dayfirst is False
        assert result.messages[0].time == datetime(2024, 2, 1, 10, 0)

    def test_a_first_field_above_twelve_still_proves_the_day(self) -> None:
        result = read(android("2024-05-01 10:00", "2024-13-01 10:00"))
        assert result.dayfirst is True
        assert result.messages[1].time == datetime(2024, 1, 13, 10, 0)

    def test_the_caller_still_decides(self) -> None:
        result = read(android("2024-01-05 10:00"), dayfirst=True)
        assert result.messages[0].time == datetime(2024, 5, 1, 10, 0)


class TestDecideDayfirst:
    @pytest.mark.parametrize(
        ("days", "votes", "twelve_hour", "expected"),
        [
            ([(2024, 13, 1)], {}, True, True),
            ([(2024, 1, 13)], {Lang.NL: 5}, False, False),
            ([(2024, 13, 1), (2024, 14, 1), (2024, 1, 15)], {}, False, True),
            ([(2024, 1, 5)], {Lang.EN: 1}, True, False),
            ([(2024, 1, 5)], {Lang.EN: 1, Lang.NL: 1}, True, True),
            ([(2024, 1, 5)], {Lang.EN: 1}, False, True),
            ([], {}, True, True),
        ],
    )
    def test_it_follows_the_documented_rules_in_order(
        self,
        days: list[tuple[int, int, int]],
        votes: dict[Lang, int],
        twelve_hour: bool,
        expected: bool,
    ) -> None:
        assert decide_dayfirst(days, votes, twelve_hour) is expected


def test_it_reads_a_two_digit_year_in_this_century() -> None:
    assert read(android("13.01.09 10:00")).messages[0].time == datetime(2009, 1, 13, 10, 0)


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("13-01-2024 9:05 a.m.", datetime(2024, 1, 13, 9, 5)),
        ("13-01-2024 9:05 p. m.", datetime(2024, 1, 13, 21, 5)),
        (f"13-01-2024 12:05{NNBSP}AM", datetime(2024, 1, 13, 0, 5)),
        ("13-01-2024 12:05PM", datetime(2024, 1, 13, 12, 5)),
        ("13-01-2024 21.05", datetime(2024, 1, 13, 21, 5)),
        ("13-01-2024, 21:05:59", datetime(2024, 1, 13, 21, 5, 59)),
        ("13-1-24 7:05", datetime(2024, 1, 13, 7, 5)),
    ],
)
def test_it_reads_the_common_ways_of_writing_the_time(stamp: str, expected: datetime) -> None:
    assert read(android(stamp)).messages[0].time == expected


def test_it_skips_an_hour_past_twelve_on_a_12_hour_clock() -> None:
    result = read(android("13-01-2024 9:05 PM", "13-01-2024 13:05 PM", "14-01-2024 9:05 PM"))
    assert [(s.line, s.reason) for s in result.skipped] == [(2, SkipReason.BAD_DATE)]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([(2024, 1, 5)], False),
        ([(2024, 2, 1), (2024, 1, 2)], False),
        ([(2024, 1, 13)], False),
        ([(2024, 13, 1)], True),
    ],
)
def test_year_first_dates_are_month_second_unless_a_field_above_twelve_says_otherwise(
    days: list[tuple[int, int, int]], expected: bool
) -> None:
    assert decide_dayfirst(days, {Lang.NL: 3}, False, year_first=True) is expected

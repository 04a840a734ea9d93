"""Per partner and per ISO week: counts, reply times, runs, lengths and questions."""

from datetime import datetime, timedelta

import pytest

from nabij.conversation.measures import LONG_RUN, Measures, measure
from nabij.conversation.messages import Chat
from nabij.conversation.readings import read_messages
from nabij.conversation.timeline import REPLY_CAP, iso_week, timeline
from tests.conversation.script import MARK, SANNE, Script

PARTNERS = (SANNE, MARK)


def measured(chat: Chat) -> Measures:
    return measure(timeline(read_messages(chat.messages, PARTNERS).readings), PARTNERS)


def test_it_counts_each_partners_messages_per_iso_week() -> None:
    script = Script().say(SANNE, "Hoi").say(MARK, "Hoi").say(SANNE, "Hoe gaat het?")
    script.say(MARK, "Goed", after=timedelta(days=7))
    result = measured(script.chat())
    assert result.weeks == ["2026-W37", "2026-W38"]
    assert result.weekly[SANNE]["2026-W37"].messages == 2
    assert result.weekly[MARK]["2026-W37"].messages == 1
    assert result.weekly[MARK]["2026-W38"].messages == 1
    assert result.weekly[SANNE]["2026-W38"].messages == 0


def test_it_keeps_quiet_weeks_between_the_first_message_and_the_last() -> None:
    script = Script().say(SANNE, "Hoi").say(MARK, "Hoi", after=timedelta(weeks=3))
    result = measured(script.chat())
    assert result.weeks == ["2026-W37", "2026-W38", "2026-W39", "2026-W40"]
    assert result.weekly[SANNE]["2026-W39"].messages == 0
    assert result.weekly[SANNE]["2026-W39"].reply_minutes is None


def test_it_names_weeks_by_their_iso_year_at_new_year() -> None:
    assert iso_week(datetime(2027, 1, 1, 12)) == "2026-W53"
    assert iso_week(datetime(2025, 12, 29, 12)) == "2026-W01"


def test_it_counts_a_message_with_two_walls_as_one_message_with_a_wall() -> None:
    # "nooit" adds a generalisation to the blame: two walls, one message.
    script = Script().say(SANNE, "Jij luistert nooit naar me").say(MARK, "Sorry, ik mis je")
    result = measured(script.chat())
    assert result.totals[SANNE].walls == 1
    assert result.totals[MARK].doors == 1
    assert result.totals[MARK].walls == 0


def test_the_ratio_is_doors_per_wall_and_none_without_walls() -> None:
    script = Script()
    script.say(SANNE, "Het is jouw schuld").say(SANNE, "Ik mis je").say(SANNE, "Ik hou van je")
    script.say(MARK, "Ik hou van je")
    result = measured(script.chat())
    assert result.totals[SANNE].ratio == pytest.approx(2.0)
    assert result.totals[MARK].ratio is None
    assert result.totals[SANNE].to_json()["ratio"] == 2.0


def test_a_reply_time_runs_from_the_others_last_message_to_the_first_of_the_new_turn() -> None:
    script = Script()
    script.say(SANNE, "Hoi").say(SANNE, "Ben je er?", after=timedelta(minutes=10))
    script.say(MARK, "Ja", after=timedelta(minutes=30)).say(MARK, "Sorry", after=timedelta(hours=1))
    script.say(SANNE, "Geeft niks", after=timedelta(minutes=90))
    result = measured(script.chat())
    assert result.totals[MARK].replies == 1
    assert result.totals[MARK].reply_minutes == pytest.approx(30)
    assert result.totals[SANNE].reply_minutes == pytest.approx(90)


def test_a_silence_longer_than_the_cap_is_not_a_reply() -> None:
    script = Script().say(SANNE, "Hoi").say(MARK, "Hoi", after=REPLY_CAP + timedelta(minutes=1))
    result = measured(script.chat())
    assert result.totals[MARK].replies == 0
    assert result.totals[MARK].reply_minutes is None


def test_the_reply_median_is_the_middle_wait() -> None:
    script = Script().say(SANNE, "a")
    for minutes in (5, 60, 7):
        script.say(MARK, "b", after=timedelta(minutes=minutes))
        script.say(SANNE, "c", after=timedelta(minutes=1))
    assert measured(script.chat()).totals[MARK].reply_minutes == pytest.approx(7)


def test_a_run_of_messages_without_an_answer_counts_from_the_long_run_size() -> None:
    script = Script()
    for _ in range(LONG_RUN + 1):
        script.say(SANNE, "?")
    script.say(MARK, "ja")
    for _ in range(LONG_RUN - 1):
        script.say(SANNE, "ok")
    result = measured(script.chat())
    assert result.totals[SANNE].longest_run == LONG_RUN + 1
    assert result.totals[SANNE].long_runs == 1
    assert result.totals[MARK].longest_run == 1
    assert result.totals[MARK].long_runs == 0


def test_the_median_length_leaves_media_out_and_questions_are_counted() -> None:
    script = (
        Script().say(SANNE, "Hoe laat?").say(SANNE, "", media=True).say(SANNE, "Kom je om zes?")
    )
    script.say(MARK, "Ja.")
    result = measured(script.chat())
    assert result.totals[SANNE].median_length == pytest.approx((9 + 14) / 2)
    assert result.totals[SANNE].questions == 2
    assert result.totals[MARK].questions == 0


def test_messages_of_a_third_sender_are_left_out_of_the_measures() -> None:
    script = Script().say(SANNE, "Hoi").say("Oma", "Hallo allemaal").say(MARK, "Hoi")
    result = measured(script.chat())
    assert set(result.weekly) == {SANNE, MARK}
    # Oma's message neither ends Sanne's turn nor starts one: Mark replies to Sanne.
    assert result.totals[MARK].replies == 1
    assert result.totals[MARK].reply_minutes == pytest.approx(2)


def test_a_message_stamped_before_the_one_before_it_counts_as_an_instant_reply() -> None:
    script = Script().say(SANNE, "Hoi").say(MARK, "Hoi", after=timedelta(minutes=-5))
    result = measured(script.chat())
    assert result.totals[MARK].reply_minutes == 0


def test_a_chat_without_partner_messages_has_empty_measures() -> None:
    result = measured(Script().say("Oma", "Hallo").chat())
    assert result.weekly == {SANNE: {}, MARK: {}}
    assert result.totals[SANNE].messages == 0
    assert result.weeks == []

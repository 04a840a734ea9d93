"""The dance in a chat: pursue–withdraw with its roles and evidence, over-connection, parallel
lives."""

from datetime import timedelta

import pytest

from nabij.conversation.dance import (
    MIN_MONTH_MESSAGES,
    VISIBLE,
    Dance,
    DanceReason,
    Signal,
    excess,
    ramp,
    read_dance,
    spread,
)
from nabij.conversation.messages import Chat
from nabij.conversation.readings import read_messages
from nabij.conversation.sequences import find_sequences
from nabij.conversation.timeline import timeline
from nabij.model.ids import Pattern
from tests.conversation.script import MARK, SANNE, Script, days, pursuit_day, warm_day

PARTNERS = (SANNE, MARK)


def danced(chat: Chat, partners: tuple[str, str] = PARTNERS) -> Dance:
    read = timeline(read_messages(chat.messages, partners).readings)
    return read_dance(read, find_sequences(read), partners)


def sanne_pursues(script: Script) -> None:
    pursuit_day(script, SANNE, MARK)


def mark_pursues(script: Script) -> None:
    pursuit_day(script, MARK, SANNE)


def busy_day(script: Script) -> None:
    """Both write all day long and answer within a minute."""
    for _ in range(60):
        script.say(SANNE, "Hoi schat", after=timedelta(minutes=1))
        script.say(SANNE, "Wat doe je?", after=timedelta(seconds=20))
        script.say(MARK, "Aan je denken", after=timedelta(seconds=40))
        script.say(MARK, "En jij?", after=timedelta(seconds=20))


def logistics_day(script: Script) -> None:
    """One practical question and a one-word answer."""
    script.say(SANNE, "Neem jij melk mee?", after=timedelta(hours=9))
    script.say(MARK, "Wie haalt Noor op van school?", after=timedelta(hours=2))


def test_bursts_of_questions_met_by_late_short_answers_show_pursue_withdraw() -> None:
    dance = danced(days(Script(), 30, sanne_pursues).chat())
    reading = dance.pursue_withdraw
    assert reading.visible
    month = reading.months[0]
    assert month.strength is not None
    assert month.strength >= VISIBLE
    assert (month.pursuing, month.withdrawing) == (SANNE, MARK)
    assert month.components[Signal.BURSTS] == 1.0
    assert month.components[Signal.WITHDRAWAL_PHRASES] == 1.0


def test_the_roles_follow_the_behaviour_not_who_is_partner_w() -> None:
    chat = days(Script(), 30, mark_pursues).chat()
    for partners in (PARTNERS, (MARK, SANNE)):
        month = danced(chat, partners).pursue_withdraw.months[0]
        assert (month.pursuing, month.withdrawing) == (MARK, SANNE)


def test_a_balanced_warm_chat_shows_no_pattern() -> None:
    dance = danced(days(Script(), 30, warm_day).chat())
    assert not dance.pursue_withdraw.visible
    assert not dance.over_connection.visible
    assert not dance.parallel_lives.visible
    strengths = [m.strength for m in dance.pursue_withdraw.months]
    assert all(s is not None and s < VISIBLE for s in strengths)


def test_a_pursuer_alone_without_a_withdrawing_partner_is_no_dance() -> None:
    # Sanne writes in bursts and asks a lot; Mark answers at once, warmly and at length.
    def day(script: Script) -> None:
        for _ in range(4):
            script.say(SANNE, "Hoe gaat het?", after=timedelta(hours=2))
            script.say(SANNE, "Wat doe je?")
            script.say(SANNE, "Zin in vanavond?")
            script.say(SANNE, "Ik mis je")
            script.say(MARK, "Goed hoor, druk op het werk maar ik mis jou ook, tot vanavond!")

    month = danced(days(Script(), 30, day).chat()).pursue_withdraw.months[0]
    assert month.components[Signal.BURSTS] == 1.0
    assert month.strength is not None
    assert month.strength < VISIBLE


def test_a_dense_fast_chat_on_both_sides_shows_over_connection() -> None:
    dance = danced(days(Script(), 30, busy_day).chat())
    assert dance.over_connection.visible
    assert not dance.parallel_lives.visible


def test_few_messages_about_practical_things_only_show_parallel_lives() -> None:
    dance = danced(days(Script(), 30, logistics_day).chat())
    month = dance.parallel_lives.months[0]
    assert dance.parallel_lives.visible
    assert month.components[Signal.LOGISTICS] == 1.0
    assert month.components[Signal.SPARSENESS] == 1.0


def test_few_messages_with_feelings_in_them_are_not_parallel_lives() -> None:
    def day(script: Script) -> None:
        script.say(SANNE, "Ik mis je", after=timedelta(hours=9))
        script.say(MARK, "Ik hou van je", after=timedelta(hours=2))

    assert not danced(days(Script(), 30, day).chat()).parallel_lives.visible


def test_a_month_with_too_few_messages_has_no_strength_but_a_reason() -> None:
    script = Script()
    for _ in range(MIN_MONTH_MESSAGES // 2 - 1):
        script.say(SANNE, "Waarom reageer je niet?").say(
            MARK, "laat maar", after=timedelta(hours=5)
        )
    month = danced(script.chat()).pursue_withdraw.months[0]
    assert month.strength is None
    assert month.reason is DanceReason.TOO_FEW_MESSAGES
    assert month.to_json()["strength"] is None


def test_every_month_of_the_chat_is_read_including_quiet_ones() -> None:
    script = days(Script(), 3, sanne_pursues)
    script.wait(timedelta(days=62))
    days(script, 3, sanne_pursues)
    months = [m.month for m in danced(script.chat()).pursue_withdraw.months]
    assert months == ["2026-09", "2026-10", "2026-11"]


def test_evidence_points_at_messages_by_index_with_dates_and_the_right_partner() -> None:
    chat = days(Script(), 30, sanne_pursues).chat()
    evidence = danced(chat).pursue_withdraw.evidence
    signals = {e.signal for e in evidence}
    assert {Signal.BURSTS, Signal.DELAYS, Signal.WITHDRAWAL_PHRASES} <= signals
    for item in evidence:
        first = chat.messages[item.messages[0]]
        assert item.day == first.time.date()
        expected = SANNE if item.signal in (Signal.BURSTS, Signal.UNANSWERED) else MARK
        assert item.partner == expected
        if item.signal is Signal.WITHDRAWAL_PHRASES:
            assert chat.messages[item.messages[0]].text == "laat maar"
        if item.signal is Signal.BURSTS:
            assert all(chat.messages[i].sender == SANNE for i in item.messages)


def test_evidence_is_spread_over_the_month_rather_than_taken_from_its_first_day() -> None:
    chat = days(Script(), 30, sanne_pursues).chat()
    bursts = [e for e in danced(chat).pursue_withdraw.evidence if e.signal is Signal.BURSTS]
    assert len({e.day for e in bursts}) > 1


def test_the_json_carries_example_texts_only_when_they_are_given() -> None:
    chat = days(Script(), 30, sanne_pursues).chat()
    dance = danced(chat)
    plain = dance.to_json()
    assert "Ik mis je" not in str(plain)
    assert all("examples" not in e for e in plain["pursue_withdraw"]["evidence"])
    texts = {i: m.text for i, m in enumerate(chat.messages)}
    shown = dance.to_json(texts)["pursue_withdraw"]["evidence"]
    assert all(e["examples"] for e in shown)
    assert shown[0]["examples"][0]["text"] == texts[shown[0]["examples"][0]["message"]]


def test_ramp_and_excess_are_bounded_and_proportional() -> None:
    assert ramp(65, 30, 100) == pytest.approx(0.5)
    assert ramp(6, 10, 2) == pytest.approx(0.5)
    assert ramp(-5, 0, 1) == 0.0
    assert ramp(500, 0, 1) == 1.0
    assert excess(2, 1, 0.1) == pytest.approx(0.5)
    assert excess(1, 2, 0.1) == 0.0
    # Below the floor both are "hardly any": no difference, however large the ratio.
    assert excess(0.01, 0.001, 0.1) == 0.0


def test_spread_keeps_the_first_and_last_and_returns_everything_when_few() -> None:
    assert spread([1, 2], 3) == [1, 2]
    assert spread(list(range(7)), 3) == [0, 3, 6]
    assert spread(list(range(7)), 1) == [0]


def test_the_dance_names_the_three_patterns_a_chat_can_show_in_the_contract_order() -> None:
    dance = danced(days(Script(), 2, warm_day).chat())
    assert [p.pattern for p in dance.patterns] == [
        Pattern.PURSUE_WITHDRAW,
        Pattern.OVER_CONNECTION,
        Pattern.PARALLEL_LIVES,
    ]
    assert list(dance.to_json()) == ["pursue_withdraw", "over_connection", "parallel_lives"]

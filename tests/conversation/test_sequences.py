"""What follows what: escalation, accepted repair, and bids left unanswered."""

from datetime import timedelta

from nabij.conversation.messages import Chat
from nabij.conversation.readings import read_messages
from nabij.conversation.sequences import (
    BID_WAIT,
    SequenceEvent,
    SequenceKind,
    find_sequences,
    sequence_counts,
    totals,
)
from nabij.conversation.timeline import REPLY_CAP, timeline
from tests.conversation.script import MARK, SANNE, Script

PARTNERS = (SANNE, MARK)
WALL = "Het is jouw schuld"
DOOR = "Sorry, dat was niet eerlijk van me"
NEUTRAL = "Ik ben om zes uur thuis"


def events(chat: Chat) -> list[SequenceEvent]:
    return find_sequences(timeline(read_messages(chat.messages, PARTNERS).readings))


def kinds(chat: Chat) -> list[tuple[SequenceKind, str]]:
    return [(e.kind, e.partner) for e in events(chat)]


def test_a_wall_answered_by_a_wall_is_an_escalation_counted_for_the_one_who_answered() -> None:
    chat = Script().say(SANNE, WALL).say(MARK, "Jij luistert nooit naar me").chat()
    assert kinds(chat) == [(SequenceKind.ESCALATION, MARK)]


def test_a_wall_answered_by_a_door_is_a_repair() -> None:
    chat = Script().say(MARK, WALL).say(SANNE, NEUTRAL).say(SANNE, DOOR).chat()
    found = events(chat)
    assert [(e.kind, e.partner) for e in found] == [(SequenceKind.REPAIR, SANNE)]
    # The event points at the door, the answering message that shows the repair.
    assert found[0].message == 2


def test_an_answer_with_a_wall_and_a_door_counts_as_an_escalation() -> None:
    chat = Script().say(SANNE, WALL).say(MARK, "Ik mis je").say(MARK, "dat is niet waar").chat()
    assert kinds(chat) == [(SequenceKind.ESCALATION, MARK)]


def test_a_wall_answered_after_the_reply_cap_is_no_sequence() -> None:
    script = Script().say(SANNE, WALL).say(MARK, WALL, after=REPLY_CAP + timedelta(hours=1))
    assert kinds(script.chat()) == []


def test_a_neutral_answer_to_a_wall_is_neither_escalation_nor_repair() -> None:
    assert kinds(Script().say(SANNE, WALL).say(MARK, NEUTRAL).chat()) == []


def test_a_question_that_waits_longer_than_the_bid_wait_is_an_unanswered_bid() -> None:
    script = Script().say(SANNE, "Kom je eten?")
    script.say(MARK, "ja", after=BID_WAIT + timedelta(minutes=1))
    found = events(script.chat())
    assert [(e.kind, e.partner, e.message) for e in found] == [
        (SequenceKind.UNANSWERED_BID, MARK, 0)
    ]


def test_the_wait_of_a_bid_runs_from_the_bid_not_from_the_end_of_the_turn() -> None:
    script = Script().say(SANNE, "Ik mis je")
    script.say(SANNE, NEUTRAL, after=BID_WAIT)  # the same turn goes on, half a day later
    script.say(MARK, "ok", after=timedelta(minutes=5))
    assert kinds(script.chat()) == [(SequenceKind.UNANSWERED_BID, MARK)]


def test_a_bid_answered_in_time_and_a_statement_left_alone_are_not_counted() -> None:
    script = Script().say(SANNE, "Kom je eten?").say(MARK, "ja", after=BID_WAIT)
    script.say(SANNE, NEUTRAL).say(MARK, "ok", after=timedelta(days=2))
    assert kinds(script.chat()) == []


def test_the_chats_last_turn_is_not_judged_for_a_bid() -> None:
    assert kinds(Script().say(SANNE, NEUTRAL).say(MARK, "Ben je boos?").chat()) == []


def test_counts_are_kept_per_partner_and_per_week_and_add_up_to_the_totals() -> None:
    script = Script().say(SANNE, WALL).say(MARK, WALL)
    script.say(SANNE, WALL, after=timedelta(days=7)).say(MARK, DOOR)
    found = events(script.chat())
    counts = sequence_counts(found, PARTNERS, ["2026-W37", "2026-W38"])
    assert counts[MARK]["2026-W37"] == {"escalation": 1, "repair": 0, "unanswered_bid": 0}
    assert counts[MARK]["2026-W38"] == {"escalation": 0, "repair": 1, "unanswered_bid": 0}
    # Sanne's second wall answers Mark's wall of a week before: too late to be an answer.
    assert counts[SANNE]["2026-W38"]["escalation"] == 0
    assert totals(counts)[MARK] == {"escalation": 1, "repair": 1, "unanswered_bid": 0}

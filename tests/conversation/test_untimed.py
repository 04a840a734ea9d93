"""A chat without times (a plain transcript): nothing is read from its made-up times.

A transcript's messages get made-up times a minute apart, only to keep their order. Reply
times, silences, weeks, months, pace and the gap that ends a conversation would all be read
from those times, so for such a chat they are absent, with the reason ``no_times``.
"""

import io
import json
from importlib.resources import files
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from nabij.conversation.analysis import ChatAnalysis, analyse_chat
from nabij.conversation.dance import MIN_MONTH_MESSAGES, DanceReason, Signal
from nabij.conversation.importers import read_chat
from nabij.conversation.messages import Chat, ChatFormat, TimesReason
from nabij.conversation.turns import GAP_HOURS
from tests.conversation.script import MARK, SANNE

SCHEMA = json.loads(
    (files("nabij.conversation") / "data" / "chat-analysis.schema.json").read_text("utf-8")
)
OMA = "Oma"


def transcript(*lines: tuple[str, str]) -> Chat:
    """Return the chat a plain transcript of (sender, text) lines is read into."""
    text = "".join(f"{sender}: {words}\n" for sender, words in lines)
    chat = read_chat(io.BytesIO(text.encode("utf-8")))
    assert chat.format is ChatFormat.TRANSCRIPT
    return chat


def analysed(*lines: tuple[str, str], partners: tuple[str, str] | None = None) -> ChatAnalysis:
    return analyse_chat(transcript(*lines), partners=partners)


def schema_errors(value: object) -> list[str]:
    validator = Draft202012Validator(SCHEMA, format_checker=FormatChecker())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)
    ]


def busy(rounds: int) -> list[tuple[str, str]]:
    """Both write a lot, two messages a turn: on made-up minutes, dense and fast."""
    lines: list[tuple[str, str]] = []
    for _ in range(rounds):
        lines += [(SANNE, "Hoi schat"), (SANNE, "Wat doe je?")]
        lines += [(MARK, "Aan je denken"), (MARK, "En jij?")]
    return lines


def pursuit(rounds: int) -> list[tuple[str, str]]:
    """Sanne asks in bursts; Mark answers short, shutting down."""
    lines: list[tuple[str, str]] = []
    for _ in range(rounds):
        lines += [
            (SANNE, "Waarom reageer je niet? Ik wil het echt even met je hebben over gisteren."),
            (SANNE, "Ben je er?"),
            (SANNE, "Kunnen we vanavond praten?"),
            (SANNE, "Ik mis je"),
            (MARK, "laat maar"),
        ]
    return lines


def test_a_chat_knows_whether_it_has_times() -> None:
    chat = transcript((SANNE, "Hoi"), (MARK, "Hoi!"))
    assert chat.timed is False
    assert chat.times_reason is TimesReason.NO_TIMES
    timed = Chat(ChatFormat.WHATSAPP_ANDROID, True, chat.messages)
    assert timed.timed is True
    assert timed.times_reason is None


def test_a_busy_transcript_shows_no_over_connection_since_its_pace_cannot_be_read() -> None:
    # 50 messages each: on the made-up minutes this was "both dense and fast" at full strength.
    result = analysed(*busy(25))
    value = result.to_json()
    over = value["dance"]["over_connection"]
    assert over["visible"] is False
    assert [(m["strength"], m["reason"], m["components"]) for m in over["months"]] == [
        (None, "no_times", {})
    ]
    assert schema_errors(value) == []


def test_parallel_lives_is_not_read_without_times() -> None:
    lines = [(SANNE, "Neem jij melk mee?"), (MARK, "Wie haalt Noor op van school?")] * 4
    months = analysed(*lines).dance.parallel_lives.months
    assert [(m.strength, m.reason) for m in months] == [(None, DanceReason.NO_TIMES)]


def test_reply_times_are_absent_and_replies_follow_the_turns() -> None:
    value = analysed(*busy(3)).to_json()
    assert value["times_reason"] == "no_times"
    for partner in (SANNE, MARK):
        totals = value["totals"][partner]
        assert totals["reply_minutes"] is None
        assert totals["messages"] == 6
        assert totals["longest_run"] == 2
    # Every turn that follows the other's turn answers it: Mark 3 times, Sanne twice.
    assert value["totals"][MARK]["replies"] == 3
    assert value["totals"][SANNE]["replies"] == 2


def test_a_transcript_has_no_period_weeks_or_months() -> None:
    result = analysed(*busy(3))
    value = result.to_json()
    assert result.period is None
    assert value["period"] is None
    assert value["measures"] == {SANNE: {}, MARK: {}}
    assert value["sequences"] == {SANNE: {}, MARK: {}}
    for pattern in value["dance"].values():
        assert [m["month"] for m in pattern["months"]] == [None]
    assert schema_errors(value) == []


def test_walls_and_doors_answered_are_counted_by_the_turns_but_unanswered_bids_are_not() -> None:
    result = analysed(
        (SANNE, "Jij luistert nooit naar me"),
        (MARK, "Het is altijd jouw schuld"),
        (SANNE, "Kom je eten?"),
        (MARK, "Sorry, dat was niet eerlijk van me"),
        (SANNE, "Jij luistert nooit naar me"),
        (MARK, "Sorry, dat was niet eerlijk van me"),
    )
    totals = result.to_json()["sequence_totals"]
    assert totals[MARK] == {"escalation": 1, "repair": 1, "unanswered_bid": None}
    assert totals[SANNE] == {"escalation": 0, "repair": 0, "unanswered_bid": None}


def test_pursue_withdraw_reads_only_the_signals_that_need_no_times() -> None:
    result = analysed(*pursuit(6))
    reading = result.dance.pursue_withdraw
    assert len(pursuit(6)) >= MIN_MONTH_MESSAGES
    (month,) = reading.months
    assert month.month is None
    assert set(month.components) == {
        Signal.BURSTS,
        Signal.QUESTIONS,
        Signal.REACHING_OUT,
        Signal.SHORT_REPLIES,
        Signal.WITHDRAWAL_PHRASES,
    }
    assert reading.visible
    assert (month.pursuing, month.withdrawing) == (SANNE, MARK)
    signals = {item.signal for item in reading.evidence}
    assert Signal.DELAYS not in signals
    assert Signal.UNANSWERED not in signals
    assert {Signal.BURSTS, Signal.WITHDRAWAL_PHRASES} <= signals
    items = result.to_json(include_examples=True)["dance"]["pursue_withdraw"]["evidence"]
    assert all(item["date"] is None and item["month"] is None for item in items)
    assert all("hours" not in item for item in items)
    assert schema_errors(result.to_json(include_examples=True)) == []


def quarrel(turns: int) -> list[tuple[str, str]]:
    sharp = ["Jij luistert nooit naar me", "Het is altijd jouw schuld"]
    return [((SANNE, MARK)[k % 2], sharp[k % 2]) for k in range(turns)]


def test_the_model_reads_a_transcript_as_one_conversation() -> None:
    # Oma writes far more messages between the two halves than the gap in made-up minutes.
    between = int(GAP_HOURS * 60) + 10
    lines = quarrel(6) + [(OMA, "Hoe is het met jullie?")] * between + quarrel(6)
    model = analysed(*lines, partners=(SANNE, MARK)).to_json()["model"]
    assert model["conversations"]["total"] == 1
    assert model["conversations"]["with_wall"] == 1
    assert model["settings"]["gap_hours"] is None
    (used,) = model["conversations"]["used"]
    assert used["first_message"] == 0
    assert used["last_message"] == len(lines) - 1


def test_a_timed_chat_says_its_times_are_read() -> None:
    chat = transcript(*busy(3))
    timed = analyse_chat(Chat(ChatFormat.WHATSAPP_ANDROID, True, chat.messages)).to_json()
    assert timed["times_reason"] is None
    assert timed["totals"][SANNE]["reply_minutes"] == 1.0
    assert timed["model"]["settings"]["gap_hours"] == GAP_HOURS
    assert timed["sequence_totals"][SANNE]["unanswered_bid"] == 0


@pytest.mark.parametrize("examples", [False, True])
def test_the_json_of_a_transcript_keeps_to_the_schema(examples: bool) -> None:
    value: dict[str, Any] = analysed(*pursuit(6), *busy(10)).to_json(include_examples=examples)
    assert schema_errors(value) == []
    json.dumps(value, allow_nan=False)

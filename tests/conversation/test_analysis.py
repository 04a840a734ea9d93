"""``analyse_chat`` and ``nabij.chat-analysis/1``: partners, safety first, the schema, privacy."""

import json
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from nabij.coach.analysis import MAX_CHARS
from nabij.conversation.analysis import (
    FORMAT,
    PartnersError,
    PartnersProblem,
    analyse_chat,
    choose_partners,
    paused_collector,
)
from nabij.conversation.dance import DanceReason, Signal
from nabij.conversation.messages import (
    Chat,
    ChatFormat,
    Message,
    Skipped,
    SkipReason,
    TimesReason,
)
from nabij.conversation.safety import SafetyReason
from nabij.conversation.sequences import SequenceKind
from tests.conversation.script import MARK, SANNE, Script, days, pursuit_day, warm_day

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "chat-analysis.schema.json"
OMA = "Oma"


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text("utf-8"))
    return loaded


def schema_errors(value: object) -> list[str]:
    validator = Draft202012Validator(schema(), format_checker=FormatChecker())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)
    ]


def pursuit_chat() -> Chat:
    return days(Script(), 30, lambda s: pursuit_day(s, SANNE, MARK)).chat()


# --- partners --------------------------------------------------------------------------------


def test_with_two_senders_partner_w_is_whoever_writes_first() -> None:
    assert choose_partners([MARK, SANNE]) == (MARK, SANNE)


def test_me_is_partner_w_whoever_writes_first() -> None:
    assert choose_partners([MARK, SANNE], me=SANNE) == (SANNE, MARK)


def test_more_than_two_senders_need_partners_and_the_error_lists_the_senders() -> None:
    with pytest.raises(PartnersError) as raised:
        choose_partners([SANNE, OMA, MARK])
    assert raised.value.problem is PartnersProblem.TOO_MANY_SENDERS
    assert raised.value.senders == (SANNE, OMA, MARK)
    # Names go to the person through .senders, never into the message (logs, tracebacks).
    assert not any(name in str(raised.value) for name in (SANNE, OMA, MARK))


def test_given_partners_are_taken_in_the_order_they_write_unless_me_is_given() -> None:
    senders = [SANNE, OMA, MARK]
    assert choose_partners(senders, (MARK, SANNE)) == (SANNE, MARK)
    assert choose_partners(senders, (MARK, SANNE), me=MARK) == (MARK, SANNE)


@pytest.mark.parametrize(
    ("senders", "partners", "me", "problem"),
    [
        ([SANNE], None, None, PartnersProblem.TOO_FEW_SENDERS),
        ([], None, None, PartnersProblem.TOO_FEW_SENDERS),
        ([SANNE, MARK], (SANNE, "Eva"), None, PartnersProblem.NOT_A_SENDER),
        ([SANNE, MARK], (SANNE, SANNE), None, PartnersProblem.SAME_PARTNER),
        ([SANNE, MARK], None, "Eva", PartnersProblem.NOT_A_SENDER),
        ([SANNE, OMA, MARK], (SANNE, MARK), OMA, PartnersProblem.NOT_A_SENDER),
    ],
)
def test_partners_that_cannot_be_chosen_are_refused_with_the_reason(
    senders: list[str],
    partners: tuple[str, str] | None,
    me: str | None,
    problem: PartnersProblem,
) -> None:
    with pytest.raises(PartnersError) as raised:
        choose_partners(senders, partners, me)
    assert raised.value.problem is problem


def test_a_group_chat_is_analysed_for_the_two_partners_and_counts_everyone() -> None:
    script = Script().say(SANNE, "Hoi").say(OMA, "Hallo allemaal").say(MARK, "Hoi")
    script.say(OMA, "", media=True)
    result = analyse_chat(script.chat(), partners=(SANNE, MARK))
    assert result.partners == (SANNE, MARK)
    assert result.messages == {SANNE: 1, OMA: 2, MARK: 1}
    assert result.media == {SANNE: 0, OMA: 1, MARK: 0}
    assert set(result.measures) == {SANNE, MARK}


# --- safety first ----------------------------------------------------------------------------


def test_a_message_with_a_safety_flag_opens_the_result_with_a_concern() -> None:
    script = Script().say(SANNE, "Hoi").say(MARK, "ik sla je op je bek")
    value = analyse_chat(script.chat()).to_json()
    assert list(value)[:2] == ["format", "safety"]
    assert value["safety"] == {
        "status": "concern",
        "reasons": [{"reason": "harm_threat", "count": 1}, {"reason": "threats", "count": 1}][:1],
    }


def test_a_calm_chat_has_no_safety_concern() -> None:
    value = analyse_chat(days(Script(), 3, warm_day).chat()).to_json()
    assert value["safety"] == {"status": "none", "reasons": []}


# --- the JSON --------------------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())


def test_the_docs_schema_and_the_packaged_schema_are_identical() -> None:
    packaged = files("nabij.conversation") / "data" / "chat-analysis.schema.json"
    assert packaged.read_text("utf-8") == SCHEMA_FILE.read_text("utf-8")


@pytest.mark.parametrize(
    ("definition", "ids"),
    [
        ("layout", [f.value for f in ChatFormat]),
        ("times_reason", [r.value for r in TimesReason]),
        ("skip_reason", [r.value for r in SkipReason]),
        ("safety_reason", [r.value for r in SafetyReason]),
        ("sequence_kind", [k.value for k in SequenceKind]),
        ("signal", [s.value for s in Signal]),
        ("dance_reason", [r.value for r in DanceReason]),
    ],
)
def test_each_schema_enum_lists_the_python_ids_in_order(definition: str, ids: list[str]) -> None:
    assert schema()["$defs"][definition]["enum"] == ids


def test_a_full_analysis_keeps_to_the_schema_and_names_its_format_and_layout() -> None:
    chat = pursuit_chat()
    value = analyse_chat(chat).to_json()
    assert schema_errors(value) == []
    assert value["format"] == FORMAT
    assert value["layout"] == "whatsapp-android"
    assert value["partners"] == [SANNE, MARK]
    assert value["period"] == {"from": "2026-09-07", "to": "2026-10-06"}
    assert value["dance"]["pursue_withdraw"]["visible"] is True


def test_the_json_holds_no_message_text_unless_examples_are_asked_for() -> None:
    chat = pursuit_chat()
    result = analyse_chat(chat)
    plain = json.dumps(result.to_json())
    assert "laat maar" not in plain
    assert "Waarom reageer je niet" not in plain
    with_examples = result.to_json(include_examples=True)
    assert with_examples["examples_included"] is True
    assert "laat maar" in json.dumps(with_examples["dance"])
    assert schema_errors(with_examples) == []


def test_skipped_lines_are_reported_by_number_and_reason() -> None:
    script = Script().say(SANNE, "Hoi").say(MARK, "Hoi")
    chat = Chat(
        ChatFormat.WHATSAPP_IOS,
        False,
        script.chat().messages,
        (Skipped(1, SkipReason.SYSTEM), Skipped(4, SkipReason.DELETED)),
    )
    value = analyse_chat(chat).to_json()
    assert value["skipped"] == [{"line": 1, "reason": "system"}, {"line": 4, "reason": "deleted"}]
    assert value["layout"] == "whatsapp-ios"
    assert value["dayfirst"] is False


def test_a_message_longer_than_the_coach_reads_is_analysed_from_its_start() -> None:
    long = "Het is jouw schuld. " + "bla " * MAX_CHARS
    result = analyse_chat(Script().say(SANNE, long).say(MARK, "Sorry, ik mis je").chat())
    assert result.truncated == 1
    assert result.totals[SANNE].walls == 1
    assert result.totals[SANNE].median_length == len(long)


def test_progress_is_reported_for_the_coach_pass_up_to_every_message() -> None:
    chat = days(Script(), 40, warm_day).chat()
    calls: list[tuple[int, int | None]] = []
    analyse_chat(chat, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, len(chat.messages))
    assert calls[-1] == (len(chat.messages), len(chat.messages))
    done = [d for d, _ in calls]
    assert done == sorted(done)


def test_the_model_reads_message_indexes_of_the_whole_chat_in_a_group_chat() -> None:
    script = Script().say(OMA, "Hallo allemaal")
    days(script, 10, lambda s: pursuit_day(s, SANNE, MARK))
    chat = script.chat()
    used = analyse_chat(chat, partners=(SANNE, MARK)).to_json()["model"]["conversations"]["used"]
    assert used
    for conversation in used:
        assert chat.messages[conversation["first_message"]].sender in (SANNE, MARK)


def test_the_collector_pause_restores_the_collector_after_an_error() -> None:
    import gc

    assert gc.isenabled()
    seen = []

    def fail() -> None:
        with paused_collector():
            seen.append(gc.isenabled())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert seen == [False]
    assert gc.isenabled()


# --- generated chats -------------------------------------------------------------------------

TEXTS = [
    "Hoi",
    "Het is jouw schuld",
    "Jij luistert nooit naar me",
    "Sorry, dat was niet eerlijk van me",
    "Ik mis je",
    "laat maar",
    "Kom je eten?",
    "Neem jij melk mee?",
    "ik sla je op je bek",
    "ik wil niet meer leven",
    "geef me je wachtwoord",
    "",
]


@st.composite
def chats(draw: st.DrawFn) -> Chat:
    senders = draw(st.lists(st.sampled_from([SANNE, MARK, OMA]), min_size=2, max_size=60))
    time = datetime(2026, 12, 20, 8, 0)
    messages: list[Message] = []
    for line, sender in enumerate(senders, start=1):
        time += timedelta(minutes=draw(st.integers(min_value=-30, max_value=60 * 24 * 20)))
        text = draw(st.one_of(st.sampled_from(TEXTS), st.text(max_size=80)))
        messages.append(Message(line, time, sender, text, media=text == ""))
    return Chat(draw(st.sampled_from(list(ChatFormat))), draw(st.booleans()), tuple(messages))


@given(chats(), st.booleans())
def test_any_chat_of_two_partners_gives_json_that_keeps_to_the_schema(
    chat: Chat, examples: bool
) -> None:
    senders = chat.senders
    partners = (senders[0], senders[1]) if len(senders) > 2 else None
    if len(senders) < 2:
        with pytest.raises(PartnersError):
            analyse_chat(chat)
        return
    value = analyse_chat(chat, partners=partners).to_json(include_examples=examples)
    assert schema_errors(value) == []
    json.dumps(value, allow_nan=False)
    assert list(value)[:2] == ["format", "safety"]

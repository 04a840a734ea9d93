"""Turns, conversations and turn scores for the Gottman–Murray model."""

import re
import tomllib
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from nabij.coach.analysis import Analysis, analyse
from nabij.coach.labels import DOORS, WALLS, Label, Safety
from nabij.conversation.messages import Message
from nabij.conversation.turns import (
    GAP_HOURS,
    Conversation,
    TurnWeightsError,
    conversations,
    parse_turn_weights,
    turn_weights,
)
from nabij.model.ids import Lang

ROOT = Path(__file__).resolve().parents[2]
WEIGHTS_FILE = ROOT / "src" / "nabij" / "conversation" / "data" / "turn_weights.toml"
START = datetime(2026, 9, 1, 20, 0)
PARTNERS = ("Sanne", "Mark")


def _chat(
    *rows: tuple[float, str, Sequence[Label]] | tuple[float, str, Sequence[Label], bool],
) -> tuple[list[Message], list[Analysis]]:
    """Return messages and readings from (minutes after START, sender, labels[, media])."""
    messages, analyses = [], []
    for line, row in enumerate(rows, start=1):
        minutes, sender, labels = row[0], row[1], row[2]
        media = len(row) > 3 and bool(row[3])
        messages.append(Message(line, START + timedelta(minutes=minutes), sender, "", media=media))
        analyses.append(Analysis("", Lang.NL, tuple(labels), (), Safety.NONE))
    return messages, analyses


def _turns(found: list[Conversation]) -> list[list[tuple[str, int, int, int, bool]]]:
    return [[(t.speaker, t.score, t.first, t.last, t.has_wall) for t in c.turns] for c in found]


# --- the weights file --------------------------------------------------------------------------


def test_it_weighs_every_wall_below_zero_and_every_door_above_it() -> None:
    weights = turn_weights()
    assert set(weights.weights) == set(Label)
    assert all(weights.weights[label] < 0 for label in WALLS)
    assert all(weights.weights[label] > 0 for label in DOORS)
    assert weights.low < 0 < weights.high


def _valid_table() -> dict[str, Any]:
    with WEIGHTS_FILE.open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["weights"].pop("repair"), "missing labels \\['repair'\\]"),
        (lambda t: t["weights"].update(sarcasm=-1), "unknown labels \\['sarcasm'\\]"),
        (lambda t: t["weights"].update(blame=-1.5), "weights.blame"),
        (lambda t: t["weights"].update(need=True), "weights.need"),
        (lambda t: t["weights"].update(contempt=4), "contempt"),
        (lambda t: t["weights"].update(repair=0), "repair"),
        (lambda t: t["score"].update(low=1), "below 0"),
        (lambda t: t["score"].pop("high"), "low and high"),
        (lambda t: t.update(extra={}), "exactly the tables"),
    ],
)
def test_it_refuses_a_weights_file_that_does_not_match_the_labels(
    change: Any, message: str
) -> None:
    table = _valid_table()
    change(table)
    with pytest.raises(TurnWeightsError, match=message):
        parse_turn_weights(table)


def test_the_weights_table_in_the_docs_matches_the_data_file() -> None:
    doc = (ROOT / "docs" / "chat-model.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| (wall|door) \| ([+-]\d+) \|", doc, flags=re.MULTILINE)
    weights = turn_weights()
    assert [(label, int(weight)) for label, _, weight in rows] == [
        (label.value, weights.weights[label]) for label in Label
    ]
    assert all((kind == "wall") is (Label(label) in WALLS) for label, kind, _ in rows)
    assert f"**{weights.low} to {weights.high}**" in doc
    assert f"**{GAP_HOURS:g} hours**" in doc


# --- scoring a turn ----------------------------------------------------------------------------


def test_it_counts_a_label_once_per_turn_even_when_two_messages_hold_it() -> None:
    messages, analyses = _chat(
        (0, "Sanne", [Label.BLAME]), (1, "Sanne", [Label.BLAME, Label.FEELING])
    )
    (conversation,) = conversations(messages, analyses, PARTNERS)
    (turn,) = conversation.turns
    assert turn.score == -2 + 2


def test_it_adds_the_weights_of_different_labels() -> None:
    messages, analyses = _chat((0, "Sanne", [Label.BLAME, Label.GENERALIZATION]))
    (conversation,) = conversations(messages, analyses, PARTNERS)
    assert conversation.turns[0].score == -3


def test_it_clips_a_heavily_labelled_turn_to_the_score_range() -> None:
    messages, analyses = _chat(
        (0, "Sanne", sorted(WALLS)), (1, "Mark", sorted(DOORS)), (2, "Sanne", [])
    )
    (conversation,) = conversations(messages, analyses, PARTNERS)
    assert [turn.score for turn in conversation.turns] == [-8, 8, 0]
    assert [turn.has_wall for turn in conversation.turns] == [True, False, False]


def test_it_gives_a_media_only_message_no_labels_but_keeps_it_in_its_turn() -> None:
    # The analysis of a media message is ignored even if it claims a label.
    messages, analyses = _chat(
        (0, "Sanne", [Label.FEELING]),
        (1, "Sanne", [Label.CONTEMPT], True),
        (2, "Mark", [Label.CONTEMPT], True),
    )
    (conversation,) = conversations(messages, analyses, PARTNERS)
    assert _turns([conversation]) == [[("Sanne", 2, 0, 1, False), ("Mark", 0, 2, 2, False)]]


def test_it_scores_real_coach_readings() -> None:
    texts = ["Door jou zijn we te laat op het verjaardagsfeest.", "Sorry, je hebt gelijk."]
    readings = [analyse(text, Lang.NL) for text in texts]
    assert readings[0].walls, "the coach should read a wall in the first message"
    messages = [
        Message(1, START, "Sanne", texts[0]),
        Message(2, START + timedelta(minutes=2), "Mark", texts[1]),
    ]
    (conversation,) = conversations(messages, readings, PARTNERS)
    scores = [turn_weights().score(reading.labels) for reading in readings]
    assert [turn.score for turn in conversation.turns] == scores
    assert conversation.has_wall


# --- turns and conversations -------------------------------------------------------------------


def test_it_merges_consecutive_messages_of_one_sender_into_a_turn() -> None:
    messages, analyses = _chat(
        (0, "Sanne", [Label.BLAME]),
        (1, "Sanne", []),
        (2, "Mark", [Label.DEFENSIVENESS]),
        (3, "Sanne", [Label.REPAIR]),
        (4, "Sanne", [Label.NEED]),
    )
    assert _turns(conversations(messages, analyses, PARTNERS)) == [
        [("Sanne", -2, 0, 1, True), ("Mark", -2, 2, 2, True), ("Sanne", 5, 3, 4, False)]
    ]


def test_it_ends_a_conversation_after_a_silence_longer_than_the_gap() -> None:
    gap = GAP_HOURS * 60
    messages, analyses = _chat(
        (0, "Sanne", [Label.BLAME]),
        (gap, "Mark", []),  # exactly the gap: still the same conversation
        (2 * gap + 1, "Mark", [Label.FEELING]),  # one minute longer: a new one
        (2 * gap + 2, "Sanne", []),
    )
    found = conversations(messages, analyses, PARTNERS)
    assert _turns(found) == [
        [("Sanne", -2, 0, 0, True), ("Mark", 0, 1, 1, False)],
        [("Mark", 2, 2, 2, False), ("Sanne", 0, 3, 3, False)],
    ]
    assert [c.has_wall for c in found] == [True, False]
    assert [(c.first, c.last) for c in found] == [(0, 1), (2, 3)]


def test_a_gap_splits_a_turn_of_one_sender_in_two() -> None:
    messages, analyses = _chat((0, "Sanne", []), (GAP_HOURS * 60 + 1, "Sanne", []))
    assert _turns(conversations(messages, analyses, PARTNERS)) == [
        [("Sanne", 0, 0, 0, False)],
        [("Sanne", 0, 1, 1, False)],
    ]


def test_it_takes_the_gap_from_the_caller() -> None:
    messages, analyses = _chat((0, "Sanne", []), (61, "Mark", []))
    assert len(conversations(messages, analyses, PARTNERS, gap_hours=1)) == 2
    assert len(conversations(messages, analyses, PARTNERS, gap_hours=2)) == 1


def test_a_clock_that_goes_back_is_no_silence() -> None:
    messages, analyses = _chat((120, "Sanne", []), (60, "Mark", []))
    assert len(conversations(messages, analyses, PARTNERS)) == 1


def test_it_leaves_out_other_senders_without_breaking_a_turn() -> None:
    messages, analyses = _chat(
        (0, "Sanne", [Label.FEELING]),
        (1, "Noor", [Label.CONTEMPT]),
        (2, "Sanne", []),
        (3, "Mark", []),
    )
    assert _turns(conversations(messages, analyses, PARTNERS)) == [
        [("Sanne", 2, 0, 2, False), ("Mark", 0, 3, 3, False)]
    ]


def test_it_returns_no_conversation_for_an_empty_chat() -> None:
    assert conversations([], [], PARTNERS) == []


@pytest.mark.parametrize(
    ("partners", "gap", "cut", "message"),
    [
        (("Sanne", "Sanne"), GAP_HOURS, 0, "two different senders"),
        (PARTNERS, 0.0, 0, "gap_hours"),
        (PARTNERS, GAP_HOURS, 1, "one analysis for each message"),
    ],
)
def test_it_refuses_bad_input_without_naming_anyone(
    partners: tuple[str, str], gap: float, cut: int, message: str
) -> None:
    messages, analyses = _chat((0, "Sanne", []), (1, "Mark", []))
    with pytest.raises(ValueError, match=message) as raised:
        conversations(messages, analyses[cut:], partners, gap_hours=gap)
    assert "Sanne" not in str(raised.value)
    assert "Mark" not in str(raised.value)

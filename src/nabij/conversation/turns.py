"""Turns and conversations: the units in which the Gottman–Murray model reads a chat.

A turn is a run of consecutive messages by one partner; its score is the sum of the weights
(``data/turn_weights.toml``) of the distinct labels the coach found in its messages, clipped to
the score range. A silence longer than ``GAP_HOURS`` ends a conversation, so that no step of
the model ever links a turn to one written after a night's sleep or a working day. A chat
without times (a transcript) has no silences to read: with an infinite gap it is one
conversation.
"""

import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.coach.analysis import Analysis
from nabij.coach.labels import WALLS, Label
from nabij.conversation.messages import Message

# A quarrel in chat runs over minutes or an evening. After more than six hours without a
# word one of the two has usually slept or worked in between; the next message then opens a
# new exchange rather than answering the mood of the last turn, and the model's inertia
# (the carry-over from one's own last turn) would mean nothing across that silence.
GAP_HOURS = 6.0


class TurnWeightsError(ValueError):
    """``data/turn_weights.toml`` does not describe every label exactly once with a number."""


@dataclass(frozen=True, slots=True)
class TurnWeights:
    """The weight of each coach label in a turn's score, and the range a score is clipped to."""

    weights: Mapping[Label, int]
    low: int
    high: int

    def score(self, labels: Iterable[Label]) -> int:
        """Return the clipped sum of the weights of the distinct ``labels``."""
        total = sum(self.weights[label] for label in set(labels))
        return min(self.high, max(self.low, total))


def _integer(value: Any, where: str) -> int:
    """Return ``value`` when it is a whole number (not a bool), else name ``where`` it is wrong."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TurnWeightsError(f"{where} must be a whole number")
    return value


def parse_turn_weights(table: Mapping[str, Any]) -> TurnWeights:
    """Return the weights of a parsed weights file, checked against the coach's labels."""
    if set(table) != {"score", "weights"}:
        raise TurnWeightsError("the file must hold exactly the tables [score] and [weights]")
    score, weights = table["score"], table["weights"]
    if not isinstance(score, Mapping) or set(score) != {"low", "high"}:
        raise TurnWeightsError("[score] must hold exactly low and high")
    low, high = _integer(score["low"], "score.low"), _integer(score["high"], "score.high")
    # The neutral turn (no label) scores 0, so the range must hold 0 on its inside.
    if not low < 0 < high:
        raise TurnWeightsError("score.low must be below 0 and score.high above 0")
    if not isinstance(weights, Mapping):
        raise TurnWeightsError("[weights] must be a table")
    known = {label.value for label in Label}
    unknown = sorted(set(weights) - known)
    missing = sorted(known - set(weights))
    if unknown or missing:
        raise TurnWeightsError(f"[weights]: unknown labels {unknown}, missing labels {missing}")
    parsed = {Label(key): _integer(value, f"weights.{key}") for key, value in weights.items()}
    # A wall that scores above zero, or a door below it, would turn the model upside down.
    wrong = sorted(
        label.value
        for label, value in parsed.items()
        if (value >= 0 if label in WALLS else value <= 0)
    )
    if wrong:
        raise TurnWeightsError(f"walls must weigh below 0 and doors above 0: {wrong}")
    return TurnWeights(parsed, low, high)


@cache
def turn_weights() -> TurnWeights:
    """Return the weights in ``data/turn_weights.toml``, read and checked once."""
    with (files("nabij.conversation") / "data" / "turn_weights.toml").open("rb") as handle:
        return parse_turn_weights(tomllib.load(handle))


@dataclass(frozen=True, slots=True)
class Turn:
    """A run of consecutive messages by one partner, with its score.

    ``first`` and ``last`` are indexes into the message sequence the turn was built from.
    """

    speaker: str
    score: int
    first: int
    last: int
    has_wall: bool


@dataclass(frozen=True, slots=True)
class Conversation:
    """Turns with no silence longer than the gap between two consecutive messages."""

    turns: tuple[Turn, ...]

    @property
    def first(self) -> int:
        """Return the index of the conversation's first message."""
        return self.turns[0].first

    @property
    def last(self) -> int:
        """Return the index of the conversation's last message."""
        return self.turns[-1].last

    @property
    def has_wall(self) -> bool:
        """Return whether any turn holds a wall, which makes this a conflict conversation."""
        return any(turn.has_wall for turn in self.turns)


def _check_partners(partners: tuple[str, str]) -> None:
    """Refuse anything but two different partners (without repeating their names)."""
    if len(partners) != 2 or partners[0] == partners[1]:
        raise ValueError("partners must be two different senders")


def conversations(
    messages: Sequence[Message],
    analyses: Sequence[Analysis],
    partners: tuple[str, str],
    gap_hours: float = GAP_HOURS,
) -> list[Conversation]:
    """Return the two partners' messages as conversations of scored turns.

    ``analyses[i]`` is the coach's reading of ``messages[i]``. Messages by other senders (in a
    group chat) are left out: they neither join nor end a turn. A media-only message belongs to
    the turn it falls in but carries no labels. The gap is measured between consecutive
    messages of the two partners; a message earlier than the one before it (a clock change)
    is no silence. An infinite ``gap_hours`` never ends a conversation: a chat without times
    is one conversation.
    """
    if len(messages) != len(analyses):
        raise ValueError("there must be one analysis for each message")
    _check_partners(partners)
    if not gap_hours > 0:
        raise ValueError("gap_hours must be above 0")
    gap = None if math.isinf(gap_hours) else timedelta(hours=gap_hours)
    weights = turn_weights()
    who = set(partners)
    # A chat repeats the same few label sets; each is scored once.
    readings: dict[frozenset[Label], tuple[int, bool]] = {}

    def turn(speaker: str, first: int, last: int, labels: set[Label]) -> Turn:
        key = frozenset(labels)
        reading = readings.get(key)
        if reading is None:
            reading = readings[key] = (weights.score(key), not WALLS.isdisjoint(key))
        return Turn(speaker, reading[0], first, last, reading[1])

    result: list[Conversation] = []
    turns: list[Turn] = []
    # The turn being built: its speaker, first and last index, and the labels seen so far.
    speaker: str | None = None
    first = last = 0
    labels: set[Label] = set()
    previous = None
    for index, message in enumerate(messages):
        sender = message.sender
        if sender not in who:
            continue
        silence = gap is not None and previous is not None and message.time - previous > gap
        previous = message.time
        if silence or sender != speaker:
            if speaker is not None:
                turns.append(turn(speaker, first, last, labels))
            if silence:
                result.append(Conversation(tuple(turns)))
                turns = []
            speaker, first, labels = sender, index, set()
        last = index
        if not message.media:
            labels.update(analyses[index].labels)
    if speaker is not None:
        turns.append(turn(speaker, first, last, labels))
        result.append(Conversation(tuple(turns)))
    return result

"""The attachment questions and their scoring into two dimension scores."""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from nabij.instruments.errors import InputError, Problem
from nabij.model.attachment import SCALE_MAX, SCALE_MIN, orientation
from nabij.model.ids import Dimension, Orientation

ANSWER_MIN = 1
ANSWER_MAX = 7


@dataclass(frozen=True)
class Item:
    """One attachment question: its id, its dimension and whether it counts reversed."""

    id: str
    dimension: Dimension
    reverse: bool

    def score(self, answer: int) -> int:
        """Return the answer's contribution to the dimension (8 minus it when reversed)."""
        return ANSWER_MIN + ANSWER_MAX - answer if self.reverse else answer


@cache
def items() -> tuple[Item, ...]:
    """Return the attachment questions in their published order."""
    with (files("nabij.instruments") / "data" / "attachment.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        Item(id=item_id, dimension=Dimension(spec["dimension"]), reverse=bool(spec["reverse"]))
        for item_id, spec in data["items"].items()
    )


def item_ids() -> tuple[str, ...]:
    """Return the ids of the attachment questions in order."""
    return tuple(item.id for item in items())


@dataclass(frozen=True)
class AttachmentScores:
    """The two dimension scores on the 1–7 scale, and the answers they came from, if any."""

    anxiety: float
    avoidance: float
    answers: Mapping[str, int] | None = None

    def orientation(self, split: float | None = None) -> Orientation:
        """Return the orientation these scores point to under stress right now."""
        if split is None:
            return orientation(self.anxiety, self.avoidance)
        return orientation(self.anxiety, self.avoidance, split)


def score_answers(answers: Mapping[str, object]) -> AttachmentScores:
    """Score answers to every attachment question; each dimension is the mean of its items.

    A missing, unknown or out-of-range answer raises an ``InputError`` naming the item: a
    score is never computed over fewer questions than were asked.
    """
    known = {item.id: item for item in items()}
    for key in answers:
        if key not in known:
            raise InputError(Problem.UNKNOWN_KEY, key, key=key)
    totals = {Dimension.ANXIETY: 0, Dimension.AVOIDANCE: 0}
    counts = {Dimension.ANXIETY: 0, Dimension.AVOIDANCE: 0}
    clean: dict[str, int] = {}
    for item in items():
        if item.id not in answers:
            raise InputError(Problem.MISSING, item.id, key=item.id)
        answer = answers[item.id]
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise InputError(Problem.WRONG_TYPE, item.id, expected="a whole number")
        if not ANSWER_MIN <= answer <= ANSWER_MAX:
            raise InputError(Problem.OUT_OF_RANGE, item.id, low=ANSWER_MIN, high=ANSWER_MAX)
        clean[item.id] = answer
        totals[item.dimension] += item.score(answer)
        counts[item.dimension] += 1
    return AttachmentScores(
        anxiety=totals[Dimension.ANXIETY] / counts[Dimension.ANXIETY],
        avoidance=totals[Dimension.AVOIDANCE] / counts[Dimension.AVOIDANCE],
        answers=clean,
    )


def given_scores(anxiety: float, avoidance: float) -> AttachmentScores:
    """Accept two dimension scores given directly, checking the 1–7 scale."""
    for name, value in (("anxiety", anxiety), ("avoidance", avoidance)):
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise InputError(Problem.OUT_OF_RANGE, name, low=ANSWER_MIN, high=ANSWER_MAX)
    return AttachmentScores(anxiety=float(anxiety), avoidance=float(avoidance))

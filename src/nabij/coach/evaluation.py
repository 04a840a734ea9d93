"""Scoring the coach against messages labelled by hand (``nabij coach --evaluate``).

Per language: precision, recall and F1 per label over message-level label sets; micro-F1 over
all labels; and the false-wall rate: among messages whose gold labels hold no wall, the share
the coach gives at least one wall (CONTRACTS §4). Safety is scored as well, as the share of
messages whose safety value is right and the recall on messages that are not ``none``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from nabij.coach.labels import WALLS, Label, Safety
from nabij.model.ids import Lang


@dataclass(frozen=True)
class Example:
    """One hand-labelled message."""

    text: str
    lang: Lang
    labels: frozenset[Label]
    safety: Safety = Safety.NONE


@dataclass
class Counts:
    """True positives, false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def precision(self) -> float:
        """Return tp / (tp + fp), 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def recall(self) -> float:
        """Return tp / (tp + fn), 1.0 when nothing was there to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def f1(self) -> float:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """The scores of one language."""

    lang: Lang
    messages: int = 0
    per_label: dict[Label, Counts] = field(default_factory=lambda: {lb: Counts() for lb in Label})
    wall_free: int = 0
    false_wall: int = 0
    safety_right: int = 0
    safety_positive: int = 0
    safety_found: int = 0

    def micro(self) -> Counts:
        """Return the counts summed over all labels."""
        total = Counts()
        for counts in self.per_label.values():
            total.tp += counts.tp
            total.fp += counts.fp
            total.fn += counts.fn
        return total

    def false_wall_rate(self) -> float:
        """Return the share of wall-free messages that were given a wall."""
        return self.false_wall / self.wall_free if self.wall_free else 0.0

    def to_json(self) -> dict[str, object]:
        """Return the scores as JSON (for ``--evaluate --json``)."""
        micro = self.micro()
        return {
            "lang": self.lang.value,
            "messages": self.messages,
            "micro": {"precision": micro.precision(), "recall": micro.recall(), "f1": micro.f1()},
            "false_wall_rate": self.false_wall_rate(),
            "labels": {
                label.value: {
                    "precision": c.precision(),
                    "recall": c.recall(),
                    "f1": c.f1(),
                    "support": c.tp + c.fn,
                }
                for label, c in self.per_label.items()
            },
            "safety": {
                "accuracy": self.safety_right / self.messages if self.messages else 1.0,
                "recall": self.safety_found / self.safety_positive if self.safety_positive else 1.0,
            },
        }


def score(pairs: Iterable[tuple[Example, frozenset[Label], Safety]]) -> dict[Lang, Scores]:
    """Score predicted (labels, safety) against gold examples, per language."""
    scores: dict[Lang, Scores] = {}
    for example, predicted, safety in pairs:
        s = scores.setdefault(example.lang, Scores(example.lang))
        s.messages += 1
        for label in Label:
            gold, got = label in example.labels, label in predicted
            counts = s.per_label[label]
            counts.tp += gold and got
            counts.fp += got and not gold
            counts.fn += gold and not got
        if not example.labels & WALLS:
            s.wall_free += 1
            s.false_wall += bool(predicted & WALLS)
        s.safety_right += safety is example.safety
        if example.safety is not Safety.NONE:
            s.safety_positive += 1
            s.safety_found += safety is not Safety.NONE
    return scores

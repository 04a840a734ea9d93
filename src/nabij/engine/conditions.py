"""Soft thresholds: how far a measured value is past the line a pattern draws."""

from dataclasses import dataclass
from enum import Enum

from nabij.engine.evidence import Evidence


class Direction(Enum):
    """Whether a condition asks for a value at least or at most its threshold."""

    AT_LEAST = 1
    AT_MOST = -1


@dataclass(frozen=True)
class Condition:
    """A measured value held against a threshold, e.g. "stress at least 6".

    Its degree runs linearly from 0 (a ``width`` short of the threshold) through 0.5 (at the
    threshold) to 1 (a ``width`` past it), so confidence grows with how clearly a couple's
    days match a pattern, and a value just short of a line still counts for a little.
    """

    evidence: Evidence
    threshold: float
    width: float
    direction: Direction

    def degree(self) -> float:
        """Return how fully the condition holds, from 0 to 1.

        >>> from nabij.engine.evidence import Signal
        >>> from nabij.model.ids import PartnerId
        >>> e = Evidence(PartnerId.A, Signal.MEAN_STRESS, 6.75)
        >>> Condition(e, 6.0, 1.5, Direction.AT_LEAST).degree()
        0.75
        """
        past = (self.evidence.value - self.threshold) * self.direction.value
        return min(1.0, max(0.0, 0.5 + past / (2 * self.width)))

    @property
    def met(self) -> bool:
        """Return whether the value is at or past the threshold."""
        return self.degree() >= 0.5


def at_least(evidence: Evidence, threshold: float, width: float) -> Condition:
    """Return the condition that ``evidence`` is at least ``threshold``."""
    return Condition(evidence, threshold, width, Direction.AT_LEAST)


def at_most(evidence: Evidence, threshold: float, width: float) -> Condition:
    """Return the condition that ``evidence`` is at most ``threshold``."""
    return Condition(evidence, threshold, width, Direction.AT_MOST)

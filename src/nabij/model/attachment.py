"""Attachment under stress: two dimensions, four orientations."""

from nabij.model.ids import Orientation

SCALE_MIN = 1.0
SCALE_MAX = 7.0
# The middle of the 1–7 scale. A score at or above the split counts as "high"; the split is a
# parameter because a practice may want to be more or less cautious with the word "high".
DEFAULT_SPLIT = 4.0


def orientation(anxiety: float, avoidance: float, split: float = DEFAULT_SPLIT) -> Orientation:
    """Return the orientation that two dimension scores point to under stress right now.

    >>> orientation(5.8, 2.5)
    <Orientation.ANXIOUS: 'anxious'>
    >>> orientation(4.0, 4.0)
    <Orientation.DISORGANIZED: 'disorganized'>
    """
    for name, score in (("anxiety", anxiety), ("avoidance", avoidance)):
        if not SCALE_MIN <= score <= SCALE_MAX:
            raise ValueError(f"{name} must be between 1 and 7, not {score}")
    high_anxiety = anxiety >= split
    high_avoidance = avoidance >= split
    if high_anxiety and high_avoidance:
        return Orientation.DISORGANIZED
    if high_anxiety:
        return Orientation.ANXIOUS
    if high_avoidance:
        return Orientation.AVOIDANT
    return Orientation.SECURE

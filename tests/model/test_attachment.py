"""Orientation from the two dimensions, with the split as a parameter."""

import pytest

from nabij.model.attachment import DEFAULT_SPLIT, orientation
from nabij.model.ids import Orientation


@pytest.mark.parametrize(
    ("anxiety", "avoidance", "expected"),
    [
        (2.0, 2.0, Orientation.SECURE),
        (5.8, 2.5, Orientation.ANXIOUS),
        (2.5, 5.8, Orientation.AVOIDANT),
        (6.0, 6.0, Orientation.DISORGANIZED),
        (1.0, 1.0, Orientation.SECURE),
        (7.0, 7.0, Orientation.DISORGANIZED),
    ],
)
def test_the_quadrants(anxiety: float, avoidance: float, expected: Orientation) -> None:
    assert orientation(anxiety, avoidance) is expected


def test_high_starts_at_the_split_itself() -> None:
    assert DEFAULT_SPLIT == 4.0
    assert orientation(4.0, 3.99) is Orientation.ANXIOUS
    assert orientation(3.99, 4.0) is Orientation.AVOIDANT
    assert orientation(3.99, 3.99) is Orientation.SECURE


def test_the_split_is_a_parameter() -> None:
    assert orientation(4.5, 2.0, split=5.0) is Orientation.SECURE
    assert orientation(4.5, 2.0, split=4.5) is Orientation.ANXIOUS


@pytest.mark.parametrize(("anxiety", "avoidance"), [(0.5, 3.0), (3.0, 7.5), (float("nan"), 3.0)])
def test_scores_off_the_scale_are_refused(anxiety: float, avoidance: float) -> None:
    with pytest.raises(ValueError, match="between 1 and 7"):
        orientation(anxiety, avoidance)

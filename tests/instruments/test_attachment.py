"""Scoring the attachment questions, checked against sums worked out by hand."""

import pytest

from nabij.instruments.attachment import items, score_answers
from nabij.instruments.errors import InputError, Problem
from nabij.model.ids import Dimension, Orientation

ANXIETY_IDS = ["anx1", "anx2", "anx3", "anx4", "anx5", "anx6", "anx7"]
AVOIDANCE_IDS = ["avo1", "avo2", "avo3", "avo4", "avo5", "avo6", "avo7"]
REVERSED = {"anx2", "anx5", "anx7", "avo2", "avo5", "avo7"}


def answers(value: int = 4, **overrides: int) -> dict[str, object]:
    out: dict[str, object] = dict.fromkeys(ANXIETY_IDS + AVOIDANCE_IDS, value)
    out.update(overrides)
    return out


def test_there_are_at_least_six_questions_per_dimension_some_reversed() -> None:
    for dimension, ids in ((Dimension.ANXIETY, ANXIETY_IDS), (Dimension.AVOIDANCE, AVOIDANCE_IDS)):
        mine = [item for item in items() if item.dimension is dimension]
        assert [item.id for item in mine] == ids
        assert len(mine) >= 6
        assert any(item.reverse for item in mine)
    assert {item.id for item in items() if item.reverse} == REVERSED


def test_all_sevens_count_reversed_items_as_ones() -> None:
    # anxiety: anx1,3,4,6 = 7 each (28); anx2,5,7 reversed: 8-7 = 1 each (3). 31 / 7.
    scores = score_answers(answers(7))
    assert scores.anxiety == pytest.approx(31 / 7)
    assert scores.avoidance == pytest.approx(31 / 7)


def test_a_worked_example() -> None:
    given = {
        # anxiety: 6 + (8-2) + 5 + 7 + (8-3) + 6 + (8-1) = 6+6+5+7+5+6+7 = 42 -> 6.0
        "anx1": 6, "anx2": 2, "anx3": 5, "anx4": 7, "anx5": 3, "anx6": 6, "anx7": 1,
        # avoidance: 2 + (8-6) + 1 + 3 + (8-7) + 2 + (8-5) = 2+2+1+3+1+2+3 = 14 -> 2.0
        "avo1": 2, "avo2": 6, "avo3": 1, "avo4": 3, "avo5": 7, "avo6": 2, "avo7": 5,
    }  # fmt: skip
    scores = score_answers(given)
    assert scores.anxiety == pytest.approx(6.0)
    assert scores.avoidance == pytest.approx(2.0)
    assert scores.orientation() is Orientation.ANXIOUS
    assert scores.answers == given


def test_the_middle_answer_is_the_middle_score_whatever_the_keying() -> None:
    scores = score_answers(answers(4))
    assert (scores.anxiety, scores.avoidance) == (4.0, 4.0)


def test_a_missing_answer_names_the_item() -> None:
    given = answers()
    del given["avo5"]
    with pytest.raises(InputError) as caught:
        score_answers(given)
    assert (caught.value.problem, caught.value.where) == (Problem.MISSING, "avo5")


@pytest.mark.parametrize("bad", [0, 8, -1])
def test_an_answer_off_the_scale_names_the_item(bad: int) -> None:
    with pytest.raises(InputError) as caught:
        score_answers(answers(anx3=bad))
    assert (caught.value.problem, caught.value.where) == (Problem.OUT_OF_RANGE, "anx3")


@pytest.mark.parametrize("bad", [True, 4.5, "4", None])
def test_an_answer_that_is_not_a_whole_number_names_the_item(bad: object) -> None:
    given = answers()
    given["avo2"] = bad
    with pytest.raises(InputError) as caught:
        score_answers(given)
    assert (caught.value.problem, caught.value.where) == (Problem.WRONG_TYPE, "avo2")


def test_an_unknown_item_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        score_answers(answers(anx9=3))
    assert (caught.value.problem, caught.value.where) == (Problem.UNKNOWN_KEY, "anx9")

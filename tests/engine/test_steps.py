"""The next step: safety and calm first, then the couple's own dance."""

from typing import Any

import pytest

from nabij.engine import assess
from nabij.engine.evidence import Reason
from nabij.model.ids import Step
from tests.personas import (
    CLINGING,
    FROZEN,
    PARALLEL,
    PURSUER,
    WITHDRAWER,
    days,
    intake,
    sanne_and_mark,
)

FEARFUL = intake(fear_when_apart=8)


def step_of(sanne: dict[str, Any], mark: dict[str, Any], **intakes: Any) -> tuple[Step, Reason]:
    chosen = assess(sanne_and_mark(days(**sanne), days(**mark), **intakes)).next_step
    return chosen.step, chosen.reason


@pytest.mark.parametrize(
    ("sanne", "mark", "expected"),
    [
        (PURSUER, WITHDRAWER, (Step.NAME_THE_PAIN, Reason.PURSUE_WITHDRAW)),
        (FROZEN, FROZEN, (Step.RITUALS, Reason.EMOTIONAL_FREEZE)),
        (PARALLEL, PARALLEL, (Step.PROCESS, Reason.PARALLEL_LIVES)),
    ],
)
def test_each_pattern_leads_to_its_step(
    sanne: dict[str, Any], mark: dict[str, Any], expected: tuple[Step, Reason]
) -> None:
    assert step_of(sanne, mark) == expected


def test_over_connection_leads_to_attunement() -> None:
    assert step_of(CLINGING, CLINGING, sanne_intake=FEARFUL, mark_intake=FEARFUL) == (
        Step.ATTUNE,
        Reason.OVER_CONNECTION,
    )


def test_frequent_conflict_comes_before_any_pattern() -> None:
    fighting = {**PURSUER, "shares": {**PURSUER["shares"], "conflict": 0.5}}
    assert step_of(fighting, WITHDRAWER) == (Step.RESTORE_SAFETY, Reason.FREQUENT_CONFLICT)


def test_feeling_unsafe_with_each_other_comes_first() -> None:
    uneasy = {**PURSUER, "ratings": {**PURSUER["ratings"], "safety": 3}}
    assert step_of(uneasy, WITHDRAWER) == (Step.RESTORE_SAFETY, Reason.LOW_FELT_SAFETY)


def test_high_stress_without_a_pattern_asks_to_slow_down() -> None:
    stressed = {"ratings": {"stress": 8}, "shares": {"connection": 0.5}}
    assert step_of(stressed, {}) == (Step.SLOW_DOWN, Reason.HIGH_STRESS)


def test_a_crisis_never_talked_about_asks_to_process_it() -> None:
    quiet = {"shares": {"talked_about_it": 0.05, "connection": 0.5}}
    assert step_of(quiet, quiet) == (Step.PROCESS, Reason.UNPROCESSED_CRISIS)


def test_a_steady_couple_keeps_its_rituals_going() -> None:
    assert step_of({}, {}) == (Step.RITUALS, Reason.KEEP_GOING)


def test_a_new_couple_starts_at_step_one() -> None:
    result = assess(sanne_and_mark(days(count=3), days(count=2)))
    assert (result.next_step.step, result.next_step.reason) == (
        Step.RESTORE_SAFETY,
        Reason.NOT_ENOUGH_DATA,
    )


def test_weeks_without_connection_ask_for_small_rituals() -> None:
    distant = {"shares": {"connection": 0.0, "talked_about_it": 0.3}, "ratings": {"teamwork": 3}}
    assert step_of(distant, distant) == (Step.RITUALS, Reason.NO_CONNECTION)

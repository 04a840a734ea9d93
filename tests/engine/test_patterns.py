"""Each pattern on realistic weeks, and its near miss."""

from datetime import date
from typing import Any

import pytest

from nabij.engine import assess
from nabij.model.ids import Pattern
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


def present(sanne: dict[str, Any], mark: dict[str, Any], **intakes: Any) -> set[Pattern]:
    result = assess(sanne_and_mark(days(**sanne), days(**mark), **intakes))
    return {p.pattern for p in result.patterns if p.present}


def test_it_sees_pursue_withdraw_when_one_reaches_out_and_the_other_pulls_back() -> None:
    assert Pattern.PURSUE_WITHDRAW in present(PURSUER, WITHDRAWER)


def test_it_sees_pursue_withdraw_whichever_partner_pursues() -> None:
    result = assess(sanne_and_mark(days(**WITHDRAWER), days(**PURSUER)))
    pattern = result.pattern(Pattern.PURSUE_WITHDRAW)
    assert pattern.present
    pursuer_signals = {e.signal.value for e in pattern.evidence if e.partner.value == "b"}
    assert "reached_out_share" in pursuer_signals


def test_pursue_withdraw_is_not_over_connection() -> None:
    assert Pattern.OVER_CONNECTION not in present(PURSUER, WITHDRAWER)


def test_near_miss_a_partner_who_answers_the_reaching_out_is_no_withdrawal() -> None:
    answering = {
        "shares": {"reached_out": 0.5, "pulled_back": 0.1, "connection": 0.5},
        "wants": {"closer": 0.3},
    }
    assert Pattern.PURSUE_WITHDRAW not in present(PURSUER, answering)


def test_it_sees_over_connection_when_both_cling_and_fear_being_apart() -> None:
    fearful = intake(fear_when_apart=8)
    found = present(CLINGING, CLINGING, sanne_intake=fearful, mark_intake=fearful)
    assert Pattern.OVER_CONNECTION in found
    assert Pattern.PURSUE_WITHDRAW not in found


def test_near_miss_wanting_closeness_with_room_of_your_own_is_not_over_connection() -> None:
    close_but_free = {**CLINGING, "ratings": {"own_space": 7, "stress": 5, "closeness": 8}}
    calm = intake(fear_when_apart=2)
    found = present(close_but_free, close_but_free, sanne_intake=calm, mark_intake=calm)
    assert Pattern.OVER_CONNECTION not in found


def test_over_connection_needs_the_fear_of_being_apart_when_the_intake_is_known() -> None:
    calm = intake(fear_when_apart=1)
    assert Pattern.OVER_CONNECTION not in present(
        CLINGING, CLINGING, sanne_intake=calm, mark_intake=calm
    )


def test_it_sees_emotional_freeze_under_high_stress_with_teamwork_intact() -> None:
    found = present(FROZEN, FROZEN)
    assert Pattern.EMOTIONAL_FREEZE in found
    assert Pattern.PARALLEL_LIVES not in found


def test_near_miss_stress_with_moments_of_connection_is_not_freeze() -> None:
    connecting = {**FROZEN, "shares": {**FROZEN["shares"], "connection": 0.55}}
    assert Pattern.EMOTIONAL_FREEZE not in present(connecting, connecting)


def test_it_sees_parallel_lives_when_calm_cold_and_nothing_is_talked_through() -> None:
    found = present(PARALLEL, PARALLEL)
    assert Pattern.PARALLEL_LIVES in found
    assert Pattern.EMOTIONAL_FREEZE not in found


def test_near_miss_calm_couple_that_talks_it_through_is_not_parallel_lives() -> None:
    talking = {**PARALLEL, "shares": {**PARALLEL["shares"], "talked_about_it": 0.5}}
    assert Pattern.PARALLEL_LIVES not in present(talking, talking)


def test_parallel_lives_needs_weeks_not_days() -> None:
    assert Pattern.PARALLEL_LIVES not in present(
        {**PARALLEL, "count": 10}, {**PARALLEL, "count": 10}
    )


def test_a_couple_can_show_two_patterns_at_once() -> None:
    stressed_pursuer = {**PURSUER, "ratings": {"closeness": 3, "stress": 8, "teamwork": 7}}
    stressed_withdrawer = {**WITHDRAWER, "ratings": {"closeness": 3, "stress": 8, "teamwork": 7}}
    found = present(stressed_pursuer, stressed_withdrawer)
    assert {Pattern.PURSUE_WITHDRAW, Pattern.EMOTIONAL_FREEZE} <= found


def test_a_calm_connected_couple_shows_no_pattern() -> None:
    assert present({}, {}) == set()


@pytest.mark.parametrize("count", [3, 6])
def test_too_few_checkins_never_make_a_pattern(count: int) -> None:
    result = assess(sanne_and_mark(days(count=count, **PURSUER), days(count=count, **WITHDRAWER)))
    pattern = result.pattern(Pattern.PURSUE_WITHDRAW)
    assert not pattern.present
    assert pattern.confidence < 0.5


def test_confidence_grows_with_how_clearly_the_days_fit() -> None:
    mild = {**WITHDRAWER, "shares": {**WITHDRAWER["shares"], "pulled_back": 0.45}}
    strong = {**WITHDRAWER, "shares": {**WITHDRAWER["shares"], "pulled_back": 0.8}}
    weak = assess(sanne_and_mark(days(**PURSUER), days(**mild))).pattern(Pattern.PURSUE_WITHDRAW)
    clear = assess(sanne_and_mark(days(**PURSUER), days(**strong))).pattern(Pattern.PURSUE_WITHDRAW)
    assert weak.present
    assert clear.present
    assert weak.confidence < clear.confidence


def test_only_the_last_four_weeks_count() -> None:
    calm_after = days(count=35, start=date(2026, 9, 29))
    early_pursuit, early_retreat = days(count=28, **PURSUER), days(count=28, **WITHDRAWER)
    then = assess(sanne_and_mark(early_pursuit, early_retreat))
    now = assess(sanne_and_mark(early_pursuit + calm_after, early_retreat + calm_after))
    assert then.pattern(Pattern.PURSUE_WITHDRAW).present
    assert not now.pattern(Pattern.PURSUE_WITHDRAW).present

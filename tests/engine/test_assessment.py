"""The assessment as a whole: JSON shape, safety first, solo use, and what each partner sees."""

import json
from typing import Any

import pytest

from nabij.engine import Assessment, assess
from nabij.engine.evidence import Reason
from nabij.model.ids import JOINT_STEPS, PartnerId, Pattern, ShareCategory, Step
from tests.personas import (
    FROZEN,
    NO_CONCERN,
    PURSUER,
    WITHDRAWER,
    days,
    eva,
    intake,
    sanne_and_mark,
)

A, B = PartnerId.A, PartnerId.B
BOTH = [ShareCategory.DAILY_SCORES, ShareCategory.TENDENCIES]


def screen(**answers: bool) -> dict[str, bool]:
    return {**NO_CONCERN, **answers}


def pursuing_couple(**mark_intake: Any) -> Assessment:
    return assess(
        sanne_and_mark(
            days(**PURSUER),
            days(**WITHDRAWER),
            sanne_intake=intake(attachment={"anxiety": 5.6, "avoidance": 2.1}, distrust=8),
            mark_intake=intake(attachment={"anxiety": 2.4, "avoidance": 5.3}, **mark_intake),
        )
    )


def test_the_json_has_the_shape_of_contracts_section_3() -> None:
    out = pursuing_couple().to_json()
    assert out["format"] == "nabij.assessment/1"
    assert set(out) == {
        "format",
        "partners",
        "patterns",
        "help_criteria",
        "safety",
        "next_step",
        "unknown_without_partner",
    }
    assert out["partners"]["a"] == {
        "orientation": "anxious",
        "anxiety": 5.6,
        "avoidance": 2.1,
        "reactions": [],
    }
    assert [p["id"] for p in out["patterns"]] == [p.value for p in Pattern]
    assert [c["id"] for c in out["help_criteria"]] == [
        "recurring_conflict",
        "trauma_addiction_infidelity",
        "emotional_shutdown",
        "no_connection",
        "distrust_or_fear",
    ]
    evidence = out["patterns"][0]["evidence"][0]
    assert set(evidence) == {"partner", "signal", "from", "to", "value"}
    assert out["safety"] == {"status": "none", "visible_to": []}
    assert out["next_step"] == {"id": "name_the_pain", "reason": "pursue_withdraw"}
    json.dumps(out)  # nothing but JSON values


def test_reactions_count_as_active_from_five() -> None:
    reactions = {
        "stress_response": 5,
        "attachment_activation": 4,
        "loss_of_predictability": 10,
        "identity_stress": 0,
    }
    out = assess(eva(reactions=reactions)).to_json()
    assert out["partners"]["a"]["reactions"] == ["stress_response", "loss_of_predictability"]


@pytest.mark.parametrize(
    "answers",
    [
        {"hurt": True},
        {"threatened": True},
        {"afraid_of_partner": True},
        {"controlled": True},
        {"self_harm_thoughts": True},
    ],
)
def test_any_safety_concern_overrides_everything_else(answers: dict[str, bool]) -> None:
    result = pursuing_couple(safety_screen=screen(**answers))
    out = result.to_json()
    assert out["safety"] == {"status": "concern", "visible_to": ["b"]}
    assert out["next_step"] == {"id": "restore_safety", "reason": "safety_concern"}
    # The patterns are still computed; only what is offered changes.
    assert result.pattern(Pattern.PURSUE_WITHDRAW).present


def test_the_one_who_answered_sees_the_safety_path_in_their_own_view() -> None:
    view = pursuing_couple(safety_screen=screen(controlled=True)).for_viewer(B, BOTH)
    assert view.to_json()["safety"] == {"status": "concern", "visible_to": ["b"]}
    assert view.next_step.reason is Reason.SAFETY_CONCERN


def test_the_partner_never_sees_the_others_safety_concern() -> None:
    with_concern = pursuing_couple(safety_screen=screen(hurt=True, afraid_of_partner=True))
    without = pursuing_couple()
    for shared in ([], BOTH):
        seen = with_concern.for_viewer(A, shared).to_json()
        assert seen["safety"] == {"status": "none", "visible_to": []}
        assert "concern" not in json.dumps(seen)
        # The other's concern closes joint steps, with the reason any solo user gets.
        assert seen["next_step"]["id"] not in {s.value for s in JOINT_STEPS}
        assert without.for_viewer(A, shared).to_json()["patterns"] == seen["patterns"]


def test_a_partners_concern_turns_a_joint_step_into_one_to_practise_alone() -> None:
    frozen = days(**FROZEN)
    calm = sanne_and_mark(frozen, frozen)
    worried = sanne_and_mark(
        frozen, frozen, mark_intake=intake(safety_screen=screen(threatened=True))
    )
    open_view = assess(calm).for_viewer(A, BOTH, partner_open_to_joint=True)
    assert open_view.next_step.step is Step.RITUALS
    view = assess(worried).for_viewer(A, BOTH, partner_open_to_joint=True)
    assert (view.next_step.step, view.next_step.reason) == (Step.NAME_THE_PAIN, Reason.SOLO_PATH)


@pytest.mark.parametrize("shared", [[], [ShareCategory.DAILY_SCORES], BOTH])
def test_a_partners_concern_looks_exactly_like_a_partner_not_open_to_joint_steps(
    shared: list[ShareCategory],
) -> None:
    frozen = days(**FROZEN)
    calm = assess(sanne_and_mark(frozen, frozen))
    worried = assess(
        sanne_and_mark(frozen, frozen, mark_intake=intake(safety_screen=screen(hurt=True)))
    )
    not_open = calm.for_viewer(A, shared, partner_open_to_joint=False).to_json()
    assert worried.for_viewer(A, shared, partner_open_to_joint=True).to_json() == not_open
    assert worried.for_viewer(A, shared, partner_open_to_joint=False).to_json() == not_open


def test_a_view_shows_none_of_the_others_unshared_values() -> None:
    result = pursuing_couple()
    view = result.for_viewer(A).to_json()
    assert set(view["partners"]) == {"a"}
    for item in view["patterns"] + view["help_criteria"]:
        assert all(e["partner"] == "a" for e in item["evidence"]), item["id"]
    # Mark's check-ins are not shared, so no pattern can rest on them.
    assert not any(p["present"] for p in view["patterns"])
    assert set(view["unknown_without_partner"]) >= {p.value for p in Pattern}


def test_a_view_shows_exactly_the_categories_the_other_shared() -> None:
    result = pursuing_couple()
    scores_only = result.for_viewer(A, [ShareCategory.DAILY_SCORES]).to_json()
    assert set(scores_only["partners"]) == {"a"}
    signals_of_b = {
        e["signal"] for p in scores_only["patterns"] for e in p["evidence"] if e["partner"] == "b"
    }
    assert "pulled_back_share" in signals_of_b
    assert "avoidance" not in signals_of_b
    assert scores_only["patterns"][0]["present"]

    tendencies_only = result.for_viewer(A, [ShareCategory.TENDENCIES]).to_json()
    assert tendencies_only["partners"]["b"]["orientation"] == "avoidant"
    assert all(
        e["partner"] == "a" or e["from"] is None
        for p in tendencies_only["patterns"]
        for e in p["evidence"]
    )


def test_a_view_never_shows_the_dates_or_counts_of_unshared_checkins() -> None:
    # Mark checks in on days Sanne does not; with nothing shared, none of his dates may show.
    mark_days = days(count=40, **WITHDRAWER)
    result = assess(sanne_and_mark(days(count=20, **PURSUER), mark_days))
    text = json.dumps(result.for_viewer(A).to_json())
    for checkin in mark_days[20:]:
        assert checkin["date"] not in text


def test_a_view_of_a_view_cannot_show_more() -> None:
    result = pursuing_couple(safety_screen=screen(hurt=True))
    once = result.for_viewer(A)
    assert once.for_viewer(A, BOTH).to_json() == once.to_json()


def test_for_viewer_refuses_someone_not_in_the_record() -> None:
    with pytest.raises(ValueError, match="partner b"):
        assess(eva()).for_viewer(B)


def test_alone_everything_that_can_be_said_is_said_and_the_rest_is_named() -> None:
    lonely = days(shares={"reached_out": 0.8, "connection": 0.0}, wants={"closer": 0.8})
    out = assess(eva(lonely, crisis=["infidelity"], distrust=8)).to_json()
    assert set(out["partners"]) == {"a"}
    assert not any(p["present"] for p in out["patterns"])
    met = {c["id"] for c in out["help_criteria"] if c["met"]}
    assert met == {"trauma_addiction_infidelity", "no_connection", "distrust_or_fear"}
    assert out["unknown_without_partner"] == [
        "pursue_withdraw",
        "emotional_freeze",
        "over_connection",
        "parallel_lives",
        "recurring_conflict",
        "emotional_shutdown",
    ]
    # No joint exercise for someone on their own.
    assert out["next_step"] == {"id": "name_the_pain", "reason": "solo_path"}


def test_a_partner_with_too_few_checkins_leaves_the_patterns_unknown() -> None:
    out = assess(sanne_and_mark(days(**PURSUER), days(count=4, **WITHDRAWER))).to_json()
    assert {p.value for p in Pattern} <= set(out["unknown_without_partner"])


def test_the_same_record_always_gives_the_same_assessment() -> None:
    assert pursuing_couple().to_json() == pursuing_couple().to_json()


def test_a_record_without_any_checkins_is_assessed_from_the_intakes() -> None:
    out = assess(sanne_and_mark([], [], sanne_intake=intake(old_pain=True))).to_json()
    assert out["next_step"] == {"id": "restore_safety", "reason": "not_enough_data"}
    assert [c["met"] for c in out["help_criteria"]] == [False, True, False, False, False]


def test_a_view_with_few_own_days_and_none_of_the_others_names_the_patterns_unknown() -> None:
    result = assess(sanne_and_mark(days(count=3), days(**WITHDRAWER)))
    view = result.for_viewer(A).to_json()
    assert {p.value for p in Pattern} <= set(view["unknown_without_partner"])

"""The ids are exactly those fixed in CONTRACTS §1, in that order."""

from enum import StrEnum

import pytest

from nabij.model.ids import (
    ConflictTopic,
    CrisisKind,
    HelpCriterion,
    Orientation,
    PartnerId,
    Pattern,
    Reaction,
    SafetyConcern,
    Step,
)

CONTRACT: list[tuple[type[StrEnum], list[str]]] = [
    (
        CrisisKind,
        [
            "infidelity",
            "addiction",
            "illness",
            "financial_stress",
            "loss",
            "major_conflict",
            "other",
        ],
    ),
    (
        Reaction,
        ["stress_response", "attachment_activation", "loss_of_predictability", "identity_stress"],
    ),
    (Orientation, ["secure", "anxious", "avoidant", "disorganized"]),
    (Pattern, ["pursue_withdraw", "emotional_freeze", "over_connection", "parallel_lives"]),
    (Step, ["restore_safety", "slow_down", "name_the_pain", "attune", "rituals", "process"]),
    (
        HelpCriterion,
        [
            "recurring_conflict",
            "trauma_addiction_infidelity",
            "emotional_shutdown",
            "no_connection",
            "distrust_or_fear",
        ],
    ),
    (SafetyConcern, ["violence", "fear_of_partner", "coercive_control", "self_harm"]),
    (
        ConflictTopic,
        [
            "money",
            "household",
            "children",
            "intimacy",
            "family",
            "work",
            "trust",
            "the_crisis",
            "other",
        ],
    ),
]


@pytest.mark.parametrize(("enum", "ids"), CONTRACT, ids=lambda v: getattr(v, "__name__", ""))
def test_ids_match_the_contract_in_order(enum: type[StrEnum], ids: list[str]) -> None:
    assert [member.value for member in enum] == ids


def test_each_partner_knows_the_other() -> None:
    assert PartnerId.A.other is PartnerId.B
    assert PartnerId.B.other is PartnerId.A

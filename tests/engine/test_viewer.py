"""A page's assessment: ``assess_for_viewer`` is exactly ``assess(...).for_viewer(...)``."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from nabij.engine.assessment import assess, assess_for_viewer
from nabij.instruments.errors import InputError
from nabij.instruments.record import record_from_json, schema
from nabij.model.ids import PartnerId, ShareCategory
from tests.personas import (
    NO_CONCERN,
    PURSUER,
    WITHDRAWER,
    days,
    eva,
    intake,
    sanne_and_mark,
)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
# schema() is a fresh copy: hypothesis-jsonschema rewrites the schema it is given.
@given(
    value=from_schema(schema()),
    shared=st.frozensets(st.sampled_from(ShareCategory)),
    open_to_joint=st.booleans(),
    split=st.sampled_from([3.5, 4.0, 5.0]),
)
def test_the_viewers_assessment_is_the_view_of_the_whole_assessment(
    value: object, shared: frozenset[ShareCategory], open_to_joint: bool, split: float
) -> None:
    try:
        record = record_from_json(value)
    except InputError:
        return  # e.g. two check-ins on one date: valid JSON Schema, refused by name.
    whole = assess(record, split)
    for partner in record.partners:
        expected = whole.for_viewer(partner.id, shared, open_to_joint)
        found = assess_for_viewer(record, partner.id, shared, open_to_joint, split)
        assert found == expected
        assert found.to_json() == expected.to_json()
        assert found.views == expected.views
        assert found.joint_allowed == expected.joint_allowed


@pytest.mark.parametrize("shared", [(), (ShareCategory.DAILY_SCORES,), tuple(ShareCategory)])
@pytest.mark.parametrize("open_to_joint", [False, True])
@pytest.mark.parametrize("mark_screen", [{}, {"controlled": True}])
def test_each_partner_of_a_couple_gets_the_same_view_either_way(
    shared: tuple[ShareCategory, ...], open_to_joint: bool, mark_screen: dict[str, bool]
) -> None:
    record = sanne_and_mark(
        days(**PURSUER),
        days(**WITHDRAWER),
        sanne_intake=intake(attachment={"anxiety": 5.6, "avoidance": 2.1}, distrust=8),
        mark_intake=intake(
            attachment={"anxiety": 2.4, "avoidance": 5.3},
            safety_screen={**NO_CONCERN, **mark_screen},
        ),
    )
    for viewer in (PartnerId.A, PartnerId.B):
        expected = assess(record).for_viewer(viewer, shared, open_to_joint)
        found = assess_for_viewer(record, viewer, shared, open_to_joint)
        assert found.to_json() == expected.to_json()
        assert found.views == expected.views
        assert found.joint_allowed == expected.joint_allowed


def test_the_viewers_assessment_refuses_someone_not_in_the_record() -> None:
    with pytest.raises(ValueError, match="not in this assessment"):
        assess_for_viewer(eva(), PartnerId.B)

"""The couple record: strict loading with JSON paths, lossless saving, merging."""

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nabij.instruments.attachment import item_ids
from nabij.instruments.errors import InputError, Problem
from nabij.instruments.record import (
    dump_record,
    merge,
    parse_record,
    record_from_json,
    record_to_json,
    schema,
)
from nabij.model.ids import PartnerId
from tests.personas import days, intake, partner

ROOT = Path(__file__).resolve().parents[2]


def valid() -> dict[str, Any]:
    item_answers = {f"anx{i}": i for i in range(1, 8)} | {f"avo{i}": 8 - i for i in range(1, 8)}
    checkins = days(count=3)
    checkins[0]["note"] = "Vandaag was zwaar."
    return {
        "format": "nabij.couple/1",
        "partners": [
            partner("a", "Sanne", intake(attachment=item_answers), checkins),
            partner("b", "Mark", intake(), days(count=2)),
        ],
    }


def mutate(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    value = valid()
    change(value)
    return value


def checkin0(value: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = value["partners"][0]["checkins"][0]
    return result


def intake0(value: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = value["partners"][0]["intake"]
    return result


BAD: list[tuple[str, Callable[[dict[str, Any]], None], Problem, str]] = [
    ("wrong format", lambda v: v.update(format="nabij.couple/2"), Problem.WRONG_FORMAT, "$.format"),
    ("no partners", lambda v: v.update(partners=[]), Problem.TOO_SHORT, "$.partners"),
    ("unknown top key", lambda v: v.update(extra=1), Problem.UNKNOWN_KEY, "$.extra"),
    (
        "rating too high",
        lambda v: checkin0(v).update(stress=11),
        Problem.OUT_OF_RANGE,
        "$.partners[0].checkins[0].stress",
    ),
    (
        "rating below zero",
        lambda v: checkin0(v).update(closeness=-1),
        Problem.OUT_OF_RANGE,
        "$.partners[0].checkins[0].closeness",
    ),
    (
        "rating not whole",
        lambda v: checkin0(v).update(safety=6.5),
        Problem.WRONG_TYPE,
        "$.partners[0].checkins[0].safety",
    ),
    (
        "bool as a rating",
        lambda v: checkin0(v).update(teamwork=True),
        Problem.WRONG_TYPE,
        "$.partners[0].checkins[0].teamwork",
    ),
    (
        "wants unknown",
        lambda v: checkin0(v).update(wants="more"),
        Problem.NOT_ALLOWED,
        "$.partners[0].checkins[0].wants",
    ),
    (
        "missing answer",
        lambda v: checkin0(v).pop("connection"),
        Problem.MISSING,
        "$.partners[0].checkins[0]",
    ),
    (
        "unknown check-in key",
        lambda v: checkin0(v).update(mood=3),
        Problem.UNKNOWN_KEY,
        "$.partners[0].checkins[0].mood",
    ),
    (
        "impossible date",
        lambda v: checkin0(v).update(date="2026-02-30"),
        Problem.BAD_DATE,
        "$.partners[0].checkins[0].date",
    ),
    (
        "date in another form",
        lambda v: checkin0(v).update(date="01-09-2026"),
        Problem.BAD_DATE,
        "$.partners[0].checkins[0].date",
    ),
    (
        "unknown topic",
        lambda v: checkin0(v).update(conflict_topic="weather"),
        Problem.NOT_ALLOWED,
        "$.partners[0].checkins[0].conflict_topic",
    ),
    (
        "note too long",
        lambda v: checkin0(v).update(note="x" * 10_001),
        Problem.TOO_LONG,
        "$.partners[0].checkins[0].note",
    ),
    (
        "empty ritual",
        lambda v: checkin0(v).update(rituals=[""]),
        Problem.TOO_SHORT,
        "$.partners[0].checkins[0].rituals[0]",
    ),
    (
        "partner id",
        lambda v: v["partners"][1].update(id="c"),
        Problem.NOT_ALLOWED,
        "$.partners[1].id",
    ),
    (
        "crisis unknown",
        lambda v: intake0(v).update(crisis=["boredom"]),
        Problem.NOT_ALLOWED,
        "$.partners[0].intake.crisis[0]",
    ),
    (
        "crisis twice",
        lambda v: intake0(v).update(crisis=["loss", "loss"]),
        Problem.DUPLICATE,
        "$.partners[0].intake.crisis",
    ),
    (
        "a reaction missing",
        lambda v: intake0(v)["reactions"].pop("identity_stress"),
        Problem.MISSING,
        "$.partners[0].intake.reactions",
    ),
    (
        "an attachment item missing",
        lambda v: intake0(v)["attachment"].pop("avo4"),
        Problem.MISSING,
        "$.partners[0].intake.attachment",
    ),
    (
        "an attachment item off the scale",
        lambda v: intake0(v)["attachment"].update(anx2=8),
        Problem.OUT_OF_RANGE,
        "$.partners[0].intake.attachment.anx2",
    ),
    (
        "an attachment score off the scale",
        lambda v: intake0(v).update(attachment={"anxiety": 0.5, "avoidance": 3}),
        Problem.OUT_OF_RANGE,
        "$.partners[0].intake.attachment.anxiety",
    ),
    (
        "one attachment score missing",
        lambda v: intake0(v).update(attachment={"anxiety": 3}),
        Problem.MISSING,
        "$.partners[0].intake.attachment",
    ),
    (
        "safety answer not yes or no",
        lambda v: intake0(v)["safety_screen"].update(hurt="no"),
        Problem.WRONG_TYPE,
        "$.partners[0].intake.safety_screen.hurt",
    ),
    (
        "the same partner twice",
        lambda v: v["partners"][1].update(id="a"),
        Problem.DUPLICATE,
        "$.partners[1].id",
    ),
    (
        "two check-ins on one day",
        lambda v: v["partners"][0]["checkins"].append(copy.deepcopy(checkin0(v))),
        Problem.DUPLICATE,
        "$.partners[0].checkins[3].date",
    ),
]


def test_a_valid_record_loads() -> None:
    record = record_from_json(valid())
    assert [p.id for p in record.partners] == [PartnerId.A, PartnerId.B]
    sanne = record.partners[0]
    assert sanne.name == "Sanne"
    assert sanne.checkins[0].note == "Vandaag was zwaar."
    assert sanne.intake.attachment.answers is not None


@pytest.mark.parametrize(("name", "change", "problem", "where"), BAD, ids=[b[0] for b in BAD])
def test_a_wrong_value_is_refused_with_its_json_path(
    name: str, change: Callable[[dict[str, Any]], None], problem: Problem, where: str
) -> None:
    with pytest.raises(InputError) as caught:
        record_from_json(mutate(change))
    assert (caught.value.problem, caught.value.where) == (problem, where), str(caught.value)


def test_the_error_message_names_the_missing_field() -> None:
    with pytest.raises(InputError, match="'connection' is missing"):
        record_from_json(mutate(lambda v: checkin0(v).pop("connection")))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", Problem.NOT_JSON),
        ('{"format": NaN}', Problem.NOT_JSON),
        ('{"format": "nabij.couple/1", "format": "nabij.couple/1"}', Problem.DUPLICATE),
        ("[]", Problem.WRONG_TYPE),
    ],
)
def test_text_that_is_not_a_record_is_refused(text: str, problem: Problem) -> None:
    with pytest.raises(InputError) as caught:
        parse_record(text)
    assert caught.value.problem is problem


def test_optional_fields_may_be_left_out() -> None:
    def strip(value: dict[str, Any]) -> None:
        for checkin in value["partners"][0]["checkins"]:
            for key in ("conflict_topic", "rituals", "note"):
                checkin.pop(key, None)
        value["partners"][0].pop("name")

    record = record_from_json(mutate(strip))
    assert record.partners[0].name is None
    assert record.partners[0].checkins[0].rituals == ()


def test_save_then_load_gives_the_same_record() -> None:
    record = record_from_json(valid())
    assert parse_record(dump_record(record)) == record
    assert record_from_json(record_to_json(record)) == record


def test_save_keeps_every_value_as_it_was_given() -> None:
    original = valid()
    saved = json.loads(dump_record(record_from_json(original)))
    assert saved == original


def test_a_check_in_filled_in_afterwards_keeps_its_mark_and_others_get_none() -> None:
    value = mutate(lambda v: checkin0(v).update(backfilled=True))
    record = record_from_json(value)
    day = record.partners[0].checkins[0].date
    assert record.partners[0].backfilled == frozenset({day})
    saved = json.loads(dump_record(record))
    assert saved == value
    assert all("backfilled" not in c for p in saved["partners"] for c in p["checkins"][1:])


def test_a_backfilled_mark_must_be_true_or_false() -> None:
    with pytest.raises(InputError) as caught:
        record_from_json(mutate(lambda v: checkin0(v).update(backfilled="yes")))
    assert caught.value.where == "$.partners[0].checkins[0].backfilled"


def test_save_keeps_attachment_scores_given_as_scores() -> None:
    value = mutate(lambda v: intake0(v).update(attachment={"anxiety": 5.25, "avoidance": 2}))
    saved = json.loads(dump_record(record_from_json(value)))
    assert saved["partners"][0]["intake"]["attachment"] == {"anxiety": 5.25, "avoidance": 2.0}


def test_two_one_partner_files_merge_into_a_couple() -> None:
    value = valid()
    sanne = record_from_json({**value, "partners": [value["partners"][0]]})
    mark = record_from_json({**value, "partners": [value["partners"][1]]})
    merged = merge([mark, sanne])
    assert merged == record_from_json(value)


def test_merging_the_same_partner_twice_is_refused() -> None:
    value = valid()
    sanne = record_from_json({**value, "partners": [value["partners"][0]]})
    with pytest.raises(InputError) as caught:
        merge([sanne, sanne])
    assert caught.value.problem is Problem.SAME_PARTNER


def test_the_published_schema_is_the_one_the_loader_uses() -> None:
    published = json.loads((ROOT / "docs" / "couple-record.schema.json").read_text("utf-8"))
    assert published == schema()


def test_the_schema_lists_every_attachment_item() -> None:
    listed = schema()["$defs"]["attachment_items"]["required"]
    assert listed == list(item_ids())


def test_a_partner_without_checkins_or_with_null_optional_texts_loads() -> None:
    def loosen(value: dict[str, Any]) -> None:
        value["partners"][1].pop("checkins")
        value["partners"][1]["name"] = None
        checkin0(value)["note"] = None

    record = record_from_json(mutate(loosen))
    mark = record.partners[1]
    assert (mark.checkins, mark.name) == ((), None)
    assert record.partners[0].checkins[0].note is None

"""The assessment JSON (``nabij.assessment/1``) keeps to its published schema (CONTRACTS §3).

Every example record is assessed, as a whole and as each partner sees it, and each result is
validated against ``docs/assessment.schema.json``. The schema's enums are compared with the
Python enums, so an id added to the engine without a schema update fails here.
"""

import json
from enum import StrEnum
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from nabij.engine import Assessment, assess
from nabij.engine.evidence import Reason, Signal
from nabij.instruments.record import parse_record
from nabij.model.ids import (
    HelpCriterion,
    Orientation,
    PartnerId,
    Pattern,
    Reaction,
    ShareCategory,
    Step,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "assessment.schema.json"
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*.json") if p.name != "expected.json")

# The groups of signal ids in the schema, each with its unit; together they hold every signal.
CHECKIN_GROUPS = ("share_signal", "mean_signal", "days_signal", "weeks_signal")
INTAKE_GROUPS = ("score_signal", "rating_signal", "flag_signal")


@cache
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(_schema(), format_checker=FormatChecker())


@cache
def _assessment(path: Path) -> Assessment:
    return assess(parse_record(path.read_text(encoding="utf-8")))


def _errors(value: dict[str, Any]) -> list[str]:
    """Return every schema error in ``value``, each with the JSON path where it is."""
    return [
        "$" + "".join(f"[{p!r}]" for p in error.absolute_path) + f": {error.message}"
        for error in _validator().iter_errors(value)
    ]


def _enum(name: str) -> list[str]:
    values: list[str] = _schema()["$defs"][name]["enum"]
    return values


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


def _example_json() -> dict[str, Any]:
    """Return a fresh assessment JSON of a two-partner example, free to change."""
    return _assessment(EXAMPLES / "mixed.json").to_json()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(_schema())
    assert _schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_there_are_example_records_to_check() -> None:
    assert len(EXAMPLE_FILES) >= 2


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_the_assessment_of_every_example_keeps_to_the_schema(path: Path) -> None:
    assert _errors(_assessment(path).to_json()) == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_each_partners_view_with_nothing_shared_keeps_to_the_schema(path: Path) -> None:
    result = _assessment(path)
    for partner in result.partners:
        view = result.for_viewer(partner.partner).to_json()
        assert _errors(view) == [], f"view of partner {partner.partner.value}"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_each_partners_view_with_scores_and_tendencies_shared_keeps_to_the_schema(
    path: Path,
) -> None:
    result = _assessment(path)
    shared = [ShareCategory.DAILY_SCORES, ShareCategory.TENDENCIES]
    for partner in result.partners:
        view = result.for_viewer(partner.partner, shared).to_json()
        assert _errors(view) == [], f"view of partner {partner.partner.value}"


def test_the_docs_schema_and_the_packaged_schema_are_identical() -> None:
    packaged = files("nabij.engine") / "data" / "assessment.schema.json"
    assert packaged.read_bytes() == SCHEMA_FILE.read_bytes()


@pytest.mark.parametrize(
    ("definition", "enum"),
    [
        ("partner_id", PartnerId),
        ("orientation", Orientation),
        ("reaction", Reaction),
        ("pattern_id", Pattern),
        ("help_criterion_id", HelpCriterion),
        ("step", Step),
        ("reason", Reason),
    ],
)
def test_each_schema_enum_lists_the_python_ids_in_order(
    definition: str, enum: type[StrEnum]
) -> None:
    assert _enum(definition) == _values(enum)


def test_the_schema_signal_groups_hold_every_signal_exactly_once() -> None:
    grouped = [value for group in CHECKIN_GROUPS + INTAKE_GROUPS for value in _enum(group)]
    assert sorted(grouped) == sorted(_values(Signal))
    refs = {ref["$ref"] for ref in _schema()["$defs"]["signal"]["anyOf"]}
    assert refs == {f"#/$defs/{group}" for group in CHECKIN_GROUPS + INTAKE_GROUPS}


def test_the_schema_intake_signals_are_the_signals_that_need_shared_tendencies() -> None:
    intake = {value for group in INTAKE_GROUPS for value in _enum(group)}
    tendencies = {s.value for s in Signal if s.category is ShareCategory.TENDENCIES}
    assert intake == tendencies


def test_the_schema_lists_patterns_and_criteria_in_the_order_of_their_ids() -> None:
    properties = _schema()["properties"]
    for key, enum in (("patterns", Pattern), ("help_criteria", HelpCriterion)):
        positions = properties[key]["prefixItems"]
        assert [item["properties"]["id"]["const"] for item in positions] == _values(enum)
        assert properties[key]["minItems"] == len(enum)
        assert properties[key]["items"] is False


def test_the_schema_rejects_an_unknown_key() -> None:
    value = _example_json()
    value["next_step"]["why"] = "because"
    assert _errors(value)


def test_the_schema_rejects_a_missing_pattern() -> None:
    value = _example_json()
    del value["patterns"][-1]
    assert _errors(value)


def test_the_schema_rejects_a_date_range_on_an_intake_answer() -> None:
    value = _example_json()
    pattern = value["patterns"][0]
    intake_evidence = next(e for e in pattern["evidence"] if e["signal"] == "anxiety")
    intake_evidence["from"] = intake_evidence["to"] = "2025-11-10"
    assert _errors(value)


def test_the_schema_rejects_a_check_in_measure_without_dates() -> None:
    value = _example_json()
    value["patterns"][0]["evidence"][0]["from"] = None
    assert _errors(value)


def test_the_schema_rejects_a_date_that_does_not_exist() -> None:
    value = _example_json()
    value["patterns"][0]["evidence"][0]["to"] = "2025-02-30"
    assert _errors(value)


def test_the_schema_rejects_a_share_above_one() -> None:
    value = _example_json()
    share = next(e for e in value["patterns"][0]["evidence"] if e["signal"].endswith("_share"))
    share["value"] = 1.5
    assert _errors(value)


def test_the_schema_rejects_a_safety_concern_visible_to_no_one() -> None:
    value = _example_json()
    value["safety"] = {"status": "concern", "visible_to": []}
    assert _errors(value)

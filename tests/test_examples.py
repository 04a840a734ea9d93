"""The example couple records in ``examples/`` show what their stories mean, and are reproducible.

``examples/expected.json`` was written from each story (what a couples therapist would see in
it); every expectation there is checked here on its own, so a failure names the one pattern,
criterion, safety status or step that the engine sees differently.
"""

import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from nabij.engine import assess
from nabij.instruments.record import parse_record

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXPECTED_FILE = EXAMPLES / "expected.json"


def _expected() -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def _assessment(name: str) -> dict[str, Any]:
    """Return the assessment JSON of one example, computed once per test session."""
    record = parse_record((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = assess(record).to_json()
    return result


def _cases() -> list[Any]:
    """Return one test case per expectation: (example, kind, id or value)."""
    cases: list[Any] = []
    for name, expected in _expected().items():
        for kind in ("patterns_present", "patterns_absent", "criteria_met", "criteria_not_met"):
            cases += [
                pytest.param(name, kind, item, id=f"{name}-{kind}-{item}")
                for item in expected[kind]
            ]
        cases.append(pytest.param(name, "safety", expected["safety"], id=f"{name}-safety"))
        if "next_step" in expected:
            cases.append(
                pytest.param(name, "next_step", expected["next_step"], id=f"{name}-next_step")
            )
    return cases


def _explain(items: list[dict[str, Any]], item_id: str) -> str:
    """Return the engine's evidence for one pattern or criterion, for a failure message."""
    found = next(i for i in items if i["id"] == item_id)
    evidence = ", ".join(
        f"{e['partner']}:{e['signal']}={e['value']}" for e in found.get("evidence", [])
    )
    confidence = f" confidence={found['confidence']}" if "confidence" in found else ""
    return f"{confidence} evidence: {evidence or '(none)'}"


@pytest.mark.parametrize(("name", "kind", "value"), _cases())
def test_example_shows_its_story(name: str, kind: str, value: str) -> None:
    result = _assessment(name)
    patterns = {p["id"]: p["present"] for p in result["patterns"]}
    criteria = {c["id"]: c["met"] for c in result["help_criteria"]}
    if kind == "patterns_present":
        assert patterns[value], (
            f"{name}: pattern {value} should be present;{_explain(result['patterns'], value)}"
        )
    elif kind == "patterns_absent":
        assert not patterns[value], (
            f"{name}: pattern {value} should be absent;{_explain(result['patterns'], value)}"
        )
    elif kind == "criteria_met":
        assert criteria[value], f"{name}: help criterion {value} should be met"
    elif kind == "criteria_not_met":
        assert not criteria[value], (
            f"{name}: help criterion {value} should not be met;"
            f"{_explain(result['help_criteria'], value)}"
        )
    elif kind == "safety":
        assert result["safety"]["status"] == value, (
            f"{name}: safety should be {value}, engine says {result['safety']}"
        )
    else:
        assert result["next_step"]["id"] == value, (
            f"{name}: next step should be {value}, engine says {result['next_step']}"
        )


def test_expected_lists_every_pattern_for_every_example() -> None:
    all_patterns = {"pursue_withdraw", "emotional_freeze", "over_connection", "parallel_lives"}
    for name, expected in _expected().items():
        listed = set(expected["patterns_present"]) | set(expected["patterns_absent"])
        assert listed == all_patterns, f"{name}: patterns not decided: {all_patterns - listed}"
        both = set(expected["patterns_present"]) & set(expected["patterns_absent"])
        assert not both, f"{name}: patterns both present and absent: {both}"
        both = set(expected["criteria_met"]) & set(expected["criteria_not_met"])
        assert not both, f"{name}: criteria both met and not met: {both}"


def test_every_example_has_expectations() -> None:
    examples = {p.stem for p in EXAMPLES.glob("*.json") if p != EXPECTED_FILE}
    expected = set(_expected())
    assert examples - expected == set(), (
        f"examples without an entry in expected.json: {examples - expected}"
    )
    assert expected - examples == set(), (
        f"entries in expected.json without a file: {expected - examples}"
    )


def _make_examples() -> ModuleType:
    """Import ``examples/make_examples.py`` from its path: ``examples/`` is not a package."""
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_examples_reproduces_the_files_byte_for_byte(tmp_path: Path) -> None:
    written = _make_examples().write_examples(tmp_path)
    committed = {p.name for p in EXAMPLES.glob("*.json") if p != EXPECTED_FILE}
    assert {p.name for p in written} == committed
    for path in written:
        assert path.read_bytes() == (EXAMPLES / path.name).read_bytes(), (
            f"{path.name} differs from what make_examples.py writes; run it again"
        )

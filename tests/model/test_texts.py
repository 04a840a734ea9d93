"""Every id has its words in Dutch and in English, and the data files agree with each other."""

import tomllib
from collections.abc import Iterator, Mapping
from datetime import date
from enum import StrEnum
from importlib.resources import files
from typing import Any

import pytest

from nabij.engine.evidence import Reason, Signal
from nabij.model.ids import (
    ConflictTopic,
    CrisisKind,
    Dimension,
    HelpCriterion,
    Lang,
    Orientation,
    Pattern,
    Reaction,
    SafetyConcern,
    ShareCategory,
    Step,
    Wants,
)
from nabij.model.texts import load_texts, model_text

MODEL_TABLES: list[tuple[str, type[StrEnum], tuple[str, ...]]] = [
    ("crisis", CrisisKind, ("name", "explanation")),
    ("reaction", Reaction, ("name", "explanation")),
    ("dimension", Dimension, ("name", "explanation", "low", "high")),
    ("orientation", Orientation, ("name", "explanation")),
    ("pattern", Pattern, ("name", "explanation", "inside", "helps")),
    ("step", Step, ("name", "explanation", "practice")),
    ("criterion", HelpCriterion, ("name", "explanation")),
    ("concern", SafetyConcern, ("name", "explanation")),
    ("topic", ConflictTopic, ("name",)),
    ("wants", Wants, ("name",)),
    ("share", ShareCategory, ("name", "explanation")),
]


def leaves(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in table.items():
        if isinstance(value, Mapping):
            yield from leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


@pytest.mark.parametrize("package", ["nabij.model", "nabij.engine", "nabij.instruments"])
def test_dutch_and_english_have_the_same_texts(package: str) -> None:
    nl = dict(leaves(load_texts(package, Lang.NL)))
    en = dict(leaves(load_texts(package, Lang.EN)))
    assert sorted(nl) == sorted(en)
    for key, value in nl.items():
        assert type(value) is type(en[key]), key
        if isinstance(value, str):
            assert value.strip(), f"{package} {key} is empty"
            assert value != en[key] or len(value) < 4, f"{package} {key} is not translated"


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize(("table", "ids", "fields"), MODEL_TABLES, ids=lambda v: str(v)[:20])
def test_every_model_id_has_its_words(
    lang: Lang, table: str, ids: type[StrEnum], fields: tuple[str, ...]
) -> None:
    texts = load_texts("nabij.model", lang)[table]
    assert sorted(texts) == sorted(member.value for member in ids)
    for member in ids:
        for field in fields:
            assert model_text(lang, table, member.value, field).strip()


@pytest.mark.parametrize("lang", list(Lang))
def test_every_signal_and_reason_has_its_words(lang: Lang) -> None:
    texts = load_texts("nabij.engine", lang)
    assert sorted(texts["signal"]) == sorted(s.value for s in Signal)
    assert sorted(texts["reason"]) == sorted(r.value for r in Reason)


@pytest.mark.parametrize("lang", list(Lang))
def test_every_question_of_the_intake_and_checkin_has_its_words(lang: Lang) -> None:
    texts = load_texts("nabij.instruments", lang)
    assert sorted(texts["intake"]["reactions"]) == sorted(r.value for r in Reaction)
    assert len(texts["attachment"]["scale"]) == 7
    for key in ("closeness", "safety", "stress", "teamwork", "own_space", "wants", "note"):
        assert texts["checkin"][key].strip()


def test_a_missing_text_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        model_text(Lang.NL, "pattern", "no_such_pattern", "name")


def test_the_crisis_lines_are_dated_and_cover_every_concern_in_both_countries() -> None:
    with (files("nabij.model") / "data" / "crisis_lines.toml").open("rb") as handle:
        data = tomllib.load(handle)
    assert isinstance(data["checked"], date)
    for country in ("NL", "BE"):
        lines = [line for line in data["line"] if line["country"] == country]
        covered = {concern for line in lines for concern in line["concerns"]}
        assert covered == {c.value for c in SafetyConcern}, country
    for line in data["line"]:
        assert set(line["concerns"]) <= {c.value for c in SafetyConcern}
        assert line["name"]["nl"]
        assert line["name"]["en"]
        assert line["description"]["nl"]
        assert line["description"]["en"]
    numbers = {line["number"] for line in data["line"]}
    assert {"112", "0800-2000", "113", "0800-0113", "1712", "1813"} <= numbers

"""The documentation in ``docs/`` keeps up with the code it describes.

Each test reads the source of truth (data files, enums, constants, the code itself) and fails
when the documentation leaves something out or states it differently.
"""

import json
import re
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from nabij.coach.labels import Label, Safety
from nabij.engine import thresholds
from nabij.engine.evidence import Reason, Signal
from nabij.instruments.record import parse_record
from nabij.model.ids import Orientation, Reaction, ShareCategory, Wants
from nabij.settings import load
from nabij.store import couples, retention
from nabij.web import upkeep
from tests import export_schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "nabij"
INSTRUMENT_DATA = SRC / "instruments" / "data"


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _threshold_constants() -> dict[str, object]:
    return {name: value for name, value in vars(thresholds).items() if name.isupper()}


# --- attachment-items.md ---------------------------------------------------------------------


def _attachment_rows() -> list[str]:
    """Return the table row each attachment item must have, built from the data files."""
    items = _toml(INSTRUMENT_DATA / "attachment.toml")["items"]
    nl = _toml(INSTRUMENT_DATA / "nl.toml")["attachment"]["items"]
    en = _toml(INSTRUMENT_DATA / "en.toml")["attachment"]["items"]
    return [
        f"| `{item_id}` | {spec['dimension']} | {'yes' if spec['reverse'] else 'no'} "
        f"| {nl[item_id]} | {en[item_id]} |"
        for item_id, spec in items.items()
    ]


def test_every_attachment_item_appears_with_its_exact_dutch_and_english_text() -> None:
    doc = _doc("attachment-items.md")
    rows = _attachment_rows()
    assert len(rows) == 14
    missing = [row for row in rows if row not in doc.splitlines()]
    assert missing == [], "docs/attachment-items.md differs from the data files"


def test_the_attachment_doc_lists_the_scale_labels_in_both_languages() -> None:
    doc = _doc("attachment-items.md").splitlines()
    nl = _toml(INSTRUMENT_DATA / "nl.toml")["attachment"]["scale"]
    en = _toml(INSTRUMENT_DATA / "en.toml")["attachment"]["scale"]
    for answer, (dutch, english) in enumerate(zip(nl, en, strict=True), start=1):
        assert f"| {answer} | {dutch} | {english} |" in doc


def test_the_attachment_doc_says_the_questions_are_not_a_validated_test() -> None:
    assert "not a validated" in _doc("attachment-items.md")


# --- assessment.md ---------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", [*Signal, *Reason], ids=str)
def test_every_signal_and_reason_id_is_explained_in_the_assessment_doc(
    identifier: Signal | Reason,
) -> None:
    assert f"`{identifier.value}`" in _doc("assessment.md")


def test_every_signal_has_a_row_in_the_signal_table() -> None:
    doc = _doc("assessment.md")
    missing = [s.value for s in Signal if not re.search(rf"^\| `{s.value}` \| ", doc, re.M)]
    assert missing == []


@pytest.mark.parametrize("name", sorted(_threshold_constants()))
def test_every_threshold_is_in_the_assessment_doc_with_its_value(name: str) -> None:
    value = _threshold_constants()[name]
    doc = _doc("assessment.md")
    assert f"`{name}`" in doc
    assert f"| `{name}` | {value!r} |" in doc, (
        f"docs/assessment.md should have a table row for {name} with the value {value!r}"
    )


# --- settings.md -----------------------------------------------------------------------------


def _setting_names_in_source() -> set[str]:
    names: set[str] = set()
    for path in SRC.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".mo":
            names |= set(re.findall(r"NABIJ_[A-Z0-9_]+", path.read_text(errors="replace")))
    return names


def test_the_code_reads_at_least_one_setting() -> None:
    assert "NABIJ_TIMEZONE" in _setting_names_in_source()


def test_every_setting_named_in_the_code_is_documented() -> None:
    doc = _doc("settings.md")
    undocumented = sorted(n for n in _setting_names_in_source() if f"| `{n}` |" not in doc)
    assert undocumented == [], "add these settings to docs/settings.md"


# --- couple-record.md and links --------------------------------------------------------------


def test_the_couple_record_example_is_a_valid_record_of_one_partner_with_two_checkins() -> None:
    blocks = re.findall(r"```json\n(.*?)```", _doc("couple-record.md"), re.S)
    assert len(blocks) == 1
    record = parse_record(blocks[0])
    assert len(record.partners) == 1
    assert len(record.partners[0].checkins) == 2
    assert json.loads(blocks[0])["format"] == "nabij.couple/1"


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_every_relative_link_in_the_docs_leads_to_a_file(page: str) -> None:
    targets = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", _doc(page))
    broken = [t for t in targets if not (DOCS / t).exists()]
    assert broken == []


# --- coach-labels.md -------------------------------------------------------------------------

EXAMPLES_PER_LANGUAGE = 5


def _coach_sections() -> dict[str, str]:
    """Return the text under each ``### `id` …`` heading of docs/coach-labels.md, by id."""
    parts = re.split(r"^### `([a-z_]+)`.*$", _doc("coach-labels.md"), flags=re.M)
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    # A section ends at the next heading of any level.
    return {key: re.split(r"^#{1,3} ", text, flags=re.M)[0] for key, text in sections.items()}


def _example_rows(text: str, lang: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith(f"| {lang} | ")
    ]


def test_the_coach_labels_doc_has_a_section_for_every_label_in_contract_order() -> None:
    assert list(_coach_sections()) == [label.value for label in Label]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("label", list(Label), ids=str)
def test_every_coach_label_has_at_least_five_examples_per_language(label: Label, lang: str) -> None:
    section = _coach_sections()[label.value]
    assert "**Include:**" in section
    assert "**Exclude:**" in section
    rows = _example_rows(section, lang)
    assert len(rows) >= EXAMPLES_PER_LANGUAGE, f"{label}: {len(rows)} {lang} examples"
    for _lang, message, labels in rows:
        assert message
        # Every example of a section carries that section's label; any others must be real ids.
        found = re.findall(r"`([a-z_]+)`", labels)
        assert label.value in found, message
        assert set(found) <= {lb.value for lb in Label} | {s.value for s in Safety}, message


def test_the_coach_labels_doc_shows_combinations_in_both_languages() -> None:
    for lang in ("nl", "en"):
        rows = [row for text in _coach_sections().values() for row in _example_rows(text, lang)]
        combined = [row for row in rows if len(re.findall(r"`([a-z_]+)`", row[2])) > 1]
        assert len(combined) >= len(Label), lang


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_coach_labels_doc_gives_safety_examples_of_both_kinds(lang: str) -> None:
    doc = _doc("coach-labels.md")
    safety = doc[doc.index("## Safety") :]
    rows = _example_rows(safety, lang)
    assert len(rows) >= EXAMPLES_PER_LANGUAGE
    for kind in (Safety.HARM_THREAT, Safety.SELF_HARM):
        assert any(f"safety `{kind.value}`" in labels for _l, _m, labels in rows), kind


# --- export.md -------------------------------------------------------------------------------


def test_the_archive_example_keeps_to_the_published_schema() -> None:
    blocks = re.findall(r"```json\n(.*?)```", _doc("export.md"), re.S)
    assert len(blocks) == 1
    example = json.loads(blocks[0])
    assert example["format"] == "nabij.export/1"
    assert export_schema.problems(example) == []
    # The schema really is applied, down into the couple record's check-ins it refers to.
    example["checkins_without_intake"][0]["closeness"] = 11
    assert export_schema.problems(example) != []


@pytest.mark.parametrize(
    "section", ["Top level", "`account`", "`shares`", "`shared_with_me`"], ids=str
)
def test_every_archive_field_is_explained_in_the_export_doc(section: str) -> None:
    definitions = export_schema.schema()["$defs"]
    properties = {
        "Top level": export_schema.schema()["properties"],
        "`account`": definitions["account"]["properties"],
        "`shares`": definitions["shares"]["properties"],
        "`shared_with_me`": definitions["shared_with_me"]["properties"],
    }[section]
    doc = _doc("export.md")
    text = doc[doc.index(f"## {section}") :].split("\n## ")[0]
    missing = [name for name in properties if f"| `{name}` |" not in text]
    assert missing == []


@pytest.mark.parametrize(
    ("definition", "enum"),
    [
        ("share_category", ShareCategory),
        ("orientation", Orientation),
        ("reaction", Reaction),
        ("wants", Wants),
    ],
)
def test_each_archive_schema_enum_lists_the_python_ids_in_order(
    definition: str, enum: type[StrEnum]
) -> None:
    assert export_schema.schema()["$defs"][definition]["enum"] == [e.value for e in enum]


# --- retention.md ----------------------------------------------------------------------------


def test_the_retention_doc_has_a_row_for_every_kind_the_purge_removes() -> None:
    rows = [line for line in _doc("retention.md").splitlines() if line.startswith("| ")]
    for kind in retention.KINDS:
        assert any(line.endswith(f"| `{kind}` |") for line in rows), kind


def test_the_retention_doc_states_the_times_the_code_keeps() -> None:
    doc = _doc("retention.md")
    defaults = load({})
    assert f"**{retention.DEVICE_DETAILS_KEPT.days} days**" in doc
    assert upkeep.EVERY.total_seconds() == 3600
    assert "at most once an hour" in doc
    assert f"{defaults.session_idle_minutes} minutes without use" in doc
    assert f"{defaults.session_max_hours} hours at most" in doc
    assert f"{int(couples.VALID_FOR.total_seconds() // 3600)} hours" in doc
    assert f"after {couples.MAX_ATTEMPTS} wrong tries" in doc

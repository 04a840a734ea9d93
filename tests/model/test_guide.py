"""The step guides: complete in both languages, shaped for a phone, safe and non-blaming."""

import re
import tomllib
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from nabij.model import guide as guide_module
from nabij.model.guide import (
    QUESTION_STEPS,
    RITUAL_MAX_CHARS,
    SAFETY_NOTE_STEPS,
    GuideError,
    StepGuide,
    guide,
    guide_headings,
    ritual_ideas,
    rituals,
)
from nabij.model.ids import Lang, Step
from nabij.model.texts import model_text

DATA = Path(str(files("nabij.model") / "data"))
DOCS = Path(__file__).resolve().parents[2] / "docs"
# Phrases that point a finger; no content text may contain one (lower-cased match).
BLAMING = ("jouw schuld", "your fault", "you always", "jij altijd")


def _texts(entry: StepGuide) -> Iterator[str]:
    yield entry.title
    yield from (*entry.what, *entry.why, *entry.today, *entry.together, entry.get_help)
    if entry.safety_first is not None:
        yield entry.safety_first
    yield from entry.questions


def _all_texts(lang: Lang) -> list[str]:
    heads = guide_headings(lang)
    texts = [getattr(heads, name) for name in heads.__dataclass_fields__]
    return texts + [t for step in Step for t in _texts(guide(step, lang))] + list(rituals(lang))


def _shape(node: Any) -> Any:
    """Return the keys and list lengths of a parsed file, without its words."""
    if isinstance(node, dict):
        return {key: _shape(value) for key, value in node.items()}
    if isinstance(node, list):
        return len(node)
    return type(node).__name__


def _crisis_numbers() -> list[str]:
    with (DATA / "crisis_lines.toml").open("rb") as handle:
        return [line["number"] for line in tomllib.load(handle)["line"]]


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("step", list(Step))
def test_it_has_a_full_guide_for_every_step_in_both_languages(step: Step, lang: Lang) -> None:
    entry = guide(step, lang)
    assert entry.step is step
    assert entry.lang is lang
    assert all(text.strip() for text in _texts(entry))
    assert 2 <= len(entry.what) <= 4
    assert 1 <= len(entry.why) <= 3
    assert 3 <= len(entry.today) <= 5, "solo use must be complete: 3–5 things to do alone"
    assert 2 <= len(entry.together) <= 3


def test_dutch_and_english_guides_have_the_same_keys_and_list_lengths() -> None:
    shapes = []
    for lang in Lang:
        with (DATA / f"guide.{lang.value}.toml").open("rb") as handle:
            shapes.append(_shape(tomllib.load(handle)))
    assert shapes[0] == shapes[1]


@pytest.mark.parametrize("lang", list(Lang))
def test_the_english_guide_is_translated_not_copied(lang: Lang) -> None:
    other = Lang.EN if lang is Lang.NL else Lang.NL
    copied = set(_all_texts(lang)) & set(_all_texts(other))
    assert copied == set()


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("step", list(Step))
def test_when_to_get_help_is_said_in_one_or_two_sentences(step: Step, lang: Lang) -> None:
    sentences = re.findall(r"[.!?](?:\s|$)", guide(step, lang).get_help)
    assert 1 <= len(sentences) <= 2


@pytest.mark.parametrize("lang", list(Lang))
def test_only_restore_safety_has_a_safety_first_note_that_points_to_the_helplines(
    lang: Lang,
) -> None:
    assert {Step.RESTORE_SAFETY} == SAFETY_NOTE_STEPS
    note = guide(Step.RESTORE_SAFETY, lang).safety_first
    assert note is not None
    words = {
        Lang.NL: ("geweld", "bang", "hulplijnen"),
        Lang.EN: ("violence", "afraid", "helplines"),
    }
    assert all(word in note for word in words[lang])
    others = [s for s in Step if s is not Step.RESTORE_SAFETY]
    assert all(guide(s, lang).safety_first is None for s in others)


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("step", [Step.RESTORE_SAFETY, Step.PROCESS])
def test_the_steps_where_it_matters_say_when_to_stop_for_safety(step: Step, lang: Lang) -> None:
    pointer = {Lang.NL: "pagina met hulplijnen", Lang.EN: "page with helplines"}[lang]
    assert pointer in guide(step, lang).get_help


@pytest.mark.parametrize("lang", list(Lang))
def test_only_process_has_the_four_questions(lang: Lang) -> None:
    assert {Step.PROCESS} == QUESTION_STEPS
    questions = guide(Step.PROCESS, lang).questions
    assert len(questions) == 4
    assert all(question.endswith("?") for question in questions)
    assert all(guide(s, lang).questions == () for s in Step if s is not Step.PROCESS)


def test_the_rituals_are_about_twelve_short_ideas_with_the_same_ids_in_both_languages() -> None:
    nl, en = ritual_ideas(Lang.NL), ritual_ideas(Lang.EN)
    assert [idea.id for idea in nl] == [idea.id for idea in en]
    assert 10 <= len(nl) <= 15
    assert len({idea.id for idea in nl}) == len(nl)
    for lang, ideas in ((Lang.NL, nl), (Lang.EN, en)):
        assert rituals(lang) == tuple(idea.text for idea in ideas)
        assert all(0 < len(text) <= RITUAL_MAX_CHARS for text in rituals(lang))


@pytest.mark.parametrize("lang", list(Lang))
def test_no_guide_text_repeats_a_crisis_line_number(lang: Lang) -> None:
    numbers = _crisis_numbers()
    assert "0800-2000" in numbers  # the check below is only as good as this list
    found = [
        (number, text)
        for text in _all_texts(lang)
        for number in numbers
        if re.search(rf"(?<![\d-]){re.escape(number)}(?![\d-])", text)
    ]
    assert found == []


@pytest.mark.parametrize("lang", list(Lang))
def test_no_guide_text_uses_a_blaming_phrase(lang: Lang) -> None:
    found = [t for t in _all_texts(lang) if any(p in t.lower() for p in BLAMING)]
    assert found == []


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("step", list(Step))
def test_the_guide_deepens_the_short_step_texts_instead_of_repeating_them(
    step: Step, lang: Lang
) -> None:
    short = " ".join(model_text(lang, "step", step.value, f) for f in ("explanation", "practice"))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", short) if len(s.strip()) > 30]
    page = " ".join(_texts(guide(step, lang)))
    assert [s for s in sentences if s in page] == []


# --- a broken data file is refused with the file and the key ---------------------------------


@pytest.fixture
def dutch_guide_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the loader at a copy of the Dutch guide that a test may break."""
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "guide.nl.toml"
    target.write_text((DATA / "guide.nl.toml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(guide_module, "files", lambda _package: tmp_path)
    guide_module._load.cache_clear()
    yield target
    guide_module._load.cache_clear()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "Het tempo eruit halen"\n', "", r"step\.slow_down.*'title'"),
        (
            'title = "Het tempo eruit halen"\n',
            'title = "Het tempo eruit halen"\nquestions = ["a?", "b?", "c?", "d?"]\n',
            r"slow_down.*only.*'questions'",
        ),
        ("[step.attune]", "[step.attunement]", "six steps"),
        ('hold_hands = "Even elkaars hand vasthouden"', f'hold_hands = "{"x" * 61}"', "hold_hands"),
        ("[headings]\n", "[headings]\nextra = 'x'\n", "headings"),
    ],
    ids=["missing title", "questions on the wrong step", "unknown step", "long ritual", "extra"],
)
def test_a_broken_guide_file_is_refused_naming_where(
    dutch_guide_file: Path, old: str, new: str, message: str
) -> None:
    text = dutch_guide_file.read_text(encoding="utf-8")
    assert old in text
    dutch_guide_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(GuideError, match=message):
        guide(Step.SLOW_DOWN, Lang.NL)


def test_an_unbroken_copy_loads_so_the_refusals_above_come_from_the_edits(
    dutch_guide_file: Path,
) -> None:
    assert guide(Step.SLOW_DOWN, Lang.NL).title == "Het tempo eruit halen"


def test_the_content_page_documents_the_guide_files_and_loader() -> None:
    doc = (DOCS / "content.md").read_text(encoding="utf-8")
    for name in ("guide.nl.toml", "guide.en.toml", "nabij.model.guide.guide", "rituals"):
        assert f"`{name}" in doc, name

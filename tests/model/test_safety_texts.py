"""The safety page and pause texts: believing, complete, and a pause that gives nothing away."""

import inspect
import re
import tomllib
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from nabij.model import safety as safety_module
from nabij.model.ids import Lang
from nabij.model.safety import (
    SAFETY_RECHECK_AT_MOST,
    SafetyTextError,
    SafetyTexts,
    pause_message,
    safety_texts,
)

DATA = Path(str(files("nabij.model") / "data"))
DOCS = Path(__file__).resolve().parents[2] / "docs"
BLAMING = ("jouw schuld", "your fault", "you always", "jij altijd")
# Words that would hint at why joint exercises were paused. The pause message is the same for
# every reason, so it may contain none of them (matched as word starts, lower-cased).
REASON_WORDS = {
    Lang.NL: ("veilig", "onveilig", "geweld", "angst", "bang", "controle", "dwang", "stress",
              "spanning", "zorg", "gevaar", "zelfdoding", "hulplijn"),
    Lang.EN: ("safe", "unsafe", "violen", "fear", "afraid", "control", "coerc", "stress",
              "tension", "concern", "worr", "danger", "harm", "helpline"),
}  # fmt: skip


def _texts(entry: SafetyTexts) -> list[str]:
    texts = [entry.title, *entry.intro, entry.lines_pointer]
    for block in (entry.changes, entry.browsing):
        texts += [block.heading, *block.items]
    texts += [entry.pause.title, *entry.pause.body]
    recheck = entry.recheck
    return [*texts, recheck.prompt, recheck.accept, recheck.decline, recheck.later]


def _shape(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _shape(value) for key, value in node.items()}
    if isinstance(node, list):
        return len(node)
    return type(node).__name__


@pytest.mark.parametrize("lang", list(Lang))
def test_the_pause_message_names_no_reason(lang: Lang) -> None:
    message = pause_message(lang)
    words = " ".join([message.title, *message.body]).lower()
    hints = [w for w in REASON_WORDS[lang] if re.search(rf"\b{w}", words)]
    assert hints == []
    assert "{" not in words, "a placeholder could carry a reason into the message"


def test_the_pause_message_cannot_be_asked_for_a_reason() -> None:
    assert list(inspect.signature(pause_message).parameters) == ["lang"]


@pytest.mark.parametrize("lang", list(Lang))
def test_the_pause_message_says_pausing_is_normal_and_solo_use_goes_on(lang: Lang) -> None:
    message = pause_message(lang)
    assert message == safety_texts(lang).pause
    body = " ".join(message.body).lower()
    normal, solo = {Lang.NL: ("gewoon", "alleen"), Lang.EN: ("normal", "on your own")}[lang]
    assert normal in body
    assert solo in body


@pytest.mark.parametrize("lang", list(Lang))
def test_the_page_believes_you_and_says_it_is_not_on_you(lang: Lang) -> None:
    texts = safety_texts(lang)
    intro = " ".join(texts.intro).lower()
    phrases = {Lang.NL: ("ligt niet aan jou", "serieus"), Lang.EN: ("not on you", "seriously")}
    assert all(phrase in intro for phrase in phrases[lang])
    pointer = {Lang.NL: "pagina met hulplijnen", Lang.EN: "page with helplines"}[lang]
    assert pointer in texts.lines_pointer


@pytest.mark.parametrize("lang", list(Lang))
def test_the_page_says_joint_exercises_pause_for_both_and_the_partner_is_not_told_why(
    lang: Lang,
) -> None:
    changes = " ".join(safety_texts(lang).changes.items).lower()
    phrases = {
        Lang.NL: ("allebei op pauze", "hoort niet waarom", "nooit gedeeld"),
        Lang.EN: ("paused for both", "not told why", "never shared"),
    }
    assert [p for p in phrases[lang] if p not in changes] == []


@pytest.mark.parametrize("lang", list(Lang))
def test_the_browsing_note_covers_history_private_windows_shared_devices_and_the_quick_exit(
    lang: Lang,
) -> None:
    browsing = " ".join(safety_texts(lang).browsing.items).lower()
    phrases = {
        Lang.NL: ("geschiedenis", "privévenster", "deel je een telefoon", "snel weg"),
        Lang.EN: ("history", "private", "share a phone", "leave quickly"),
    }
    assert [p for p in phrases[lang] if p not in browsing] == []


@pytest.mark.parametrize("lang", list(Lang))
def test_the_recheck_is_an_offer_not_an_alarm(lang: Lang) -> None:
    recheck = safety_texts(lang).recheck
    assert "?" in recheck.prompt
    assert "!" not in recheck.prompt
    assert recheck.accept != recheck.decline
    private = {Lang.NL: "alleen bij jou", Lang.EN: "with you alone"}[lang]
    assert private in recheck.prompt


def test_the_recheck_is_offered_at_a_felt_safety_of_two_or_lower() -> None:
    # Issue 4, point 11; the data files say the same in their comments.
    assert SAFETY_RECHECK_AT_MOST == 2
    assert 0 <= SAFETY_RECHECK_AT_MOST <= 10


def test_dutch_and_english_safety_files_have_the_same_keys_and_list_lengths() -> None:
    shapes = []
    for lang in Lang:
        with (DATA / f"safety.{lang.value}.toml").open("rb") as handle:
            shapes.append(_shape(tomllib.load(handle)))
    assert shapes[0] == shapes[1]
    assert set(_texts(safety_texts(Lang.NL))).isdisjoint(_texts(safety_texts(Lang.EN)))


@pytest.mark.parametrize("lang", list(Lang))
def test_no_safety_text_repeats_a_crisis_line_number(lang: Lang) -> None:
    with (DATA / "crisis_lines.toml").open("rb") as handle:
        numbers = [line["number"] for line in tomllib.load(handle)["line"]]
    assert "1813" in numbers
    found = [
        (number, text)
        for text in _texts(safety_texts(lang))
        for number in numbers
        if re.search(rf"(?<![\d-]){re.escape(number)}(?![\d-])", text)
    ]
    assert found == []


@pytest.mark.parametrize("lang", list(Lang))
def test_no_safety_text_uses_a_blaming_phrase(lang: Lang) -> None:
    texts = _texts(safety_texts(lang))
    assert [t for t in texts if any(p in t.lower() for p in BLAMING)] == []


# --- a broken data file is refused ----------------------------------------------------------


@pytest.fixture
def dutch_safety_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the loader at a copy of the Dutch safety texts that a test may break."""
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "safety.nl.toml"
    target.write_bytes((DATA / "safety.nl.toml").read_bytes())
    monkeypatch.setattr(safety_module, "files", lambda _package: tmp_path)
    safety_texts.cache_clear()
    yield target
    safety_texts.cache_clear()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('decline = "Nu niet"\n', "", r"\[recheck\]"),
        ("[pause]\ntitle", "[pause]\nreason = 'x'\ntitle", r"\[pause\]"),
        ('heading = "Veilig rondkijken"', 'heading = ""', r"\[browsing\].*'heading'"),
        ("[browsing]", "[browse]", "tables"),
    ],
    ids=["missing key", "extra key", "empty heading", "unknown table"],
)
def test_a_broken_safety_file_is_refused_naming_the_key(
    dutch_safety_file: Path, old: str, new: str, message: str
) -> None:
    text = dutch_safety_file.read_text(encoding="utf-8")
    assert old in text
    dutch_safety_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SafetyTextError, match=message):
        safety_texts(Lang.NL)


def test_an_unbroken_copy_loads_so_the_refusals_above_come_from_the_edits(
    dutch_safety_file: Path,
) -> None:
    assert safety_texts(Lang.NL).recheck.decline == "Nu niet"


def test_the_content_page_documents_the_safety_files_and_loader() -> None:
    doc = (DOCS / "content.md").read_text(encoding="utf-8")
    for name in ("safety.nl.toml", "safety.en.toml", "nabij.model.safety.safety_texts"):
        assert f"`{name}`" in doc, name

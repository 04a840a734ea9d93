"""Every coach label has its name and explanation in Dutch and English, and so does safety."""

import pytest

from nabij.coach.labels import WALLS, Label
from nabij.coach.texts import PACKAGE, explanation, name, safety_text, safety_title
from nabij.model.ids import Lang
from nabij.model.texts import load_texts
from tests.model.test_texts import leaves


def test_dutch_and_english_have_the_same_coach_texts() -> None:
    nl = dict(leaves(load_texts(PACKAGE, Lang.NL)))
    en = dict(leaves(load_texts(PACKAGE, Lang.EN)))
    assert sorted(nl) == sorted(en)
    for key, value in nl.items():
        assert isinstance(value, str), key
        assert value.strip(), f"{key} is empty in Dutch"
        assert en[key].strip(), f"{key} is empty in English"
        assert value != en[key] or len(value) < 4, f"{key} is not translated"


@pytest.mark.parametrize("lang", list(Lang))
def test_the_data_file_has_exactly_the_eleven_labels(lang: Lang) -> None:
    assert list(load_texts(PACKAGE, lang)["label"]) == [label.value for label in Label]


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("label", list(Label), ids=str)
def test_every_label_has_a_name_and_one_short_explanation(label: Label, lang: Lang) -> None:
    assert name(label, lang).strip()
    sentence = explanation(label, lang)
    assert sentence.endswith(".")
    # One sentence: no full stop before the end.
    assert "." not in sentence[:-1]
    assert len(sentence) < 250


@pytest.mark.parametrize("lang", list(Lang))
def test_the_explanation_of_a_wall_says_the_feeling_beneath_makes_sense(lang: Lang) -> None:
    kind = {
        Lang.NL: ("echt", "begrijpelijk", "begrijpen", "menselijk"),
        Lang.EN: ("real", "makes sense", "understandable", "human"),
    }[lang]
    for wall in WALLS:
        assert any(word in explanation(wall, lang) for word in kind), wall


def test_the_names_differ_between_labels() -> None:
    for lang in Lang:
        assert len({name(label, lang) for label in Label}) == len(Label)


@pytest.mark.parametrize("lang", list(Lang))
def test_the_safety_note_has_a_title_and_says_help_is_there(lang: Lang) -> None:
    assert safety_title(lang).strip()
    assert {Lang.NL: "hulp", Lang.EN: "help"}[lang] in safety_text(lang)

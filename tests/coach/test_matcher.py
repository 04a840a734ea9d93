"""The pattern language of the rule files, and the matcher that reads it."""

import pytest

from nabij.coach.matcher import PatternError, build, find, occurs
from nabij.coach.tokens import tokenize
from nabij.model.ids import Lang


def finds(
    pattern: str, text: str, lists: dict[str, list[str]] | None = None, lang: Lang = Lang.NL
) -> bool:
    return occurs(build([(pattern, 0)], lists or {}), tokenize(text, lang, {}))


def test_a_word_matches_as_written_or_as_its_lemma() -> None:
    assert finds("luistert", "je luistert nooit")
    assert finds("luisteren", "je luisterde nooit")
    assert not finds("luisteren", "je kijkt nooit")


def test_a_gap_allows_up_to_that_many_words_within_a_sentence() -> None:
    assert finds("je ~2 nooit", "je luistert echt nooit")
    assert not finds("je ~1 nooit", "je luistert echt nooit")
    assert not finds("je ~5 nooit", "je luistert. Nooit")


def test_choices_lists_prefixes_and_optional_words() -> None:
    assert finds("je ~2 @altijd", "je bent altijd laat", {"altijd": ["altijd", "nooit"]})
    assert finds("jij|je bent", "jij bent lief")
    assert finds("ego*", "zo egoïstisch")
    assert finds("ik ?echt hou", "ik hou")
    assert finds("ik ?echt hou", "ik echt hou")
    assert finds("_ laat", "nou laat")


def test_an_equals_sign_matches_only_the_word_as_written() -> None:
    assert finds("i", "blame me", lang=Lang.EN)  # "me" has the lemma "i"
    assert not finds("=i", "blame me", lang=Lang.EN)


def test_a_lone_question_mark_is_the_question_mark() -> None:
    assert finds("?", "kom je?")
    assert not finds("?", "kom je.")


def test_words_never_match_inside_other_words() -> None:
    assert not finds("jij", "jijzelf")
    assert not finds("ram", "ik ramde het")


def test_every_match_is_found_with_its_tokens_even_when_they_overlap() -> None:
    tree = build([("je ~3 nooit", 0), ("nooit", 1)], {})
    tokens = tokenize("je luistert nooit, nooit", Lang.NL, {})
    found = sorted((m.accept, m.first, m.last) for m in find(tree, tokens))
    assert found == [(0, 0, 3), (0, 0, 5), (1, 2, 3), (1, 4, 5)]


@pytest.mark.parametrize("bad", ["", "~2 nooit", "nooit ~2", "?echt", "@nergens", "a||b"])
def test_a_broken_pattern_is_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(PatternError):
        build([(bad, 0)], {})


def test_chat_spelling_is_written_out_and_keeps_the_original_place() -> None:
    tokens = tokenize("kben ff moe", Lang.NL, {"kben": "ik ben", "ff": "even"})
    assert [t.surface for t in tokens] == ["ik", "ben", "even", "moe"]
    assert (tokens[0].start, tokens[0].end) == (0, 4)
    assert (tokens[1].start, tokens[1].end) == (0, 4)

"""The pattern language of the rule files."""

import pytest

from nabij.coach.patterns import PatternError, compile_pattern
from nabij.coach.tokens import TokenLine, tokenize
from nabij.model.ids import Lang


def line(text: str, lang: Lang = Lang.NL, spelling: dict[str, str] | None = None) -> str:
    return TokenLine.of(tokenize(text, lang, spelling or {})).line


def finds(pattern: str, text: str, lists: dict[str, list[str]] | None = None) -> bool:
    return bool(compile_pattern(pattern, lists or {}).search(line(text)))


def test_a_word_matches_as_written_or_as_its_lemma() -> None:
    assert finds("luistert", "je luistert nooit")
    assert finds("luisteren", "je luisterde nooit")
    assert not finds("luisteren", "je kijkt nooit")


def test_a_gap_allows_up_to_that_many_words_within_a_sentence() -> None:
    assert finds("je ~2 nooit", "je luistert echt nooit")
    assert not finds("je ~1 nooit", "je luistert echt nooit")
    assert not finds("je ~5 nooit", "je luistert. Nooit")


def test_choices_lists_prefixes_and_optional_words() -> None:
    lists = {"altijd": ["altijd", "nooit"]}
    assert finds("je ~2 @altijd", "jij bent altijd laat".replace("jij", "je"), lists)
    assert finds("jij|je bent", "jij bent lief")
    assert finds("ego*", "zo egoïstisch")
    assert finds("ik ?echt hou", "ik hou")
    assert finds("ik ?echt hou", "ik echt hou")


def test_an_equals_sign_matches_only_the_word_as_written() -> None:
    english = TokenLine.of(tokenize("blame me", Lang.EN, {})).line
    assert compile_pattern("i", {}).search(english)  # "me" has the lemma "i"
    assert not compile_pattern("=i", {}).search(english)


def test_a_lone_question_mark_is_the_question_mark() -> None:
    assert finds("?", "kom je?")
    assert not finds("?", "kom je.")


def test_words_never_match_inside_other_words() -> None:
    assert not finds("jij", "jijzelf")
    assert not finds("ram", "ik ramde het")


@pytest.mark.parametrize("bad", ["", "~2 nooit", "nooit ~2", "?echt", "@nergens", "a||b"])
def test_a_broken_pattern_is_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern(bad, {})


def test_chat_spelling_is_written_out_and_keeps_the_original_place() -> None:
    tokens = tokenize("kben ff moe", Lang.NL, {"kben": "ik ben", "ff": "even"})
    assert [t.surface for t in tokens] == ["ik", "ben", "even", "moe"]
    assert (tokens[0].start, tokens[0].end) == (0, 4)
    assert (tokens[1].start, tokens[1].end) == (0, 4)

"""The rule files load, cover every label in both languages, and explain themselves."""

import pytest

from nabij.coach.labels import Label, Safety
from nabij.coach.rules import rules
from nabij.model.ids import Lang


@pytest.mark.parametrize("lang", list(Lang))
def test_every_label_and_both_safety_signals_have_rules(lang: Lang) -> None:
    ruleset = rules(lang)
    assert {r.label for r in ruleset.rules if r.label} == set(Label)
    assert {r.safety for r in ruleset.rules if r.safety} == {Safety.HARM_THREAT, Safety.SELF_HARM}
    assert all(rule.name for rule in ruleset.rules)


@pytest.mark.parametrize("lang", list(Lang))
def test_every_chat_spelling_writes_out_to_plain_words(lang: Lang) -> None:
    for typed, written in rules(lang).spelling.items():
        assert typed == typed.lower()
        assert written.strip(), typed
        assert written == written.lower(), typed


def test_walls_do_not_count_inside_quotes_but_safety_does() -> None:
    walls = [r for r in rules(Lang.NL).rules if r.label is Label.BLAME]
    safety = [r for r in rules(Lang.NL).rules if r.safety is not None]
    assert not any(r.quoted for r in walls)
    assert all(r.quoted for r in safety)

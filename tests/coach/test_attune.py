"""Attunement: what a listener can answer so the message lands — seeing, not solving."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nabij.coach.analysis import analyse
from nabij.coach.attune import AttuneTextError, answers, answers_from, attune
from nabij.coach.labels import Label
from nabij.coach.needs import need_map
from nabij.coach.rewrite import tidy
from nabij.model.ids import Lang

NL, EN = Lang.NL, Lang.EN

MESSAGES: list[tuple[Lang, str]] = [
    (NL, "Ik voel me zo verdrietig vandaag."),
    (NL, "kvoel me zo alleen sinds de verhuizing"),
    (NL, "Jij laat me altijd alleen."),
    (NL, "Waarom zit jij 's avonds altijd op je telefoon?"),
    (NL, "Ik ben zo moe. Jij laat me altijd alleen met de baby."),
    (NL, "Goh, wat attent dat je ook eens belt 🙄"),
    (NL, "Laat maar, je snapt het toch niet."),
    (NL, "Als je nog één keer dronken thuiskomt, ben ik weg."),
    (NL, "hoe laat ben je thuis?"),
    (EN, "I feel so sad today."),
    (EN, "im so lonely since the move"),
    (EN, "You always leave me alone."),
    (EN, "You're on your phone all evening, I might as well not exist."),
    (EN, "I'm so tired. You leave everything with the baby to me."),
    (EN, "Wow, how thoughtful of you to finally call 🙄"),
    (EN, "Forget it, you don't get it anyway."),
    (EN, "If you come home drunk one more time, I'm leaving."),
    (EN, "what time are you home?"),
]

# Advice is not attunement (step 4 of the model: not solving, not defending).
ADVICE = re.compile(
    r"\b(je moet|moet je|zou je moeten|probeer|you should|you need to|you have to|try to)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(("lang", "text"), MESSAGES)
def test_it_gives_two_or_three_different_answers(lang: Lang, text: str) -> None:
    found = attune(text, lang)
    assert 2 <= len(found) <= 3
    assert len(set(found)) == len(found)


@pytest.mark.parametrize(("lang", "text"), MESSAGES)
def test_every_answer_validates_builds_no_wall_and_gives_no_advice(lang: Lang, text: str) -> None:
    for answer in attune(text, lang):
        seen = analyse(answer, lang)
        assert Label.VALIDATION in seen.labels, answer
        assert not seen.walls, (answer, seen.spans)
        assert not ADVICE.search(answer), answer


@pytest.mark.parametrize(
    ("lang", "text", "feeling"),
    [
        (NL, "Ik voel me zo verdrietig vandaag.", "verdrietig"),
        (NL, "kvoel me zo alleen sinds de verhuizing", "alleen"),
        (NL, "Bedankt voor niks. Ik ben echt teleurgesteld.", "teleurgesteld"),
        (NL, "Ik ben zo moe. Jij laat me altijd alleen met de baby.", "moe"),
        (EN, "I feel so sad today.", "sad"),
        (EN, "im so lonely since the move", "lonely"),
        (EN, "Thanks for nothing. I'm really disappointed.", "disappointed"),
        (EN, "I'm so tired. You leave everything with the baby to me.", "tired"),
    ],
)
def test_an_answer_names_the_feeling_in_the_message(lang: Lang, text: str, feeling: str) -> None:
    assert any(feeling in answer for answer in attune(text, lang))


@pytest.mark.parametrize(
    ("lang", "text", "feeling"),
    [
        (NL, "Jij laat me altijd alleen.", "eenzaam"),
        (NL, "je luistert echt nooit naar wat ik zeg", "niet gehoord"),
        (NL, "Waarom lieg je steeds tegen me?", "onzeker"),
        (EN, "You always leave me alone.", "lonely"),
        (EN, "you literally never listen to a word I say", "unheard"),
        (EN, "Why do you keep lying to me?", "insecure"),
    ],
)
def test_an_answer_names_the_feeling_beneath_a_reproach(
    lang: Lang, text: str, feeling: str
) -> None:
    assert any(feeling in answer for answer in attune(text, lang))


@pytest.mark.parametrize(
    ("lang", "text", "situation"),
    [
        (NL, "Waarom zit jij 's avonds altijd op je telefoon?", "mijn telefoon"),
        (NL, "Jij kiest altijd voor je moeder.", "mijn moeder"),
        (NL, "Je praat nooit over de miskraam, alsof het niet gebeurd is.", "de miskraam"),
        (EN, "You're on your phone all evening, I might as well not exist.", "my phone"),
        (EN, "You always take your mum's side.", "my mum"),
        (EN, "You never talk about the miscarriage, like it never happened.", "the miscarriage"),
    ],
)
def test_an_answer_names_the_situation_as_the_listener_says_it_back(
    lang: Lang, text: str, situation: str
) -> None:
    assert any(situation in answer for answer in attune(text, lang))


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (NL, ["Ik voel me verdrietig.", "Ik ben bang.", "Ik ben zo boos.", "Ik voel me eenzaam."]),
        (EN, ["I feel sad.", "I'm scared.", "I'm so angry.", "I feel lonely."]),
    ],
)
def test_different_feelings_give_different_answers(lang: Lang, texts: list[str]) -> None:
    found = [attune(text, lang) for text in texts]
    assert len(set(found)) == len(texts)
    assert len({answer[0] for answer in found}) == len(texts)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (NL, "ik wil dood, ik trek dit niet meer"),
        (NL, "Als je dat nog één keer doet, maak ik je af."),
        (EN, "I want to kill myself, you never listen anyway"),
        (EN, "I will kill you if you touch her again."),
    ],
)
def test_no_attunement_is_offered_when_safety_is_at_stake(lang: Lang, text: str) -> None:
    assert attune(text, lang) == ()


@pytest.mark.parametrize(
    ("lang", "text", "heavy"),
    [(NL, "hoe laat ben je thuis?", "zwaar"), (EN, "what time are you home?", "hard")],
)
def test_a_plain_message_only_hears_a_plain_acknowledgement(
    lang: Lang, text: str, heavy: str
) -> None:
    found = attune(text, lang)
    assert found
    assert not any(heavy in answer for answer in found)


@pytest.mark.parametrize(("lang", "text"), MESSAGES[::3])
def test_the_same_message_always_gets_the_same_answers(lang: Lang, text: str) -> None:
    assert attune(text, lang) == attune(text, lang) == attune(analyse(text, lang))


@pytest.mark.parametrize(("lang", "text"), MESSAGES)
def test_the_answers_are_in_the_language_of_the_message(lang: Lang, text: str) -> None:
    words = {NL: r"\b(je|ik|dat)\b", EN: r"\b(you|i|that)\b"}[lang]
    assert all(re.search(words, answer, re.IGNORECASE) for answer in attune(text))


@pytest.mark.parametrize("lang", list(Lang))
def test_every_feeling_and_situation_of_the_needs_map_can_be_said_back(lang: Lang) -> None:
    # attune skips a sentence the coach would not read as clean validation, so each feeling
    # and each situation needs at least one sentence that works; general ones must all work.
    texts, needs = answers(lang), need_map(lang)
    words: dict[int, set[str]] = {}
    for owner, word in zip(needs.triggers.owners, needs.triggers.words, strict=True):
        words.setdefault(owner, set()).add(word)
    feelings = {t.feeling for t in needs.topics} | {needs.default.feeling}
    unsaid = [
        feeling
        for feeling in sorted(feelings)
        if not any(_clean(t.format(feeling=feeling), lang) for t in texts.named)
    ]
    turn = {NL: ("je ", "mijn "), EN: ("your ", "my ")}[lang]
    for n, topic in enumerate((*needs.topics, needs.default)):
        for word in words.get(n, {""}):
            for frame in topic.heard:
                heard = tidy(frame.replace("{word}", word.replace(*turn)).replace("{when}", ""))
                if not any(_clean(t.format(heard=heard), lang) for t in texts.situation):
                    unsaid.append(heard)
    unsaid += [t for t in (*texts.general, *texts.plain) if not _clean(t, lang)]
    assert not unsaid, unsaid[:5]


def _clean(text: str, lang: Lang) -> bool:
    seen = analyse(text, lang)
    return Label.VALIDATION in seen.labels and not seen.walls and not ADVICE.search(text)


def test_an_attune_file_with_a_missing_place_is_refused() -> None:
    good = {
        "named": ["Ik hoor dat je je {feeling} voelt."],
        "situation": ["Ik snap dat het zwaar is {heard}."],
        "general": ["Ik hoor je."],
        "plain": ["Ik hoor je."],
    }
    assert answers_from(good, "test.toml").named
    with pytest.raises(AttuneTextError, match="feeling"):
        answers_from({**good, "named": ["Ik hoor je."]}, "test.toml")
    with pytest.raises(AttuneTextError, match="unknown"):
        answers_from({**good, "advice": ["Je moet praten."]}, "test.toml")


@given(st.text(max_size=400), st.sampled_from([None, *Lang]))
def test_any_text_gets_at_most_three_answers_and_never_an_error(
    text: str, lang: Lang | None
) -> None:
    assert len(attune(text, lang)) <= 3

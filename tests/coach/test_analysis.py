"""The coach's reading of messages: every label, and the hard cases, in Dutch and English."""

import pytest

from nabij.coach.analysis import analyse
from nabij.coach.labels import Label, Safety
from nabij.model.ids import Lang

B, G, C, T, D, W = (
    Label.BLAME,
    Label.GENERALIZATION,
    Label.CONTEMPT,
    Label.THREAT,
    Label.DEFENSIVENESS,
    Label.WITHDRAWAL,
)
F, N, V, A, R = Label.FEELING, Label.NEED, Label.VALIDATION, Label.APPRECIATION, Label.REPAIR

CASES: list[tuple[str, str, set[Label]]] = [
    # The article's own pair: a door and a wall.
    ("nl", "Ik voel me alleen.", {F}),
    ("nl", "Jij laat me altijd alleen.", {B, G}),
    ("en", "I feel lonely.", {F}),
    ("en", "You always leave me on my own.", {B, G}),
    # Generic je/you is nobody's fault.
    ("nl", "Als je moe bent, zie je alles somberder.", set()),
    ("nl", "je weet hoe dat gaat met die verbouwing", set()),
    ("en", "If you're tired you can't think straight.", set()),
    ("en", "you know how it is with builders", set()),
    # Idioms with nooit/altijd/never/always.
    ("nl", "Je weet maar nooit, misschien valt het mee.", set()),
    ("en", "You never know, it might be fine.", set()),
    ("en", "Never say never.", set()),
    # Again, but not about the partner.
    ("nl", "Het regent weer.", set()),
    ("nl", "Je moeder belde weer.", set()),
    ("en", "It's raining again.", set()),
    ("en", "Your mom called again.", set()),
    # Negation.
    ("nl", "Het is niet jouw schuld.", set()),
    ("en", "It's not your fault.", {V}),
    # Positive absolutes are appreciation.
    ("nl", "Ik heb altijd van je gehouden.", {A}),
    ("en", "I have always loved you.", {A}),
    ("en", "You always make me laugh.", {A}),
    # Quoted speech: the wall is somebody else's words.
    ("nl", "Mijn moeder zei: 'jij bent altijd te laat'.", set()),
    ("en", 'My sister said "he never listens".', set()),
    # Sarcasm in polite words.
    ("nl", "bedankt voor niks", {C}),
    ("nl", "sorry dat ik besta", {C}),
    ("nl", "goh, wat attent 🙄", {C}),
    ("en", "thanks for nothing", {C}),
    ("en", "sorry for existing", {C}),
    ("en", "wow, so thoughtful 🙄", {C}),
    # Chat spelling.
    ("nl", "je bent egt nooit op tijd", {B, G}),
    ("nl", "kvoel me zo alleen vnd", {F}),
    ("en", "u never listen to me", {B, G}),
    ("en", "thx for today ❤️", {A}),
    # Disguised I-statements are blame, not feeling.
    ("nl", "Ik voel dat jij nooit luistert.", {B, G}),
    ("nl", "Het voelt alsof je me ontwijkt.", {B}),
    ("en", "I feel like you never listen.", {B, G}),
    # Space with a time to come back is a need, not withdrawal.
    ("nl", "Ik heb even een uur voor mezelf nodig, daarna praten we verder.", {N}),
    ("en", "I need an hour to myself, then let's talk again.", {N}),
    ("nl", "laat maar", {W}),
    ("en", "whatever", {W}),
    # Each of the other labels.
    ("nl", "Hou je mond, sukkel.", {C}),
    ("nl", "Als je nog één keer liegt, ga ik scheiden en neem ik de kinderen mee.", {T}),
    ("en", "One more lie and I'm calling a lawyer.", {T}),
    ("nl", "Dat heb ik nooit gezegd.", {D}),
    ("en", "I never said that.", {D}),
    ("nl", "Ik snap dat je boos bent.", {V}),
    ("en", "I get why you're angry.", {V}),
    ("nl", "Dank je wel voor het koken, lief van je.", {A}),
    ("nl", "Het spijt me dat ik zo uitviel.", {R}),
    ("en", "I'm sorry I snapped.", {R}),
    ("nl", "Wil je vanavond even naast me zitten?", {N}),
    # Ordinary logistics are not a need.
    ("nl", "Kun je melk meenemen?", set()),
    ("en", "Can you grab milk on the way home?", set()),
    # A wall and a door in one message.
    ("nl", "Sorry dat ik zo fel was. Maar jij luistert ook nooit.", {B, G, R}),
    ("en", "I miss you. But you're never home anymore.", {B, F, G}),
]


@pytest.mark.parametrize(("lang", "text", "labels"), CASES, ids=[c[1][:40] for c in CASES])
def test_it_reads_the_message_as_a_person_would(lang: str, text: str, labels: set[Label]) -> None:
    given = analyse(text, Lang(lang))
    detected = analyse(text)
    assert set(given.labels) == labels
    assert detected.labels == given.labels
    assert detected.lang is Lang(lang)


@pytest.mark.parametrize(
    ("text", "safety"),
    [
        ("ik wil dood", Safety.SELF_HARM),
        ("Ik zie het niet meer zitten, ik maak er een eind aan.", Safety.SELF_HARM),
        ("kwil er nie meer zijn", Safety.SELF_HARM),
        ("Ik maak je af als je weggaat.", Safety.HARM_THREAT),
        ("i want to die", Safety.SELF_HARM),
        ("gonna end it tonight", Safety.SELF_HARM),
        ("I'll hurt you if you leave.", Safety.HARM_THREAT),
        ("ik ga dood van de hitte", Safety.NONE),
        ("this heat is killing me", Safety.NONE),
        ("I could die of embarrassment", Safety.NONE),
    ],
)
def test_it_notices_harm_and_self_harm_and_not_their_figures_of_speech(
    text: str, safety: Safety
) -> None:
    assert analyse(text).safety is safety


def test_labels_come_in_the_contract_order_without_repeats() -> None:
    result = analyse("Ik voel me gekwetst. Jij liegt altijd, leugenaar. Sorry.")
    assert list(result.labels) == sorted(set(result.labels), key=list(Label).index)


def test_spans_point_at_the_words_that_show_each_label() -> None:
    text = "💔 Ik voel me alleen. Jij laat me altijd alleen."
    result = analyse(text)
    assert {s.label for s in result.spans} == set(result.labels)
    assert result.words(Label.FEELING) == ["Ik voel me"]
    assert "altijd" in " ".join(result.words(Label.GENERALIZATION))
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)


def test_spans_count_code_points_of_the_text_as_received() -> None:
    text = "𝒳😀 laat maar"
    (span,) = analyse(text, Lang.NL).spans
    assert text[span.start : span.end] == "laat maar"
    assert span.start == 3


def test_a_message_mixing_dutch_and_english_is_read_with_both() -> None:
    result = analyse("Ik ben zo moe. Can we talk tonight?")
    assert set(result.labels) == {F, N}


def test_text_whose_language_cannot_be_decided_counts_as_dutch() -> None:
    assert analyse("🙂").lang is Lang.NL
    assert analyse("").lang is Lang.NL

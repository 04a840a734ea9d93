"""Robustness of the coach (issue 3, item 8): any string gives an analysis or a clear error.

Never an exception or a hang: a property test over any text (lone surrogates, control
characters, right-to-left scripts, emoji, odd whitespace), explicit edge cases, and hang
guards. The guards are correctness tests, not performance tests (CONTRACTS §9): their limit is
generous, far above what a working matcher needs, and only catches runaway matching.
"""

import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import FrameType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nabij.coach.analysis import MAX_CHARS, Analysis, TextTooLongError, analyse
from nabij.coach.labels import Label, Safety
from nabij.coach.matcher import Node, find
from nabij.coach.rules import rules
from nabij.coach.tokens import tokenize
from nabij.model.ids import Lang

HANG_SECONDS = 10.0
LANGS: list[Lang | None] = [None, Lang.NL, Lang.EN]
ORDER = list(Label)


class HangError(AssertionError):
    """Work that did not finish within the hang guard's limit."""


@contextmanager
def hang_guard(what: str, seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Fail with HangError when the block runs longer than ``seconds`` (a SIGALRM timer).

    The regular-expression engine and Python code both let the alarm through. Where no
    alarm can be set (not the main thread, or no SIGALRM) the block simply runs.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise HangError(f"{what} did not finish within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_well_formed(result: Analysis, text: str, lang: Lang | None) -> None:
    """Assert that ``result`` is a well-formed analysis of ``text``."""
    assert isinstance(result, Analysis)
    assert result.text == text
    assert result.lang in Lang
    if lang is not None:
        assert result.lang is lang
    assert result.safety in Safety
    assert len(set(result.labels)) == len(result.labels), result.labels
    assert list(result.labels) == sorted(result.labels, key=ORDER.index), result.labels
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text), (span, len(text))
        assert span.label in result.labels, (span, result.labels)
    assert set(result.labels) == {span.label for span in result.spans}


def check(text: str, lang: Lang | None) -> Analysis | None:
    """Analyse ``text`` and assert the result is well formed; None when it was refused."""
    if len(text) > MAX_CHARS:
        with pytest.raises(TextTooLongError) as refused:
            analyse(text, lang)
        assert refused.value.length == len(text)
        assert str(MAX_CHARS) in str(refused.value)
        return None
    result = analyse(text, lang)  # no other error, and no refusal, at or under the limit
    assert_well_formed(result, text, lang)
    return result


def check_all(text: str) -> list[Analysis | None]:
    """Check ``text`` with the language detected, given as Dutch and given as English."""
    return [check(text, lang) for lang in LANGS]


def repeat(piece: str, length: int) -> str:
    """Return ``piece`` repeated and cut to exactly ``length`` characters."""
    return (piece * (length // len(piece) + 1))[:length]


# Any code point of any category: Cs (lone surrogates), Cc (control), Cf (format, such as
# the bidirectional marks), Co, Cn included.
ANY_CHARACTER = st.characters(exclude_categories=())
SPECIAL = [
    "\ud800",
    "\udfff",
    "\ud83d",  # the first half of an emoji's surrogate pair, alone
    "\ud83d\ude44",  # a surrogate pair as two code points (not combined in a Python str)
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufffd",
    "/",
    "\u2044",
    "'",
    "’",
    '"',
    "“",
    "”",
    "«",
    "»",
    "🙄",
    "😒",
    "❤️",
    "👍🏽",
    "👨‍👩‍👧",
    "🇳🇱",
    "😴",
    "İ",
    "ß",
    "ﬁ",
]
RTL = ["אני מרגיש לבד", "אתה אף פעם לא מקשיב", "أنا أشعر بالوحدة", "أنت لا تستمع أبدا", "؟", "،"]
WORDS = [
    "jij",
    "je",
    "you",
    "u",
    "ur",
    "nooit",
    "never",
    "altijd",
    "always",
    "weer",
    "again",
    "ik",
    "i",
    "voel",
    "feel",
    "me",
    "alleen",
    "alone",
    "sorry",
    "bedankt",
    "thanks",
    "niet",
    "not",
    "jouw",
    "schuld",
    "fault",
    "laat maar",
    "whatever",
    "ff",
    "mn",
    "thx",
    "idk",
    "?",
    "!",
    ".",
    ",",
    "\n",
    "jij laat me altijd alleen",
    "you always leave me alone",
    "ik voel dat jij nooit luistert",
    "bedankt voor niks",
    "hou je mond",
    "ik ga bij je weg",
]
WHITESPACE = st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\u00a0\u1680\u2003\u2028\u2029\u3000"))
PIECES = st.one_of(
    st.text(ANY_CHARACTER, max_size=12),
    st.sampled_from(SPECIAL + RTL + WORDS),
    WHITESPACE,
)
NEAR_LIMIT = st.builds(
    repeat,
    st.sampled_from(["Jij luistert nooit. ", "You never listen! ", "ik voel me alleen\n", "a"]),
    st.integers(MAX_CHARS - 2, MAX_CHARS + 2),
)
MESSAGES = st.one_of(
    st.text(ANY_CHARACTER),
    st.lists(PIECES, max_size=30).map(" ".join),
    st.lists(PIECES, max_size=30).map("".join),
    NEAR_LIMIT,
)


@given(MESSAGES)
def test_any_string_gives_a_well_formed_analysis_or_is_refused_for_its_length(text: str) -> None:
    check_all(text)


def _missing(result: Analysis) -> Label:
    return next(label for label in reversed(ORDER) if label not in result.labels)


BREAKAGES: dict[str, Callable[[Analysis], Analysis]] = {
    "span past the end": lambda a: replace(a, spans=(replace(a.spans[0], end=len(a.text) + 1),)),
    "empty span": lambda a: replace(a, spans=(replace(a.spans[0], start=a.spans[0].end),)),
    "negative start": lambda a: replace(a, spans=(replace(a.spans[0], start=-1),)),
    "span label not among the labels": lambda a: replace(
        a, spans=(*a.spans, replace(a.spans[0], label=_missing(a)))
    ),
    "label without a span": lambda a: replace(
        a, labels=tuple(sorted({*a.labels, _missing(a)}, key=ORDER.index))
    ),
    "repeated label": lambda a: replace(a, labels=(*a.labels, a.labels[-1])),
    "labels out of order": lambda a: replace(
        a,
        labels=(Label.REPAIR, Label.BLAME),
        spans=(replace(a.spans[0], label=Label.BLAME), replace(a.spans[0], label=Label.REPAIR)),
    ),
    "another text": lambda a: replace(a, text=a.text + "!"),
    "another language": lambda a: replace(a, lang=Lang.EN),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_the_checks_can_fail(breakage: str) -> None:
    # The property above is not empty: each kind of malformed analysis is caught.
    text = "Jij laat me altijd alleen."
    good = analyse(text, Lang.NL)
    assert good.spans
    assert_well_formed(good, text, Lang.NL)
    with pytest.raises(AssertionError):
        assert_well_formed(BREAKAGES[breakage](good), text, Lang.NL)


def test_empty_message_is_neutral_and_dutch_when_undecided() -> None:
    for lang, result in zip(LANGS, check_all(""), strict=True):
        assert result is not None
        assert (result.labels, result.spans, result.safety) == ((), (), Safety.NONE)
        assert result.lang is (lang or Lang.NL)


@pytest.mark.parametrize(
    "text", [" ", "   \t\n\r\n  ", "\u00a0\u2003\u3000", "\n" * 200, "\u2028\u2029\x0b\x0c"]
)
def test_whitespace_only_is_neutral(text: str) -> None:
    for result in check_all(text):
        assert result is not None
        assert (result.labels, result.spans, result.safety) == ((), (), Safety.NONE)


@pytest.mark.parametrize(
    "text", ["🙄", "😴🍕🎉", "❤️❤️❤️", "👨‍👩‍👧👍🏽🇳🇱", "🙄" * 300, "\ud83d\ude44\ud83d"]
)
def test_emoji_only(text: str) -> None:
    for result in check_all(text):
        assert result is not None
        for span in result.spans:
            assert not any(ch.isalpha() for ch in text[span.start : span.end])


@pytest.mark.parametrize(
    "text",
    [
        "\x00",
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08",
        "jij\x00laat me\x07 altijd\x1b[0m alleen",
        "you always\x7f leave\x85 me alone\x9f",
        "\u200bjij\u200d laat\ufeff me altijd alleen\u202e",
        "\r\r\r",
    ],
)
def test_control_characters(text: str) -> None:
    check_all(text)


@pytest.mark.parametrize(
    "text",
    [
        "אני מרגיש לבד",
        "أنت لا تستمع أبدا، أنا متعب",
        "\u202bאתה תמיד\u202c jij laat me altijd alleen",
        "you always leave me alone \u200fמה\u200f",
        "\u2067أنا\u2069 ik voel me alleen",
    ],
)
def test_right_to_left_text(text: str) -> None:
    check_all(text)


@pytest.mark.parametrize(
    "text", ["\ud800", "\udfff\ud800", "jij \ud800 laat me altijd alleen \udfff", "\ud83d" * 50]
)
def test_lone_surrogates(text: str) -> None:
    check_all(text)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (Lang.NL, "Jij laat me altijd alleen."),
        (Lang.EN, "You always leave me on my own."),
    ],
)
@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("\ud800", "\udfff"),
        ("\x00\x07\x1b ", "\x7f"),
        ("\u200f\u202b", "\u202c\u200e"),
        ("אני ", " لا"),
        ("🙄 \u200d", " 👨‍👩‍👧"),
    ],
)
def test_noise_around_a_wall_neither_breaks_nor_hides_it(
    lang: Lang, text: str, before: str, after: str
) -> None:
    clean = analyse(text, lang)
    assert Label.BLAME in clean.labels  # the issue's own example of a wall
    noisy = check(before + text + after, lang)
    assert noisy is not None
    assert Label.BLAME in noisy.labels
    shift = len(before)
    assert {(s.label, s.start, s.end) for s in clean.spans} <= {
        (s.label, s.start - shift, s.end - shift) for s in noisy.spans
    }


def test_a_megabyte_is_refused_with_a_message_quickly() -> None:
    text = repeat("Jij laat me altijd alleen! 🙄 ", 1_000_000)
    for lang in LANGS:
        with hang_guard(f"refusing 1 MB ({lang})"), pytest.raises(TextTooLongError) as refused:
            analyse(text, lang)
        assert refused.value.length == len(text)
        assert f"{len(text)}" in str(refused.value)
        assert f"{MAX_CHARS}" in str(refused.value)


def test_exactly_max_chars_is_analysed_and_one_more_refused() -> None:
    text = repeat("Jij luistert nooit. You never listen! Ik voel me alleen.\n", MAX_CHARS)
    assert len(text) == MAX_CHARS
    for lang in LANGS:
        with hang_guard(f"analysing {MAX_CHARS} characters ({lang})"):
            result = check(text, lang)
        assert result is not None
        assert result.walls
        with pytest.raises(TextTooLongError):
            analyse(text + "x", lang)


# Hang guards. Every pattern tree of both languages (all rules together, and each rule's
# guards) is run over 100 kB of adversarial input; then analyse over adversarial messages
# of the largest size it accepts.

ADVERSARIAL_100_KB = {
    "one token repeated": "jij ",
    "a/a": "a/a ",
    "jij nooit you never": "jij/jij nooit/nooit you never ",
    "punctuation storm": "!?.,;:\"'“”«» ",
    "no spaces at all": "jijnooitaltijdyouneveralways",
    "emoji storm": "🙄",
    "a real message": (
        'Ik voel me alleen omdat jij nooit luistert, sorry! 🙄 "You always" ff u thx\n'
    ),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL_100_KB))
@pytest.mark.parametrize("lang", list(Lang))
def test_every_pattern_finishes_on_100_kb_of_adversarial_input(lang: Lang, name: str) -> None:
    ruleset = rules(lang)
    text = repeat(ADVERSARIAL_100_KB[name], 100_000)
    with hang_guard(f"tokenizing 100 kB of {name!r} ({lang})"):
        tokens = tokenize(text, lang, ruleset.spelling)
    trees: list[tuple[str, Node]] = [("all rules together", ruleset.tree)]
    for rule in ruleset.rules:
        for guard in ("unless_before", "unless_clause", "requires_clause"):
            tree = getattr(rule, guard)
            if tree is not None:
                trees.append((f"{guard} of rule {rule.name!r}", tree))
    assert len(trees) > 1, "no guard patterns found: the test would check too little"
    for what, tree in trees:
        with hang_guard(f"{what} ({lang}) on 100 kB of {name!r}"):
            find(tree, tokens)


ADVERSARIAL_MESSAGES: list[tuple[str, Callable[[], str]]] = [
    ("punctuation storm", lambda: repeat("!?.,;:", MAX_CHARS)),
    ("no spaces at all", lambda: repeat("jijnooit", MAX_CHARS)),
    ("a single letter", lambda: "a" * MAX_CHARS),
    ("spaces", lambda: " " * MAX_CHARS),
    ("new lines", lambda: repeat("jij\n", MAX_CHARS)),
    ("quotes", lambda: repeat('"jij" ', MAX_CHARS)),
    ("sentences", lambda: repeat("Jij luistert nooit. You never listen! ", MAX_CHARS)),
    ("lone surrogates", lambda: repeat("\ud83d jij ", MAX_CHARS)),
    ("control characters", lambda: repeat("\x00jij\x1b nooit\x07 ", MAX_CHARS)),
    # Long messages without punctuation, full of hits: guards are worked out once per clause.
    ("jij nooit, no punctuation", lambda: repeat("jij nooit ", MAX_CHARS)),
    ("you never, no punctuation", lambda: repeat("you never ", MAX_CHARS)),
    ("jij/nooit, no punctuation", lambda: repeat("jij/nooit ", MAX_CHARS)),
    ("eye-roll emoji storm", lambda: "🙄" * MAX_CHARS),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("name", "make"),
    [pytest.param(name, make, id=name) for name, make in ADVERSARIAL_MESSAGES],
)
def test_analyse_finishes_on_adversarial_messages_of_the_largest_size(
    name: str, make: Callable[[], str], lang: Lang | None
) -> None:
    text = make()
    assert len(text) == MAX_CHARS
    with hang_guard(f"analyse of {MAX_CHARS} characters of {name!r} ({lang})"):
        check(text, lang)


def test_the_hang_guard_stops_runaway_matching() -> None:
    # The guard can fail: catastrophic backtracking (2^40 steps) is stopped and reported.
    runaway = re.compile(r"(a+)+$")
    with pytest.raises(HangError, match="runaway"), hang_guard("runaway", seconds=0.2):
        runaway.match("a" * 40 + "b")

"""Which language a message is in: Dutch or English, sentence by sentence."""

import re
import tomllib
from functools import cache, lru_cache
from importlib.resources import files

import simplemma

from nabij.model.ids import Lang

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A typical short word counts double: "the" or "het" says more than a word that merely exists
# in one language's dictionary and not in the other's.
MARKER_WEIGHT = 2


@cache
def _markers() -> dict[Lang, frozenset[str]]:
    with (files("nabij.coach") / "data" / "language.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {Lang(lang): frozenset(words) for lang, words in data["markers"].items()}


@lru_cache(maxsize=65536)
def _votes(word: str) -> tuple[int, int]:
    """Return (Dutch, English) votes of one lowercased word."""
    markers = _markers()
    nl, en = word in markers[Lang.NL], word in markers[Lang.EN]
    if nl != en:
        return (MARKER_WEIGHT, 0) if nl else (0, MARKER_WEIGHT)
    known_nl, known_en = simplemma.is_known(word, lang="nl"), simplemma.is_known(word, lang="en")
    if known_nl != known_en:
        return (1, 0) if known_nl else (0, 1)
    return (0, 0)


def scores(text: str) -> dict[Lang, int]:
    """Return, per language, how strongly the words of ``text`` point to it."""
    nl = en = 0
    for word in _WORD.findall(text.lower()):
        vote = _votes(word)
        nl += vote[0]
        en += vote[1]
    return {Lang.NL: nl, Lang.EN: en}


def detect(text: str) -> Lang:
    """Return the language of ``text``; Dutch when it cannot be decided (CONTRACTS §4)."""
    counts = scores(text)
    return Lang.EN if counts[Lang.EN] > counts[Lang.NL] else Lang.NL

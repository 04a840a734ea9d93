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


def votes(text: str) -> list[tuple[int, int, int]]:
    """Return (offset, Dutch votes, English votes) for each word of ``text``."""
    return [(m.start(), *_votes(m.group().lower())) for m in _WORD.finditer(text)]


def decide(counted: list[tuple[int, int, int]]) -> Lang | None:
    """Return the language the votes point to, or None when they are even."""
    nl = sum(v[1] for v in counted)
    en = sum(v[2] for v in counted)
    if nl == en:
        return None
    return Lang.EN if en > nl else Lang.NL


def detect(text: str) -> Lang:
    """Return the language of ``text``; Dutch when it cannot be decided (CONTRACTS §4)."""
    return decide(votes(text)) or Lang.NL

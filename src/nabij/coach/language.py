"""Which language a message is in: Dutch or English, sentence by sentence."""

import re
import tomllib
from functools import cache
from importlib.resources import files

from nabij.model.ids import Lang

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def _markers() -> dict[Lang, frozenset[str]]:
    with (files("nabij.coach") / "data" / "language.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {Lang(lang): frozenset(words) for lang, words in data["markers"].items()}


def scores(text: str) -> dict[Lang, int]:
    """Return, per language, how many words of ``text`` are typical of it."""
    markers = _markers()
    counts = dict.fromkeys(Lang, 0)
    for word in _WORD.findall(text.lower()):
        for lang, typical in markers.items():
            if word in typical:
                counts[lang] += 1
    return counts


def detect(text: str) -> Lang:
    """Return the language of ``text``; Dutch when it cannot be decided (CONTRACTS §4)."""
    counts = scores(text)
    return Lang.EN if counts[Lang.EN] > counts[Lang.NL] else Lang.NL

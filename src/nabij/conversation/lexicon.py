"""The word lists of the chat analysis: logistics and control, in nl and en, from data files.

Both languages are read together for every message, since couples mix them; a list is a set of
whole words and a set of phrases (consecutive whole words), matched on the lowercased text.
"""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.model.ids import Lang

# Words are runs of letters, digits, apostrophes and hyphens, so "what's" and "wc-papier" stay
# whole, as they are written in the lists.
_WORD = re.compile(r"[\w'’-]+")


class LexiconError(ValueError):
    """A word list in the package's data files is malformed (a bug, caught by the tests)."""


@dataclass(frozen=True)
class Lexicon:
    """A list of whole words and phrases to find in a message."""

    words: frozenset[str]
    # Each phrase under its first word, so that a message is read once, word by word.
    phrases: dict[str, tuple[tuple[str, ...], ...]]

    def matches(self, text: str) -> bool:
        """Return whether ``text`` holds one of the words or phrases."""
        tokens = words_of(text)
        if not self.words.isdisjoint(tokens):
            return True
        for start, token in enumerate(tokens):
            for phrase in self.phrases.get(token, ()):
                if tuple(tokens[start : start + len(phrase)]) == phrase:
                    return True
        return False


def words_of(text: str) -> list[str]:
    """Return the lowercased whole words of ``text``, with typographic apostrophes made plain.

    >>> words_of("What’s the PIN-code?")
    ["what's", 'the', 'pin-code']
    """
    return [w.replace("’", "'").strip("'-") for w in _WORD.findall(text.lower())]


def _entries(table: Any, key: str, name: str, lang: Lang) -> list[str]:
    values = table.get(key, [])
    if not isinstance(values, list) or not all(
        isinstance(v, str) and v and v == v.strip().lower() for v in values
    ):
        raise LexiconError(f"{name}.toml [{lang.value}] {key}: a list of lowercase texts")
    return values


@cache
def lexicon(name: str) -> Lexicon:
    """Return the word list ``data/<name>.toml`` (both languages at once), validated."""
    with (files("nabij.conversation") / "data" / f"{name}.toml").open("rb") as handle:
        return parse_lexicon(name, tomllib.load(handle))


def parse_lexicon(name: str, data: Mapping[str, Any]) -> Lexicon:
    """Return a parsed word list; ``name`` only names the file in an error."""
    words: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for lang in Lang:
        table = data.get(lang.value)
        if not isinstance(table, dict):
            raise LexiconError(f"{name}.toml has no [{lang.value}] table")
        unknown = set(table) - {"words", "phrases"}
        if unknown:
            raise LexiconError(f"{name}.toml [{lang.value}]: unknown keys {sorted(unknown)}")
        for word in _entries(table, "words", name, lang):
            if len(words_of(word)) != 1:
                raise LexiconError(f"{name}.toml [{lang.value}] words: one word per entry")
            words.add(words_of(word)[0])
        for entry in _entries(table, "phrases", name, lang):
            if not words_of(entry):
                raise LexiconError(f"{name}.toml [{lang.value}] phrases: an entry without words")
            phrases.append(tuple(words_of(entry)))
    if not words and not phrases:
        raise LexiconError(f"{name}.toml is empty")
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words_in_phrase in dict.fromkeys(phrases):
        by_first.setdefault(words_in_phrase[0], []).append(words_in_phrase)
    return Lexicon(frozenset(words), {k: tuple(v) for k, v in by_first.items()})


def logistics() -> Lexicon:
    """Return the words of everyday logistics (parallel lives)."""
    return lexicon("logistics")


def control() -> Lexicon:
    """Return the phrases that show control over the other (safety)."""
    return lexicon("control")

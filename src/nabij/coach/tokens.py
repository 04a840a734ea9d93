"""Words of a message with their places, their chat spelling undone and their lemmas."""

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

import simplemma

from nabij.model.ids import Lang

# A word (letters, digits, inner hyphens and apostrophes), or any single other visible
# character, so that emoji and punctuation are tokens too.
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]", re.UNICODE)


class Token(NamedTuple):
    """One token: the text as written (lowercased), its lemma, and its place in the message."""

    surface: str
    lemma: str
    start: int
    end: int


@lru_cache(maxsize=65536)
def lemma(word: str, lang: Lang) -> str:
    """Return the dictionary form of a lowercased word (simplemma; cached, since words repeat)."""
    if not word[0].isalpha():
        return word
    return str(simplemma.lemmatize(word, lang=lang.value)).lower()


def tokenize(text: str, lang: Lang, spelling: Mapping[str, str], shift: int = 0) -> list[Token]:
    """Return the tokens of ``text``; a chat spelling ("ff", "u") becomes its full words.

    A spelled-out word keeps the span of the original token for each of its words; ``shift``
    is added to every offset (for a sentence taken out of a longer message).
    """
    tokens: list[Token] = []
    curly = "’" in text
    for match in _TOKEN.finditer(text):
        word = match.group().lower()
        if curly:
            word = word.replace("’", "'")
        start, end = match.span()
        spelled = spelling.get(word)
        if spelled is None:
            tokens.append(Token(word, lemma(word, lang), start + shift, end + shift))
            continue
        for part in spelled.split():
            tokens.append(Token(part, lemma(part, lang), start + shift, end + shift))
    return tokens

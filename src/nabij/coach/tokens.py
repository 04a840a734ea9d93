"""Words of a message with their places, their chat spelling undone and their lemmas.

Rules match a *token line*: every token written as ``surface/lemma`` and separated by single
spaces, so that a rule word can match either the word as written or its dictionary form, and
a match maps back to exact character offsets in the message as received.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from nabij.model.ids import Lang

# A word (letters, digits, inner hyphens and apostrophes), or any single other visible
# character, so that emoji and punctuation are tokens too.
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]", re.UNICODE)
_SLASH = "\u2044"  # stands in for "/" inside a token, since "/" separates surface and lemma


@dataclass(frozen=True)
class Token:
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


def tokenize(text: str, lang: Lang, spelling: Mapping[str, str]) -> list[Token]:
    """Return the tokens of ``text``; a chat spelling ("ff", "u") becomes its full words.

    A spelled-out word list keeps the span of the original token for each of its words.
    """
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group().lower().replace("’", "'")
        for part in spelling.get(word, word).split():
            tokens.append(Token(part, lemma(part, lang), match.start(), match.end()))
    return tokens


@dataclass(frozen=True)
class TokenLine:
    """The tokens of a message as one searchable string, with the way back to the message."""

    tokens: Sequence[Token]
    line: str
    starts: Sequence[int]

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> "TokenLine":
        """Build the line ``surface/lemma surface/lemma …`` for ``tokens``."""
        parts, starts, offset = [], [], 0
        for token in tokens:
            piece = f"{token.surface.replace('/', _SLASH)}/{token.lemma.replace('/', _SLASH)}"
            parts.append(piece)
            starts.append(offset)
            offset += len(piece) + 1
        return cls(tokens, " ".join(parts), starts)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Return the token indices [first, last) covered by line offsets [start, end)."""
        first = _index_at(self.starts, start)
        last = _index_at(self.starts, max(start, end - 1)) + 1
        return first, last


def _index_at(starts: Sequence[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low

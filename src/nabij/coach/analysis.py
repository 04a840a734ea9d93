"""``analyse``: the walls and doors in one message, with the words that show them."""

import re
from dataclasses import dataclass

from nabij.coach.labels import DOORS, WALLS, Label, Safety
from nabij.coach.language import decide, votes
from nabij.coach.rules import Hit, apply, rules
from nabij.coach.tokens import Token, tokenize
from nabij.model.ids import Lang

# Chat messages are short; a limit keeps one pasted book from holding up everyone else. The
# CLI and web refuse longer input with a message.
MAX_CHARS = 5_000

# A sentence ends at . ! ? or a line break (kept with the sentence before it).
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n+|$)")


class TextTooLongError(ValueError):
    """A message longer than ``MAX_CHARS``."""

    def __init__(self, length: int) -> None:
        self.length = length
        super().__init__(
            f"the message has {length} characters; at most {MAX_CHARS} can be analysed"
        )


@dataclass(frozen=True)
class Span:
    """The characters [start, end) of the message that show one label (code points)."""

    label: Label
    start: int
    end: int


@dataclass(frozen=True)
class Analysis:
    """What the coach sees in one message."""

    text: str
    lang: Lang
    labels: tuple[Label, ...]
    spans: tuple[Span, ...]
    safety: Safety

    @property
    def walls(self) -> tuple[Label, ...]:
        """Return the labels that push the partner away."""
        return tuple(label for label in self.labels if label in WALLS)

    @property
    def doors(self) -> tuple[Label, ...]:
        """Return the labels that open a door."""
        return tuple(label for label in self.labels if label in DOORS)

    def words(self, label: Label) -> list[str]:
        """Return the parts of the message that show ``label``."""
        return [self.text[s.start : s.end] for s in self.spans if s.label is label]


def _segments(text: str) -> tuple[Lang, list[tuple[int, int, Lang]]]:
    """Return the message's language and its runs of sentences in one language.

    The words are weighed once; each sentence then goes by its own words, and one without a
    telling word goes with the message as a whole.
    """
    counted = votes(text)
    whole = decide(counted) or Lang.NL
    sentences = [m.span() for m in _SENTENCE.finditer(text) if m.start() != m.end()]
    if len(sentences) < 2:
        return whole, [(0, len(text), whole)]
    runs: list[tuple[int, int, Lang]] = []
    for start, end in sentences:
        found = decide([v for v in counted if start <= v[0] < end]) or whole
        if runs and runs[-1][2] is found:
            runs[-1] = (runs[-1][0], end, found)
        else:
            runs.append((start, end, found))
    return whole, runs


_ORDER = {label: index for index, label in enumerate(Label)}


def analyse(text: str, lang: Lang | None = None) -> Analysis:
    """Return the labels, spans and safety signal of one message.

    ``lang`` is the message's language; when it is not given each sentence's language is
    detected, so a message mixing Dutch and English is read with both sets of rules.
    """
    if len(text) > MAX_CHARS:
        raise TextTooLongError(len(text))
    if lang is None:
        found, segments = _segments(text)
    else:
        found, segments = lang, [(0, len(text), lang)]
    hits: list[tuple[Hit, list[Token]]] = []
    for start, end, segment_lang in segments:
        ruleset = rules(segment_lang)
        tokens = tokenize(text[start:end], segment_lang, ruleset.spelling, shift=start)
        hits += [(hit, tokens) for hit in apply(ruleset, tokens, text)]
    spans: set[Span] = set()
    safety: set[Safety] = set()
    for hit, tokens in hits:
        if hit.rule.safety is not None:
            safety.add(hit.rule.safety)
        if hit.rule.label is not None:
            spans.add(Span(hit.rule.label, tokens[hit.first].start, tokens[hit.last - 1].end))
    ordered = tuple(sorted(spans, key=lambda s: (s.start, _ORDER[s.label], s.end)))
    labels = tuple(sorted({s.label for s in ordered}, key=_ORDER.__getitem__))
    # Both kinds at once is rare; the person's own life comes first in the wording then.
    worst = Safety.SELF_HARM if Safety.SELF_HARM in safety else next(iter(safety), Safety.NONE)
    return Analysis(text, found, labels, ordered, worst)

"""A small pattern language over token lines, so rules can live in data files.

A pattern is a row of elements separated by spaces, each matching one token unless said:

- ``word``      the token as written or its lemma is ``word``;
- ``word*``     the token (as written or lemma) starts with ``word``;
- ``=word``     the token as written is ``word`` (not a lemma: "=i" is not "me");
- ``a|b|c``     any of these;
- ``@list``     any word of a named list in the same data file (list entries may use ``*``);
- ``_``         any one token;
- ``?word``     the token may be there or not (any element form after the ``?``); a lone
  ``?`` is the question mark itself;
- ``~N``        up to N tokens of anything but sentence punctuation.

>>> from nabij.coach.tokens import Token, TokenLine
>>> line = TokenLine.of([Token("je", "je", 0, 2), Token("luistert", "luisteren", 3, 11),
...                      Token("nooit", "nooit", 12, 17)])
>>> bool(compile_pattern("je ~2 nooit", {}).search(line.line))
True
>>> bool(compile_pattern("luisteren", {}).search(line.line))
True
"""

import re
from collections.abc import Mapping, Sequence

_GAP = re.compile(r"~(\d+)")
# A token that is not sentence punctuation (the clause goes on across it).
_NOT_END = r"(?![.!?;]/)[^ ]+"


class PatternError(ValueError):
    """A pattern in a data file that cannot be read; the message says which and why."""


def _word(word: str) -> str:
    if word.startswith("=") and len(word) > 1:
        return rf"(?:{re.escape(word[1:])}/[^ ]*)"
    if word.endswith("*"):
        stem = re.escape(word[:-1])
        return rf"(?:{stem}[^ /]*/[^ ]*|[^ /]*/{stem}[^ ]*)"
    escaped = re.escape(word)
    return rf"(?:{escaped}/[^ ]*|[^ /]*/{escaped}(?= |$))"


def _atom(element: str, lists: Mapping[str, Sequence[str]]) -> str:
    if element == "_":
        return r"[^ ]+"
    words: list[str] = []
    for choice in element.split("|"):
        if choice.startswith("@"):
            if choice[1:] not in lists:
                raise PatternError(f"unknown list {choice!r}")
            words.extend(lists[choice[1:]])
        elif choice:
            words.append(choice)
        else:
            raise PatternError(f"empty choice in {element!r}")
    return "(?:" + "|".join(_word(w.lower()) for w in words) + ")"


def pattern_regex(pattern: str, lists: Mapping[str, Sequence[str]]) -> str:
    """Return the regular expression of one pattern over a token line."""
    elements = pattern.split()

    def optional(element: str) -> bool:
        return element.startswith("?") and element != "?"

    if not elements or any(_GAP.fullmatch(e) or optional(e) for e in (elements[0], elements[-1])):
        raise PatternError(f"{pattern!r}: a pattern starts and ends with a word")
    out, need_space = "", False
    for element in elements:
        gap = _GAP.fullmatch(element)
        if gap or optional(element):
            out += " " if need_space else ""
            out += (
                rf"(?:{_NOT_END} ){{0,{gap.group(1)}}}"
                if gap
                else rf"(?:{_atom(element[1:], lists)} )?"
            )
            need_space = False
            continue
        out += (" " if need_space else "") + _atom(element, lists)
        need_space = True
    return rf"(?<![^ ]){out}(?![^ ])"


def compile_pattern(pattern: str, lists: Mapping[str, Sequence[str]]) -> re.Pattern[str]:
    """Return one pattern compiled."""
    return re.compile(pattern_regex(pattern, lists))


def compile_any(patterns: Sequence[str], lists: Mapping[str, Sequence[str]]) -> re.Pattern[str]:
    """Return one regex that finds any of ``patterns`` (one pass over the line for a rule)."""
    return re.compile("|".join(f"(?:{pattern_regex(p, lists)})" for p in patterns))

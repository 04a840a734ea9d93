"""The coach's rules, read from ``data/rules.<lang>.toml`` and applied to a message.

Each rule finds one label (or a safety signal) through patterns (see ``patterns.py``) and may
carry guards, so that the same words are read differently in a different setting:

- ``unless_before``: not when this comes in the few tokens before the match ("niet jouw
  schuld", "not your fault");
- ``unless_clause``: not when the clause also holds this (a positive "altijd": "je staat altijd
  voor me klaar");
- ``requires_clause``: only when the clause also holds this (an "again" about the partner);
- ``quoted``: whether the rule also counts inside quotation marks (words in quoted speech are
  somebody else's, so by default only safety rules count there).
"""

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.coach.labels import Label, Safety
from nabij.coach.patterns import PatternError, compile_any
from nabij.coach.tokens import TokenLine
from nabij.model.ids import Lang

BEFORE_WINDOW = 3
# Tokens that end a clause: guards look within a clause, never across one.
_CLAUSE_END = frozenset(".!?;:")
QUOTES = frozenset("\"“”„«»‘’'")


@dataclass(frozen=True)
class Rule:
    """One rule of a data file, compiled."""

    name: str
    label: Label | None
    safety: Safety | None
    regex: re.Pattern[str]
    unless_before: re.Pattern[str] | None
    unless_clause: re.Pattern[str] | None
    requires_clause: re.Pattern[str] | None
    quoted: bool


@dataclass(frozen=True)
class RuleSet:
    """All rules of one language, with its word lists and chat spellings."""

    lang: Lang
    rules: tuple[Rule, ...]
    spelling: Mapping[str, str]
    lists: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Hit:
    """A rule that fired, over tokens [first, last)."""

    rule: Rule
    first: int
    last: int


def _optional(
    spec: Mapping[str, Any], key: str, lists: Mapping[str, Sequence[str]]
) -> re.Pattern[str] | None:
    value = spec.get(key)
    if value is None:
        return None
    return compile_any([value] if isinstance(value, str) else list(value), lists)


def _rule(spec: Mapping[str, Any], lists: Mapping[str, Sequence[str]], where: str) -> Rule:
    label = Label(spec["label"]) if "label" in spec else None
    safety = Safety(spec["safety"]) if "safety" in spec else None
    if label is None and safety is None:
        raise PatternError(f"{where}: a rule needs a label or a safety value")
    try:
        return Rule(
            name=str(spec.get("name", where)),
            label=label,
            safety=safety,
            regex=compile_any(list(spec["patterns"]), lists),
            unless_before=_optional(spec, "unless_before", lists),
            unless_clause=_optional(spec, "unless_clause", lists),
            requires_clause=_optional(spec, "requires_clause", lists),
            quoted=bool(spec.get("quoted", safety is not None)),
        )
    except PatternError as error:
        raise PatternError(f"{where}: {error}") from None


@cache
def rules(lang: Lang) -> RuleSet:
    """Return the compiled rules of ``lang``; a broken data file fails loudly here."""
    with (files("nabij.coach") / "data" / f"rules.{lang.value}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    lists = {name: [str(w) for w in words] for name, words in data.get("lists", {}).items()}
    compiled = tuple(
        _rule(spec, lists, f"rules.{lang.value}.toml rule {index + 1}")
        for index, spec in enumerate(data.get("rule", []))
    )
    spelling = {str(k): str(v) for k, v in data.get("spelling", {}).items()}
    return RuleSet(lang, compiled, spelling, lists)


def _clause_bounds(line: TokenLine, text: str) -> list[tuple[int, int]]:
    """Return, per token, the token range of its clause (ended by punctuation or a new line)."""
    tokens = line.tokens
    bounds: list[tuple[int, int]] = [(0, 0)] * len(tokens)
    start = 0
    for index, token in enumerate(tokens):
        ends_here = token.surface in _CLAUSE_END or (
            index + 1 < len(tokens) and "\n" in text[token.end : tokens[index + 1].start]
        )
        if ends_here or index == len(tokens) - 1:
            for inside in range(start, index + 1):
                bounds[inside] = (start, index + 1)
            start = index + 1
    return bounds


def _quoted(line: TokenLine) -> list[bool]:
    """Return, per token, whether it stands between quotation marks."""
    inside, flags = False, []
    for token in line.tokens:
        if token.surface in QUOTES:
            inside = not inside
            flags.append(False)
        else:
            flags.append(inside)
    if inside:  # an unclosed quote is more likely an apostrophe than quoted speech
        return [False] * len(flags)
    return flags


def _piece(line: TokenLine, first: int, last: int) -> str:
    if first >= last:
        return ""
    end = line.starts[last] - 1 if last < len(line.starts) else len(line.line)
    return line.line[line.starts[first] : end]


def apply(ruleset: RuleSet, line: TokenLine, text: str) -> list[Hit]:
    """Return every rule hit in a message, its guards respected."""
    if not line.tokens:
        return []
    clauses = _clause_bounds(line, text)
    quoted = _quoted(line)
    hits: list[Hit] = []
    for rule in ruleset.rules:
        for match in rule.regex.finditer(line.line):
            first, last = line.token_range(match.start(), match.end())
            if not rule.quoted and any(quoted[first:last]):
                continue
            clause_start, clause_end = clauses[first]
            clause = _piece(line, clause_start, max(clause_end, last))
            if rule.unless_before is not None:
                before = _piece(line, max(clause_start, first - BEFORE_WINDOW), first)
                if rule.unless_before.search(before):
                    continue
            if rule.unless_clause is not None and rule.unless_clause.search(clause):
                continue
            if rule.requires_clause is not None and not rule.requires_clause.search(clause):
                continue
            hits.append(Hit(rule, first, last))
    return hits

"""The coach's rules, read from ``data/rules.<lang>.toml`` and applied to a message.

Each rule finds one label (or a safety signal) through patterns (see ``matcher.py``) and may
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
from nabij.coach.matcher import Node, PatternError, build, find, occurs
from nabij.coach.tokens import Token
from nabij.model.ids import Lang

BEFORE_WINDOW = 3
# Tokens that end a clause: guards look within a clause, never across one.
_CLAUSE_END = frozenset(".!?;:")
QUOTES = frozenset("\"“”„«»‘’'")
_HAS_QUOTE = re.compile("[" + re.escape("".join(sorted(QUOTES))) + "]")


@dataclass(frozen=True)
class Rule:
    """One rule of a data file, compiled."""

    name: str
    label: Label | None
    safety: Safety | None
    patterns: tuple[str, ...]
    unless_before: Node | None
    unless_clause: Node | None
    requires_clause: Node | None
    quoted: bool


@dataclass(frozen=True)
class RuleSet:
    """All rules of one language, with its word lists, chat spellings and pattern tree."""

    lang: Lang
    rules: tuple[Rule, ...]
    spelling: Mapping[str, str]
    lists: Mapping[str, Sequence[str]]
    tree: Node


@dataclass(frozen=True)
class Hit:
    """A rule that fired, over tokens [first, last)."""

    rule: Rule
    first: int
    last: int


def _optional(spec: Mapping[str, Any], key: str, lists: Mapping[str, Sequence[str]]) -> Node | None:
    value = spec.get(key)
    if value is None:
        return None
    patterns = [value] if isinstance(value, str) else list(value)
    return build(((str(p), 0) for p in patterns), lists)


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
            patterns=tuple(str(p) for p in spec["patterns"]),
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
    tree = build(((p, n) for n, rule in enumerate(compiled) for p in rule.patterns), lists)
    return RuleSet(lang, compiled, spelling, lists, tree)


def _clause_bounds(tokens: Sequence[Token], text: str) -> list[tuple[int, int]]:
    """Return, per token, the token range of its clause (ended by punctuation or a new line)."""
    bounds: list[tuple[int, int]] = [(0, 0)] * len(tokens)
    start = 0
    lines = "\n" in text
    for index, token in enumerate(tokens):
        ends_here = token.surface in _CLAUSE_END or (
            lines and index + 1 < len(tokens) and "\n" in text[token.end : tokens[index + 1].start]
        )
        if ends_here or index == len(tokens) - 1:
            for inside in range(start, index + 1):
                bounds[inside] = (start, index + 1)
            start = index + 1
    return bounds


def _quoted(tokens: Sequence[Token]) -> list[bool]:
    """Return, per token, whether it stands between quotation marks."""
    inside, flags = False, []
    for token in tokens:
        if token.surface in QUOTES:
            inside = not inside
            flags.append(False)
        else:
            flags.append(inside)
    if inside:  # an unclosed quote is more likely an apostrophe than quoted speech
        return [False] * len(flags)
    return flags


def apply(ruleset: RuleSet, tokens: Sequence[Token], text: str) -> list[Hit]:
    """Return every rule hit in a message's tokens, its guards respected.

    Clauses, quotes and clause guards are worked out once per message, and only when a rule
    fires that needs them: a long message full of hits costs no more than its length.
    """
    hits: list[Hit] = []
    quoted: list[bool] | None = None
    clauses: list[tuple[int, int]] | None = None
    seen: dict[tuple[int, int, int], bool] = {}

    def in_clause(guard: Node, start: int, end: int) -> bool:
        key = (id(guard), start, end)
        if key not in seen:
            seen[key] = occurs(guard, tokens[start:end])
        return seen[key]

    for match in find(ruleset.tree, tokens):
        rule, first, last = ruleset.rules[match.accept], match.first, match.last
        if not rule.quoted and _HAS_QUOTE.search(text):
            quoted = quoted if quoted is not None else _quoted(tokens)
            if any(quoted[first:last]):
                continue
        if rule.unless_before or rule.unless_clause or rule.requires_clause:
            clauses = clauses if clauses is not None else _clause_bounds(tokens, text)
            clause_start = clauses[first][0]
            clause_end = max(clauses[last - 1][1], last)
            if rule.unless_before is not None and occurs(
                rule.unless_before, tokens[max(clause_start, first - BEFORE_WINDOW) : first]
            ):
                continue
            if rule.unless_clause is not None and in_clause(
                rule.unless_clause, clause_start, clause_end
            ):
                continue
            if rule.requires_clause is not None and not in_clause(
                rule.requires_clause, clause_start, clause_end
            ):
                continue
        hits.append(Hit(rule, first, last))
    return hits

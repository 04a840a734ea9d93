r"""A small pattern language over tokens, so rules can live in data files, and its matcher.

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

All patterns of a language are merged into one tree of tokens (shared beginnings are walked
once), and a message is read token by token while every partial match advances together.
Each token costs a few dictionary lookups however many rules there are, which keeps the coach
at tens of thousands of messages a second (``bench/coach.py``).

>>> from nabij.coach.tokens import Token

GAP = re.compile(r"~(\d+)")
>>> tokens = [Token("je", "je", 0, 2), Token("luistert", "luisteren", 3, 11),
...           Token("nooit", "nooit", 12, 17)]
>>> [(m.first, m.last) for m in find(build([("je ~2 nooit", 0)], {}), tokens)]
[(0, 3)]
>>> bool(find(build([("luisteren", 0)], {}), tokens))
True
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product

from nabij.coach.tokens import Token

GAP = re.compile(r"~(\d+)")


class PatternError(ValueError):
    """A pattern in a data file that cannot be read; the message says which and why."""


# Sentence punctuation ends a gap: "~3" never reaches into the next sentence.
_STOPS = frozenset(".!?;")


@dataclass
class Node:
    """One step of the tree: where each kind of next token leads, and what ends here."""

    words: dict[str, "Node"] = field(default_factory=dict)
    surfaces: dict[str, "Node"] = field(default_factory=dict)
    stems: list[tuple[str, "Node"]] = field(default_factory=list)
    anything: "Node | None" = None
    gaps: list[tuple[int, "Node"]] = field(default_factory=list)
    accepts: list[int] = field(default_factory=list)
    # Set by ``_merge_gaps``: all of this node's gaps as one step, and whether a word can follow.
    gap: "Gap | None" = None
    goes_on: bool = False

    def _child(self, kind: str, key: str) -> "Node":
        table = self.words if kind == "word" else self.surfaces
        if key not in table:
            table[key] = Node()
        return table[key]

    def _stem(self, stem: str) -> "Node":
        for known, node in self.stems:
            if known == stem:
                return node
        node = Node()
        self.stems.append((stem, node))
        return node

    def _gap(self, size: int) -> "Node":
        for known, node in self.gaps:
            if known == size:
                return node
        node = Node()
        self.gaps.append((size, node))
        return node


def _choices(element: str, lists: Mapping[str, Sequence[str]]) -> list[str]:
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
    return [w.lower() for w in words]


def _expand_optional(elements: list[str]) -> Iterable[list[str]]:
    """Yield the pattern with each ``?word`` both present and left out."""
    options = [[e[1:], None] if e.startswith("?") and e != "?" else [e] for e in elements]
    for combination in product(*options):
        yield [e for e in combination if e is not None]


def _add(root: Node, elements: list[str], accept: int, lists: Mapping[str, Sequence[str]]) -> None:
    frontier = [root]
    for element in elements:
        gap = GAP.fullmatch(element)
        if gap:
            frontier = [node._gap(int(gap.group(1))) for node in frontier]
            continue
        following: list[Node] = []
        for node in frontier:
            if element == "_":
                node.anything = node.anything or Node()
                following.append(node.anything)
                continue
            for word in _choices(element, lists):
                if word.startswith("=") and len(word) > 1:
                    following.append(node._child("surface", word[1:]))
                elif word.endswith("*") and len(word) > 1:
                    following.append(node._stem(word[:-1]))
                else:
                    following.append(node._child("word", word))
        frontier = list({id(n): n for n in following}.values())
    for node in frontier:
        if accept not in node.accepts:
            node.accepts.append(accept)


def build(patterns: Iterable[tuple[str, int]], lists: Mapping[str, Sequence[str]]) -> Node:
    """Return the tree of ``(pattern, accept id)`` pairs; a bad pattern raises PatternError."""
    root = Node()
    for pattern, accept in patterns:
        elements = pattern.split()
        for variant in _expand_optional(elements):
            if not variant or GAP.fullmatch(variant[0]) or GAP.fullmatch(variant[-1]):
                raise PatternError(f"{pattern!r}: a pattern starts and ends with a word")
            _add(root, variant, accept, lists)
    _merge_gaps(root, set())
    return root


@dataclass
class Gap:
    """All gaps after one node as a single step: each edge says how many tokens it allows.

    Patterns such as "je ~2 nooit" and "je ~5 altijd" share the node "je"; walking one gap
    that knows both limits, instead of one gap per size, keeps the number of partial
    matches small.
    """

    words: dict[str, list[tuple[int, Node]]] = field(default_factory=dict)
    surfaces: dict[str, list[tuple[int, Node]]] = field(default_factory=dict)
    stems: list[tuple[str, int, Node]] = field(default_factory=list)
    anything: list[tuple[int, Node]] = field(default_factory=list)
    longest: int = 0


def _merge_gaps(node: Node, seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    node.goes_on = bool(node.words or node.surfaces or node.stems or node.anything)
    children = [*node.words.values(), *node.surfaces.values(), *(c for _, c in node.stems)]
    children += [node.anything] if node.anything is not None else []
    if node.gaps:
        gap = Gap(longest=max(size for size, _ in node.gaps))
        for size, after in node.gaps:
            if after.gaps or after.accepts:
                raise PatternError("two gaps in a row, or a gap at the end, cannot be read")
            for word, child in after.words.items():
                gap.words.setdefault(word, []).append((size, child))
            for word, child in after.surfaces.items():
                gap.surfaces.setdefault(word, []).append((size, child))
            gap.stems += [(stem, size, child) for stem, child in after.stems]
            if after.anything is not None:
                gap.anything.append((size, after.anything))
            children.append(after)
        node.gap = gap
    for child in children:
        _merge_gaps(child, seen)


@dataclass(frozen=True)
class Match:
    """Pattern ``accept`` matched tokens [first, last)."""

    accept: int
    first: int
    last: int


def find(root: Node, tokens: Sequence[Token]) -> list[Match]:
    """Return every match of every pattern in ``tokens`` (overlapping ones included)."""
    matches: list[Match] = []
    # Partial matches: at a node (where it began), or inside a gap (where it began and how
    # many tokens it has passed over).
    nodes: list[tuple[Node, int]] = []
    gaps: list[tuple[Gap, int, int]] = []

    for index, (surface, lemma, _, _) in enumerate(tokens):
        reached: list[tuple[Node, int]] = []
        nodes.append((root, index))
        for node, start in nodes:
            words = node.words
            child = words.get(surface)
            if child is not None:
                reached.append((child, start))
            if lemma != surface:
                child = words.get(lemma)
                if child is not None:
                    reached.append((child, start))
            if node.surfaces:
                child = node.surfaces.get(surface)
                if child is not None:
                    reached.append((child, start))
            for stem, child in node.stems:
                if surface.startswith(stem) or lemma.startswith(stem):
                    reached.append((child, start))
            if node.anything is not None:
                reached.append((node.anything, start))
        stop = surface in _STOPS
        next_gaps: list[tuple[Gap, int, int]] = []
        for gap, start, passed in gaps:
            edges = gap.words.get(surface, [])
            if lemma != surface:
                edges = edges + gap.words.get(lemma, [])
            if gap.surfaces:
                edges = edges + gap.surfaces.get(surface, [])
            for stem, limit, child in gap.stems:
                if surface.startswith(stem) or lemma.startswith(stem):
                    edges = [*edges, (limit, child)]
            for limit, child in (*edges, *gap.anything):
                if limit >= passed:
                    reached.append((child, start))
            if passed < gap.longest and not stop:
                next_gaps.append((gap, start, passed + 1))
        next_nodes: list[tuple[Node, int]] = []
        for child, start in reached:
            for accept in child.accepts:
                matches.append(Match(accept, start, index + 1))
            if child.goes_on:
                next_nodes.append((child, start))
            if child.gap is not None:
                next_gaps.append((child.gap, start, 0))
        nodes, gaps = next_nodes, next_gaps
    return matches


def occurs(root: Node, tokens: Sequence[Token]) -> bool:
    """Return whether any pattern of the tree matches somewhere in ``tokens``."""
    if not tokens:
        return False
    if not (root.stems or root.anything or root.surfaces):
        # Most guards start with plain words: no such word, no match, no need to walk.
        starts = root.words
        if not any(t.surface in starts or t.lemma in starts for t in tokens):
            return False
    return bool(find(root, tokens))

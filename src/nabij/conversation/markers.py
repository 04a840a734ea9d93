"""The phrases WhatsApp writes in place of a person's words: media, deletions, notices, edits.

The phrases live in ``data/markers.toml`` (see its header for how they are compared); this
module validates them at load and turns them into one compiled pattern.
"""

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.model.ids import Lang

WILDCARD = "…"
# A marker is a short line: the longest notice is about 200 characters, a file name a few
# dozen. Longer text is a person's message and is not compared at all, which keeps the check
# cheap and means a long message can never be mistaken for a notice.
MAX_MARKER_CHARS = 400
# An edit marker is looked for in this many last characters of a message; longer endings
# are refused at load.
EDIT_TAIL = 64


class MarkerKind(StrEnum):
    """What a phrase in place of a person's words stands for (the kinds of markers.toml)."""

    MEDIA = "media"
    DELETED = "deleted"
    SYSTEM = "system"
    SYSTEM_MARKED = "system_marked"
    EDITED = "edited"


# The order in which a text is compared: a deletion notice such as "U heeft dit bericht
# verwijderd" also has the shape of a member being removed, and must win.
_MATCH_ORDER = (MarkerKind.MEDIA, MarkerKind.DELETED, MarkerKind.SYSTEM, MarkerKind.SYSTEM_MARKED)


class MarkerDataError(ValueError):
    """The marker data file is not as this module expects; names the place."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A text that is one of the markers: which kind, and in which language."""

    kind: MarkerKind
    lang: Lang


@dataclass(frozen=True)
class Markers:
    """The compiled markers: whole-line patterns, a cheap first check, and the edit endings."""

    always: re.Pattern[str]  # media, deleted and system phrases
    marked: re.Pattern[str]  # the same, then the system_marked phrases
    hits: dict[str, Hit]  # group name in the patterns -> what it means
    # Every phrase of ``always`` starts or ends with fixed text; a line that starts with none of
    # these beginnings and ends with none of these endings cannot be one, and most lines of a
    # chat are ruled out here without running the pattern.
    beginnings: dict[str, tuple[str, ...]]  # by first character, in both cases
    endings: dict[str, tuple[str, ...]]  # by last character, in both cases
    edited: tuple[tuple[str, Lang], ...]  # lowercased ending, its language
    endings_edited: tuple[str, ...]  # the same endings, to rule most texts out in one call
    edited_last: frozenset[str]  # their last characters, in both cases; never empty

    def may_be(self, text: str) -> bool:
        """Return False when ``text`` (not empty) cannot be a marker without being marked."""
        return text[0] in self.beginnings or text[-1] in self.endings

    def classify(self, text: str, *, marked: bool = False) -> Hit | None:
        """Return what ``text`` (one line, direction marks removed, stripped) stands for.

        ``marked`` says that WhatsApp marked the line as its own (a direction mark before it on
        an iPhone, or no sender on Android); only then are system_marked phrases compared.
        """
        if not text or len(text) > MAX_MARKER_CHARS:
            return None
        if marked:
            found = self.marked.fullmatch(text)
        else:
            first, last = self.beginnings.get(text[0]), self.endings.get(text[-1])
            if first is None and last is None:
                return None
            low = text.lower()
            if not ((first and low.startswith(first)) or (last and low.endswith(last))):
                return None
            found = self.always.fullmatch(text)
        if found is None or found.lastgroup is None:
            return None
        return self.hits[found.lastgroup]

    def strip_edited(self, text: str) -> tuple[str, Lang | None]:
        """Return ``text`` without an edit marker at its end, and the marker's language."""
        tail = text[-EDIT_TAIL:].lower()
        if not tail.endswith(self.endings_edited):
            return text, None
        for ending, lang in self.edited:
            if tail.endswith(ending):
                return text[: len(text) - len(ending)].rstrip(), lang
        return text, None


def _phrase_pattern(phrase: str) -> str:
    """Return the regular expression for one phrase: literal text, "…" for any text."""
    parts = [re.escape(part) for part in phrase.split(WILDCARD)]
    # A wildcard between words stands for at least one character (a name, a file name); at the
    # very end it may be empty, so that a notice the app cut short still matches.
    if phrase.endswith(WILDCARD):
        return ".+?".join(parts[:-1]) + ".*"
    return ".+?".join(parts) + r"\.?"


def _strings(value: Any, where: str) -> list[str]:
    """Return a non-empty list of non-empty strings, or fail naming ``where``."""
    if not isinstance(value, list) or not value:
        raise MarkerDataError(f"{where}: expected a non-empty list of phrases")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip(WILDCARD + " "):
            raise MarkerDataError(f"{where}[{index}]: expected a phrase")
    return value


def markers_from(data: dict[str, Any]) -> Markers:
    """Validate the parsed marker data and compile it."""
    langs = {lang.value for lang in Lang}
    if set(data) != langs:
        raise MarkerDataError(f"expected exactly the languages {sorted(langs)}, got {sorted(data)}")
    kinds = {kind.value for kind in MarkerKind}
    for lang in Lang:
        table = data[lang.value]
        if not isinstance(table, dict) or set(table) != kinds:
            raise MarkerDataError(f"{lang.value}: expected exactly the kinds {sorted(kinds)}")
    edited: list[tuple[str, Lang]] = []
    for lang in Lang:
        for ending in _strings(data[lang.value][MarkerKind.EDITED.value], f"{lang.value}.edited"):
            if WILDCARD in ending or len(ending) > EDIT_TAIL:
                raise MarkerDataError(
                    f"{lang.value}.edited: an ending holds no {WILDCARD} and is short"
                )
            edited.append((ending.lower(), lang))
    # Longest endings first, so that an ending that contains another is removed whole.
    edited.sort(key=lambda pair: -len(pair[0]))

    hits: dict[str, Hit] = {}
    groups: dict[MarkerKind, list[str]] = {kind: [] for kind in _MATCH_ORDER}
    beginnings: set[str] = set()
    endings: set[str] = set()
    for kind in _MATCH_ORDER:
        for lang in Lang:
            where = f"{lang.value}.{kind.value}"
            phrases = _strings(data[lang.value][kind.value], where)
            name = f"{kind.value}_{lang.value}"
            hits[name] = Hit(kind, lang)
            groups[kind].append(f"(?P<{name}>{'|'.join(_phrase_pattern(p) for p in phrases)})")
            if kind is MarkerKind.SYSTEM_MARKED:
                continue
            for index, phrase in enumerate(phrases):
                head, tail = phrase.split(WILDCARD)[0], phrase.split(WILDCARD)[-1]
                if head:
                    beginnings.add(head.lower())
                elif tail:
                    endings.update({tail.lower(), tail.lower() + "."})
                else:
                    raise MarkerDataError(f"{where}[{index}]: must start or end with fixed text")
    flags = re.IGNORECASE | re.DOTALL
    always = [g for kind in _MATCH_ORDER[:-1] for g in groups[kind]]
    every = always + groups[MarkerKind.SYSTEM_MARKED]
    return Markers(
        always=re.compile("|".join(always), flags),
        marked=re.compile("|".join(every), flags),
        hits=hits,
        beginnings=_by_char(beginnings, 0),
        endings=_by_char(endings, -1),
        edited=tuple(edited),
        endings_edited=tuple(ending for ending, _ in edited),
        edited_last=frozenset(c for ending, _ in edited for c in (ending[-1], ending[-1].upper())),
    )


def _by_char(texts: set[str], index: int) -> dict[str, tuple[str, ...]]:
    """Return ``texts`` grouped by their character at ``index``."""
    grouped: dict[str, list[str]] = {}
    for text in sorted(texts):
        for char in {text[index], text[index].upper()}:
            grouped.setdefault(char, []).append(text)
    return {char: tuple(group) for char, group in grouped.items()}


@cache
def markers() -> Markers:
    """Return the markers of ``data/markers.toml``, loaded once."""
    with (files("nabij.conversation") / "data" / "markers.toml").open("rb") as handle:
        return markers_from(tomllib.load(handle))

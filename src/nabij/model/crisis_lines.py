"""The crisis lines of the Netherlands and Belgium, typed and checked, from one dated data file.

``data/crisis_lines.toml`` is the only place a helpline number is written (DESIGN §1, "safety
first"). This module reads it once, checks every line, and hands out the lines in one language
with the date they were last verified, so a page can say "last checked on …".
"""

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.model.ids import Lang, SafetyConcern
from nabij.model.therapy import Country

_FILE = "crisis_lines.toml"
ALWAYS_OPEN = "24/7"
_LINE_KEYS = frozenset({"id", "country", "number", "hours", "concerns", "name", "description"})
_LANGS = frozenset(lang.value for lang in Lang)
_ID = re.compile(r"[a-z][a-z0-9_]*")
# A number as people dial it: digits, with dashes only between groups ("0800-2000").
_NUMBER = re.compile(r"[0-9]+(-[0-9]+)*")


class CrisisLineError(ValueError):
    """A crisis-line data file that cannot be used; the message names the line and the key."""


@dataclass(frozen=True)
class CrisisLine:
    """One helpline, in one language."""

    id: str
    country: Country
    number: str
    hours: str  # "24/7", or opening hours in OpenStreetMap notation; the description says them
    concerns: frozenset[SafetyConcern]
    name: str
    description: str

    @property
    def always_open(self) -> bool:
        """Return whether the line answers day and night, every day."""
        return self.hours == ALWAYS_OPEN

    @property
    def dial(self) -> str:
        """Return the number for a ``tel:`` link: digits only.

        >>> CrisisLine("x", Country.NL, "0800-2000", "24/7", frozenset(), "X", "Y").dial
        '08002000'
        """
        return self.number.replace("-", "")


@dataclass(frozen=True)
class CrisisLines:
    """All crisis lines in one language, in the data file's order, and when they were checked."""

    checked: date
    lines: tuple[CrisisLine, ...]

    def in_country(self, country: Country) -> tuple[CrisisLine, ...]:
        """Return the lines of one country."""
        return tuple(line for line in self.lines if line.country is country)

    def for_concerns(self, concerns: Iterable[SafetyConcern]) -> tuple[CrisisLine, ...]:
        """Return the lines that help with any of ``concerns``."""
        wanted = frozenset(concerns)
        return tuple(line for line in self.lines if line.concerns & wanted)


def _bilingual(node: Any, where: str) -> Mapping[str, str]:
    if not isinstance(node, Mapping) or set(node) != _LANGS:
        raise CrisisLineError(f"{_FILE} {where}: must have exactly the keys {sorted(_LANGS)}")
    if not all(isinstance(value, str) and value.strip() for value in node.values()):
        raise CrisisLineError(f"{_FILE} {where}: every language needs a non-empty text")
    return node


def _line(node: Any, index: int, lang: Lang) -> CrisisLine:
    where = f"[[line]] {index}"
    if not isinstance(node, Mapping) or set(node) != _LINE_KEYS:
        raise CrisisLineError(f"{_FILE} {where}: keys must be exactly {sorted(_LINE_KEYS)}")
    line_id, number, hours = node["id"], node["number"], node["hours"]
    if not isinstance(line_id, str) or not _ID.fullmatch(line_id):
        raise CrisisLineError(f"{_FILE} {where}: 'id' must be a snake_case id")
    if node["country"] not in {c.value for c in Country}:
        raise CrisisLineError(f"{_FILE} {where}: 'country' must be one of {list(Country)}")
    if not isinstance(number, str) or not _NUMBER.fullmatch(number):
        raise CrisisLineError(f"{_FILE} {where}: 'number' must be digits, grouped by dashes")
    if not isinstance(hours, str) or not hours.strip():
        raise CrisisLineError(f"{_FILE} {where}: 'hours' must be a text")
    concerns = node["concerns"]
    known = {c.value for c in SafetyConcern}
    if not isinstance(concerns, list) or not concerns or not set(concerns) <= known:
        raise CrisisLineError(f"{_FILE} {where}: 'concerns' must list safety concern ids")
    return CrisisLine(
        id=line_id,
        country=Country(node["country"]),
        number=number,
        hours=hours,
        concerns=frozenset(SafetyConcern(c) for c in concerns),
        name=_bilingual(node["name"], f"{where}.name")[lang.value],
        description=_bilingual(node["description"], f"{where}.description")[lang.value],
    )


@cache
def crisis_lines(lang: Lang) -> CrisisLines:
    """Return every crisis line in ``lang``, read and checked once per process."""
    with (files("nabij.model") / "data" / _FILE).open("rb") as handle:
        data = tomllib.load(handle)
    if set(data) != {"checked", "line"}:
        raise CrisisLineError(f"{_FILE}: keys must be exactly ['checked', 'line']")
    checked = data["checked"]
    # A bare TOML date is a ``date``; a date with a time would claim to know the hour.
    if not isinstance(checked, date) or isinstance(checked, datetime):
        raise CrisisLineError(f"{_FILE}: 'checked' must be a date such as 2026-11-25")
    nodes = data["line"]
    if not isinstance(nodes, list) or not nodes:
        raise CrisisLineError(f"{_FILE}: there must be at least one [[line]]")
    lines = tuple(_line(node, index, lang) for index, node in enumerate(nodes))
    ids = [line.id for line in lines]
    if len(set(ids)) != len(ids):
        raise CrisisLineError(f"{_FILE}: every line needs its own id")
    return CrisisLines(checked, lines)

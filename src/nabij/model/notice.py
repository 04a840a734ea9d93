"""The consent notice and its two checkboxes, shown before the first sensitive question.

The words live in ``data/notice.<lang>.toml``; both files carry the same ``version`` and
``date``, which the web app records with each consent so that it is known what someone agreed to.
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.model.ids import Lang

# The notice must be read before the first question, so it stays short: about a minute of
# reading, counted over the title, headings and items (not the checkbox labels).
NOTICE_MAX_WORDS = 250


class NoticeError(ValueError):
    """A notice data file that cannot be used; the message names the file and the key."""


class ConsentItem(StrEnum):
    """A checkbox that must be ticked, unticked by default, before the first sensitive question."""

    SPECIAL_CATEGORY = "special_category"  # health, sex life and violence answers
    AGE = "age"  # 16 or older


@dataclass(frozen=True)
class NoticeSection:
    """One heading of the notice with its short paragraphs."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class ConsentBox:
    """A consent checkbox: its label, and the error shown when it was left unticked."""

    item: ConsentItem
    label: str
    error: str


@dataclass(frozen=True)
class Notice:
    """The notice in one language, with the version and date a consent refers to."""

    lang: Lang
    version: str
    date: date
    title: str
    sections: tuple[NoticeSection, ...]
    checkboxes: tuple[ConsentBox, ...]

    def box(self, item: ConsentItem) -> ConsentBox:
        """Return the checkbox for one consent item."""
        return next(box for box in self.checkboxes if box.item is item)

    def word_count(self) -> int:
        """Return how many words the notice asks someone to read (title, headings, items)."""
        parts = [self.title, *(s.heading for s in self.sections)]
        parts += [item for s in self.sections for item in s.items]
        return sum(len(part.split()) for part in parts)


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise NoticeError(f"{where}: '{key}' must be a non-empty text")
    return value


def _section(node: Any, where: str) -> NoticeSection:
    if not isinstance(node, Mapping) or set(node) != {"heading", "items"}:
        raise NoticeError(f"{where}: keys must be exactly ['heading', 'items']")
    items = node["items"]
    if not isinstance(items, list) or not items:
        raise NoticeError(f"{where}: 'items' must be a non-empty list")
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise NoticeError(f"{where}: every item must be a non-empty text")
    return NoticeSection(_text(node, "heading", where), tuple(items))


@cache
def notice(lang: Lang) -> Notice:
    """Return the consent notice in ``lang``, read and checked once per process."""
    name = f"notice.{lang.value}.toml"
    with (files("nabij.model") / "data" / name).open("rb") as handle:
        data = tomllib.load(handle)
    keys = {"version", "date", "title", "section", "checkbox"}
    if set(data) != keys:
        raise NoticeError(f"{name}: top-level keys must be exactly {sorted(keys)}")
    day = data["date"]
    # A bare TOML date reads as ``date``; a date with a time would claim more than we know.
    if not isinstance(day, date) or isinstance(day, datetime):
        raise NoticeError(f"{name}: 'date' must be a date such as 2026-11-25")
    sections = data["section"]
    if not isinstance(sections, list) or not sections:
        raise NoticeError(f"{name}: needs at least one [[section]]")
    boxes = data["checkbox"]
    if not isinstance(boxes, Mapping) or set(boxes) != {item.value for item in ConsentItem}:
        raise NoticeError(f"{name}: [checkbox.<id>] must cover exactly {list(ConsentItem)}")
    checkboxes = []
    for item in ConsentItem:
        box = boxes[item.value]
        where = f"{name} [checkbox.{item.value}]"
        if not isinstance(box, Mapping) or set(box) != {"label", "error"}:
            raise NoticeError(f"{where}: keys must be exactly ['error', 'label']")
        checkboxes.append(ConsentBox(item, _text(box, "label", where), _text(box, "error", where)))
    return Notice(
        lang=lang,
        version=_text(data, "version", name),
        date=day,
        title=_text(data, "title", name),
        sections=tuple(_section(s, f"{name} [[section]] {i}") for i, s in enumerate(sections)),
        checkboxes=tuple(checkboxes),
    )


def current_version() -> tuple[str, date]:
    """Return the notice version and date to record with a consent; every language must agree."""
    versions = {(notice(lang).version, notice(lang).date) for lang in Lang}
    if len(versions) != 1:
        raise NoticeError("notice.<lang>.toml: every language must have the same version and date")
    (pair,) = versions
    return pair

"""The words of the private safety page and of the neutral pause message, in nl and en.

They live in ``data/safety.<lang>.toml``. The pause message is one text for both partners,
whatever paused the joint exercises, so that a partner's page never reveals that the other
reported a safety concern.
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.model.ids import Lang

# A check-in with a felt safety at or below this (0–10) privately offers the safety questions
# again (issue 4, point 11): 2 or lower means "hardly safe at all", low enough to ask gently
# without turning every difficult day into an alarm.
SAFETY_RECHECK_AT_MOST = 2


class SafetyTextError(ValueError):
    """A safety data file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class TextBlock:
    """A heading with short paragraphs under it."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PauseMessage:
    """The neutral message both partners see while joint exercises are paused, for any reason."""

    title: str
    body: tuple[str, ...]


@dataclass(frozen=True)
class SafetyRecheck:
    """The private offer to take the safety questions again, after a low felt safety."""

    prompt: str
    accept: str
    decline: str
    later: str  # shown after "not now", so the way back stays clear


@dataclass(frozen=True)
class SafetyTexts:
    """Everything the private safety page and the pause state say, in one language."""

    lang: Lang
    title: str
    intro: tuple[str, ...]
    lines_pointer: str
    changes: TextBlock
    browsing: TextBlock
    pause: PauseMessage
    recheck: SafetyRecheck


def _table(data: Mapping[str, Any], key: str, keys: set[str], where: str) -> Mapping[str, Any]:
    node = data.get(key)
    if not isinstance(node, Mapping) or set(node) != keys:
        raise SafetyTextError(f"{where} [{key}]: keys must be exactly {sorted(keys)}")
    return node


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SafetyTextError(f"{where}: '{key}' must be a non-empty text")
    return value


def _texts(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not value:
        raise SafetyTextError(f"{where}: '{key}' must be a non-empty list")
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise SafetyTextError(f"{where}: every item of '{key}' must be a non-empty text")
    return tuple(value)


def _block(data: Mapping[str, Any], key: str, name: str) -> TextBlock:
    node = _table(data, key, {"heading", "items"}, name)
    where = f"{name} [{key}]"
    return TextBlock(_text(node, "heading", where), _texts(node, "items", where))


@cache
def safety_texts(lang: Lang) -> SafetyTexts:
    """Return the safety page and pause texts in ``lang``, read and checked once per process."""
    name = f"safety.{lang.value}.toml"
    with (files("nabij.model") / "data" / name).open("rb") as handle:
        data = tomllib.load(handle)
    tables = {"page", "changes", "browsing", "pause", "recheck"}
    if set(data) != tables:
        raise SafetyTextError(f"{name}: tables must be exactly {sorted(tables)}")
    page = _table(data, "page", {"title", "intro", "lines_pointer"}, name)
    pause = _table(data, "pause", {"title", "body"}, name)
    recheck = _table(data, "recheck", {"prompt", "accept", "decline", "later"}, name)
    return SafetyTexts(
        lang=lang,
        title=_text(page, "title", f"{name} [page]"),
        intro=_texts(page, "intro", f"{name} [page]"),
        lines_pointer=_text(page, "lines_pointer", f"{name} [page]"),
        changes=_block(data, "changes", name),
        browsing=_block(data, "browsing", name),
        pause=PauseMessage(
            _text(pause, "title", f"{name} [pause]"), _texts(pause, "body", f"{name} [pause]")
        ),
        recheck=SafetyRecheck(
            **{key: _text(recheck, key, f"{name} [recheck]") for key in sorted(recheck)}
        ),
    )


def pause_message(lang: Lang) -> PauseMessage:
    """Return the one pause message for both partners; it takes no reason, by design."""
    return safety_texts(lang).pause

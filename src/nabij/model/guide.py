"""The guide to each of the six steps, and the ideas for small rituals, in nl and en.

The words live in ``data/guide.<lang>.toml`` so that a therapist or translator can change them
without touching code; this module reads them, checks their shape and hands out typed values.
They deepen the short ``[step.<id>]`` texts of ``data/<lang>.toml`` and never repeat a
crisis-line number (those live only in ``data/crisis_lines.toml``).
"""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.model.ids import Lang, Step


class GuideError(ValueError):
    """A guide data file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class GuideHeadings:
    """The section headings of a step page, so every page names its parts the same way."""

    what: str
    why: str
    today: str
    together: str
    together_note: str
    get_help: str
    safety_first: str
    questions: str
    rituals: str


@dataclass(frozen=True)
class StepGuide:
    """Everything a step page says about one step, in one language."""

    step: Step
    lang: Lang
    title: str
    what: tuple[str, ...]
    why: tuple[str, ...]
    today: tuple[str, ...]
    together: tuple[str, ...]
    get_help: str
    # Only restore_safety has a safety-first note, and only process has the four questions.
    safety_first: str | None = None
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RitualIdea:
    """A small ritual of closeness, with a stable id that a check-in can store."""

    id: str
    text: str


@dataclass(frozen=True)
class _Guide:
    headings: GuideHeadings
    steps: Mapping[Step, StepGuide]
    rituals: tuple[RitualIdea, ...]


# How many items each list may hold, as (fewest, most). The bounds keep a page readable on a
# phone: a few short paragraphs, a handful of things to try, and no empty section.
LIST_BOUNDS: Mapping[str, tuple[int, int]] = {
    "what": (2, 4),
    "why": (1, 3),
    "today": (3, 5),
    "together": (2, 3),
}
# The steps with an extra field; the field is required there and refused anywhere else.
SAFETY_NOTE_STEPS: frozenset[Step] = frozenset({Step.RESTORE_SAFETY})
QUESTION_STEPS: frozenset[Step] = frozenset({Step.PROCESS})
QUESTION_COUNT = 4  # what hurt, what it meant, what we learned, what we need now
# A ritual is offered as a checkbox label on a phone, so it must fit on about one line.
RITUAL_MAX_CHARS = 60
_RITUAL_ID = re.compile(r"[a-z][a-z0-9_]*")
_STEP_KEYS = frozenset({"title", "get_help", "safety_first", "questions", *LIST_BOUNDS})


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GuideError(f"{where}: '{key}' must be a non-empty text")
    return value


def _texts(table: Mapping[str, Any], key: str, where: str, low: int, high: int) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GuideError(f"{where}: '{key}' must be a list of non-empty texts")
    if not low <= len(value) <= high:
        raise GuideError(f"{where}: '{key}' must hold {low}–{high} items, not {len(value)}")
    return tuple(value)


def _step(step: Step, lang: Lang, table: Any, where: str) -> StepGuide:
    if not isinstance(table, Mapping):
        raise GuideError(f"{where}: missing")
    unknown = sorted(set(table) - _STEP_KEYS)
    if unknown:
        raise GuideError(f"{where}: unknown keys {unknown}")
    lists = {key: _texts(table, key, where, *bounds) for key, bounds in LIST_BOUNDS.items()}
    safety_first: str | None = None
    if step in SAFETY_NOTE_STEPS:
        safety_first = _text(table, "safety_first", where)
    elif "safety_first" in table:
        raise GuideError(f"{where}: only {sorted(SAFETY_NOTE_STEPS)} have 'safety_first'")
    questions: tuple[str, ...] = ()
    if step in QUESTION_STEPS:
        questions = _texts(table, "questions", where, QUESTION_COUNT, QUESTION_COUNT)
    elif "questions" in table:
        raise GuideError(f"{where}: only {sorted(QUESTION_STEPS)} have 'questions'")
    return StepGuide(
        step=step,
        lang=lang,
        title=_text(table, "title", where),
        what=lists["what"],
        why=lists["why"],
        today=lists["today"],
        together=lists["together"],
        get_help=_text(table, "get_help", where),
        safety_first=safety_first,
        questions=questions,
    )


def _rituals(table: Any, where: str) -> tuple[RitualIdea, ...]:
    if not isinstance(table, Mapping) or not table:
        raise GuideError(f"{where}: must be a table of ritual ids and texts")
    ideas = []
    for ritual_id, text in table.items():
        if not _RITUAL_ID.fullmatch(ritual_id):
            raise GuideError(f"{where}: '{ritual_id}' is not a snake_case id")
        if not isinstance(text, str) or not text.strip() or len(text) > RITUAL_MAX_CHARS:
            raise GuideError(f"{where}.{ritual_id}: must be a text of 1–{RITUAL_MAX_CHARS} chars")
        ideas.append(RitualIdea(ritual_id, text))
    return tuple(ideas)


@cache
def _load(lang: Lang) -> _Guide:
    """Read and check ``guide.<lang>.toml`` once per process."""
    name = f"guide.{lang.value}.toml"
    with (files("nabij.model") / "data" / name).open("rb") as handle:
        data = tomllib.load(handle)
    unknown = sorted(set(data) - {"headings", "step", "ritual"})
    if unknown:
        raise GuideError(f"{name}: unknown tables {unknown}")
    heads = data.get("headings")
    if not isinstance(heads, Mapping):
        raise GuideError(f"{name}: missing [headings]")
    fields = GuideHeadings.__dataclass_fields__
    if set(heads) != set(fields):
        raise GuideError(f"{name} [headings]: keys must be exactly {sorted(fields)}")
    headings = GuideHeadings(**{key: _text(heads, key, f"{name} [headings]") for key in fields})
    steps = data.get("step")
    if not isinstance(steps, Mapping) or set(steps) != {s.value for s in Step}:
        raise GuideError(f"{name}: [step.<id>] must cover exactly the six steps")
    return _Guide(
        headings=headings,
        steps={s: _step(s, lang, steps[s.value], f"{name} [step.{s.value}]") for s in Step},
        rituals=_rituals(data.get("ritual"), f"{name} [ritual]"),
    )


def guide(step: Step, lang: Lang) -> StepGuide:
    """Return the guide to one step, for its page."""
    return _load(lang).steps[step]


def guide_headings(lang: Lang) -> GuideHeadings:
    """Return the section headings that every step page uses."""
    return _load(lang).headings


def ritual_ideas(lang: Lang) -> tuple[RitualIdea, ...]:
    """Return the small rituals with their stable ids, in the order they are offered."""
    return _load(lang).rituals


def rituals(lang: Lang) -> tuple[str, ...]:
    """Return the texts of the small rituals, in the order they are offered."""
    return tuple(idea.text for idea in _load(lang).rituals)

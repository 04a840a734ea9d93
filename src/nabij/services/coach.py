"""The message coach as a use case: one message seen, said again, and the drafts a user keeps.

``coach`` bundles what the page shows for one message — the highlighted text, the walls and
doors with their explanations, a rewrite and attunement, or help when the message speaks of
harm — into one value the web renders (the CLI shows the same from the same coach functions).
Nothing here writes anything down: a draft is stored only through ``keep``, when the user asks.
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from nabij.coach.analysis import MAX_CHARS, Analysis, Span, analyse
from nabij.coach.attune import attune
from nabij.coach.labels import Label, Safety
from nabij.coach.language import detect
from nabij.coach.rewrite import rewrite
from nabij.coach.texts import explanation, name, safety_text, safety_title
from nabij.model.ids import Lang, SafetyConcern
from nabij.services.people import Viewer
from nabij.store import records

# What each safety signal of a message means for the crisis lines to show (as in the CLI).
CONCERNS: dict[Safety, frozenset[SafetyConcern]] = {
    Safety.NONE: frozenset(),
    Safety.HARM_THREAT: frozenset({SafetyConcern.VIOLENCE}),
    Safety.SELF_HARM: frozenset({SafetyConcern.SELF_HARM}),
}


class Problem(StrEnum):
    """Why a message cannot be looked at."""

    EMPTY = "empty"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class Refused:
    """A message the coach does not take, and its length (for "at most 5,000" messages)."""

    problem: Problem
    length: int


class Mark(StrEnum):
    """How a piece of the message is highlighted."""

    WALL = "wall"
    DOOR = "door"


@dataclass(frozen=True)
class Piece:
    """A run of the message: plain, or marked with the names of the labels it shows."""

    text: str
    mark: Mark | None = None
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One label found: its name, what it does to the other, and the words that show it."""

    label: Label
    name: str
    explanation: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class CrisisLine:
    """A crisis line to call, in the reader's language."""

    number: str
    name: str
    country: str
    always_open: bool
    description: str

    @property
    def dial(self) -> str:
        """Return the number as a ``tel:`` link dials it (digits only)."""
        return "".join(ch for ch in self.number if ch.isdigit())


@dataclass(frozen=True)
class SafetyHelp:
    """What a message that speaks of harm gets instead of nicer words."""

    title: str
    text: str
    lines: tuple[CrisisLine, ...]


@dataclass(frozen=True)
class Coaching:
    """Everything the coach page shows for one message."""

    text_lang: Lang
    detected: bool  # the language was found by the coach, not chosen by the user
    pieces: tuple[Piece, ...]
    walls: tuple[Finding, ...]
    doors: tuple[Finding, ...]
    rewrite: str | None  # None when there is no wall, no wording yet, or a safety signal
    answers: tuple[str, ...]  # attunement: ways to answer a message like this one
    safety: SafetyHelp | None


@dataclass(frozen=True)
class KeptDraft:
    """A draft the user chose to keep, with the local time it was kept and its language."""

    id: str
    text: str
    kept_at: datetime
    lang: Lang  # so that the page marks the text up in its own language


def text_lang(value: str) -> Lang | None:
    """Return the message language a form chose; anything but nl or en means "find it"."""
    return Lang(value) if value in (Lang.NL.value, Lang.EN.value) else None


def problem(text: str) -> Refused | None:
    """Return why ``text`` cannot be looked at or kept, or None when it can."""
    if not text.strip():
        return Refused(Problem.EMPTY, len(text))
    if len(text) > MAX_CHARS:
        return Refused(Problem.TOO_LONG, len(text))
    return None


def coach(text: str, ui: Lang, lang: Lang | None = None) -> Coaching | Refused:
    """Return the coach's view of one message in interface language ``ui``, or why not.

    ``lang`` is the message's language; None lets the coach find it. The message is neither
    stored nor logged.
    """
    refused = problem(text)
    if refused is not None:
        return refused
    analysis = analyse(text, lang)
    suggestion: str | None = None
    answers: tuple[str, ...] = ()
    help_: SafetyHelp | None = None
    if analysis.safety is Safety.NONE:
        found = rewrite(analysis)
        suggestion = found.text if found is not None else None
        answers = attune(analysis)
    else:
        # A message that speaks of harm gets help, never nicer words (CONTRACTS §4).
        help_ = SafetyHelp(
            safety_title(ui), safety_text(ui), crisis_lines(CONCERNS[analysis.safety], ui)
        )
    return Coaching(
        text_lang=analysis.lang,
        detected=lang is None,
        pieces=highlight(analysis, ui),
        walls=tuple(_finding(analysis, label, ui) for label in analysis.walls),
        doors=tuple(_finding(analysis, label, ui) for label in analysis.doors),
        rewrite=suggestion,
        answers=answers,
        safety=help_,
    )


def _merged(spans: list[Span]) -> list[tuple[int, int]]:
    """Return the stretches the spans cover, overlapping or touching spans joined."""
    stretches: list[list[int]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if stretches and span.start <= stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], span.end)
        else:
            stretches.append([span.start, span.end])
    return [(start, end) for start, end in stretches]


def _finding(analysis: Analysis, label: Label, ui: Lang) -> Finding:
    # Two rules may find "jij laat me altijd" and "jij laat me altijd alleen"; a reader needs
    # the words once.
    spans = [span for span in analysis.spans if span.label is label]
    words = [analysis.text[start:end] for start, end in _merged(spans)]
    return Finding(label, name(label, ui), explanation(label, ui), tuple(dict.fromkeys(words)))


def highlight(analysis: Analysis, ui: Lang) -> tuple[Piece, ...]:
    """Return the message as plain and marked pieces that together are exactly its text.

    Where a wall and a door overlap the wall shows, as in the CLI. Neighbouring stretches of
    the same kind become one mark that names every label in it, so a reader hears each name
    once rather than once per overlapping rule.

    >>> from nabij.coach.analysis import analyse
    >>> [(p.text, p.mark) for p in highlight(analyse("Jij laat me altijd alleen."), Lang.EN)]
    [('Jij laat me altijd alleen', <Mark.WALL: 'wall'>), ('.', None)]
    """
    text, spans = analysis.text, analysis.spans
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    runs: list[tuple[int, int, Mark | None, set[Label]]] = []
    for start, end in pairwise(cuts):
        labels = {s.label for s in spans if s.start <= start and end <= s.end}
        walls = {label for label in labels if label.is_wall}
        mark = Mark.WALL if walls else Mark.DOOR if labels else None
        shown = walls or labels
        if runs and runs[-1][2] is mark and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end, mark, runs[-1][3] | shown)
        else:
            runs.append((start, end, mark, shown))
    order = list(Label)
    return tuple(
        Piece(text[start:end], mark, tuple(name(label, ui) for label in order if label in shown))
        for start, end, mark, shown in runs
        if start < end
    )


@cache
def _crisis_file() -> Mapping[str, Any]:
    with (files("nabij.model") / "data" / "crisis_lines.toml").open("rb") as handle:
        data: Mapping[str, Any] = tomllib.load(handle)
    return data


def crisis_lines(concerns: frozenset[SafetyConcern], ui: Lang) -> tuple[CrisisLine, ...]:
    """Return the crisis lines that fit ``concerns``, in the data file's order, in ``ui``."""
    wanted = {concern.value for concern in concerns}
    return tuple(
        CrisisLine(
            number=str(line["number"]),
            name=str(line["name"][ui.value]),
            country=str(line["country"]),
            # Other opening hours are spelled out in the description, in words.
            always_open=line["hours"] == "24/7",
            description=str(line["description"][ui.value]),
        )
        for line in _crisis_file()["line"]
        if wanted & set(line["concerns"])
    )


def keep(db: Session, who: Viewer, text: str, now: datetime) -> str | Refused:
    """Keep a draft the user asked to keep (sealed, like every free text); return its id."""
    refused = problem(text)
    if refused is not None:
        return refused
    return records.keep_draft(db, who.keys, text, now)


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(zone)


def kept(db: Session, who: Viewer, zone: ZoneInfo) -> list[KeptDraft]:
    """Return the user's own kept drafts, newest first, with local times."""
    return [
        KeptDraft(draft_id, text, _local(when, zone), detect(text))
        for draft_id, text, when in records.drafts(db, who.keys)
    ]


def kept_draft(db: Session, who: Viewer, draft_id: str, zone: ZoneInfo) -> KeptDraft | None:
    """Return one of the user's kept drafts; someone else's is None, like a missing one."""
    return next((draft for draft in kept(db, who, zone) if draft.id == draft_id), None)


def forget(db: Session, who: Viewer, draft_id: str) -> bool:
    """Delete one of the user's kept drafts; False when there is none of theirs with this id."""
    return records.delete_draft(db, who.user.id, draft_id)

"""``attune``: what a listener can answer so that a message lands (step 4 of the model).

Not solving, not defending, no advice: two or three sentences that say "I see it, I hear you,
I understand why this is hard", naming the feeling or the situation the message speaks of. The
feeling is the writer's own word when there is one ("ik voel me zo alleen"), else the feeling
beneath the reproach (``read`` in ``rewrite.py``). The sentences live in
``data/attune.<lang>.toml``.
"""

import re
import tomllib
import zlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from string import Formatter
from typing import Any

from nabij.coach.analysis import Analysis, analyse
from nabij.coach.labels import Label, Safety
from nabij.coach.rewrite import read, tidy
from nabij.model.ids import Lang

# Advice is not attunement: an answer with one of these words is never offered.
ADVICE = {
    Lang.NL: re.compile(
        r"\b(?:je moet|moet je|jij moet|moet jij|zou je moeten|je zou eens|probeer|"
        r"als ik jou was|mijn advies)\b",
        re.IGNORECASE,
    ),
    Lang.EN: re.compile(
        r"\b(?:you should|should you|you need to|you have to|you must|you ought|try to|"
        r"if i were you|my advice)\b",
        re.IGNORECASE,
    ),
}


class AttuneTextError(ValueError):
    """An attune data file that cannot be used; the message says which list and why."""


@dataclass(frozen=True)
class Answers:
    """The answers of one language: naming the feeling, naming the situation, and general ones."""

    named: tuple[str, ...]
    situation: tuple[str, ...]
    general: tuple[str, ...]
    plain: tuple[str, ...]


def _list(data: dict[str, Any], key: str, where: str, place: str | None) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise AttuneTextError(f"{where}: '{key}' must be a non-empty list of texts")
    for text in value:
        fields = {f for _, f, _, _ in Formatter().parse(text) if f is not None}
        if fields != ({place} if place else set()):
            raise AttuneTextError(f"{where}: {text!r} must have exactly {{{place or ''}}}")
    return tuple(value)


@cache
def answers(lang: Lang) -> Answers:
    """Return the answers of ``lang``, checked; a broken data file fails loudly here."""
    where = f"attune.{lang.value}.toml"
    with (files("nabij.coach") / "data" / where).open("rb") as handle:
        return answers_from(tomllib.load(handle), where)


def answers_from(data: dict[str, Any], where: str) -> Answers:
    """Return an attune file's answers, checked; raise AttuneTextError if unusable."""
    unknown = set(data) - {"named", "situation", "general", "plain"}
    if unknown:
        raise AttuneTextError(f"{where}: unknown keys {sorted(unknown)}")
    return Answers(
        named=_list(data, "named", where, "feeling"),
        situation=_list(data, "situation", where, "heard"),
        general=_list(data, "general", where, None),
        plain=_list(data, "plain", where, None),
    )


def _attuned(text: str, lang: Lang) -> bool:
    """Return whether the coach reads ``text`` as validation, with no wall and no advice."""
    seen = analyse(text, lang)
    return (
        seen.safety is Safety.NONE
        and not seen.walls
        and Label.VALIDATION in seen.labels
        and not ADVICE[lang].search(text)
    )


def _first(choices: tuple[str, ...], start: int, lang: Lang, **slots: str) -> str | None:
    """Return the first choice from ``start`` on that, filled in, is a clean validation."""
    for turn in range(len(choices)):
        text = tidy(choices[(start + turn) % len(choices)].format(**slots))
        if _attuned(text, lang):
            return text
    return None


def attune(message: str | Analysis, lang: Lang | None = None) -> tuple[str, ...]:
    """Return two or three validating answers to ``message``; none when it has a safety signal.

    The first names the feeling when the message has one (its own word, or the feeling beneath
    a reproach), the second the situation of a reproach as the listener says it back; general
    answers fill up to three (plain ones when nothing painful is found). Choices follow the
    feeling and the message, never chance.
    """
    analysis = message if isinstance(message, Analysis) else analyse(message, lang)
    if analysis.safety is not Safety.NONE:
        return ()
    reading = read(analysis, lang)
    texts = answers(reading.lang)
    key = zlib.crc32(reading.feeling.encode()) ^ reading.key
    found: list[str | None] = []
    if reading.own_feeling or analysis.walls:
        start = zlib.crc32(reading.feeling.encode())
        found.append(_first(texts.named, start, reading.lang, feeling=reading.feeling))
    if analysis.walls:
        found.append(_first(texts.situation, key, reading.lang, heard=reading.heard))
    chosen = [text for text in found if text is not None]
    # A message with no feeling and no reproach ("hoe laat ben je thuis?") only needs to land.
    fillers = texts.general if found else texts.plain
    for turn in range(len(fillers)):
        if len(chosen) >= 3:
            break
        text = _first(fillers, key // 5 + turn, reading.lang)
        if text is not None and text not in chosen:
            chosen.append(text)
    return tuple(chosen[:3])

"""The map from the words of an accusation to the feeling and the need beneath them.

It lives in ``data/needs.<lang>.toml`` so that a therapist can extend it without touching
code; this module reads and checks it (``rewrite`` and ``attune`` use it).
"""

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from string import Formatter
from typing import Any

from nabij.coach.labels import Label
from nabij.coach.matcher import Node, PatternError, build
from nabij.model.ids import Lang


class NeedMapError(ValueError):
    """A needs data file that cannot be used; the message says which file, block and why."""


@dataclass(frozen=True)
class Lexicon:
    """Patterns of a needs file in one tree: per pattern the words it brings and its owner."""

    tree: Node
    words: tuple[str, ...]
    owners: tuple[int, ...]


@dataclass(frozen=True)
class Topic:
    """One block of a needs file: what an accusation is about and what lies beneath it."""

    name: str
    feeling: str
    need: str
    situations: tuple[str, ...]
    heard: tuple[str, ...]
    requests: tuple[str, ...]
    general: bool
    fallback: bool
    wall: Label | None


@dataclass(frozen=True)
class NeedMap:
    """The needs file of one language, checked and compiled."""

    lang: Lang
    shapes: tuple[str, ...]
    topics: tuple[Topic, ...]
    default: Topic
    triggers: Lexicon
    when: Lexicon
    feelings: Lexicon
    conditional: frozenset[str]


_SHAPE_FIELDS = frozenset(
    {"feeling", "situation", "need", "request", "Feeling", "Situation", "Need", "Request"}
)
_TOPIC_KEYS = frozenset(
    {"name", "feeling", "need", "situations", "heard", "requests", "general", "fallback", "wall"}
)


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(text) if field is not None}


def _texts(
    spec: Mapping[str, Any], key: str, where: str, allowed: frozenset[str]
) -> tuple[str, ...]:
    value = spec.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise NeedMapError(f"{where}: '{key}' must be a non-empty list of texts")
    for text in value:
        unknown = _fields(text) - allowed
        if unknown or not text.strip():
            raise NeedMapError(f"{where}: {text!r} has unknown places {sorted(unknown)}")
    return tuple(value)


def _text(spec: Mapping[str, Any], key: str, where: str) -> str:
    value = spec.get(key)
    if not isinstance(value, str) or not value.strip():
        raise NeedMapError(f"{where}: '{key}' must be a non-empty text")
    return value


def _table(table: Any, where: str) -> list[tuple[str, str]]:
    if not isinstance(table, dict) or not all(isinstance(w, str) for w in table.values()):
        raise NeedMapError(f"{where}: expected a table of pattern = words")
    return list(table.items())


def _lexicon(
    entries: Sequence[tuple[str, str, int]], lists: Mapping[str, Sequence[str]], where: str
) -> Lexicon:
    """Return ``(pattern, words, owner)`` entries compiled into one tree."""
    try:
        tree = build(((pattern, n) for n, (pattern, _, _) in enumerate(entries)), lists)
    except PatternError as error:
        raise NeedMapError(f"{where}: {error}") from None
    return Lexicon(tree, tuple(e[1] for e in entries), tuple(e[2] for e in entries))


def _wall(spec: Mapping[str, Any], where: str) -> Label | None:
    """Return the wall a fallback block stands for; every fallback block names one."""
    if not spec.get("fallback", False):
        return None
    value = spec.get("wall")
    if value not in {label.value for label in Label if label.is_wall}:
        raise NeedMapError(f"{where}: a fallback block needs 'wall', one of the six walls")
    return Label(value)


def _block(spec: Mapping[str, Any], where: str, default: bool) -> Topic:
    unknown = set(spec) - _TOPIC_KEYS - ({"triggers"} if not default else set())
    if unknown:
        raise NeedMapError(f"{where}: unknown keys {sorted(unknown)}")
    topic = Topic(
        name="default" if default else _text(spec, "name", where),
        feeling=_text(spec, "feeling", where),
        need=_text(spec, "need", where),
        situations=_texts(spec, "situations", where, frozenset({"word", "when"})),
        heard=_texts(spec, "heard", where, frozenset({"word", "when"})),
        requests=_texts(spec, "requests", where, frozenset({"word"})),
        general=bool(spec.get("general", False)),
        fallback=bool(spec.get("fallback", False)),
        wall=_wall(spec, where),
    )
    uses_word = any("word" in _fields(t) for t in topic.situations + topic.heard + topic.requests)
    if default and uses_word:
        raise NeedMapError(f"{where}: the default has no topic word, so no {{word}}")
    if not default:
        triggers = _table(spec.get("triggers", {}), where)
        if not triggers:
            raise NeedMapError(f"{where}: a block needs triggers")
        if uses_word and any(not words.strip() for _, words in triggers):
            raise NeedMapError(f"{where}: {{word}} is used, so every trigger needs its words")
    return topic


@cache
def need_map(lang: Lang) -> NeedMap:
    """Return the needs file of ``lang``, checked and compiled; a broken file fails loudly."""
    name = f"needs.{lang.value}.toml"
    with (files("nabij.coach") / "data" / name).open("rb") as handle:
        return needs_from(tomllib.load(handle), name, lang)


def needs_from(data: Mapping[str, Any], name: str, lang: Lang) -> NeedMap:
    """Return a needs file's contents checked and compiled; raise NeedMapError if unusable."""
    lists = {key: [str(w) for w in words] for key, words in data.get("lists", {}).items()}
    shapes = _texts(data, "shapes", name, _SHAPE_FIELDS)
    for shape in shapes:
        fields = {field.lower() for field in _fields(shape)}
        if not {"feeling", "situation"} <= fields or not fields & {"need", "request"}:
            raise NeedMapError(f"{name}: {shape!r} needs a feeling, a situation and a need")
    conditional = data.get("conditional", [])
    if not isinstance(conditional, list) or not all(isinstance(w, str) for w in conditional):
        raise NeedMapError(f"{name}: 'conditional' must be a list of words")
    blocks = data.get("need", [])
    if not isinstance(blocks, list) or not blocks:
        raise NeedMapError(f"{name}: no [[need]] blocks")
    wheres = [f"{name}, need {spec.get('name', n + 1)!r}" for n, spec in enumerate(blocks)]
    topics = tuple(_block(spec, where, False) for spec, where in zip(blocks, wheres, strict=True))
    triggers = [
        (pattern, words, n)
        for n, (spec, where) in enumerate(zip(blocks, wheres, strict=True))
        for pattern, words in _table(spec["triggers"], where)
    ]
    return NeedMap(
        lang=lang,
        shapes=shapes,
        topics=topics,
        default=_block(data.get("default", {}), f"{name}, [default]", True),
        triggers=_lexicon(triggers, lists, name),
        when=_lexicon(
            [(p, w, 0) for p, w in _table(data.get("when", {}), f"{name}, [when]")], lists, name
        ),
        feelings=_lexicon(
            [(p, w, 0) for p, w in _table(data.get("feelings", {}), f"{name}, [feelings]")],
            lists,
            name,
        ),
        conditional=frozenset(word.lower() for word in conditional),
    )

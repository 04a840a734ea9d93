"""The words of the chat analysis, per language, from ``data/texts.<lang>.toml``.

The terminal report, the web page and the phase plot all take their words from here. Both files
must hold the same keys with the same ``{placeholders}``; loading checks that, so a missing
translation fails at once rather than in front of someone.
"""

import string
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.model.ids import Lang


class TextsError(ValueError):
    """The text files are incomplete or malformed (a bug, caught by the tests)."""


def _leaves(table: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for key, value in table.items():
        if isinstance(value, Mapping):
            yield from _leaves(value, (*prefix, key))
        elif isinstance(value, str) and value.strip():
            yield (*prefix, key)
        else:
            raise TextsError(f"{'.'.join((*prefix, key))} is not a text")


def placeholders(value: str) -> frozenset[str]:
    """Return the names of the ``{placeholders}`` in a text.

    >>> sorted(placeholders("{w} and {h}: {count}×"))
    ['count', 'h', 'w']
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(value) if name)


def _load(lang: Lang) -> Mapping[str, Any]:
    with (files("nabij.conversation") / "data" / f"texts.{lang.value}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _lookup(table: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    node: Any = table
    for key in keys:
        node = node[key]
    if not isinstance(node, str):
        raise TextsError(f"{'.'.join(keys)} is not a text")
    return node


@cache
def all_texts() -> Mapping[Lang, Mapping[str, Any]]:
    """Return the texts of every language, checked to hold the same keys and placeholders."""
    return check_texts({lang: _load(lang) for lang in Lang})


def check_texts(loaded: Mapping[Lang, Mapping[str, Any]]) -> Mapping[Lang, Mapping[str, Any]]:
    """Return ``loaded`` when every language has the same keys and placeholders; else raise."""
    if set(loaded) != set(Lang):
        raise TextsError("there must be texts for every language")
    keys = {lang: set(_leaves(table)) for lang, table in loaded.items()}
    first = next(iter(Lang))
    for lang in Lang:
        if keys[lang] != keys[first]:
            differ = sorted(".".join(k) for k in keys[lang] ^ keys[first])
            raise TextsError(
                f"texts.{lang.value}.toml and texts.{first.value}.toml differ: {differ}"
            )
        for key in keys[lang]:
            if placeholders(_lookup(loaded[lang], key)) != placeholders(
                _lookup(loaded[first], key)
            ):
                raise TextsError(f"{'.'.join(key)}: the placeholders differ between languages")
    return loaded


def plural(count: int) -> str:
    """Return the form of a counting text for ``count``: "one" for exactly 1, else "other".

    Dutch and English both use the singular for exactly one (and "0 berichten", "0 messages").

    >>> plural(1), plural(0), plural(2)
    ('one', 'other', 'other')
    """
    return "one" if count == 1 else "other"


def chat_text(lang: Lang, *keys: str) -> str:
    """Return one text, e.g. ``chat_text(Lang.NL, "trend", "title")``."""
    return _lookup(all_texts()[lang], keys)

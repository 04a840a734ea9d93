"""Per-language words of a layer, read from its data files.

Each layer that speaks to people keeps its words in ``data/<lang>.toml`` next to its code, so
that a therapist or translator can change them without touching Python.
"""

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any, TypeAlias

from nabij.model.ids import Lang

TextTable: TypeAlias = Mapping[str, Any]


@cache
def load_texts(package: str, lang: Lang) -> TextTable:
    """Return the parsed ``data/<lang>.toml`` of ``package``."""
    resource = files(package) / "data" / f"{lang.value}.toml"
    with resource.open("rb") as handle:
        return tomllib.load(handle)


def text(package: str, lang: Lang, *keys: str) -> str:
    """Return one text, e.g. ``text("nabij.model", Lang.NL, "pattern", "parallel_lives", "name")``.

    A missing key is a bug in the data file (the completeness tests catch it), so it raises.
    """
    node: Any = load_texts(package, lang)
    for key in keys:
        node = node[key]
    if not isinstance(node, str):
        raise TypeError(f"{'.'.join(keys)} in {package} ({lang}) is not a text")
    return node


def model_text(lang: Lang, *keys: str) -> str:
    """Return one text of the crisis model (``nabij.model``'s data files)."""
    return text("nabij.model", lang, *keys)

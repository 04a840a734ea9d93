"""Interface texts through gettext: English message ids, Dutch the default language.

Domain content (the model's words, questions, crisis lines) lives in each layer's data
files; this module is only for the words of the interface around them.
"""

import gettext
from collections.abc import Callable
from functools import cache
from importlib.resources import files

from nabij.model.ids import Lang

DEFAULT_LANG = Lang.NL
DOMAIN = "nabij"


@cache
def translations(lang: Lang) -> gettext.NullTranslations:
    """Return the compiled catalog for ``lang`` (English needs none: it is the message id)."""
    if lang is Lang.EN:
        return gettext.NullTranslations()
    localedir = files("nabij") / "locale"
    return gettext.translation(
        DOMAIN, localedir=str(localedir), languages=[lang.value], fallback=True
    )


def translator(lang: Lang) -> Callable[[str], str]:
    """Return the ``_`` function for one language."""
    return translations(lang).gettext


def parse_lang(value: str | None) -> Lang:
    """Return the language a user asked for; ``None`` means the default, Dutch."""
    if value is None:
        return DEFAULT_LANG
    try:
        return Lang(value.strip().lower())
    except ValueError:
        raise UnknownLanguageError(value) from None


class UnknownLanguageError(ValueError):
    """A language nabij does not speak."""

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"unknown language {value!r}")

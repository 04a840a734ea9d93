"""The coach's words for people: each label's name and explanation, and the safety note.

The words live in ``data/nl.toml`` and ``data/en.toml`` so that a therapist or translator can
change them without touching code; ``tests/coach/test_texts.py`` checks that both are complete.
"""

from nabij.coach.labels import Label
from nabij.model.ids import Lang
from nabij.model.texts import text

PACKAGE = "nabij.coach"


def name(label: Label, lang: Lang) -> str:
    """Return the short name of a label, as a person reads it ("Verwijt", "Blame")."""
    return text(PACKAGE, lang, "label", label.value, "name")


def explanation(label: Label, lang: Lang) -> str:
    """Return the one kind sentence that says what this part of a message does to the other."""
    return text(PACKAGE, lang, "label", label.value, "explanation")


def safety_title(lang: Lang) -> str:
    """Return the heading shown instead of a rewrite when a message speaks of harm."""
    return text(PACKAGE, lang, "safety", "title")


def safety_text(lang: Lang) -> str:
    """Return why there is no rewrite for a message that speaks of harm, and that help is there."""
    return text(PACKAGE, lang, "safety", "text")

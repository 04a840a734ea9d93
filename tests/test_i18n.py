"""The Dutch interface catalog is complete, and its messages keep their placeholders."""

import re
import string
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from nabij.i18n import parse_lang, translations, translator
from nabij.model.ids import Lang

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "src" / "nabij" / "locale" / "nl" / "LC_MESSAGES" / "nabij.po"


def code_messages() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "src"),
        method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
        keywords={"_": None},
    )
    return {str(message) for _file, _line, message, _comments, _context in found}


def fields(text: str) -> list[str]:
    """Return the placeholders of a message: ``{name}`` (CLI) and ``%(name)s`` (web)."""
    braces = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    return sorted(braces + re.findall(r"%\((\w+)\)", text))


def test_every_interface_text_in_the_code_has_a_dutch_translation() -> None:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id: m for m in catalog if m.id}
    missing = sorted(code_messages() - set(translated))
    assert not missing, f"run make extract-messages and translate: {missing}"
    for message in translated.values():
        assert message.string, f"no Dutch for {message.id!r}"
        assert not message.fuzzy, f"fuzzy Dutch for {message.id!r}"
        assert fields(str(message.id)) == fields(str(message.string)), message.id


def test_the_compiled_dutch_catalog_is_the_one_loaded() -> None:
    _ = translator(Lang.NL)
    assert _("Your next step") == "Je volgende stap"
    assert type(translations(Lang.NL)).__name__ == "GNUTranslations"


def test_english_is_the_message_itself() -> None:
    assert translator(Lang.EN)("Your next step") == "Your next step"


def test_dutch_is_the_default_language() -> None:
    assert parse_lang(None) is Lang.NL
    assert parse_lang(" EN ") is Lang.EN


def test_no_interface_text_is_written_outside_gettext_in_the_cli() -> None:
    # A literal sentence handed straight to a console print would escape translation.
    pattern = re.compile(r"""\.print\(\s*["'][A-Z][a-z]+ [a-z]""")
    for path in (ROOT / "src" / "nabij" / "cli").glob("*.py"):
        assert not pattern.search(path.read_text("utf-8")), path.name

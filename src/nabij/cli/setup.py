"""What every command starts with: the interface language, the consoles, and --debug."""

from collections.abc import Callable

import typer
from rich.console import Console

from nabij.cli.errors import handling_errors
from nabij.i18n import DEFAULT_LANG, parse_lang, translator
from nabij.model.ids import Lang


def debug(ctx: typer.Context) -> bool:
    """Return whether ``nabij --debug`` was given to this command line.

    Read from the command's context rather than kept in a module variable, so that one
    invocation never leaks into the next (tests run many in one process).
    """
    return bool(ctx.find_root().params.get("debug", False))


def setup(
    ctx: typer.Context, lang_value: str | None
) -> tuple[Lang, Callable[[str], str], Console, Console]:
    """Return the interface language, its ``_``, and the output and error consoles.

    An unknown language is explained, in Dutch, with exit code 2.
    """
    out, err = Console(), Console(stderr=True)
    with handling_errors(err, translator(DEFAULT_LANG), debug(ctx)):
        lang = parse_lang(lang_value)
    return lang, translator(lang), out, err

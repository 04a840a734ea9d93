"""Bad input becomes one clear sentence and exit code 2; anything else a short note and 1."""

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

from nabij.i18n import UnknownLanguageError
from nabij.instruments.errors import InputError, problem_text
from nabij.settings import SettingError

EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 1


class UserError(Exception):
    """A problem with what the user asked for, already worded for them."""


class InputEndedError(UserError):
    """Standard input ended while a question was waiting for an answer."""


@contextmanager
def handling_errors(
    console: Console, _: Callable[[str], str], debug: bool = False, source: str | None = None
) -> Iterator[None]:
    """Turn every failure inside the block into one message and the contract's exit code.

    ``source`` names the file being read, so that a path inside it reads as "file: path".
    """
    try:
        yield
    except typer.Exit:
        raise
    except InputError as error:
        where = f"{source}: " if source else ""
        _print(console, where + problem_text(error, _))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except UserError as error:
        _print(console, str(error))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except UnknownLanguageError as error:
        _print(console, _("Unknown language '{value}': use nl or en.").format(value=error.value))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except SettingError as error:
        _print(console, str(error))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except Exception:
        if debug:
            traceback.print_exc(file=sys.stderr)
        _print(console, _("Something went wrong inside nabij. Run again with --debug to see why."))
        raise typer.Exit(EXIT_UNEXPECTED) from None


def _print(console: Console, message: str) -> None:
    console.print(escape(message), highlight=False, soft_wrap=True)

"""Bad input becomes one clear sentence and exit code 2; anything else a short note and 1."""

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

from nabij.i18n import UnknownLanguageError
from nabij.instruments.errors import InputError, Problem
from nabij.settings import SettingError

EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 1


class UserError(Exception):
    """A problem with what the user asked for, already worded for them."""


class InputEndedError(UserError):
    """Standard input ended while a question was waiting for an answer."""


def problem_text(error: InputError, _: Callable[[str], str]) -> str:
    """Return an ``InputError`` as a sentence in the interface language."""
    templates = {
        # I18N: {detail} says where in the file, e.g. "line 3, column 7".
        Problem.NOT_JSON: _("this is not valid JSON ({detail})"),
        Problem.MISSING: _("'{key}' is missing"),
        Problem.UNKNOWN_KEY: _("'{key}' is not a field nabij knows"),
        Problem.WRONG_TYPE: _("the value has the wrong type (expected: {expected})"),
        Problem.NOT_ALLOWED: _("this value is not allowed; choose one of {allowed}"),
        Problem.OUT_OF_RANGE: _("the value must be between {low} and {high}"),
        Problem.BAD_DATE: _("this must be a real date written as YYYY-MM-DD"),
        Problem.TOO_LONG: _("this is longer than allowed (at most {limit})"),
        Problem.TOO_SHORT: _("this must not be empty"),
        Problem.DUPLICATE: _("this appears twice ({detail})"),
        Problem.WRONG_FORMAT: _("this is not a nabij couple record (format nabij.couple/1)"),
        Problem.SAME_PARTNER: _("both files hold partner '{detail}'; give one file per partner"),
    }
    type_names = {
        "integer": _("a whole number"),
        "number": _("a number"),
        "boolean": _("true or false"),
        "string": _("text"),
        "array": _("a list"),
        "object": _("an object"),
    }
    params = dict(error.params)
    if "expected" in params:
        params["expected"] = type_names.get(str(params["expected"]), str(params["expected"]))
    return f"{error.where}: {templates[error.problem].format(**params)}"


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

"""Errors in what a person or a file gave us, each naming where it is.

The pure layers raise these with a code and parameters; the CLI and web turn the code into a
sentence in the interface language. ``str()`` gives a plain English version for logs of
developers and for tests.
"""

from collections.abc import Callable
from enum import StrEnum


class Problem(StrEnum):
    """What is wrong with a value."""

    NOT_JSON = "not_json"
    MISSING = "missing"
    UNKNOWN_KEY = "unknown_key"
    WRONG_TYPE = "wrong_type"
    NOT_ALLOWED = "not_allowed"
    OUT_OF_RANGE = "out_of_range"
    BAD_DATE = "bad_date"
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    DUPLICATE = "duplicate"
    WRONG_FORMAT = "wrong_format"
    SAME_PARTNER = "same_partner"


_ENGLISH = {
    Problem.NOT_JSON: "this is not valid JSON ({detail})",
    Problem.MISSING: "'{key}' is missing",
    Problem.UNKNOWN_KEY: "'{key}' is not a known field",
    Problem.WRONG_TYPE: "expected {expected}",
    Problem.NOT_ALLOWED: "must be one of {allowed}",
    Problem.OUT_OF_RANGE: "must be between {low} and {high}",
    Problem.BAD_DATE: "must be a real date written as YYYY-MM-DD",
    Problem.TOO_LONG: "is longer than allowed ({limit})",
    Problem.TOO_SHORT: "must not be empty",
    Problem.DUPLICATE: "appears twice ({detail})",
    Problem.WRONG_FORMAT: "expected format nabij.couple/1",
    Problem.SAME_PARTNER: "both records hold partner '{detail}'",
}


class InputError(ValueError):
    """A value that cannot be accepted, with the place where it is.

    ``where`` is a JSON path for records (``$.partners[0].checkins[3].stress``) or an item id
    for questionnaire answers (``anx3``).
    """

    def __init__(self, problem: Problem, where: str, **params: str | int | float) -> None:
        self.problem = problem
        self.where = where
        self.params = params
        super().__init__(f"{where}: {_ENGLISH[problem].format(**params)}")


def problem_text(error: InputError, _: Callable[[str], str]) -> str:
    """Return ``error`` as a sentence in the interface language, for the CLI and the web alike.

    ``_`` is the gettext function of that language; the sentences are extracted from here.
    """
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
